import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import * as oidc from 'openid-client';
import { DataSource, Repository } from 'typeorm';
import { AuditService, RequestMeta } from '../audit/audit.service';
import { egressPolicy } from '../common/egress';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { InvitationsService } from '../organizations/invitations.service';
import { discoverIssuer, oidcFailure } from '../organizations/oidc-issuer';
import {
  emailDomainOf,
  SSO_CALLBACK_PATH,
  SsoConnection,
  SsoSettingsService,
} from '../organizations/sso-settings.service';
import { UsersService } from '../users/users.service';
import type { User } from '../users/entities/user.entity';
import { SsoAuthorization, SsoIdentity } from './entities/sso.entity';

export const SSO_COOKIE = 'portico_sso';
export const SSO_COOKIE_PATH = '/api/v1/auth/sso';
export const SSO_AUTHORIZATION_TTL_MS = 10 * 60_000;

/** Why a single sign-on was refused; the login page shows `/login?error=sso_<reason>`. */
export type SsoRefusalReason =
  | 'unavailable'
  | 'idp_unreachable'
  | 'state'
  | 'idp_error'
  | 'response_invalid'
  | 'code_rejected'
  | 'id_token_invalid'
  | 'email_unverified'
  | 'domain_not_allowed'
  | 'wrong_organization'
  | 'already_linked'
  | 'not_invited'
  | 'account_disabled'
  | 'account_locked';

export class SsoRefusal extends Error {
  constructor(readonly reason: SsoRefusalReason) {
    super(reason);
  }
}

const hash = (value: string) => createHash('sha256').update(value).digest('hex');
const token = () => randomBytes(32).toString('base64url');

/**
 * OpenID Connect sign-in for supplier organisations: authorization code flow with PKCE, `state` and
 * `nonce` kept in PostgreSQL (single-use, 10 minutes), the ID token verified by openid-client
 * (signature against the IdP's JWKS, `iss`, `aud`, `exp`, `nonce`). Users are linked by (issuer,
 * subject); an address is trusted only when the IdP says it is verified and its domain is one the
 * organisation claims, and never reaches a user of another organisation.
 */
@Injectable()
export class SsoSignInService {
  private readonly logger = new Logger('SsoSignIn');

