import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type {
  LoginRequest,
  MeResponse,
  MfaEnrolment,
  RecoveryCodes,
  SsoDiscovery,
  TokenResponse,
  UpdateMeRequest,
} from '../api/api-types';
import type { components } from '../api/openapi';

type Schemas = components['schemas'];
export type PasswordChange = Schemas['ChangePasswordDto'];
export type NewAccount = Schemas['AcceptInvitationDto'];
export type CalendarFeed = Schemas['CalendarFeedDto'];

const enc = encodeURIComponent;

/**
 * The session and the caller's own account: `/api/v1/auth` (sign-in, refresh, single sign-on discovery,
 * password reset, invitations) and `/api/v1/me` (profile, password, MFA, calendar feed). `AuthService`
 * keeps the session state; pages call this for the rest.
 */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  login(credentials: LoginRequest): Promise<TokenResponse> {
    return firstValueFrom(this.http.post<TokenResponse>('/api/v1/auth/login', credentials));
  }

  /** Uses the refresh cookie. */
  refresh(): Promise<TokenResponse> {
    return firstValueFrom(this.http.post<TokenResponse>('/api/v1/auth/refresh', {}));
  }

  logout(): Promise<unknown> {
    return firstValueFrom(this.http.post('/api/v1/auth/logout', {}));
  }

  /** Whether the address's domain signs in with its company account. */
  discoverSso(email: string): Promise<SsoDiscovery> {
    return firstValueFrom(this.http.post<SsoDiscovery>('/api/v1/auth/sso/discover', { email }));
  }

  /** Sends a reset link if the address has an account; answers the same either way. */
  requestPasswordReset(email: string): Promise<unknown> {
    return firstValueFrom(this.http.post('/api/v1/auth/password-reset', { email }));
  }

  resetPassword(token: string, password: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`/api/v1/auth/password-reset/${enc(token)}`, { password }));
  }

  /** Opens a session (a token response) unless the organisation requires more before signing in. */
  acceptInvitation(token: string, account: NewAccount): Promise<TokenResponse | null> {
    return firstValueFrom(
      this.http.post<TokenResponse | null>(`/api/v1/auth/invitations/${enc(token)}/accept`, account),
    );
  }

  /** The caller plus the CASL rules the API enforces. */
  me(): Promise<MeResponse> {
    return firstValueFrom(this.http.get<MeResponse>('/api/v1/me'));
  }

  updateMe(patch: UpdateMeRequest): Promise<MeResponse> {
    return firstValueFrom(this.http.patch<MeResponse>('/api/v1/me', patch));
  }

  /** Ends every session of the caller, this one included. */
  changePassword(change: PasswordChange): Promise<unknown> {
    return firstValueFrom(this.http.post('/api/v1/me/password', change));
  }

  startMfa(): Promise<MfaEnrolment> {
    return firstValueFrom(this.http.post<MfaEnrolment>('/api/v1/me/mfa', {}));
  }

  confirmMfa(code: string): Promise<RecoveryCodes> {
    return firstValueFrom(this.http.post<RecoveryCodes>('/api/v1/me/mfa/confirm', { code }));
  }

  disableMfa(password: string): Promise<unknown> {
    return firstValueFrom(this.http.delete('/api/v1/me/mfa', { body: { password } }));
  }

  calendarFeed(): Promise<CalendarFeed> {
    return firstValueFrom(this.http.get<CalendarFeed>('/api/v1/me/calendar'));
  }

  /** A new feed URL; the old one stops working. */
  renewCalendarFeed(): Promise<CalendarFeed> {
    return firstValueFrom(this.http.post<CalendarFeed>('/api/v1/me/calendar', {}));
  }

  revokeCalendarFeed(): Promise<unknown> {
    return firstValueFrom(this.http.delete('/api/v1/me/calendar'));
  }
}
