/**
 * Shapes of the Portico API (DESIGN.md §5) as the portal uses them.
 * Kept in this one folder so a generated OpenAPI client can replace it without touching features.
 */

export type Role = 'admin' | 'pm' | 'supplier_admin' | 'supplier_member';

export interface AuthUser {
  id: string;
  orgId: string;
  orgKind: 'internal' | 'supplier';
  role: Role;
  email: string;
  displayName: string;
  locale: string;
}

export interface LoginRequest {
  email: string;
  password: string;
  totp?: string;
}

export interface TokenResponse {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user?: AuthUser;
}

export interface MeOrganization {
  id: string;
  name: string;
  kind: 'internal' | 'supplier';
  /** Members must enrol TOTP before they can use anything but their profile. */
  requireMfa: boolean;
}

/** `GET /api/v1/me`: the caller plus the CASL rules the API enforces, so the UI hides what it would refuse. */
export interface MeResponse extends AuthUser {
  mfaEnabled?: boolean;
  organization?: MeOrganization;
  rules?: unknown[];
}

export type Me = Omit<MeResponse, 'rules'>;

export interface UpdateMeRequest {
  displayName?: string;
  locale?: string;
}

export interface MfaEnrolment {
  secret: string;
  otpauthUri: string;
  qrCodeDataUrl: string;
}

/** RFC 9457 body of every API error. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: Array<{ field: string; message: string }>;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
