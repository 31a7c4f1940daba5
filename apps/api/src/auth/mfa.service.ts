import { createHash, randomInt } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { authenticator } from 'otplib';
import { toDataURL } from 'qrcode';
import type { AuthUser } from '@portico/auth';
import { BadInputError, ConflictError, PolicyViolationError, SecretBox } from '../common';
import { AuditService, RequestMeta } from '../audit';
import { APP_CONFIG, type AppConfig } from '../config';
import { PasswordHasher, UsersService, type User } from '../users';

const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** RFC 6238 TOTP (30 s, 6 digits, SHA-1 as authenticator apps expect), one step of clock drift allowed. */
const totp = authenticator.clone({ window: 1 });
const TOTP_STEP_SECONDS = 30;

export interface MfaEnrolment {
  secret: string;
  otpauthUri: string;
  qrCodeDataUrl: string;
}

@Injectable()
export class MfaService {
  private readonly box: SecretBox;
  private readonly logger = new Logger('Mfa');

  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.box = new SecretBox(config.jwtSecret, 'totp-secret');
  }

  /** Starts (or restarts) enrolment; the secret only counts once a first code confirms it. */
  async startEnrolment(actor: AuthUser): Promise<MfaEnrolment> {
    const user = await this.users.findWithSecrets(actor.id);
    if (user?.totpEnabledAt)
      throw new ConflictError('Two-factor authentication is already on; turn it off first');
    const secret = totp.generateSecret(20);
    await this.users.setTotp(actor.id, {
      totpSecret: this.box.seal(secret),
      totpEnabledAt: null,
      recoveryCodeHashes: [],
    });
    const otpauthUri = totp.keyuri(actor.email, 'Portico', secret);
    return { secret, otpauthUri, qrCodeDataUrl: await toDataURL(otpauthUri) };
  }

  /** Confirms enrolment with a first code; returns the one-time recovery codes, shown only now. */
  async confirm(actor: AuthUser, code: string, meta: RequestMeta): Promise<string[]> {
    const user = await this.users.findWithSecrets(actor.id);
    if (!user?.totpSecret || user.totpEnabledAt)
      throw new ConflictError('No two-factor enrolment is pending');
    const secret = this.openSecret(user);
    if (!secret || !totp.check(code, secret)) {
      throw new BadInputError('The code does not match', [
        { field: 'code', message: 'is not the current code of your authenticator' },
      ]);
    }
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newRecoveryCode());
    await this.users.setTotp(actor.id, {
      totpSecret: user.totpSecret,
      totpEnabledAt: new Date(),
      recoveryCodeHashes: codes.map(hashRecoveryCode),
    });
    this.users.forget(actor.id);
    await this.audit.record({
      action: 'user.mfa.enabled',
      actor,
      resourceType: 'User',
      resourceId: actor.id,
      meta,
    });
    return codes;
  }

  /** Turns TOTP off after re-checking the password; refused where the organisation requires it. */
  async disable(actor: AuthUser, password: string, meta: RequestMeta): Promise<void> {
    const user = await this.users.findWithSecrets(actor.id);
    if (!user || !(await this.passwords.verify(user.passwordHash, password))) {
      throw new BadInputError('Password is wrong', [
        { field: 'password', message: 'is not your current password' },
      ]);
    }
    if (user.organization?.requireMfa && user.totpEnabledAt) {
      throw new PolicyViolationError('Your organisation requires two-factor authentication');
    }
    await this.users.setTotp(actor.id, { totpSecret: null, totpEnabledAt: null, recoveryCodeHashes: [] });
    this.users.forget(actor.id);
    await this.audit.record({
      action: 'user.mfa.disabled',
      actor,
      resourceType: 'User',
      resourceId: actor.id,
      meta,
    });
  }

  /**
   * The second factor at sign-in: a current TOTP code not used before (a code seen by a shoulder
   * surfer or a phishing proxy cannot be replayed), or an unused recovery code (then spent).
   */
  async verifyAtLogin(user: User, code: string): Promise<'totp' | 'recovery_code' | null> {
    if (/^\d{6}$/.test(code)) {
      if (!user.totpSecret) return null;
      const secret = this.openSecret(user);
      if (!secret) return null;
      const delta = totp.checkDelta(code, secret);
      if (delta === null) return null;
      const step = Math.floor(Date.now() / 1000 / TOTP_STEP_SECONDS) + delta;
      return (await this.users.claimTotpStep(user.id, step)) ? 'totp' : null;
    }
    return (await this.users.consumeRecoveryCode(user.id, hashRecoveryCode(code))) ? 'recovery_code' : null;
  }

  /**
   * The secret is sealed under a key derived from JWT_SECRET; if that changed (e.g. a generated
   * development secret after a restart), the code cannot match and only recovery codes still work.
   */
  private openSecret(user: User): string | null {
    try {
      return user.totpSecret ? this.box.open(user.totpSecret) : null;
    } catch {
      this.logger.warn(`TOTP secret of user ${user.id} cannot be decrypted; was JWT_SECRET changed?`);
      return null;
    }
  }
}

function newRecoveryCode(): string {
  const chars = Array.from({ length: 12 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join(
    '',
  );
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** Recovery codes are random (60 bits), so a fast hash suffices; dashes and case are forgiven. */
function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.toLowerCase().replace(/-/g, '')).digest('hex');
}
