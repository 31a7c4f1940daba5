/**
 * Shared items as the sharing API returns them (apps/api/src/sharing/dto), written by hand: the OpenAPI
 * document describes a snapshot's fields as a map and nullable strings without a type, so the generated
 * `core/api/openapi.ts` would be wrong here. Field names are the API's.
 */
export type SourceType = 'jira_issue' | 'feishu_doc';

export interface SharedItem {
  id: string;
  workspaceId: string;
  type: SourceType;
  title: string | null;
  status: string | null;
  latestVersion: number;
  lastPublishedAt: string | null;
  /** The latest version's due date (yyyy-mm-dd) and priority; null when those fields are not shared. */
  dueDate: string | null;
  priority: string | null;
  /** The shared due date has passed. */
  overdue: boolean;
  lastSeenVersion: number;
  unseenChanges: number;
}

export interface SharedAttachment {
  id: string;
  filename: string;
  size: number | null;
  mimeType: string | null;
}

export type SnapshotFieldKind = 'text' | 'html' | 'date' | 'list' | 'attachments';

export interface SnapshotField {
  name: string;
  label: string;
  kind: SnapshotFieldKind;
  value: string | string[] | SharedAttachment[] | null;
}

export interface Snapshot {
  title: string;
  status: string | null;
  fields: SnapshotField[];
}

export interface ItemDetail extends SharedItem {
  snapshot: Snapshot | null;
}

export interface VersionSummary {
  version: number;
  publishedAt: string;
  note: string | null;
  acknowledged: boolean;
}

export interface Version extends VersionSummary {
  snapshot: Snapshot;
}

export interface TextDiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface FieldChange {
  field: string;
  label: string;
  change: 'added' | 'removed' | 'changed';
  before: unknown;
  after: unknown;
  textDiff?: TextDiffPart[];
}

export interface ItemDiff {
  from: number;
  to: number;
  changes: FieldChange[];
}

export interface ItemFilters {
  type?: SourceType | '';
  status?: string;
  updatedSince?: string;
  q?: string;
  unseen?: boolean;
  sort?: 'published' | 'dueDate';
  /** `overdue`, or a number of days: due today or within that many days. */
  due?: '' | 'overdue' | `${number}`;
}

/** Longest comment body the feedback API accepts (CreateCommentDto). */
export const COMMENT_MAX_LENGTH = 20000;

/**
 * One entry of an item's comment thread (apps/api/src/feedback/dto/feedback-response.dto.ts) as a
 * supplier gets it: their organisation's comments with their delivery to Jira, the PM's public replies,
 * and Jira comments a PM made public (`source: 'jira'`, with sanitised HTML in `bodyHtml`).
 */
export interface ItemComment {
  id: string;
  itemId: string | null;
  author: { id: string; displayName: string; orgName: string };
  /** Plain text. */
  body: string;
  bodyHtml: string | null;
  source: 'portico' | 'jira';
  jira: { author: string; updatedAt: string | null } | null;
  visibility: 'public' | 'internal';
  /** `none`: nothing to deliver (PM replies, items that are not Jira issues). No Jira ids: suppliers never get them. */
  sync: { state: 'none' | 'pending' | 'delivered' | 'failed' };
  createdAt: string;
}
