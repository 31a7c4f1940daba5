import { subject } from '@casl/ability';
import { AbilityFactory } from './ability.factory';
import type { AuthUser, Role } from './auth-user';

const factory = new AbilityFactory();
const ORG_A = '00000000-0000-4000-8000-00000000000a';
const ORG_B = '00000000-0000-4000-8000-00000000000b';
const INTERNAL = '00000000-0000-4000-8000-000000000001';

function userOf(role: Role, orgId = role === 'admin' || role === 'pm' ? INTERNAL : ORG_A): AuthUser {
  return {
    id: `00000000-0000-4000-8000-0000000000${role.length}${role.length}`.slice(0, 36),
    orgId,
    orgKind: orgId === INTERNAL ? 'internal' : 'supplier',
    role,
    email: `${role}@x.test`,
    displayName: role,
    locale: 'en',
  };
}

const workspaceOfA = (ownerId = 'someone') => ({ id: 'w1', supplierOrgId: ORG_A, ownerId });
const itemIn = (workspace: object) => subject('SharedItem', { id: 'i1', workspace });

describe('AbilityFactory', () => {
  it('lets an admin manage everything but not change their own role, organisation or status', () => {
    const admin = userOf('admin');
    const ability = factory.createForUser(admin);
    expect(ability.can('manage', 'Organization')).toBe(true);
    expect(ability.can('delete', itemIn(workspaceOfA()))).toBe(true);
    const self = subject('User', { id: admin.id, orgId: admin.orgId, role: 'admin' });
    expect(ability.can('update', self, 'displayName')).toBe(true);
    for (const field of ['role', 'orgId', 'status']) expect(ability.can('update', self, field)).toBe(false);
    expect(ability.can('update', subject('User', { id: 'other', orgId: ORG_A, role: 'pm' }), 'role')).toBe(
      true,
    );
  });

  it('lets a pm read every workspace but manage only the ones they own', () => {
    const pm = userOf('pm');
    const ability = factory.createForUser(pm);
    expect(ability.can('read', subject('Workspace', workspaceOfA()))).toBe(true);
    expect(ability.can('update', subject('Workspace', workspaceOfA()))).toBe(false);
    expect(ability.can('update', subject('Workspace', workspaceOfA(pm.id)))).toBe(true);
    expect(ability.can('publish', itemIn(workspaceOfA(pm.id)))).toBe(true);
    expect(ability.can('publish', itemIn(workspaceOfA()))).toBe(false);
    expect(ability.can('read', itemIn(workspaceOfA()))).toBe(true);
  });

  it('lets a co-owner do in a workspace what its owner can, except choosing the co-owners', () => {
    const pm = userOf('pm');
    const ability = factory.createForUser(pm);
    const coOwned = { ...workspaceOfA(), coOwnerIds: ['another-pm', pm.id] };
    const notCoOwned = { ...workspaceOfA(), coOwnerIds: ['another-pm'] };
    const inside = (type: string, workspace: object) => subject(type, { id: 'x', workspace });
    expect(ability.can('update', subject('Workspace', coOwned), 'name')).toBe(true);
    expect(ability.can('update', subject('Workspace', coOwned), 'coOwnerIds')).toBe(false);
    expect(ability.can('update', subject('Workspace', workspaceOfA(pm.id)), 'coOwnerIds')).toBe(true);
    for (const [action, type] of [
      ['create', 'SharedItem'],
      ['update', 'SharedItem'],
      ['publish', 'SharedItem'],
      ['review', 'FileRevision'],
      ['update', 'Defect'],
      ['retry', 'SyncJob'],
      ['read', 'SyncJob'],
      ['read', 'AuditEvent'],
    ] as const) {
      expect(ability.can(action, inside(type, coOwned))).toBe(true);
      expect(ability.can(action, inside(type, notCoOwned))).toBe(false);
    }
    expect(ability.can('update', subject('Workspace', notCoOwned))).toBe(false);
    expect(ability.can('read', inside('SharedItem', notCoOwned))).toBe(true);
  });

  it('lets a pm create supplier organisations and invite only supplier roles', () => {
    const ability = factory.createForUser(userOf('pm'));
    expect(ability.can('create', subject('Organization', { kind: 'supplier' }))).toBe(true);
    expect(ability.can('create', subject('Organization', { kind: 'internal' }))).toBe(false);
    expect(ability.can('create', subject('Invitation', { orgId: ORG_B, role: 'supplier_admin' }))).toBe(true);
    expect(ability.can('create', subject('Invitation', { orgId: INTERNAL, role: 'admin' }))).toBe(false);
  });

  it.each<Role>(['supplier_admin', 'supplier_member'])(
    'confines a %s to workspaces of their own organisation',
    (role) => {
      const ability = factory.createForUser(userOf(role));
      expect(ability.can('read', subject('Workspace', workspaceOfA()))).toBe(true);
      expect(ability.can('read', subject('Workspace', { supplierOrgId: ORG_B }))).toBe(false);
      expect(ability.can('read', itemIn({ supplierOrgId: ORG_B }))).toBe(false);
      expect(ability.can('create', subject('Defect', { workspace: workspaceOfA() }))).toBe(true);
      expect(ability.can('create', subject('Defect', { workspace: { supplierOrgId: ORG_B } }))).toBe(false);
      expect(ability.can('publish', itemIn(workspaceOfA()))).toBe(false);
      expect(ability.can('create', 'Workspace')).toBe(false);
      expect(ability.can('read', subject('Organization', { id: ORG_B }))).toBe(false);
    },
  );

  it('lets a supplier_admin manage users of their own organisation only, with supplier roles only', () => {
    const admin = userOf('supplier_admin');
    const ability = factory.createForUser(admin);
    const colleague = subject('User', { id: 'c', orgId: ORG_A, role: 'supplier_member' });
    expect(ability.can('update', colleague, 'status')).toBe(true);
    expect(ability.can('update', subject('User', { id: 'c', orgId: ORG_A, role: 'pm' }), 'role')).toBe(false);
    expect(
      ability.can('update', subject('User', { id: 'x', orgId: ORG_B, role: 'supplier_member' }), 'status'),
    ).toBe(false);
    expect(ability.can('update', colleague, 'orgId')).toBe(false);
    expect(ability.can('create', subject('Invitation', { orgId: ORG_A, role: 'supplier_member' }))).toBe(
      true,
    );
    expect(ability.can('create', subject('Invitation', { orgId: ORG_B, role: 'supplier_member' }))).toBe(
      false,
    );
  });

  it('does not let a supplier_member manage users or invite', () => {
    const ability = factory.createForUser(userOf('supplier_member'));
    expect(
      ability.can('update', subject('User', { id: 'c', orgId: ORG_A, role: 'supplier_member' }), 'status'),
    ).toBe(false);
    expect(ability.can('create', 'Invitation')).toBe(false);
  });

  it('lets every user edit only their display name and locale on themselves', () => {
    const member = userOf('supplier_member');
    const ability = factory.createForUser(member);
    const self = subject('User', { id: member.id, orgId: ORG_A, role: 'supplier_member' });
    expect(ability.can('update', self, 'displayName')).toBe(true);
    expect(ability.can('update', self, 'locale')).toBe(true);
    expect(ability.can('update', self, 'role')).toBe(false);
    expect(ability.can('update', self, 'email')).toBe(false);
  });

  it('packs the rules for the portal', () => {
    const packed = factory.packedRulesFor(userOf('supplier_member'));
    expect(packed.length).toBeGreaterThan(0);
    expect(JSON.stringify(packed)).toContain('workspace.supplierOrgId');
  });
});
