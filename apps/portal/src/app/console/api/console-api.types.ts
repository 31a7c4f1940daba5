/**
 * Shapes of the internal (PM/admin) side of the API, taken from the generated OpenAPI types
 * (`npm run api:types`) so a changed DTO breaks the build. Where the document is vaguer than the
 * API (untyped nullable strings, `object` arrays), the field is narrowed here to what the DTO returns.
 */
import type { Role } from '../../core/api/api-types';
import type { components } from '../../core/api/openapi';

type Schemas = components['schemas'];

export type SupplierRole = Extract<Role, 'supplier_admin' | 'supplier_member'>;
export const SUPPLIER_ROLES: readonly SupplierRole[] = ['supplier_admin', 'supplier_member'];

export type Organization = Schemas['OrganizationDto'];
export type UpdateOrganization = Schemas['UpdateOrganizationDto'];
export type OrgUser = Schemas['UserDto'];
export type Invitation = Schemas['InvitationDto'];
export type RedactionRule = Schemas['RedactionRuleDto'];

export type NotificationEvent = Schemas['NotificationRuleDto']['event'];
export type NotificationChannel = Schemas['NotificationRuleDto']['channels'][number];
export const NOTIFICATION_EVENTS: readonly NotificationEvent[] = [
  'version.published',
  'defect.created',
  'defect.status_changed',
  'comment.created',
  'file.revision_uploaded',
];
export const NOTIFICATION_CHANNELS: readonly NotificationChannel[] = [
  'feishu_chat',
  'dingtalk',
  'email',
  'in_app',
];

export interface NotificationRule extends Omit<Schemas['NotificationRuleDto'], 'when'> {
  /** Extra conditions, e.g. `{ status: 'In Testing' }` for status changes. */
  when?: Record<string, string>;
}

export interface Workspace extends Omit<
  Schemas['WorkspaceDto'],
  'redactionRules' | 'notificationRules' | 'accessExpiresAt'
> {
  accessExpiresAt: string | null;
  redactionRules: RedactionRule[];
  notificationRules: NotificationRule[];
}

/** Body of `POST workspaces`; on `PATCH` every field is optional, null clears it, and supplier/owner are fixed. */
export interface WorkspaceInput {
  name: string;
  supplierOrgId?: string;
  jiraProjectKey?: string | null;
  jiraScopeJql?: string | null;
  feishuFolderToken?: string | null;
  feishuChatId?: string | null;
  dingtalkWebhook?: string | null;
  dingtalkSecret?: string | null;
  defaultFields?: string[];
  statusMap?: Record<string, string>;
  redactionRules?: RedactionRule[];
  autoPublish?: boolean;
  notificationRules?: NotificationRule[];
  accessExpiresAt?: string | null;
  archived?: boolean;
}

export type SyncJobState = Schemas['SyncJobDto']['state'];
export const SYNC_JOB_STATES: readonly SyncJobState[] = ['failed', 'retry', 'active', 'created', 'completed'];

export interface SyncJob extends Omit<Schemas['SyncJobDto'], 'lastError' | 'nextRunAt' | 'completedAt'> {
  lastError?: string | null;
  nextRunAt?: string | null;
  completedAt?: string | null;
}

export interface SyncStatus {
  jira: { lastReceivedAt: string | null; lastEventType: string | null };
  feishu: { lastReceivedAt: string | null; lastEventType: string | null };
  lastReconciledAt: string | null;
}

export type AuditEvent = Schemas['AuditEventDto'];

/** Filters of `GET audit-events` and its CSV export; absent means "any". */
export interface AuditFilter {
  action?: string;
  actorId?: string;
  orgId?: string;
  workspaceId?: string;
  resourceType?: string;
  resourceId?: string;
  from?: string;
  to?: string;
}

/** Not yet in the generated document; mirrors the files module's RevisionView. */
export interface FileRevision {
  seq: number;
  label: string | null;
  state: 'uploading' | 'available' | 'rejected' | 'superseded';
  rejectionReason: string | null;
  fileName: string;
  size: number;
  sha256: string;
  contentType: string;
  uploadedBy: string;
  reviewState: 'submitted' | 'approved' | 'changes_requested';
  reviewNote: string | null;
  reviewedAt: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface SharedFile {
  id: string;
  workspaceId: string;
  documentNumber: string;
  title: string;
  linkedItemId: string | null;
  /** Seq of the current (available) revision. */
  currentRevision: number | null;
  createdAt: string;
}

export interface SharedFileDetail extends SharedFile {
  /** Newest first. */
  revisions: FileRevision[];
}
