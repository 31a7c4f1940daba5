import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FeishuClient } from '@portico/connectors/feishu/feishu-client.port';
import { INTERNAL_ROLES } from '@portico/auth';
import { AuditService, RequestMeta } from '../audit';
import { APP_CONFIG, type AppConfig } from '../config';
import { UsersService, type User } from '../users';
import { SecretBox } from '../common';

/** The Feishu client for sign-in, or null when Feishu is not configured (sign-in then answers 404). */
export const FEISHU_SIGN_IN_CLIENT = Symbol('FEISHU_SIGN_IN_CLIENT');

export const OAUTH_COOKIE = 'portico_oauth';
export const OAUTH_COOKIE_PATH = '/api/v1/auth/feishu';
const OAUTH_TTL_MS = 10 * 60_000;

/** Why a Feishu sign-in failed, as the portal's login page shows it (`/login?error=<code>`). */
export type FeishuSignInFailure = 'feishu_state' | 'feishu_no_account' | 'feishu_failed';

export class FeishuSignInError extends Error {
  constructor(readonly code: FeishuSignInFailure) {
    super(code);
  }
}

interface PendingAuthorization {
  state: string;
  verifier: string;
  expiresAt: number;
}

/**
 * OAuth 2 authorization code flow with PKCE against Feishu, for internal users only. The state
 * and PKCE verifier travel in an encrypted, authenticated cookie bound to the browser that
 * started the flow, so no server-side session is needed and a forged callback fails the state check.
 */
@Injectable()
export class FeishuSignInService {
  private readonly logger = new Logger('FeishuSignIn');
  private readonly box: SecretBox;

  constructor(
    @Inject(FEISHU_SIGN_IN_CLIENT) private readonly feishu: FeishuClient | null,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.box = new SecretBox(config.jwtSecret, 'feishu-oauth-state');
  }

  get enabled(): boolean {
    return this.feishu !== null;
  }

  get redirectUri(): string {
    return `${this.config.publicUrl}/api/v1/auth/feishu/callback`;
  }

  /** Where to send the browser, and the sealed cookie value that must come back with the callback. */
  begin(): { url: string; cookie: string } {
    const state = randomBytes(24).toString('base64url');
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const pending: PendingAuthorization = { state, verifier, expiresAt: Date.now() + OAUTH_TTL_MS };
    const url = this.client().buildAuthorizeUrl({
      redirectUri: this.redirectUri,
      state,
      codeChallenge: challenge,
    });
    return { url, cookie: this.box.seal(JSON.stringify(pending)) };
  }

  /** Checks state, exchanges the code, and finds the internal user it belongs to. */
  async complete(
    code: string | undefined,
    state: string | undefined,
    cookie: string | undefined,
    meta: RequestMeta,
  ): Promise<User> {
    const pending = this.openCookie(cookie);
    if (!pending || !state || !code || !sameText(state, pending.state) || pending.expiresAt < Date.now()) {
      await this.audit.record({ action: 'auth.feishu.failed', meta, details: { reason: 'state' } });
      throw new FeishuSignInError('feishu_state');
    }
    let info;
    try {
      const token = await this.client().exchangeOAuthCode({
        code,
        redirectUri: this.redirectUri,
        codeVerifier: pending.verifier,
      });
      info = await this.client().getUserInfo(token.accessToken);
    } catch (error) {
      this.logger.warn(`Feishu sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
      await this.audit.record({ action: 'auth.feishu.failed', meta, details: { reason: 'exchange' } });
      throw new FeishuSignInError('feishu_failed');
    }
    const user = await this.matchInternalUser(info.openId, info.enterpriseEmail ?? info.email);
    if (!user) {
      await this.audit.record({
        action: 'auth.feishu.failed',
        meta,
        details: { reason: 'no_account', openId: info.openId },
      });
      throw new FeishuSignInError('feishu_no_account');
    }
    await this.audit.record({
      action: 'auth.login.succeeded',
      actor: user,
      resourceType: 'User',
      resourceId: user.id,
      meta,
      details: { method: 'feishu' },
    });
    return user;
  }

  /**
   * By open_id; on first sign-in, by the email of an internal account not yet linked, which is then
   * linked so later sign-ins no longer depend on the (admin-entered) email. Never creates accounts.
   */
  private async matchInternalUser(openId: string, email: string | undefined): Promise<User | null> {
    let user = await this.users.findByFeishuOpenId(openId);
    if (!user && email) {
      const candidate = await this.users.findByEmail(email);
      if (candidate && !candidate.feishuOpenId && INTERNAL_ROLES.includes(candidate.role)) {
        await this.users.linkFeishu(candidate.id, openId);
        await this.audit.record({
          action: 'user.feishu.linked',
          actor: { id: candidate.id, orgId: candidate.orgId },
          resourceType: 'User',
          resourceId: candidate.id,
          details: { openId },
        });
        user = await this.users.findWithOrganization(candidate.id);
      }
    }
    const usable =
      user &&
      INTERNAL_ROLES.includes(user.role) &&
      user.status === 'active' &&
      user.organization?.status === 'active';
    return usable ? user : null;
  }

  private openCookie(cookie: string | undefined): PendingAuthorization | null {
    if (!cookie) return null;
    try {
      return JSON.parse(this.box.open(cookie)) as PendingAuthorization;
    } catch {
      return null;
    }
  }

  private client(): FeishuClient {
    if (!this.feishu) throw new Error('Feishu sign-in is not configured');
    return this.feishu;
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
