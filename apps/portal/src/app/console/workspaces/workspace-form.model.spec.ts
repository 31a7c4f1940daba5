import { FormBuilder } from '@angular/forms';
import type { NotificationEvent } from '../api/console-api.types';
import { notificationRow, toWorkspaceInput, WorkspaceFormValue } from './workspace-form.model';

function formValue(overrides: Partial<WorkspaceFormValue> = {}): WorkspaceFormValue {
  return {
    name: '  Acme gearbox ',
    supplierOrgId: '4f1c1e4e-7a4c-4d0b-9a57-1f0c7a3b2d11',
    jiraProjectKey: 'HW',
    jiraIssueType: '',
    jiraScopeJql: '',
    feishuFolderToken: '',
    feishuChatId: '',
    dingtalkWebhook: '',
    dingtalkSecret: '',
    autoPublish: false,
    acknowledgeWithinDays: 5,
    accessExpiresAt: '',
    archived: false,
    statusMap: [],
    redactionRules: [],
    notificationRules: [],
    ...overrides,
  };
}

const rule = { whenStatus: '', mention: [] as string[], afterDays: 3 };

describe('toWorkspaceInput', () => {
  it('omits empty optional fields when creating and names the supplier', () => {
    const input = toWorkspaceInput(formValue(), ['summary'], 'create');
    expect(input).toEqual({
      name: 'Acme gearbox',
      supplierOrgId: '4f1c1e4e-7a4c-4d0b-9a57-1f0c7a3b2d11',
      jiraProjectKey: 'HW',
      defaultFields: ['summary'],
      statusMap: {},
      redactionRules: [],
      autoPublish: false,
      acknowledgeWithinDays: 5,
      notificationRules: [],
    });
  });

  it('sends the Jira issue type of defect issues trimmed, and null to reset it when emptied', () => {
    expect(toWorkspaceInput(formValue({ jiraIssueType: ' Story ' }), [], 'create').jiraIssueType).toBe(
      'Story',
    );
    expect(toWorkspaceInput(formValue({ jiraIssueType: '' }), [], 'update').jiraIssueType).toBeNull();
  });

  it('clears emptied fields with null when updating and never moves the workspace to another supplier', () => {
    const input = toWorkspaceInput(formValue({ jiraProjectKey: '' }), [], 'update');
    expect(input.jiraProjectKey).toBeNull();
    expect(input.jiraScopeJql).toBeNull();
    expect(input.accessExpiresAt).toBeNull();
    expect(input.archived).toBe(false);
    expect('supplierOrgId' in input).toBe(false);
  });

  it('sends the DingTalk secret only when one was typed', () => {
    expect('dingtalkSecret' in toWorkspaceInput(formValue(), [], 'update')).toBe(false);
    expect(toWorkspaceInput(formValue({ dingtalkSecret: ' s3cret ' }), [], 'update').dingtalkSecret).toBe(
      's3cret',
    );
  });

  it('turns status-map rows into a map, skipping rows without an internal name', () => {
    const input = toWorkspaceInput(
      formValue({
        statusMap: [
          { internal: 'Code Review', supplier: 'In progress' },
          { internal: ' ', supplier: 'ignored' },
        ],
      }),
      [],
      'create',
    );
    expect(input.statusMap).toEqual({ 'Code Review': 'In progress' });
  });

  it('keeps redaction patterns exactly as typed and drops empty flags and replacements', () => {
    const input = toWorkspaceInput(
      formValue({ redactionRules: [{ pattern: ' \\d+ ', flags: '', replacement: '' }] }),
      [],
      'create',
    );
    expect(input.redactionRules).toEqual([{ pattern: ' \\d+ ' }]);
  });

  it('adds the status condition only to status-change rules and drops rules without channels', () => {
    const input = toWorkspaceInput(
      formValue({
        notificationRules: [
          { ...rule, event: 'defect.status_changed', channels: ['feishu_chat'], whenStatus: 'In Testing' },
          { ...rule, event: 'item.version_published', channels: ['email'], whenStatus: 'ignored' },
          { ...rule, event: 'jira.status_entered', channels: ['dingtalk'], whenStatus: 'Done' },
          { ...rule, event: 'comment.created', channels: [], whenStatus: '' },
        ],
      }),
      [],
      'create',
    );
    expect(input.notificationRules).toEqual([
      { event: 'defect.status_changed', channels: ['feishu_chat'], when: { status: 'In Testing' } },
      { event: 'item.version_published', channels: ['email'] },
      { event: 'jira.status_entered', channels: ['dingtalk'], when: { status: 'Done' } },
    ]);
  });

  it('shows a stored jira.status_entered:<status> rule as the event with its status', () => {
    const row = notificationRow(new FormBuilder().nonNullable, {
      event: 'jira.status_entered:In Testing' as NotificationEvent,
      channels: ['feishu_chat'],
    });
    expect(row.getRawValue()).toEqual({
      event: 'jira.status_entered',
      channels: ['feishu_chat'],
      whenStatus: 'In Testing',
      mention: [],
      afterDays: 3,
    });
  });

  it('lists several status names in any language, split on Latin or Chinese commas', () => {
    const [status] = toWorkspaceInput(
      formValue({
        notificationRules: [
          {
            ...rule,
            event: 'jira.status_entered',
            channels: ['feishu_chat'],
            whenStatus: '测试中， In Testing,',
          },
        ],
      }),
      [],
      'create',
    ).notificationRules!;
    expect(status).toEqual({
      event: 'jira.status_entered',
      channels: ['feishu_chat'],
      statuses: ['测试中', 'In Testing'],
    });
    const row = notificationRow(new FormBuilder().nonNullable, status);
    expect(row.getRawValue().whenStatus).toBe('测试中, In Testing');
  });

  it('keeps the mention targets, and the waiting days only on reminders', () => {
    const rules = toWorkspaceInput(
      formValue({
        notificationRules: [
          {
            ...rule,
            event: 'item.version_unacknowledged',
            channels: ['email'],
            mention: ['owner'],
            afterDays: 5,
          },
          {
            ...rule,
            event: 'defect.created',
            channels: ['dingtalk'],
            mention: ['owner', 'user:u1'],
            afterDays: 5,
          },
        ],
      }),
      [],
      'create',
    ).notificationRules;
    expect(rules).toEqual([
      { event: 'item.version_unacknowledged', channels: ['email'], mention: ['owner'], afterDays: 5 },
      { event: 'defect.created', channels: ['dingtalk'], mention: ['owner', 'user:u1'] },
    ]);
  });

  it('sends the access expiry as an ISO instant', () => {
    const input = toWorkspaceInput(formValue({ accessExpiresAt: '2027-03-31T18:00' }), [], 'create');
    expect(input.accessExpiresAt).toBe(new Date('2027-03-31T18:00').toISOString());
  });
});
