export const ROLES = ['admin', 'pm', 'supplier_admin', 'supplier_member'] as const;
export type Role = (typeof ROLES)[number];
export const INTERNAL_ROLES: readonly Role[] = ['admin', 'pm'];
export const SUPPLIER_ROLES: readonly Role[] = ['supplier_admin', 'supplier_member'];

export type OrgKind = 'internal' | 'supplier';
export type UserStatus = 'invited' | 'active' | 'disabled';
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** The authenticated caller, as every controller and service sees it (`@CurrentUser()`). */
export interface AuthUser {
  id: string;
  orgId: string;
  orgKind: OrgKind;
  role: Role;
  email: string;
  displayName: string;
  locale: Locale;
  /**
   * The organisation requires TOTP and this user has not enrolled yet: only routes marked
   * `@AllowWithoutMfa()` (profile, enrolment) answer until they do.
   */
  mfaEnrollmentRequired?: boolean;
  /** Set when the caller authenticated with an API token (`ptk_…`): what it is and what it may do. */
  apiToken?: { id: string; name: string; scopes: readonly ApiTokenScope[] };
}

/** What an API token may be granted; each scope opens a fixed set of (action, subject) pairs (token-scopes.ts). */
export const API_TOKEN_SCOPES = [
  'items:read',
  'files:read',
  'files:write',
  'defects:read',
  'defects:write',
  'comments:write',
] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** Internal roles belong to the internal organisation, supplier roles to supplier organisations. */
export function roleFitsOrgKind(role: Role, kind: OrgKind): boolean {
  return (kind === 'internal') === INTERNAL_ROLES.includes(role);
}
