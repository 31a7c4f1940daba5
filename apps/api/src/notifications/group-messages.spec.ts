import { dingtalkMarkdown, feishuCard } from './group-messages';
import { dingtalkOutcomes, feishuOutcomes, MentionPerson, mentionLocale } from './mentions';

const message = {
  title: 'Jira 状态：测试中',
  body: '“HW-7 Gear ratio”已进入 测试中。',
  url: 'https://p/items/1',
  locale: 'zh-CN',
};
const people: MentionPerson[] = [
  {
    target: 'assignee',
    name: '李伟',
    userId: 'u1',
    feishuOpenId: 'ou_liwei',
    dingtalkUserId: 'liwei01',
    rules: ['r'],
  },
  { target: 'owner', name: 'Pat PM', userId: 'u2', dingtalkMobile: '13800000000', rules: ['r'] },
  { target: 'reporter', name: 'Anna *Schmidt*', missing: 'no_portico_user', rules: ['r'] },
];

describe('group messages with mentions', () => {
  it('puts <at id> of people with a Feishu account in a lark_md line, and names the others', () => {
    const card = feishuCard(message, feishuOutcomes(people));
    expect(card.elements).toEqual([
      { tag: 'div', text: { tag: 'plain_text', content: message.body } },
      { tag: 'div', text: { tag: 'lark_md', content: '请关注：<at id=ou_liwei></at> Pat PM Anna  Schmidt' } },
      expect.objectContaining({ tag: 'action' }),
    ]);
    expect(feishuOutcomes(people).map((o) => o.reason)).toEqual([
      undefined,
      'no_feishu_account',
      'no_portico_user',
    ]);
  });

  it('mentions on DingTalk through at.atUserIds / at.atMobiles and the same @ text in the body', () => {
    const md = dingtalkMarkdown({ ...message, locale: 'en' }, dingtalkOutcomes(people));
    expect(md.at).toEqual({ atUserIds: ['liwei01'], atMobiles: ['13800000000'], isAtAll: false });
    expect(md.text).toContain('Attention: @liwei01 @13800000000 Anna  Schmidt');
    expect(md.text.endsWith('[Portico](https://p/items/1)')).toBe(true);
  });

  it('leaves the card without a mention line, and DingTalk without `at`, when nobody is named', () => {
    expect(feishuCard(message, []).elements).toHaveLength(2);
    expect(dingtalkMarkdown(message, []).at).toBeUndefined();
    // An unassigned issue or a user who left has no name to show: the rule's status says why.
    const nobody: MentionPerson[] = [
      { target: 'assignee', name: 'assignee', missing: 'no_jira_person', rules: ['r'] },
      { target: 'user:x', name: 'user:x', missing: 'not_internal', rules: ['r'] },
    ];
    expect(feishuCard(message, feishuOutcomes(nobody)).elements).toHaveLength(2);
    expect(dingtalkMarkdown(message, dingtalkOutcomes(nobody)).text).not.toContain('assignee');
  });

  it('speaks the mentioned people’s language when they share one, else the fallback', () => {
    expect(mentionLocale([{ ...people[0], locale: 'en' }], 'zh-CN')).toBe('en');
    expect(
      mentionLocale(
        [
          { ...people[0], locale: 'en' },
          { ...people[1], locale: 'zh-CN' },
        ],
        'owner-locale',
      ),
    ).toBe('owner-locale');
    expect(mentionLocale([], 'zh-CN')).toBe('zh-CN');
  });
});
