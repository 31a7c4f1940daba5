import type { NotificationEvent } from '../notification-events';
import { channelsFor, matchingRules, ruleKey } from './notification-rules';

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

  it('matches any of several status names, in any language and case', () => {
    const rules = [
      { event: 'jira.status_entered', channels: ['feishu_chat'], statuses: ['In Testing', '测试中'] },
    ];
    const entered = (externalStatus: string) =>
      channelsFor(rules, event({ event: 'jira.status_entered', externalStatus }));
    expect(entered('测试中')).toEqual(['feishu_chat']);
    expect(entered('IN TESTING')).toEqual(['feishu_chat']);
    expect(entered(' 测试中 ')).toEqual(['feishu_chat']);
    expect(entered('测试完成')).toEqual([]);
    expect(channelsFor(rules, event({ event: 'jira.status_entered' }))).toEqual([]);
  });

  it('returns the matching rules themselves, so their mentions can be resolved', () => {
    const a = { event: 'defect.created', channels: ['dingtalk'], mention: ['owner'] };
    const b = { event: 'defect.created', channels: ['feishu_chat'] };
    const c = { event: 'comment.created', channels: ['in_app'] };
    expect(matchingRules([a, b, c], event({}))).toEqual([a, b]);
  });

  it('keys a rule by its content, not its position or the order of its lists', () => {
    const rule = {
      event: 'defect.created',
      channels: ['dingtalk', 'in_app'],
      mention: ['owner', 'assignee'],
    };
    const same = {
      mention: ['assignee', 'owner'],
      channels: ['in_app', 'dingtalk'],
      event: 'defect.created',
    };
    expect(ruleKey(rule)).toBe(ruleKey(same));
    expect(ruleKey(rule)).not.toBe(ruleKey({ ...rule, mention: ['owner'] }));
    expect(ruleKey(rule)).not.toBe(ruleKey({ ...rule, statuses: ['Done'] }));
  });
});
