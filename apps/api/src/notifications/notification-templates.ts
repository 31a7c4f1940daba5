import type { Locale } from '@portico/auth';
import type { NotificationEvent } from './notification-event';

export interface RenderedNotification {
  title: string;
  body: string;
}

/** Who reads it: internal readers (PMs, the internal Feishu/DingTalk groups) may see Jira status names. */
export type Readership = 'internal' | 'supplier';

type Template = (e: NotificationEvent, internal: boolean) => RenderedNotification;

const jiraSuffixEn = (e: NotificationEvent, internal: boolean) =>
  internal && e.externalStatus ? ` (Jira: ${e.externalStatus})` : '';
const jiraSuffixZh = (e: NotificationEvent, internal: boolean) =>
  internal && e.externalStatus ? `（Jira：${e.externalStatus}）` : '';

/** A PM's verdict on a drawing revision (file_revision.review_state), in words. */
const REVIEW_STATES: Record<Locale, Record<string, string>> = {
  en: { approved: 'approved', changes_requested: 'changes requested', submitted: 'awaiting review' },
  'zh-CN': { approved: '已批准', changes_requested: '需要修改', submitted: '待评审' },
};

const TEMPLATES: Record<Locale, Record<NotificationEvent['event'], Template>> = {
  en: {
    'defect.created': (e) => ({
      title: `New defect: ${e.title}`,
      body: `A defect was reported: ${e.title}${e.excerpt ? ` (${e.excerpt})` : ''}.`,
    }),
    'defect.status_changed': (e, i) => ({
      title: `Defect status: ${e.status}`,
      body: `"${e.title}" is now ${e.status}${jiraSuffixEn(e, i)}.`,
    }),
    'jira.status_entered': (e, i) => ({
      title: `Jira status: ${i ? e.externalStatus : e.status}`,
      body: `"${e.title}" entered ${i ? e.externalStatus : e.status}.`,
    }),
    'file.revision_available': (e) => ({
      title: `New drawing revision: ${e.title}`,
      body: `${e.title} was uploaded and is available.`,
    }),
    'file.revision_reviewed': (e) => ({
      title: `Drawing reviewed: ${e.title}`,
      body: `${e.title} was reviewed${e.status ? `: ${REVIEW_STATES.en[e.status] ?? e.status}` : ''}.`,
    }),
    'item.version_published': (e) => ({
      title: `New version: ${e.title}`,
      body: `A new version of "${e.title}" was published${e.status ? ` (${e.status})` : ''}.`,
    }),
    'item.version_unacknowledged': (e) => ({
      title: `Not acknowledged yet: ${e.title}`,
      body: `"${e.title}" has waited ${e.afterDays ?? '?'} days for the supplier's acknowledgement.`,
    }),
    'comment.created': (e) => ({
      title: `New comment on ${e.title}`,
      body: e.excerpt ? `“${e.excerpt}”` : `Someone commented on "${e.title}".`,
    }),
    'purchase_order.changed': (e) => ({
      title: `Purchase order changed: ${e.title}`,
      body: `Kingdee changed purchase order ${e.title}: see what is new on the order.`,
    }),
    'delivery.confirmation_submitted': (e) => ({
      title: `Delivery date answered: ${e.title}`,
      body: `The supplier answered the delivery date of ${e.title}${e.excerpt ? `: ${e.excerpt}` : ''}.`,
    }),
    'delivery.confirmation_decided': (e) => ({
      title: `Delivery date ${e.status === 'accepted' ? 'accepted' : 'rejected'}: ${e.title}`,
      body: `Your answer for ${e.title} was ${e.status === 'accepted' ? 'accepted' : 'rejected'}${e.excerpt ? `: ${e.excerpt}` : ''}.`,
    }),
    'transmittal.issued': (e) => ({
      title: `Transmittal issued: ${e.title}`,
      body: `Transmittal ${e.title} was issued to you${e.excerpt ? ` (response due ${e.excerpt})` : ''}. Open it to see its documents.`,
    }),
    'transmittal.responded': (e) => ({
      title: `Transmittal answered: ${e.title}`,
      body: `The supplier responded to ${e.title}${e.excerpt ? `: ${e.excerpt}` : ''}.`,
    }),
    'transmittal.due_soon': (e) => ({
      title: `Response due tomorrow: ${e.title}`,
      body: `Transmittal ${e.title} still waits for your response${e.excerpt ? ` (due ${e.excerpt})` : ''}.`,
    }),
  },
  'zh-CN': {
    'defect.created': (e) => ({
      title: `新缺陷：${e.title}`,
      body: `有人报告了缺陷：${e.title}${e.excerpt ? `（${e.excerpt}）` : ''}。`,
    }),
    'defect.status_changed': (e, i) => ({
      title: `缺陷状态：${e.status}`,
      body: `“${e.title}”当前状态为 ${e.status}${jiraSuffixZh(e, i)}。`,
    }),
    'jira.status_entered': (e, i) => ({
      title: `Jira 状态：${i ? e.externalStatus : e.status}`,
      body: `“${e.title}”已进入 ${i ? e.externalStatus : e.status}。`,
    }),
    'file.revision_available': (e) => ({
      title: `图纸新版本：${e.title}`,
      body: `${e.title} 已上传并可用。`,
    }),
    'file.revision_reviewed': (e) => ({
      title: `图纸已评审：${e.title}`,
      body: `${e.title} 已评审${e.status ? `：${REVIEW_STATES['zh-CN'][e.status] ?? e.status}` : ''}。`,
    }),
    'item.version_published': (e) => ({
      title: `新版本：${e.title}`,
      body: `“${e.title}”已发布新版本${e.status ? `（${e.status}）` : ''}。`,
    }),
    'item.version_unacknowledged': (e) => ({
      title: `尚未确认：${e.title}`,
      body: `“${e.title}”已发布 ${e.afterDays ?? '?'} 天，供应商仍未确认。`,
    }),
    'comment.created': (e) => ({
      title: `新评论：${e.title}`,
      body: e.excerpt ? `“${e.excerpt}”` : `“${e.title}”有新评论。`,
    }),
    'purchase_order.changed': (e) => ({
      title: `采购订单有变更：${e.title}`,
      body: `金蝶中的采购订单 ${e.title} 有变更，请查看订单。`,
    }),
    'delivery.confirmation_submitted': (e) => ({
      title: `供应商已答复交货日期：${e.title}`,
      body: `供应商答复了 ${e.title} 的交货日期${e.excerpt ? `：${e.excerpt}` : ''}。`,
    }),
    'delivery.confirmation_decided': (e) => ({
      title: `交货日期${e.status === 'accepted' ? '已接受' : '被拒绝'}：${e.title}`,
      body: `您对 ${e.title} 的答复${e.status === 'accepted' ? '已被接受' : '被拒绝'}${e.excerpt ? `：${e.excerpt}` : ''}。`,
    }),
    'transmittal.issued': (e) => ({
      title: `已发出传送单：${e.title}`,
      body: `传送单 ${e.title} 已发给您${e.excerpt ? `（答复截止 ${e.excerpt}）` : ''}，请打开查看文件。`,
    }),
    'transmittal.responded': (e) => ({
      title: `传送单已答复：${e.title}`,
      body: `供应商已答复 ${e.title}${e.excerpt ? `：${e.excerpt}` : ''}。`,
    }),
    'transmittal.due_soon': (e) => ({
      title: `明天到期：${e.title}`,
      body: `传送单 ${e.title} 仍在等待您的答复${e.excerpt ? `（截止 ${e.excerpt}）` : ''}。`,
    }),
  },
};

/** The notice in the reader's language; Jira status names only for internal readers. */
export function renderNotification(
  event: NotificationEvent,
  locale: string | null | undefined,
  readership: Readership,
): RenderedNotification {
  const templates = TEMPLATES[locale === 'zh-CN' ? 'zh-CN' : 'en'];
  const rendered = templates[event.event](event, readership === 'internal');
  return { title: rendered.title.slice(0, 300), body: rendered.body };
}
