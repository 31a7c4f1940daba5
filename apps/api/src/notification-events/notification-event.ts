import type { EntityManager } from 'typeorm';
import { defineJob, type JobQueue } from '../sync';

/**
 * Events the notifications module turns into messages (docs/architecture.md). Any module publishes one
 * with `announce(jobQueue, manager, event)` inside the transaction of the change.
 */
export const NOTIFICATION_EVENT_NAMES = [
  'defect.created',
  'defect.status_changed',
  'file.revision_available',
  'file.revision_reviewed',
  'item.version_published',
  'comment.created',
  'jira.status_entered',
  'purchase_order.changed',
  'delivery.confirmation_submitted',
  'delivery.confirmation_decided',
  'item.version_unacknowledged',
  'item.shared',
  'item.withdrawn',
  'webhook.endpoint_disabled',
  'transmittal.issued',
  'transmittal.responded',
  'transmittal.due_soon',
] as const;
export type NotificationEventName = (typeof NOTIFICATION_EVENT_NAMES)[number];

export interface NotificationEvent {
  event: NotificationEventName;
  workspaceId: string;
  /** Who caused it; never notified of their own action. Null for system events (Jira status). */
  actorId: string | null;
  subject: { type: string; id: string };
  /** Short name of the subject as the supplier may see it (defect title, item title, "D-102 rev C"). */
  title: string;
  /** Path in the portal, e.g. `/defects/<id>`. */
  path: string;
  /** Supplier-facing status (status events). */
  status?: string;
  /** The internal (Jira) status name: only ever shown to internal recipients and channels. */
  externalStatus?: string;
  /** A short excerpt of user text (comment body), shown where the reader may see the text itself. */
  excerpt?: string;
  /** internal: only internal recipients may hear of it (internal comments); supplier_admins: only they. */
  audience?: 'all' | 'internal' | 'supplier_admins';
  /** item.version_published: the number of the version published. */
  version?: number;
  /** item.version_unacknowledged: the days the rule waited (matches the rule's `afterDays`). */
  afterDays?: number;
  /** Events about a Jira issue: its people, whom rules may @-mention in internal groups. */
  jira?: JiraPeople;
  /** When the change happened (ISO 8601); set by `announce`. Handlers may run much later. */
  occurredAt?: string;
}

/** A Jira user as the issue names them; Jira Cloud may hide the e-mail address. */
export interface JiraPerson {
  accountId?: string;
  displayName: string;
  email?: string;
}

export interface JiraPeople {
  assignee: JiraPerson | null;
  reporter: JiraPerson | null;
}

/** The assignee and reporter of a Jira issue's fields (Cloud: accountId; Server/DC: name). */
export function jiraPeopleOf(fields: Record<string, unknown>): JiraPeople {
  const person = (value: unknown): JiraPerson | null => {
    const user = value as
      { accountId?: string; name?: string; displayName?: string; emailAddress?: string } | null | undefined;
    if (!user || (!user.accountId && !user.name && !user.displayName)) return null;
    return {
      accountId: user.accountId ?? user.name,
      displayName: user.displayName ?? user.accountId ?? user.name ?? '',
      ...(user.emailAddress ? { email: user.emailAddress } : {}),
    };
  };
  return { assignee: person(fields.assignee), reporter: person(fields.reporter) };
}

/**
 * Announces an event inside the transaction of the change that caused it: a rolled-back change
 * announces nothing, a committed one exactly once.
 */
export async function announce(
  queue: JobQueue,
  manager: EntityManager,
  event: NotificationEvent,
): Promise<void> {
  await queue.publish(
    defineJob<NotificationEvent>(event.event),
    { occurredAt: new Date().toISOString(), ...event },
    {
      manager,
      ref: { type: event.subject.type, id: event.subject.id, workspaceId: event.workspaceId },
    },
  );
}
