import type { DingTalkMarkdown } from '@portico/connectors/dingtalk/dingtalk-robot';
import type { MentionOutcome } from './mentions';

/** What a group message says; rendered in one language (`locale`) before it is queued. */
export interface GroupMessage {
  title: string;
  body: string;
  url: string;
  locale?: string;
}

const ATTENTION: Record<string, string> = { en: 'Attention', 'zh-CN': '请关注' };
const colon = (locale?: string) => (locale === 'zh-CN' ? '：' : ': ');

/** Who a message names: the mentioned, and people known by name; a missing Jira person or user has no name to show. */
function named(mentions: MentionOutcome[]): MentionOutcome[] {
  return mentions.filter((m) => m.reason !== 'no_jira_person' && m.reason !== 'not_internal');
}

/** User text inside lark_md / DingTalk markdown: no markup, no tags, no entities. */
function plain(s: string): string {
  return s.replace(/[#*_`>[\]()!|~<&]/g, ' ').trim();
}

/**
 * The Feishu card (JSON 1.0): title, body, the mention line in lark_md — `<at id=open_id></at>` for
 * whoever has a Feishu account, the plain name for the others — and the button into Portico.
 */
export function feishuCard(message: GroupMessage, outcomes: MentionOutcome[]): Record<string, unknown> {
  const mentions = named(outcomes);
  const elements: Record<string, unknown>[] = [
    { tag: 'div', text: { tag: 'plain_text', content: message.body } },
  ];
  if (mentions.length) {
    const names = mentions.map((m) => (m.id ? `<at id=${m.id}></at>` : plain(m.name)));
    const label = ATTENTION[message.locale ?? 'en'] ?? ATTENTION.en;
    elements.push({
      tag: 'div',
      text: { tag: 'lark_md', content: `${label}${colon(message.locale)}${names.join(' ')}` },
    });
  }
  elements.push({
    tag: 'action',
    actions: [
      {
        tag: 'button',
        type: 'primary',
        text: { tag: 'plain_text', content: 'Portico' },
        url: message.url,
      },
    ],
  });
  return {
    config: { wide_screen_mode: true },
    header: { template: 'blue', title: { tag: 'plain_text', content: message.title } },
    elements,
  };
}

/**
 * The DingTalk robot's markdown: mentions go in `at.atUserIds` / `at.atMobiles` AND as `@<id>` in the
 * text, without which the robot ignores them; people without an id are named in plain text.
 */
export function dingtalkMarkdown(message: GroupMessage, outcomes: MentionOutcome[]): DingTalkMarkdown {
  const mentions = named(outcomes);
  const lines = [`#### Portico: ${plain(message.title)}`, plain(message.body)];
  if (mentions.length) {
    const label = ATTENTION[message.locale ?? 'en'] ?? ATTENTION.en;
    lines.push(
      `${label}${colon(message.locale)}${mentions.map((m) => (m.id ? `@${m.id}` : plain(m.name))).join(' ')}`,
    );
  }
  lines.push(`[Portico](${message.url})`);
  const atUserIds = mentions.filter((m) => m.id && m.via === 'userId').map((m) => m.id!);
  const atMobiles = mentions.filter((m) => m.id && m.via === 'mobile').map((m) => m.id!);
  return {
    title: `Portico: ${message.title}`.slice(0, 100),
    text: lines.join('\n\n'),
    ...(atUserIds.length || atMobiles.length
      ? {
          at: {
            ...(atUserIds.length ? { atUserIds } : {}),
            ...(atMobiles.length ? { atMobiles } : {}),
            isAtAll: false,
          },
        }
      : {}),
  };
}
