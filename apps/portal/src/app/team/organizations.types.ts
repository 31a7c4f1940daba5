import type { Role } from '../core/api/api-types';
import type { components } from '../core/api/openapi';

/** Organisations, their people and invitations as the API returns them (apps/api/src/users/dto). */
type Schemas = components['schemas'];
export type SupplierRole = Extract<Role, 'supplier_admin' | 'supplier_member'>;
export const SUPPLIER_ROLES: readonly SupplierRole[] = ['supplier_admin', 'supplier_member'];
export type Organization = Schemas['OrganizationDto'];
export type UpdateOrganization = Schemas['UpdateOrganizationDto'];
export type OrgUser = Schemas['UserDto'];
export type Invitation = Schemas['InvitationDto'];
export type SsoSettings = Schemas['SsoSettingsDto'];
export type SaveSsoSettings = Schemas['SaveSsoSettingsDto'];
export type StorageUsage = Schemas['StorageUsageDto'];
export type UserChanges = Schemas['UpdateUserDto'];
