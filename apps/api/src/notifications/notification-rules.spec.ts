import type { NotificationEvent } from './notification-event';
import { channelsFor } from './notification-rules';

const event = (overrides: Partial<NotificationEvent>): NotificationEvent => ({
  event: 'defect.created',
  workspaceId: 'w',
  actorId: 'u',
  subject: { type: 'defect', id: 'd' },
  title: 'T',
  path: '/defects/d',
  ...overrides,
});

describe('notification trigger rules', () => {
  it('sends a new defect to the Feishu group, DingTalk and in-app by default', () => {
    expect(channelsFor([], event({})).sort()).toEqual(['dingtalk', 'feishu_chat', 'in_app']);
  });

  it('sends a new version by email and in-app by default', () => {
    expect(channelsFor(undefined, event({ event: 'item.version_published' })).sort()).toEqual([
      'email',
      'in_app',
    ]);
  });

  it('uses only the workspace rules once it has any', () => {
    expect(channelsFor([{ event: 'defect.created', channels: ['dingtalk'] }], event({}))).toEqual([
      'dingtalk',
    ]);
    expect(
      channelsFor([{ event: 'defect.created', channels: ['dingtalk'] }], event({ event: 'comment.created' })),
    ).toEqual([]);
  });

  it('matches jira.status_entered:<name> against the Jira status, ignoring case', () => {
    const rules = [{ event: 'jira.status_entered:In Testing', channels: ['feishu_chat'] }];
    expect(channelsFor(rules, event({ event: 'jira.status_entered', externalStatus: 'in testing' }))).toEqual(
      ['feishu_chat'],
    );
    expect(channelsFor(rules, event({ event: 'jira.status_entered', externalStatus: 'Done' }))).toEqual([]);
  });

  it('matches rules by the published event names only (older names are migrated in stored rules)', () => {
    const rules = [
      { event: 'file.revision_available', channels: ['feishu_chat'] },
      { event: 'version.published', channels: ['email'] },
    ];
    expect(channelsFor(rules, event({ event: 'file.revision_available' }))).toEqual(['feishu_chat']);
    expect(channelsFor(rules, event({ event: 'item.version_published' }))).toEqual([]);
  });

  it('ignores channels it does not know', () => {
    expect(channelsFor([{ event: 'defect.created', channels: ['pager', 'in_app'] }], event({}))).toEqual([
      'in_app',
    ]);
  });
});
