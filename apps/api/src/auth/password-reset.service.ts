import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { NotFoundError, SsoRequiredError } from '../common/domain-errors';
import { SsoSettingsService } from '../organizations/sso-settings.service';
import { AuditService, RequestMeta } from '../audit/audit.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { MailService } from '../mail/mail.service';
import { UsersService } from '../users/users.service';
import { PasswordReset } from './entities/password-reset.entity';
import { hashToken } from './token.service';

export const PASSWORD_RESET_TTL_MINUTES = 60;

@Injectable()
export class PasswordResetService {
  constructor(
    @InjectRepository(PasswordReset) private readonly resets: Repository<PasswordReset>,
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly sso: SsoSettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Mails a reset link to an active account; says nothing about whether the account exists. Beyond
   * the per-address limit the answer stays the same and nothing is mailed. A new link replaces the
   * older ones.
   */
  async request(email: string, meta: RequestMeta): Promise<void> {
    // By domain only, which POST auth/sso/discover tells anyone anyway: nothing about the account.
    if (await this.sso.ssoRequired({ email })) {
      await this.audit.record({
        action: 'auth.password_reset.refused',
        meta,
        details: { email: email.toLowerCase(), reason: 'sso_required' },
      });
      throw ssoRequired();
    }
    if (!(await this.countRequest(email))) {
      await this.audit.record({
        action: 'auth.password_reset.throttled',
        meta,
        details: { email: email.toLowerCase() },
      });
      return;
    }
    const user = await this.users.findByEmail(email);
    if (!user || user.status !== 'active' || (await this.sso.ssoRequired({ orgId: user.orgId }))) {
      // A member of an SSO-only organisation with an address outside its domains gets no link either.
      await this.audit.record({
        action: 'auth.password_reset.requested',
        meta,
        details: { email: email.toLowerCase(), known: false },
      });
      return;
    }
    const token = randomBytes(32).toString('base64url');
    await this.dataSource.transaction(async (manager) => {
      const resets = manager.getRepository(PasswordReset);
      await resets
        .createQueryBuilder()
        .update()
        .set({ usedAt: () => 'now()' })
        .where('user_id = :userId AND used_at IS NULL', { userId: user.id })
        .execute();
      await resets.insert({
        userId: user.id,
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + PASSWORD_RESET_TTL_MINUTES * 60_000),
      });
    });
    await this.audit.record({
      action: 'auth.password_reset.requested',
      orgId: user.orgId,
      resourceType: 'User',
      resourceId: user.id,
      meta,
      details: { known: true },
    });
    await this.mail.send({
      to: user.email,
      subject: 'Reset your Portico password',
      text: [
        'Someone (hopefully you) asked to reset your Portico password.',
        '',
        `Choose a new password: ${this.config.publicUrl}/reset-password/${token}`,
        '',
        `The link works once and expires in ${PASSWORD_RESET_TTL_MINUTES} minutes. If you did not ask for it, ignore this mail.`,
      ].join('\n'),
    });
  }

  /**
   * Counts a request against the address's hourly limit, known address or not; false when it is
   * used up. The lock makes concurrent requests for one address count one after another.
   */
  private countRequest(email: string): Promise<boolean> {
    const emailHash = hashToken(email.trim().toLowerCase());
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('portico.password_reset:' || $1))`, [
        emailHash,
      ]);
      await manager.query(
        `DELETE FROM password_reset_request WHERE email_hash = $1 AND requested_at <= now() - interval '1 hour'`,
        [emailHash],
      );
      const [{ count }] = (await manager.query(
        `SELECT count(*)::int AS count FROM password_reset_request WHERE email_hash = $1`,
        [emailHash],
      )) as Array<{ count: number }>;
      if (count >= this.config.passwordResetsPerAddressPerHour) return false;
      await manager.query(`INSERT INTO password_reset_request (email_hash) VALUES ($1)`, [emailHash]);
      return true;
    });
  }

  /** Sets the new password; the token is spent even if two requests race. All sessions end. */
  async complete(token: string, password: string, meta: RequestMeta): Promise<void> {
    const reset = await this.resets
      .createQueryBuilder('r')
      .where('r.tokenHash = :hash', { hash: hashToken(token) })
      .andWhere('r.usedAt IS NULL AND r.expiresAt > now()')
      .getOne();
    const user = reset && (await this.users.findWithSecrets(reset.userId));
    if (!reset || !user || user.status !== 'active')
      throw new NotFoundError('Reset link not found, already used or expired');
    // A link mailed before the organisation switched to SSO-only.
    const email = user.organization?.kind === 'internal' ? undefined : user.email;
    if (await this.sso.ssoRequired({ orgId: user.orgId, email })) throw ssoRequired();
    await this.users.setPassword(
      user,
      password,
      { action: 'auth.password_reset.completed', meta },
      async (manager) => {
        const { affected } = await manager
          .getRepository(PasswordReset)
          .createQueryBuilder()
          .update()
          .set({ usedAt: () => 'now()' })
          .where('id = :id AND used_at IS NULL', { id: reset.id })
          .execute();
        if (affected !== 1) throw new NotFoundError('Reset link not found, already used or expired');
        // Other outstanding links of this user die with this one.
        await manager
          .getRepository(PasswordReset)
          .createQueryBuilder()
          .update()
          .set({ usedAt: () => 'now()' })
          .where('user_id = :userId AND used_at IS NULL', { userId: user.id })
          .execute();
      },
    );
  }
}

function ssoRequired(): SsoRequiredError {
  return new SsoRequiredError(
    'This organisation signs in with its company account; its passwords cannot be reset in Portico',
    [{ field: 'email', message: 'must sign in with single sign-on' }],
  );
}
