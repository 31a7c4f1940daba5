/**
 * Shapes of the internal (PM/admin) side of the API, taken from the generated OpenAPI types
 * (`npm run api:types`) so a changed DTO breaks the build. Where the document is vaguer than the
 * API (untyped nullable strings, `object` arrays), the field is narrowed here to what the DTO returns.
 */
import type { components } from '../../core/api/openapi';

type Schemas = components['schemas'];

export { SUPPLIER_ROLES } from '../../team/organizations.types';
export type {
  Invitation,
  Organization,
  OrgUser,
  SaveSsoSettings,
  SsoSettings,
  SupplierRole,
  UpdateOrganization,
} from '../../team/organizations.types';
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

/** `when`: extra conditions, e.g. `{ status: 'In Testing' }` for status changes. */
export type NotificationRule = Schemas['NotificationRuleDto'];

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

export type Workspace = Schemas['WorkspaceDto'];

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

export type SyncJob = Schemas['SyncJobDto'];

export type ConnectorStatus = Schemas['ConnectorStatusDto'];
export type JobCounts = Schemas['FailedJobCountsDto'];
/** `GET connectors/status` (admins): a live check of each connector, plus job failures per target. */
export type ConnectorsStatus = Schemas['ConnectorsStatusDto'];

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

/** Files as the files module returns them (one alias set for the supplier pages and the console). */
export type {
  Revision as FileRevision,
  PortalFile as SharedFile,
  FileDetail as SharedFileDetail,
} from '../../files/files.types';

export type SourceType = Schemas['InternalItemDto']['type'];
/** A Jira issue or Feishu document offered for sharing, with its shared item if already shared. */
export type SourceEntry = Schemas['SourceEntryDto'];
export type {
  SharedAttachment as SnapshotAttachment,
  Snapshot as ItemSnapshot,
  SnapshotField,
} from '../../core/api/api-types';
export type SharedItem = Schemas['InternalItemDto'];
export type SharedItemDetail = Schemas['ItemDetailDto'];
export type ItemVersionSummary = Schemas['VersionSummaryDto'];
export type FieldChange = Schemas['FieldChangeDto'];
export type ItemDraft = Schemas['DraftDto'];
export type Acknowledgement = Schemas['AcknowledgementDto'];
/** Internal users always get the delivery details (Jira key, last error). */
export type DefectSummary = Omit<Schemas['DefectSummaryDto'], 'sync'> & {
  sync: Schemas['InternalDefectSyncDto'];
};