  constructor(
    @InjectRepository(SsoAuthorization) private readonly pending: Repository<SsoAuthorization>,
    @InjectRepository(SsoIdentity) private readonly identities: Repository<SsoIdentity>,
    private readonly dataSource: DataSource,
    private readonly settings: SsoSettingsService,
    private readonly users: UsersService,
    private readonly invitations: InvitationsService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get redirectUri(): string {
    return `${this.config.publicUrl}${SSO_CALLBACK_PATH}`;
  }

  /** Whether the address signs in with its company account; says nothing about which company. */
  async discover(email: string): Promise<{ sso: boolean; startUrl?: string; required?: boolean }> {
    const connection = await this.settings.connectionForEmail(email);
    if (!connection) return { sso: false };
    return {
      sso: true,
      startUrl: `${SSO_COOKIE_PATH}/start?email=${encodeURIComponent(email.trim().toLowerCase())}`,
      required: connection.requireSso,
    };
  }

  /**
   * The IdP's authorization URL for the organisation claiming the address (or the given one), after
   * storing what the callback must find. `browser` is the cookie value binding the flow to this browser.
   */
  async begin(
    by: { email?: string; orgId?: string },
    browser: string | undefined,
    meta: RequestMeta,
  ): Promise<{ url: string; browser: string }> {
    const connection = by.orgId
      ? await this.settings.connection(by.orgId)
      : by.email
        ? await this.settings.connectionForEmail(by.email)
        : null;
    if (!connection) throw new SsoRefusal('unavailable');
    let config: oidc.Configuration;
    try {
      config = await discoverIssuer(connection, egressPolicy(this.config));
    } catch (error) {
      return this.refuse('idp_unreachable', meta, connection.orgId, { detail: oidcFailure(error) });
    }
    const state = token();
    const nonce = token();
    const verifier = oidc.randomPKCECodeVerifier();
    const binding = browser && /^[A-Za-z0-9_-]{43}$/.test(browser) ? browser : token();
    await this.pending
      .createQueryBuilder()
      .delete()
      .where(`expires_at < now() - interval '1 hour'`)
      .execute();
    await this.pending.insert({
      stateHash: hash(state),
      orgId: connection.orgId,
      browserHash: hash(binding),
      nonce,
      codeVerifier: verifier,
      expiresAt: new Date(Date.now() + SSO_AUTHORIZATION_TTL_MS),
    });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      ...(by.email ? { login_hint: by.email.trim().toLowerCase() } : {}),
    });
    return { url: url.href, browser: binding };
  }

  /** Verifies the IdP's answer and returns the Portico user to start a session for. */
  async complete(search: URLSearchParams, browser: string | undefined, meta: RequestMeta): Promise<User> {
    const state = search.get('state');
    // Taking the row deletes it: a replayed callback finds nothing, on any API process.
    const [taken] = state
      ? ((
          await this.pending.query(`DELETE FROM sso_authorization WHERE state_hash = $1 RETURNING *`, [
            hash(state),
          ])
        )[0] as Array<{
          org_id: string;
          browser_hash: string;
          nonce: string;
          code_verifier: string;
          expires_at: Date;
        }>)
      : [];
    if (!taken || !browser || hash(browser) !== taken.browser_hash || new Date(taken.expires_at) < new Date())
      return this.refuse('state', meta, taken?.org_id, { stateKnown: Boolean(taken) });
    const orgId = taken.org_id;
    const connection = await this.settings.connection(orgId);
    if (!connection) return this.refuse('unavailable', meta, orgId);

    let config: oidc.Configuration;
    try {
      config = await discoverIssuer(connection, egressPolicy(this.config));
    } catch (error) {
      return this.refuse('idp_unreachable', meta, orgId, { detail: oidcFailure(error) });
    }
    let claims: oidc.IDToken;
    let accessToken: string;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, new URL(`${this.redirectUri}?${search}`), {
        pkceCodeVerifier: taken.code_verifier,
        expectedState: state!,
        expectedNonce: taken.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims()!;
      accessToken = tokens.access_token;
    } catch (error) {
      return this.refuse(grantFailure(error), meta, orgId, { detail: oidcFailure(error) });
    }
    const subject = claims.sub;
    let email = typeof claims.email === 'string' ? claims.email : undefined;
    let verified = claims.email_verified;
    if (email === undefined) {
      // Some providers put the address in UserInfo only.
      try {
        const info = await oidc.fetchUserInfo(config, accessToken, subject);
        email = typeof info.email === 'string' ? info.email : undefined;
        verified = info.email_verified;
      } catch (error) {
        this.logger.warn(`UserInfo failed: ${oidcFailure(error)}`);
      }
    }
    const context = { issuer: connection.issuer, subject, email };
    if (!email || verified !== true) return this.refuse('email_unverified', meta, orgId, context);
    email = email.trim().toLowerCase();
    if (!connection.emailDomains.includes(emailDomainOf(email) ?? ''))
      return this.refuse('domain_not_allowed', meta, orgId, context);

    const user = await this.matchUser(connection, subject, email, displayNameOf(claims, email), meta);
    if (user.status !== 'active' || user.organization?.status !== 'active')
      return this.refuse('account_disabled', meta, orgId, { ...context, userId: user.id });
    if (user.lockedUntil && user.lockedUntil.getTime() > Date.now())
      return this.refuse('account_locked', meta, orgId, { ...context, userId: user.id });
    await this.identities.update({ issuer: connection.issuer, subject }, { lastSignInAt: new Date() });
    await this.audit.record({
      action: 'auth.login.succeeded',
      actor: { id: user.id, orgId: user.orgId },
      resourceType: 'User',
      resourceId: user.id,
      meta,
      details: { method: 'sso', issuer: connection.issuer },
    });
    return user;
  }

  /**
   * By (issuer, subject) once linked. Before that, by the verified address — only within the
   * organisation whose IdP vouched for it, and only for an account not yet linked to this issuer —
   * or, when the organisation allows it, a new supplier_member.
   */
  private async matchUser(
    connection: SsoConnection,
    subject: string,
    email: string,
    displayName: string,
    meta: RequestMeta,
  ): Promise<User> {
    const { issuer, orgId } = connection;
    const context = { issuer, subject, email };
    const identity = await this.identities.findOneBy({ issuer, subject });
    if (identity) {
      if (identity.orgId !== orgId) return this.refuse('wrong_organization', meta, orgId, context);
      const linked = await this.users.findWithOrganization(identity.userId);
      if (!linked || linked.orgId !== orgId) return this.refuse('wrong_organization', meta, orgId, context);
      return linked;
    }
    const existing = await this.users.findForLogin(email);
    if (existing) {
      if (existing.orgId !== orgId)
        return this.refuse('wrong_organization', meta, orgId, { ...context, userId: existing.id });
      if (await this.identities.existsBy({ userId: existing.id, issuer }))
        return this.refuse('already_linked', meta, orgId, { ...context, userId: existing.id });
      await this.link(existing, connection, subject, meta);
      if (existing.status === 'invited') {
        await this.users.activateFromSso(existing.id, displayName);
        await this.invitations.markAcceptedBySso(existing.id, meta);
      }
      return (await this.users.findWithSecrets(existing.id))!;
    }
    if (!connection.createUnknownUsers) return this.refuse('not_invited', meta, orgId, context);
    const created = await this.users.createFromSso({ orgId, email, displayName });
    await this.audit.record({
      action: 'user.sso.created',
      actor: { id: created.id, orgId },
      orgId,
      resourceType: 'User',
      resourceId: created.id,
      meta,
      details: { issuer, subject, email, role: created.role },
    });
    await this.link(created, connection, subject, meta);
    return created;
  }

  private async link(
    user: User,
    connection: SsoConnection,
    subject: string,
    meta: RequestMeta,
  ): Promise<void> {
    await this.identities.insert({
      issuer: connection.issuer,
      subject,
      userId: user.id,
      orgId: connection.orgId,
    });
    await this.audit.record({
      action: 'user.sso.linked',
      actor: { id: user.id, orgId: user.orgId },
      orgId: user.orgId,
      resourceType: 'User',
      resourceId: user.id,
      meta,
      details: { issuer: connection.issuer, subject },
    });
  }

  private async refuse(
    reason: SsoRefusalReason,
    meta: RequestMeta,
    orgId: string | undefined,
    details: Record<string, unknown> = {},
  ): Promise<never> {
    await this.audit.record({
      action: 'auth.sso_refused',
      orgId,
      resourceType: 'Organization',
      resourceId: orgId,
      meta,
      details: { reason, ...details },
    });
    throw new SsoRefusal(reason);
  }
}

function grantFailure(error: unknown): SsoRefusalReason {
  if (error instanceof oidc.AuthorizationResponseError) return 'idp_error';
  if (error instanceof oidc.ResponseBodyError) return 'code_rejected';
  // The authorization response itself (e.g. its `iss` names another provider), before any token.
  if (/response parameter/.test(oidcFailure(error))) return 'response_invalid';
  return 'id_token_invalid';
}

function displayNameOf(claims: oidc.IDToken, email: string): string {
  const name = typeof claims.name === 'string' ? claims.name.trim() : '';
  return (name || email.split('@')[0]).slice(0, 200);
}
