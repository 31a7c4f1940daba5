import { subject } from '@casl/ability';
import { AbilityFactory } from './ability.factory';
import type { ApiTokenScope, AuthUser } from './auth-user';
import { scopeFor } from './token-scopes';

const factory = new AbilityFactory();
const supplier = (scopes: ApiTokenScope[]): AuthUser => ({
  id: 'u1',
  orgId: 'acme',
  orgKind: 'supplier',
  role: 'supplier_member',
  email: 'svc@example.test',
  displayName: 'API integration',
  locale: 'en',
  apiToken: { id: 't1', name: 'Tracker', scopes },
});

describe('API token scopes', () => {
  it('narrow a supplier member to its scopes, keeping the row conditions', () => {
    const ability = factory.createForUser(supplier(['items:read']));
    expect(ability.can('read', subject('SharedItem', { workspace: { supplierOrgId: 'acme' } }))).toBe(true);
    expect(ability.can('read', subject('SharedItem', { workspace: { supplierOrgId: 'borealis' } }))).toBe(
      false,
    );
    expect(ability.can('read', 'Defect')).toBe(false);
    expect(ability.can('create', 'Comment')).toBe(false);
    expect(ability.can('acknowledge', 'ItemVersion')).toBe(false);
    expect(ability.can('read', 'User')).toBe(false);
  });

  it('never widen: comments:write still cannot write internal comments', () => {
    const ability = factory.createForUser(supplier(['comments:write']));
    const own = { workspace: { supplierOrgId: 'acme' } };
    expect(ability.can('create', subject('Comment', { ...own, visibility: 'public' }))).toBe(true);
    expect(ability.can('create', subject('Comment', { ...own, visibility: 'internal' }))).toBe(false);
  });

  it("cut an admin's `manage all` down to the scoped pairs, keeping `cannot` rules", () => {
    const admin: AuthUser = { ...supplier(['files:read']), orgKind: 'internal', role: 'admin', orgId: 'int' };
    const ability = factory.createForUser(admin);
    expect(ability.can('read', 'File')).toBe(true);
    expect(ability.can('delete', 'File')).toBe(false);
    expect(ability.can('update', 'Organization')).toBe(false);
    expect(ability.can('read', 'AuditEvent')).toBe(false);
    expect(ability.can('read', 'Workspace')).toBe(true);
  });

  it('name the scope a refused action needs, or none when no scope grants it', () => {
    expect(scopeFor('read', 'Defect')).toBe('defects:read');
    expect(scopeFor('create', 'FileRevision')).toBe('files:write');
    expect(scopeFor('publish', 'SharedItem')).toBeNull();
  });
});
