import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@portico/auth';
import { AccountLockedError, DomainError, FieldError, SsoRequiredError, UnauthorizedError } from '../common';
import { AuditService, RequestMeta } from '../audit';
import { SsoSettingsService } from '../organizations';
import { toAuthUser, UsersService, User, PasswordHasher } from '../users';
import { MfaService } from './mfa.service';
import { ACCESS_TOKEN_TTL_SECONDS, IssuedRefreshToken, TokenService } from '../sessions';
import { LoginDto } from './dto/login-input.dto';

export const MAX_FAILED_LOGINS = 10;
export const LOCKOUT_MINUTES = 15;
const GENERIC_LOGIN_FAILURE = 'Invalid email or password';
export const SSO_REQUIRED_MESSAGE =
  'This organisation signs in with its company account: use “Sign in with your company account”';

export interface SessionTokens {
  accessToken: string;
  expiresIn: number;
  user: AuthUser;
  refresh: IssuedRefreshToken;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly mfa: MfaService,
    private readonly sso: SsoSettingsService,
  ) {}

  /** Email + password sign-in. Every failure gives the same answer, whatever its cause. */
  async login(dto: LoginDto, meta: RequestMeta): Promise<SessionTokens> {
    const user = await this.users.findForLogin(dto.email);
    const fail = async (
      reason: string,
      errors: FieldError[] = [],
      message = GENERIC_LOGIN_FAILURE,
      Refusal: new (message: string, errors: FieldError[]) => DomainError = UnauthorizedError,
    ): Promise<never> => {
      await this.audit.record({
        action: 'auth.login.failed',
        orgId: user?.orgId,
        resourceType: 'User',
        resourceId: user?.id,
        meta,
        details: { reason, email: dto.email.toLowerCase() },
      });
      throw new Refusal(message, errors);
    };
    const countFailure = async () => {
      const locked = await this.users.registerFailedLogin(user!.id, MAX_FAILED_LOGINS, LOCKOUT_MINUTES);
      if (locked) {
        await this.audit.record({
          action: 'auth.account.locked',
          orgId: user!.orgId,
          resourceType: 'User',
          resourceId: user!.id,
          meta,
          details: { minutes: LOCKOUT_MINUTES },
        });
      }
    };

    // An address of a domain whose organisation requires SSO: refused before any password is
    // checked (so no failure counts towards a lock); `POST auth/sso/discover` says as much anyway.
    // Internal staff are never bound by a supplier's claim on a domain (admins must always get in).
    if (user?.organization?.kind !== 'internal' && (await this.sso.ssoRequired({ email: dto.email })))
      return fail(
        'sso_required',
        [{ field: 'email', message: 'must sign in with single sign-on' }],
        SSO_REQUIRED_MESSAGE,
        SsoRequiredError,
      );
    if (user?.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
      await this.passwords.verify(null, dto.password);
      // Said plainly, so the person waits or asks an administrator instead of trying more passwords.
      return fail(
        'locked',
        [],
        `This account is locked after too many failed sign-ins; try again in ${LOCKOUT_MINUTES} minutes or ask an administrator to unlock it`,
        AccountLockedError,
      );
    }
    const passwordOk = await this.passwords.verify(user?.passwordHash, dto.password);
    if (!user) return fail('unknown_email');
    if (!passwordOk) {
      await countFailure();
      return fail('bad_password');
    }
    if (user.status !== 'active') return fail(`user_${user.status}`);
    if (user.organization?.status !== 'active') return fail('organization_disabled');
    // A member whose address is outside the claimed domains: told only once the password is right.
    if (await this.sso.ssoRequired({ orgId: user.orgId }))
      return fail(
        'sso_required',
        [{ field: 'email', message: 'must sign in with single sign-on' }],
        SSO_REQUIRED_MESSAGE,
        SsoRequiredError,
      );

    // The second factor is asked for only once the password is right, so its prompt reveals nothing.
    let method = 'password';
    if (user.totpEnabledAt) {
      if (!dto.totp)
        return fail('mfa_required', [{ field: 'totp', message: 'is required' }], 'Two-factor code required');
      const used = await this.mfa.verifyAtLogin(user, dto.totp);
      if (!used) {
        await countFailure();
        return fail('bad_totp', [{ field: 'totp', message: 'is not valid' }], 'Two-factor code is not valid');
      }
      method = `password+${used}`;
    }

    if (user.failedLogins > 0 || user.lockedUntil) await this.users.clearFailedLogins(user.id);
    const session = await this.startSession(user);
    await this.audit.record({
      action: 'auth.login.succeeded',
      actor: session.user,
      resourceType: 'User',
      resourceId: user.id,
      meta,
      details: { method },
    });
    return session;
  }

  /** Exchanges the refresh cookie for new tokens; replaying a used one ends that session family. */
  async refresh(refreshToken: string | undefined, meta: RequestMeta): Promise<SessionTokens> {
    if (!refreshToken) throw new UnauthorizedError('Session expired; sign in again');
    const result = await this.tokens.rotate(refreshToken);
    if (result.outcome === 'reused') {
      await this.audit.record({
        action: 'auth.refresh.reused',
        resourceType: 'User',
        resourceId: result.userId,
        meta,
        details: { familyId: result.familyId },
      });
    }
    if (result.outcome !== 'rotated') throw new UnauthorizedError('Session expired; sign in again');
    const user = await this.users.findWithOrganization(result.userId);
    if (!user || user.status !== 'active' || user.organization?.status !== 'active') {
      await this.tokens.revokeAllForUser(result.userId);
      throw new UnauthorizedError('Session expired; sign in again');
    }
    return { ...this.accessFor(user), refresh: result.refresh };
  }

  async logout(refreshToken: string | undefined, meta: RequestMeta): Promise<void> {
    if (!refreshToken) return;
    const userId = await this.tokens.revokeSessionOf(refreshToken);
    if (userId)
      await this.audit.record({ action: 'auth.logout', resourceType: 'User', resourceId: userId, meta });
  }

  async startSession(user: User): Promise<SessionTokens> {
    const refresh = await this.tokens.issueRefreshToken(user.id);
    return { ...this.accessFor(user), refresh };
  }

  private accessFor(user: User): Omit<SessionTokens, 'refresh'> {
    return {
      accessToken: this.tokens.signAccessToken(user.id, user.sessionVersion),
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      user: toAuthUser(user),
    };
  }
}
