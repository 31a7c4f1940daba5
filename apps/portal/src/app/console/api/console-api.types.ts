/**
 * Shapes of the internal (PM/admin) side of the Portico API, mirroring the DTOs the API documents
 * at /api/docs-json. Kept together so a generated OpenAPI client can replace this file alone.
 */
import type { Role } from '../../core/api/api-types';

export type SupplierRole = Extract<Role, 'supplier_admin' | 'supplier_member'>;
export const SUPPLIER_ROLES: readonly SupplierRole[] = ['supplier_admin', 'supplier_member'];

export interface Organization {
  id: string;
  name: string;
  kind: 'internal' | 'supplier';
  status: 'active' | 'disabled';
  requireMfa: boolean;
  createdAt: string;
}

export interface UpdateOrganization {
  name?: string;
  status?: 'active' | 'disabled';
  requireMfa?: boolean;
}

export interface OrgUser {
  id: string;
  orgId: string;
  email: string;
  displayName: string;
  role: Role;
  status: 'invited' | 'active' | 'disabled';
  locale: string;
  mfaEnabled: boolean;
  createdAt: string;
}

export interface Invitation {
  id: string;
  orgId: string;
  userId: string;
  email: string;
  role: Role;
  expiresAt: string;
}

export interface RedactionRule {
  pattern: string;
  flags?: string;
  replacement?: string;
}

export const NOTIFICATION_EVENTS = [
  'version.published',
  'defect.created',
  'defect.status_changed',
  'comment.created',
  'file.revision_uploaded',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

export const NOTIFICATION_CHANNELS = ['feishu_chat', 'dingtalk', 'email', 'in_app'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export interface NotificationRule {
  event: NotificationEvent;
  channels: NotificationChannel[];
  /** Extra conditions, e.g. `{ status: 'In Testing' }` for status changes. */
  when?: Record<string, string>;
}

export interface Workspace {
  id: string;
  name: string;
  accessExpiresAt: string | null;
  supplierOrgId: string;
  ownerId: string;
  coOwnerIds: string[];
  jiraProjectKey: string | null;
  jiraScopeJql: string | null;
  feishuFolderToken: string | null;
  feishuChatId: string | null;
  dingtalkWebhook: string | null;
  dingtalkSecretSet: boolean;
  defaultFields: string[];
  statusMap: Record<string, string>;
  redactionRules: RedactionRule[];
  autoPublish: boolean;
  notificationRules: NotificationRule[];
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
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
