import type { Action, AppAbility, SubjectName } from './ability.factory';
import type { ApiTokenScope } from './auth-user';

type Pair = readonly [Action, SubjectName];

/**
 * What each API token scope opens. A token never gets more than its owner's rules allow: these pairs
 * only narrow them (narrowRulesToScopes). Every token may read the workspaces it can see, since every
 * other resource is reached through one.
 */
export const SCOPE_GRANTS: Record<ApiTokenScope, readonly Pair[]> = {
  'items:read': [
    ['read', 'SharedItem'],
    ['read', 'ItemVersion'],
    ['read', 'Comment'],
  ],
  'files:read': [
    ['read', 'File'],
    ['read', 'FileRevision'],
  ],
  'files:write': [
    ['create', 'File'],
    ['update', 'File'],
    ['delete', 'File'],
    ['create', 'FileRevision'],
    ['update', 'FileRevision'],
  ],
  'defects:read': [
    ['read', 'Defect'],
    ['read', 'Comment'],
  ],
  'defects:write': [
    ['create', 'Defect'],
    ['update', 'Defect'],
  ],
  'comments:write': [['create', 'Comment']],
};

const EVERY_TOKEN: readonly Pair[] = [['read', 'Workspace']];

function grantedPairs(scopes: readonly ApiTokenScope[]): Pair[] {
  return [...EVERY_TOKEN, ...scopes.flatMap((scope) => SCOPE_GRANTS[scope] ?? [])];
}

/** The scope that would allow this action, for the 403 that names it; null when no scope does. */
export function scopeFor(action: Action, subject: SubjectName): ApiTokenScope | null {
  for (const [scope, pairs] of Object.entries(SCOPE_GRANTS) as [ApiTokenScope, readonly Pair[]][]) {
    if (pairs.some(([a, s]) => a === action && s === subject)) return scope;
  }
  return null;
}

export function scopesAllow(scopes: readonly ApiTokenScope[], action: Action, subject: SubjectName): boolean {
  return grantedPairs(scopes).some(([a, s]) => a === action && s === subject);
}

type RawRule = AppAbility['rules'][number];
const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : ([] as T[]).concat(value));

/**
 * A token's rules: every `can` rule of its identity cut down to the pairs its scopes grant (one rule per
 * pair, conditions and fields kept), every `cannot` rule kept as it is.
 */
export function narrowRulesToScopes(rules: RawRule[], scopes: readonly ApiTokenScope[]): RawRule[] {
  const granted = grantedPairs(scopes);
  return rules.flatMap((rule) => {
    if (rule.inverted) return [rule];
    const actions = asList(rule.action as Action | Action[]);
    const subjects = asList(rule.subject as SubjectName | 'all' | (SubjectName | 'all')[]);
    return granted
      .filter(
        ([a, s]) =>
          (actions.includes(a) || actions.includes('manage')) &&
          (subjects.includes(s) || subjects.includes('all')),
      )
      .map(([a, s]) => ({ ...rule, action: a, subject: s }) as RawRule);
  });
}
