/**
 * What a supplier organisation may subscribe an endpoint to. Each is an event announced by another
 * module (notifications/notification-event.ts); the transmittal events are announced once transmittals
 * exist, and until then simply never fire.
 */
export const WEBHOOK_EVENTS = [
  'item.shared',
  'item.version_published',
  'item.withdrawn',
  'defect.status_changed',
  'comment.created',
  'file.revision_reviewed',
  'transmittal.issued',
  'transmittal.responded',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Sent by "Send test" only; nobody subscribes to it. */
export const PING_EVENT = 'ping';

/** The body of every delivery (Standard Webhooks' recommended envelope). */
export interface WebhookPayload {
  type: WebhookEvent | typeof PING_EVENT;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  data: WebhookPayloadData;
}

export interface WebhookPayloadData {
  organizationId: string;
  workspaceId?: string;
  subject?: { type: string; id: string };
  /** Where the subject is in the portal. */
  link?: string;
  /** The subject as the organisation's API answers it (GET /items/:id, /defects/:id, …). */
  item?: unknown;
  defect?: unknown;
  comment?: unknown;
  file?: unknown;
  revision?: unknown;
  /** item.version_published: the version published, as GET /items/:id/versions/:n answers it. */
  version?: unknown;
  /** Supplier-facing status of status events. */
  status?: string;
  message?: string;
}
