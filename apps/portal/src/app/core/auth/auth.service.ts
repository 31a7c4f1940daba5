import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { PureAbility } from '@casl/ability';
import { LoginRequest, MeResponse, SessionUser, TokenResponse, UpdateMeRequest } from '../api/api-types';
import { LanguageService } from '../i18n/language.service';
import { isLanguage } from '../i18n/languages';
import { AppAbility, toRawRules } from './ability';
import { AuthApi } from './auth-api.service';

/** Refresh this long before the access token expires, so requests never carry a stale one. */
const REFRESH_MARGIN_MS = 60_000;
/** Not a secret: only says a refresh cookie probably exists, to skip a pointless refresh call. */
const SESSION_HINT_KEY = 'portico.session';

/**
 * The session: the access token lives only in memory; the refresh token is an HttpOnly cookie the
 * browser sends to /api/v1/auth, so a reload or a new tab restores the session with one refresh call.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly api = inject(AuthApi);
  private readonly ability = inject<AppAbility>(PureAbility);
  private readonly language = inject(LanguageService);
  private readonly token = signal<string | null>(null);
  private readonly currentUser = signal<SessionUser | null>(null);
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Promise<boolean> | undefined;

  readonly user = this.currentUser.asReadonly();
  readonly isAuthenticated = computed(() => this.token() !== null);
  /** The organisation requires TOTP and this user has not enrolled yet: only the profile works. */
  readonly mfaEnrolmentRequired = computed(() => {
    const user = this.currentUser();
    if (!user) return false;
    return user.mfaEnrollmentRequired ?? (!!user.organization?.requireMfa && user.mfaEnabled === false);
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.refreshTimer));
  }

  accessToken(): string | null {
    return this.token();
  }

  async login(credentials: LoginRequest): Promise<void> {
    const response = await this.api.login(credentials);
    await this.accept(response);
  }

  /** Takes over a session the API opened by another route (e.g. accepting an invitation). */
  adopt(response: TokenResponse): Promise<void> {
    return this.accept(response);
  }

  /** At start-up: restores the session from the refresh cookie when there probably is one. */
  restore(): Promise<boolean> {
    return this.readHint() ? this.refresh() : Promise.resolve(false);
  }

  /** Before leaving for an OAuth sign-in (Feishu): the API sets the refresh cookie on the way back. */
  expectSession(): void {
    this.writeHint(true);
  }

  /** Exchanges the refresh cookie for a new access token; concurrent callers share one request. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.api
      .refresh()
      .then(async (response) => {
        await this.accept(response);
        return true;
      })
      .catch(() => {
        this.clear();
        return false;
      })
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  async logout(): Promise<void> {
    try {
      await this.api.logout();
    } catch {
      // The server may already consider the session over; signing out locally is what matters.
    }
    this.clear();
  }

  /** Changes own name or language; the API refuses anything else. */
  async updateMe(patch: UpdateMeRequest): Promise<void> {
    const me = await this.api.updateMe(patch);
    this.applyMe(me);
  }

  /** Reloads the profile and rules, e.g. after enrolling TOTP. */
  reloadMe(): Promise<void> {
    return this.loadMe();
  }

  /** Called when the API refused a refreshed token too: the session is gone everywhere. */
  clear(): void {
    clearTimeout(this.refreshTimer);
    this.token.set(null);
    this.currentUser.set(null);
    this.ability.update([]);
    this.writeHint(false);
  }

  private async accept(response: TokenResponse): Promise<void> {
    this.token.set(response.accessToken);
    if (response.user) this.currentUser.set(response.user);
    this.writeHint(true);
    this.scheduleRefresh(response.expiresIn);
    await this.loadMe();
  }

  private async loadMe(): Promise<void> {
    try {
      this.applyMe(await this.api.me());
    } catch {
      // Without rules the UI shows only what needs none; the API enforces everything regardless.
      this.ability.update([]);
    }
  }

  private applyMe(me: MeResponse): void {
    const { rules, ...user } = me;
    this.currentUser.set(user);
    if (rules) this.ability.update(toRawRules(rules));
    // The language is remembered per user, so it follows them to another browser.
    if (isLanguage(user.locale) && user.locale !== this.language.language()) this.language.use(user.locale);
  }

  private scheduleRefresh(expiresInSeconds: number): void {
    clearTimeout(this.refreshTimer);
    if (!Number.isFinite(expiresInSeconds) || expiresInSeconds <= 0) return;
    const delay = Math.max(expiresInSeconds * 1000 - REFRESH_MARGIN_MS, expiresInSeconds * 500);
    this.refreshTimer = setTimeout(() => void this.refresh(), delay);
  }

  private readHint(): boolean {
    try {
      return localStorage.getItem(SESSION_HINT_KEY) === '1';
    } catch {
      return true;
    }
  }

  private writeHint(present: boolean): void {
    try {
      if (present) localStorage.setItem(SESSION_HINT_KEY, '1');
      else localStorage.removeItem(SESSION_HINT_KEY);
    } catch {
      // Storage may be unavailable; restore() then always tries the cookie.
    }
  }
}
