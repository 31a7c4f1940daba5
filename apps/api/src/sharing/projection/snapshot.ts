/**
 * What a supplier may see of one shared item at one moment: the output of the projection and the
 * frozen content of a published version. Carries no source ids or URLs unless they were allowlisted.
 */
export interface ItemSnapshot {
  title: string;
  /** Supplier-facing status (after the workspace's status map), or null when status is not shared. */
  status: string | null;
  /** In allowlist order (an array, because jsonb does not keep object key order). */
  fields: SnapshotField[];
}

export const SNAPSHOT_FIELD_KINDS = ['text', 'html', 'date', 'list', 'attachments'] as const;
export type SnapshotFieldKind = (typeof SNAPSHOT_FIELD_KINDS)[number];

export interface SharedAttachment {
  /** Attachment id at the source; downloads go through Portico, never to the source's URL. */
  id: string;
  filename: string;
  size: number | null;
  mimeType: string | null;
}

export interface SnapshotField {
  /** The allowlist name: a built-in field (`dueDate`) or a custom field's Jira id (older: its display name). */
  name: string;
  label: string;
  kind: SnapshotFieldKind;
  value: string | string[] | SharedAttachment[] | null;
}

/** The field of a snapshot by allowlist name. */
export function fieldOf(snapshot: ItemSnapshot, name: string): SnapshotField | undefined {
  return snapshot.fields.find((f) => f.name === name);
}
