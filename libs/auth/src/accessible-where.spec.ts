import { AbilityBuilder, createMongoAbility } from '@casl/ability';
import type { AppAbility } from './ability.factory';
import { AbilityFactory } from './ability.factory';
import { accessibleSql } from './accessible-where';

function abilityWith(define: (b: AbilityBuilder<AppAbility>) => void): AppAbility {
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  define(builder);
  return builder.build();
}

/** Replaces generated parameter names with their values so assertions read naturally. */
function inline({ sql, params }: { sql: string; params: Record<string, unknown> }): string {
  return sql.replace(/:(\.\.\.)?(casl_\d+)/g, (_m, _s, name: string) => JSON.stringify(params[name]));
}

describe('accessibleSql', () => {
  it('matches nothing when no rule allows the action', () => {
    const ability = abilityWith(({ can }) => can('read', 'Workspace'));
    expect(accessibleSql(ability, 'update', 'Workspace', 'w').sql).toBe('1=0');
    expect(accessibleSql(ability, 'read', 'File', 'f').sql).toBe('1=0');
  });

  it('matches everything for an unconditional rule', () => {
    const ability = abilityWith(({ can }) => can('manage', 'all'));
    expect(accessibleSql(ability, 'read', 'Workspace', 'w').sql).toBe('1=1');
  });

  it('qualifies own properties with the alias and keeps dotted ones for the joined alias', () => {
    const ability = abilityWith(({ can }) => {
      can('read', 'SharedItem', { 'workspace.supplierOrgId': 'org-a' });
      can('read', 'SharedItem', { authorId: 'u1' });
    });
    expect(inline(accessibleSql(ability, 'read', 'SharedItem', 'item'))).toBe(
      '((item.authorId = "u1") OR (workspace.supplierOrgId = "org-a"))',
    );
  });

  it('translates $in, $nin, $ne, null and empty lists', () => {
    const ability = abilityWith(({ can }) => {
      can('read', 'User', { role: { $in: ['a', 'b'] }, orgId: 'o' });
      can('read', 'User', { archivedAt: null, status: { $ne: 'x' } });
      can('read', 'User', { id: { $in: [] } });
      can('read', 'User', { id: { $nin: ['z'] } });
    });
    expect(inline(accessibleSql(ability, 'read', 'User', 'u'))).toBe(
      '((u.id NOT IN (["z"])) OR (1=0) OR (u.archivedAt IS NULL AND (u.status <> "x" OR u.status IS NULL)) OR (u.role IN (["a","b"]) AND u.orgId = "o"))',
    );
  });

  it('translates $all on an array column to containment, and an empty $all to nothing', () => {
    const ability = abilityWith(({ can }) => {
      can('read', 'Workspace', { coOwnerIds: { $all: ['u1'] } });
      can('read', 'Workspace', { coOwnerIds: { $all: [] } });
    });
    expect(inline(accessibleSql(ability, 'read', 'Workspace', 'w'))).toBe(
      '((1=0) OR (w.coOwnerIds @> ["u1"]))',
    );
  });

  it("limits a pm's changes to the workspaces they own or co-own, and their contents", () => {
    const ability = new AbilityFactory().createForUser({
      id: 'pm1',
      orgId: 'internal',
      orgKind: 'internal',
      role: 'pm',
      email: 'p@x',
      displayName: 'p',
      locale: 'en',
    });
    expect(inline(accessibleSql(ability, 'update', 'Workspace', 'w'))).toBe(
      '((w.coOwnerIds @> ["pm1"]) OR (w.ownerId = "pm1"))',
    );
    expect(inline(accessibleSql(ability, 'update', 'SharedItem', 'item'))).toBe(
      '((workspace.coOwnerIds @> ["pm1"]) OR (workspace.ownerId = "pm1"))',
    );
    expect(inline(accessibleSql(ability, 'retry', 'SyncJob', 'job'))).toBe(
      '((workspace.coOwnerIds @> ["pm1"]) OR (workspace.ownerId = "pm1"))',
    );
    expect(accessibleSql(ability, 'read', 'SharedItem', 'item').sql).toBe('1=1');
  });

  it('applies cannot-rules as NOT conditions', () => {
    const ability = abilityWith(({ can, cannot }) => {
      can('read', 'Comment');
      cannot('read', 'Comment', { visibility: 'internal' });
    });
    expect(inline(accessibleSql(ability, 'read', 'Comment', 'c'))).toBe(
      '1=1 AND (NOT (c.visibility = "internal"))',
    );
  });

  it('refuses operators it does not understand rather than widening access', () => {
    const ability = abilityWith(({ can }) => can('read', 'User', { email: { $regex: '^a' } }));
    expect(() => accessibleSql(ability, 'read', 'User', 'u')).toThrow(/unsupported operator \$regex/);
  });

  it("gives a supplier only their own organisation's workspaces", () => {
    const ability = new AbilityFactory().createForUser({
      id: 'u',
      orgId: 'org-a',
      orgKind: 'supplier',
      role: 'supplier_member',
      email: 'm@x',
      displayName: 'm',
      locale: 'en',
    });
    expect(inline(accessibleSql(ability, 'read', 'Workspace', 'w'))).toBe('((w.supplierOrgId = "org-a"))');
    expect(inline(accessibleSql(ability, 'read', 'File', 'f'))).toBe('((workspace.supplierOrgId = "org-a"))');
  });

  it('uses distinct parameter names across calls so one query can combine several', () => {
    const ability = abilityWith(({ can }) => can('read', 'User', { orgId: 'o' }));
    const a = accessibleSql(ability, 'read', 'User', 'u');
    const b = accessibleSql(ability, 'read', 'User', 'u');
    expect(Object.keys(a.params)).not.toEqual(Object.keys(b.params));
  });
});
