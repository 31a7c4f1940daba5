/**
 * Events the notifications module turns into messages (DESIGN.md §4 flow 6). Any module publishes one
 * with `jobQueue.publish(event.event, event, { manager })` inside the transaction of the change.
 */
export const NOTIFICATION_EVENT_NAMES = [
  'defect.created',
  'defect.status_changed',
  'file.revision_available',
  'file.revision_reviewed',
  'item.version_published',
  'comment.created',
  'jira.status_entered',
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
  /** internal: only internal recipients may hear of it (internal comments). */
  audience?: 'all' | 'internal';
}
