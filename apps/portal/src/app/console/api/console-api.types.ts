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
export type SsoSettings = Schemas['SsoSettingsDto'];
export type SaveSsoSettings = Schemas['SaveSsoSettingsDto'];
export type RedactionRule = Schemas['RedactionRuleDto'];
/** A field the PM can share: `name` is what allowlists store; Jira's id and name are shown with it. */
export type ShareableField = Schemas['ShareableFieldDto'];

export type NotificationEvent = Schemas['NotificationRuleDto']['event'];
export type NotificationChannel = Schemas['NotificationRuleDto']['channels'][number];
export const NOTIFICATION_EVENTS: readonly NotificationEvent[] = [
  'item.version_published',
  'defect.created',
  'defect.status_changed',
  'comment.created',
  'file.revision_available',
  'file.revision_reviewed',
  'jira.status_entered',
  'item.version_unacknowledged',
];
/** Events whose rule may be narrowed to statuses (several names, any language). */
export const STATUS_EVENTS: readonly NotificationEvent[] = ['defect.status_changed', 'jira.status_entered'];
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

/** Whom a rule may @-mention besides chosen internal users (`user:<id>`). */
export const MENTION_ROLES = ['assignee', 'reporter', 'owner', 'co_owners'] as const;

export type RulePreview = Schemas['RulePreviewDto'];
export type RuleStatus = Schemas['RuleStatusDto'];

/** The plan's example rules, ready to start from (the PM adjusts statuses and people). */
export const RULE_TEMPLATES: Record<string, NotificationRule> = {
  statusAssignee: {
    event: 'jira.status_entered',
    statuses: ['测试中', 'In Testing'],
    channels: ['feishu_chat'],
    mention: ['assignee'],
  },
  defectOwner: { event: 'defect.created', channels: ['dingtalk', 'in_app'], mention: ['owner'] },
  revisionReviewer: {
    event: 'file.revision_available',
    channels: ['feishu_chat', 'in_app'],
    mention: ['owner'],
  },
  unacknowledged: {
    event: 'item.version_unacknowledged',
    afterDays: 3,
    channels: ['email', 'feishu_chat'],
    mention: ['owner'],
  },
};

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
  jiraIssueType?: string | null;
  jiraScopeJql?: string | null;
  feishuFolderToken?: string | null;
  feishuChatId?: string | null;
  dingtalkWebhook?: string | null;
  dingtalkSecret?: string | null;
  defaultFields?: string[];
  statusMap?: Record<string, string>;
  redactionRules?: RedactionRule[];
  autoPublish?: boolean;
  acknowledgeWithinDays?: number;
  notificationRules?: NotificationRule[];
  accessExpiresAt?: string | null;
  archived?: boolean;
  /** PATCH only: the PM has dealt with the field notice. */
  dismissFieldNotice?: boolean;
}

export type SyncJobState = Schemas['SyncJobDto']['state'];
export const SYNC_JOB_STATES: readonly SyncJobState[] = ['failed', 'retry', 'active', 'created', 'completed'];

export interface SyncJob extends Omit<Schemas['SyncJobDto'], 'lastError' | 'nextRunAt' | 'completedAt'> {
  lastError?: string | null;
  nextRunAt?: string | null;
  completedAt?: string | null;
}

export interface ConnectorStatus {
  name: 'jira' | 'feishu';
  configured: boolean;
  mode: 'external' | 'simulator' | 'off';
  baseUrl: string | null;
  credentialType: 'basic' | 'bearer' | 'app_secret' | 'none';
  reachable: boolean | null;
  credentialsValid: boolean | null;
  latencyMs: number | null;
  error: { kind: string; message: string } | null;
  lastWebhookReceivedAt: string | null;
  lastWebhookEventType: string | null;
  jobs: JobCounts;
}

export interface JobCounts {
  target: string;
  failedLast24h: number;
  awaitingRedrive: number;
  retrying: number;
}

/** `GET connectors/status` (admins): a live check of each connector, plus job failures per target. */
export interface ConnectorsStatus {
  checkedAt: string;
  lastReconciledAt: string | null;
  connectors: ConnectorStatus[];
  jobs: JobCounts[];
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
  state: 'uploading' | 'scanning' | 'available' | 'rejected' | 'superseded';
  rejectionReason: string | null;
  /** What the content checks let through but the PM should know (e.g. embedded files in a PDF). */
  contentWarnings?: string[];
  /** A PDF with active content: never previewed, only downloaded. */
  activeContent?: boolean;
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

export type SourceType = 'jira_issue' | 'feishu_doc';

/** A Jira issue or Feishu document offered for sharing, with its shared item if already shared. */
export interface SourceEntry {
  ref: string;
  title: string;
  /** The internal status name, as Jira shows it. */
  status?: string | null;
  type?: string | null;
  updatedAt?: string | null;
  sharedItemId: string | null;
}

export interface SnapshotAttachment {
  id: string;
  filename: string;
  size: number | null;
  mimeType: string | null;
}

export interface SnapshotField {
  name: string;
  label: string;
  kind: 'text' | 'html' | 'date' | 'list' | 'attachments';
  value: string | string[] | SnapshotAttachment[] | null;
}

/** What a supplier sees of an item: the projection through allowlist, status map and redaction. */
export interface ItemSnapshot {
  title: string;
  status: string | null;
  /** In allowlist order. */
  fields: SnapshotField[];
}

export interface SharedItem {
  id: string;
  workspaceId: string;
  type: SourceType;
  title: string | null;
  status: string | null;
  latestVersion: number;
  lastPublishedAt: string | null;
  sourceRef: string;
  fields: string[];
  redactionRules: RedactionRule[];
  hasDraft: boolean;
  flag: 'source_deleted' | 'out_of_scope' | 'source_unavailable' | null;
  withdrawnAt: string | null;
  createdAt: string;
}

export interface SharedItemDetail extends SharedItem {
  /** Latest published content. */
  snapshot: ItemSnapshot | null;
}

export interface ItemVersionSummary {
  version: number;
  publishedAt: string;
  note: string | null;
  acknowledged: boolean;
}

export interface FieldChange {
  field: string;
  label: string;
  change: 'added' | 'removed' | 'changed';
  before: SnapshotField['value'];
  after: SnapshotField['value'];
  textDiff?: Array<{ op: 'equal' | 'insert' | 'delete'; text: string }>;
}

export interface ItemDraft {
  snapshot: ItemSnapshot;
  sourceRevision: string | null;
  updatedAt: string | null;
  /** The version the diff is against; 0 before the first publication. */
  baseVersion: number;
  changes: FieldChange[];
}

export interface Acknowledgement {
  version: number;
  userId: string;
  displayName?: string | null;
  at: string;
}

export interface DefectSummary {
  id: string;
  workspaceId: string;
  title: string;
  severity: 'critical' | 'major' | 'minor';
  /** Supplier-facing status, through the workspace status map. */
  status: string;
  reportedBy: { id: string; displayName: string; orgName: string };
  sync: { state: 'pending' | 'delivered' | 'failed'; jiraKey: string | null; error?: string | null };
  createdAt: string;
  /** The Jira status (internal users only). */
  externalStatus?: string | null;
}
