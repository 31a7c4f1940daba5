import { createHash } from 'node:crypto';
import type { NotificationRule } from '../workspaces/entities/workspace.entity';
import type { NotificationEvent } from './notification-event';

export const CHANNELS = ['feishu_chat', 'dingtalk', 'email', 'in_app'] as const;
export type Channel = (typeof CHANNELS)[number];

/** item.version_unacknowledged rules without `afterDays` remind after this many days. */
export const DEFAULT_REMINDER_DAYS = 3;

/** Used while a workspace has no rules of its own (docs/architecture.md). */
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
  // Issued to the supplier (and the internal group); the response to the PMs (and the group); the reminder to the supplier.
  { event: 'transmittal.issued', channels: ['feishu_chat', 'in_app', 'email'] },
  { event: 'transmittal.responded', channels: ['feishu_chat', 'in_app', 'email'] },
  { event: 'transmittal.due_soon', channels: ['in_app', 'email'] },
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

/** Status names compare case-insensitively in any script: "IN TESTING" = "In Testing", "测试中" = "测试中 ". */
export function sameName(a: string | undefined, b: string): boolean {
  const fold = (s: string) => s.normalize('NFKC').trim().toLocaleLowerCase('und');
  return a !== undefined && fold(a) === fold(b);
}

/** The value a `when` key is compared with; for Jira statuses the internal status name. */
function fieldOf(event: NotificationEvent, key: string): string | undefined {
  if (key === 'status') return event.event === 'jira.status_entered' ? event.externalStatus : event.status;
  const value = (event as unknown as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** The workspace's rules (or the defaults when it has none) that an event matches. */
export function matchingRules(
  rules: NotificationRule[] | null | undefined,
  event: NotificationEvent,
): NotificationRule[] {
  const active = rules?.length ? rules : DEFAULT_RULES;
  return active.filter((rule) => {
    const { event: name, when } = normalise(rule);
    if (name !== event.event) return false;
    if (!Object.entries(when).every(([key, expected]) => sameName(fieldOf(event, key), expected)))
      return false;
    if (event.afterDays !== undefined && (rule.afterDays ?? DEFAULT_REMINDER_DAYS) !== event.afterDays)
      return false;
    return !rule.statuses?.length || rule.statuses.some((s) => sameName(fieldOf(event, 'status'), s));
  });
}

/** The known channels of some rules. */
export function channelsOf(rules: NotificationRule[]): Channel[] {
  const channels = new Set<Channel>();
  for (const rule of rules)
    for (const channel of rule.channels)
      if ((CHANNELS as readonly string[]).includes(channel)) channels.add(channel as Channel);
  return [...channels];
}

/** The channels an event goes to under the workspace's rules (or the defaults when it has none). */
export function channelsFor(
  rules: NotificationRule[] | null | undefined,
  event: NotificationEvent,
): Channel[] {
  return channelsOf(matchingRules(rules, event));
}

/**
 * Identifies a rule for its status ("not mentioned: …") without ids in the stored rules: the same rule
 * keeps its key when others are added, removed or reordered; editing it starts a new status.
 */
export function ruleKey(rule: NotificationRule): string {
  const canonical = JSON.stringify([
    rule.event,
    [...rule.channels].sort(),
    Object.entries(rule.when ?? {}).sort(),
    [...(rule.statuses ?? [])].sort(),
    [...(rule.mention ?? [])].sort(),
    rule.afterDays ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}
