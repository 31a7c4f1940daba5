import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit';
import { passwordProblem, User, PasswordHasher, UsersService } from '../users';
import { APP_CONFIG, type AppConfig } from '../config';
import { ADVISORY_LOCKS, withAdvisoryLock } from '../database';
import { Organization } from '../organizations';
import { DEMO_INTERNAL_ORG } from './seed.service';

export interface AdminRequest {
  email: string;
  displayName: string;
  password: string;
  /** Name of the internal organisation, used only when none exists yet. */
  orgName?: string;
  /** Replace the password of an existing account (which otherwise stays exactly as it is). */
  resetPassword?: boolean;
  /** Where the request came from, recorded in the audit event (`cli`, `ADMIN_EMAIL`). */
  via: string;
}

export type AdminOutcome =
  | { result: 'created'; user: User }
  | { result: 'unchanged'; user: User }
  | { result: 'password-reset'; user: User };

export class WeakPasswordError extends Error {
  override name = 'WeakPasswordError';
}

/**
 * The first administrator of a fresh database: `npm run admin -- create` (admin.ts), or ADMIN_EMAIL +
 * ADMIN_PASSWORD(_FILE) at start-up when no administrator exists yet. Audited as `user.bootstrap`.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordHasher,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.bootstrapAdmin;
    if (!admin) return;
    let outcome: AdminOutcome | null;
    try {
      outcome = await this.createIfNoAdmin({ ...admin, via: 'ADMIN_EMAIL' });
    } catch (error) {
      if (error instanceof WeakPasswordError) throw new Error(`ADMIN_PASSWORD ${error.message}`);
      throw error;
    }
    if (outcome?.result === 'created') this.logger.log(`Created the administrator ${admin.email}`);
  }

  /** Creates the administrator unless an administrator already exists (then null): never overwrites. */
  createIfNoAdmin(request: AdminRequest): Promise<AdminOutcome | null> {
    return this.exclusively(async () => {
      if (await this.dataSource.getRepository(User).existsBy({ role: 'admin' })) return null;
      return this.createOrReset(request);
    });
  }

  /** Creates the administrator, or leaves an existing account unchanged unless `resetPassword`. */
  createAdmin(request: AdminRequest): Promise<AdminOutcome> {
    return this.exclusively(() => this.createOrReset(request));
  }

  private async createOrReset(request: AdminRequest): Promise<AdminOutcome> {
    const email = request.email.trim().toLowerCase();
    const problem = passwordProblem(request.password, email);
    if (problem) throw new WeakPasswordError(problem);
    const existing = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .where('lower(u.email) = :email', { email })
      .getOne();
    if (existing && !request.resetPassword) return { result: 'unchanged', user: existing };
    if (existing) {
      // The same path as any password change: lockout cleared, every session ended, audited.
      await this.users.setPassword(existing, request.password, {
        action: 'user.bootstrap',
        actor: null,
        meta: {},
      });
      return { result: 'password-reset', user: existing };
    }
    const hash = await this.passwords.hash(request.password);
    const user = await this.dataSource.transaction(async (manager) => {
      const orgs = manager.getRepository(Organization);
      const internal =
        (await orgs.findOneBy({ kind: 'internal' })) ??
        (await orgs.save(orgs.create({ name: request.orgName ?? DEMO_INTERNAL_ORG, kind: 'internal' })));
      const users = manager.getRepository(User);
      const created = await users.save(
        users.create({
          orgId: internal.id,
          email,
          displayName: request.displayName,
          role: 'admin',
          status: 'active',
          passwordHash: hash,
        }),
      );
      await this.audit.record(
        {
          action: 'user.bootstrap',
          orgId: internal.id,
          resourceType: 'User',
          resourceId: created.id,
          details: { email, via: request.via },
        },
        manager,
      );
      return created;
    });
    return { result: 'created', user };
  }

  /** Processes starting together with ADMIN_EMAIL set create the administrator once. */
  private exclusively<T>(work: () => Promise<T>): Promise<T> {
    return withAdvisoryLock(this.dataSource, ADVISORY_LOCKS.adminBootstrap, work);
  }
}
