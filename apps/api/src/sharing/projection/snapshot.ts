/**
 * What a supplier may see of one shared item at one moment: the output of the projection and the
 * frozen content of a published version. Carries no source ids or URLs unless they were allowlisted.
 */
export interface ItemSnapshot {
  title: string;
  /** Supplier-facing status (after the workspace's status map), or null when status is not shared. */
  status: string | null;
  fields: Record<string, SnapshotField>;
}

export type SnapshotFieldKind = 'text' | 'html' | 'date' | 'list' | 'attachments';

export interface SharedAttachment {
  /** Attachment id at the source; downloads go through Portico, never to the source's URL. */
  id: string;
  filename: string;
  size: number | null;
  mimeType: string | null;
}

export interface SnapshotField {
  label: string;
  kind: SnapshotFieldKind;
  value: string | string[] | SharedAttachment[] | null;
}
