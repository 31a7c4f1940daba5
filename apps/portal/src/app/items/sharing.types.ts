import type { components } from '../core/api/openapi';

/** Shared items as the sharing API returns them (apps/api/src/sharing/dto), from the generated OpenAPI types. */
type Schemas = components['schemas'];

export type { SharedAttachment, Snapshot, SnapshotField } from '../core/api/api-types';
export type SourceType = Schemas['InternalItemDto']['type'];
/** Suppliers get these fields of an item (the API's SupplierItemDto). */
type SupplierFields =
  | 'id'
  | 'workspaceId'
  | 'type'
  | 'title'
  | 'status'
  | 'latestVersion'
  | 'lastPublishedAt'
  | 'dueDate'
  | 'priority'
  | 'overdue'
  | 'lastSeenVersion'
  | 'unseenChanges';
export type SharedItem = Pick<Schemas['InternalItemDto'], SupplierFields>;
export type ItemDetail = Pick<Schemas['ItemDetailDto'], SupplierFields | 'snapshot'>;
export type VersionSummary = Schemas['VersionSummaryDto'];
export type Version = Schemas['VersionDto'];
export type FieldChange = Schemas['FieldChangeDto'];
export type TextDiffPart = Schemas['TextDiffPartDto'];
export type ItemDiff = Schemas['DiffDto'];
/**
 * One entry of an item's comment thread: the supplier's organisation's comments with their delivery to
 * Jira, the PM's public replies, and Jira comments a PM made public (`source: 'jira'`, HTML in `bodyHtml`).
 */
export type ItemComment = Schemas['CommentDto'];

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
