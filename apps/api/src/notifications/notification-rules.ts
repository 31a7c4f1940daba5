import type { NotificationRule } from '../workspaces/entities/workspace.entity';
import type { NotificationEvent } from './notification-event';

export const CHANNELS = ['feishu_chat', 'dingtalk', 'email', 'in_app'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Used while a workspace has no rules of its own (DESIGN.md §4 flow 6). */
export const DEFAULT_RULES: NotificationRule[] = [
  { event: 'defect.created', channels: ['feishu_chat', 'dingtalk', 'in_app'] },
  { event: 'defect.status_changed', channels: ['in_app', 'email'] },
  { event: 'file.revision_available', channels: ['feishu_chat', 'in_app'] },
  { event: 'file.revision_reviewed', channels: ['in_app'] },
  { event: 'item.version_published', channels: ['email', 'in_app'] },
  { event: 'comment.created', channels: ['in_app'] },
  { event: 'purchase_order.changed', channels: ['in_app'] },
  { event: 'delivery.confirmation_submitted', channels: ['feishu_chat', 'in_app', 'email'] },
  { event: 'delivery.confirmation_decided', channels: ['in_app', 'email'] },
];

/** A rule's event and conditions; `jira.status_entered:<status>` is shorthand for a status condition. */
function normalise(rule: NotificationRule): { event: string; when: Record<string, string> } {
  const when = { ...(rule.when ?? {}) };
  let event = rule.event;
  const entered = /^jira\.status_entered:(.+)$/.exec(event);
  if (entered) {
    event = 'jira.status_entered';
    when.status = entered[1];
  }
  return { event, when };
}

/** The value a `when` key is compared with; for Jira statuses the internal status name. */
function fieldOf(event: NotificationEvent, key: string): string | undefined {
  if (key === 'status') return event.event === 'jira.status_entered' ? event.externalStatus : event.status;
  const value = (event as unknown as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** The channels an event goes to under the workspace's rules (or the defaults when it has none). */
export function channelsFor(
  rules: NotificationRule[] | null | undefined,
  event: NotificationEvent,
): Channel[] {
  const active = rules?.length ? rules : DEFAULT_RULES;
  const channels = new Set<Channel>();
  for (const rule of active) {
    const { event: name, when } = normalise(rule);
    if (name !== event.event) continue;
    const matches = Object.entries(when).every(
      ([key, expected]) => fieldOf(event, key)?.toLowerCase() === expected.toLowerCase(),
    );
    if (!matches) continue;
    for (const channel of rule.channels)
      if ((CHANNELS as readonly string[]).includes(channel)) channels.add(channel as Channel);
  }
  return [...channels];
}
