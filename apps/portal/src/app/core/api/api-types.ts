/**
 * The API's shapes as the portal uses them, taken from the generated `openapi.ts`
 * (`npm run api:types`), so a changed DTO breaks the portal build instead of the running portal.
 */
import type { components } from './openapi';

type Schemas = components['schemas'];

export type AuthUser = Schemas['AuthUserDto'];
export type Role = AuthUser['role'];
export type LoginRequest = Schemas['LoginDto'];
export type TokenResponse = Schemas['TokenResponseDto'];
export type SsoDiscovery = Schemas['SsoDiscoveryDto'];
export type MeOrganization = Schemas['MeOrganizationDto'];
/** `GET /api/v1/me`: the caller plus the CASL rules the API enforces, so the UI hides what it would refuse. */
export type MeResponse = Schemas['MeDto'];
export type Me = Omit<MeResponse, 'rules'>;
/** Known right after sign-in (from the token response), completed by `GET me`. */
export type SessionUser = AuthUser & Partial<Pick<Me, 'mfaEnabled' | 'organization' | 'jiraSiteUrl'>>;
export type UpdateMeRequest = Schemas['UpdateMeDto'];
export type MfaEnrolment = Schemas['MfaEnrolmentDto'];
export type RecoveryCodes = Schemas['RecoveryCodesDto'];
/** Suppliers get only these fields of a workspace. */
export type SupplierWorkspace = Pick<Schemas['WorkspaceDto'], 'id' | 'name' | 'accessExpiresAt'>;

/** RFC 9457 body of every API error. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: Array<{ field: string; message: string }>;
}

/** Every list endpoint: `?limit=&cursor=` → one page and the cursor of the next. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A published item version's content as suppliers see it; the console previews the same shape. */
export type Snapshot = Schemas['SnapshotDto'];
export type SnapshotField = Schemas['SnapshotFieldDto'];
export type SharedAttachment = Schemas['SharedAttachmentDto'];
/** A field's change between two versions of an item, or between a draft and the published version. */
export type FieldChange = Schemas['FieldChangeDto'];
