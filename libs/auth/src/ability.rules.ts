import type { AbilityBuilder, MongoQuery } from '@casl/ability';
import type { AppAbility } from './ability.factory';
import type { AuthUser } from './auth-user';
import { SUPPLIER_ROLES } from './auth-user';

/**
 * THE authorization rules of Portico (docs/architecture.md), one function for every module.
 * Modules add or adjust the rules of their own subjects here, in their section.
 *
 * Conventions:
 * - Conditions name entity properties (`orgId`, `ownerId`), or `workspace.<property>` for rows that
 *   belong to a workspace: the SQL helper (`accessibleWhere`) expects the query to join that
 *   workspace under the alias `workspace`; for instance checks, pass the row with its `workspace`.
 * - `update` rules always list their `fields`: a rule without fields allows every field.
 * - Later rules win over earlier ones; `cannot` rules come last.
 */
export function defineRulesFor(user: AuthUser, { can, cannot }: AbilityBuilder<AppAbility>): void {
  const supplierRoles = { $in: [...SUPPLIER_ROLES] };
  const ownWorkspace = { 'workspace.supplierOrgId': user.orgId };
  // A workspace is managed by its owner and by its co-owners (`coOwnerIds` holds their user ids).
  const managedWorkspaces: MongoQuery[] = [{ ownerId: user.id }, { coOwnerIds: { $all: [user.id] } }];
  const inManagedWorkspaces: MongoQuery[] = [
    { 'workspace.ownerId': user.id },
    { 'workspace.coOwnerIds': { $all: [user.id] } },
  ];

  // Everyone: themselves and their notifications.
  can('read', 'User', { id: user.id });
  can('update', 'User', ['displayName', 'locale'], { id: user.id });
  can(['read', 'update'], 'Notification', { userId: user.id });

  switch (user.role) {
    case 'admin':
      can('manage', 'all');
      break;

    case 'pm':
      // Organisations and their people.
      can('read', 'Organization');
      can('create', 'Organization', { kind: 'supplier' });
      // Requiring MFA of an organisation stays with admins.
      can('update', 'Organization', ['name', 'status'], { kind: 'supplier' });
      can('read', 'User');
      can('update', 'User', ['status', 'role'], { role: supplierRoles });
      can(['create', 'read'], 'Invitation', { role: supplierRoles });
      // Workspaces: reads every one, manages (with everything inside) those they own or co-own.
      can('read', ['Workspace', 'SharedItem', 'ItemVersion', 'File', 'FileRevision', 'Defect', 'Comment']);
      can('read', ['PurchaseOrder', 'DeliveryConfirmation', 'Transmittal']);
      can('create', 'Workspace', { ownerId: user.id });
      for (const managed of managedWorkspaces) can('manage', 'Workspace', managed);
      for (const inManaged of inManagedWorkspaces) {
        can('manage', ['SharedItem', 'ItemVersion', 'File', 'FileRevision', 'Defect', 'Comment'], inManaged);
        can(['read', 'retry'], 'SyncJob', inManaged);
        can('read', 'AuditEvent', inManaged);
        can('manage', ['PurchaseOrder', 'DeliveryConfirmation'], inManaged);
        can(['create', 'read', 'update', 'delete', 'publish'], 'Transmittal', inManaged);
      }
      // Who co-owns a workspace is for its owner (or an admin) to decide, not for the co-owners.
      cannot('update', 'Workspace', ['coOwnerIds'], { ownerId: { $ne: user.id } });
      break;

    case 'supplier_admin':
    case 'supplier_member':
      can('read', 'Organization', { id: user.orgId });
      can('read', 'User', { orgId: user.orgId });
      can('read', 'Workspace', { supplierOrgId: user.orgId });
      can('read', ['SharedItem', 'ItemVersion', 'File', 'FileRevision', 'Defect'], ownWorkspace);
      // Internal comments never reach suppliers, neither to read nor to write.
      can(['read', 'create'], 'Comment', { ...ownWorkspace, visibility: 'public' });
      can('acknowledge', 'ItemVersion', ownWorkspace);
      can('create', ['Defect', 'File', 'FileRevision'], ownWorkspace);
      // Kingdee purchase orders of their workspaces; they answer delivery dates, the buyer decides.
      can('read', ['PurchaseOrder', 'DeliveryConfirmation'], ownWorkspace);
      can('create', 'DeliveryConfirmation', ownWorkspace);
      // Transmittals once issued (never drafts); they acknowledge and respond, the PM issues.
      can(['read', 'acknowledge'], 'Transmittal', {
        ...ownWorkspace,
        status: { $in: ['issued', 'responded', 'superseded'] },
      });
      if (user.role === 'supplier_admin') {
        // Only inside their own organisation, and only supplier roles (checked on the row before and after a change).
        can('update', 'User', ['status', 'role'], { orgId: user.orgId, role: supplierRoles });
        can(['create', 'read'], 'Invitation', { orgId: user.orgId, role: supplierRoles });
      }
      break;
  }

  // Files: an open upload (field `upload` of FileRevision) is completed or cancelled only by its
  // uploader, or by an admin of the uploader's organisation, whatever `manage` grants otherwise.
  if (user.orgKind === 'supplier') can('update', 'FileRevision', ['upload'], ownWorkspace);
  if (user.role === 'admin' || user.role === 'supplier_admin') {
    cannot('update', 'FileRevision', ['upload'], { uploaderOrgId: { $ne: user.orgId } });
  } else {
    cannot('update', 'FileRevision', ['upload'], { uploadedBy: { $ne: user.id } });
  }

  // Answering a delivery date is the supplier's statement, deciding on it the buyer's.
  if (user.orgKind === 'internal') cannot('create', 'DeliveryConfirmation');
  if (user.orgKind === 'supplier') cannot('update', 'DeliveryConfirmation');

  // Acknowledging a version is a supplier user's own statement; `manage` must not let staff make it for them.
  if (user.orgKind === 'internal') cannot('acknowledge', 'ItemVersion');
  // The same for receiving a transmittal; and only the workspace's PMs make and issue transmittals.
  if (user.orgKind === 'internal') cannot('acknowledge', 'Transmittal');
  if (user.orgKind === 'supplier') cannot(['create', 'update', 'delete', 'publish'], 'Transmittal');

  // Nobody changes their own role, organisation or status, whatever else they may do.
  cannot('update', 'User', ['role', 'orgId', 'status'], { id: user.id });
}
