import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { subject } from '@casl/ability';
import { DataSource, EntityManager, QueryFailedError, Repository } from 'typeorm';
import {
  accessibleWhere,
  AppAbility,
  AuthUser,
  AuthUserResolver,
  Role,
  roleFitsOrgKind,
} from '@portico/auth';
import {
  BadInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PolicyViolationError,
  decodeKeyset,
  LargePageQueryDto,
  Page,
  toPage,
} from '../common';
import { AuditService, RequestMeta } from '../audit';
import { passwordProblem } from './password-policy/password-policy';
import { TokenService } from '../sessions';
import { User } from './entities/user.entity';
import { ChangePasswordDto, MENTION_FIELDS, UpdateMeDto, UpdateUserDto } from './dto/user-input.dto';
import { PasswordHasher } from './password-hasher';
import { AccountStates } from './account-states';

export {
  ACCOUNT_CHANGES_CHANNEL,
  ACCOUNT_STATE_TTL_MS,
  ACCOUNT_STATE_UNFOLLOWED_TTL_MS,
  ALL_ACCOUNTS,
  toAuthUser,
} from './account-states';

@Injectable()
export class UsersService implements AuthUserResolver {
  private readonly accountStates: AccountStates;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
  ) {
    this.accountStates = new AccountStates(users, dataSource);
  }

  /** The signed-in account, if it may still act and the session version matches (cached briefly; see account-states.ts). */
  resolve(userId: string, sessionVersion: number): Promise<AuthUser | null> {
    return this.accountStates.resolve(userId, sessionVersion);
  }

  /**
   * The account an API token acts as, if it may still act (active, organisation active); the same
   * short-lived account state as bearer JWTs, without their session version (tokens are revoked
   * on their own, not by signing out).
   */
  resolveAccount(userId: string): Promise<AuthUser | null> {
    return this.accountStates.resolveAccount(userId);
  }

  /**
   * The organisation's service user, which its API tokens act as: a supplier_member without a
   * password (it can never sign in), created with the organisation's first token.
   */
  async ensureServiceUser(orgId: string, manager: EntityManager): Promise<User> {
    const email = `api-tokens+${orgId}@service.portico.invalid`;
    await manager
      .createQueryBuilder()
      .insert()
      .into(User)
      .values({ orgId, email, displayName: 'API integration', role: 'supplier_member', status: 'active' })
      .orIgnore()
      .execute();
    const user = await this.findByEmail(email, manager);
    if (!user) throw new Error(`service user of organisation ${orgId} missing after insert`);
    return user;
  }

  /** Drops every cached account state in every API process, e.g. after an organisation was disabled. */
  forgetAll(): void {
    this.accountStates.forgetAll();
  }

  /** Drops the cached account state in every API process after a change to the user (status, role, sessions). */
  forget(userId: string): void {
    this.accountStates.forget(userId);
  }

  /** Drops this process's copy of one account's state (a user id) or of all (ALL_ACCOUNTS). */
  dropCached(key: string): void {
    this.accountStates.dropCached(key);
  }

  /** Called by the account-changes listener; see AccountStates.followChanges. */
  followChanges(following: boolean): void {
    this.accountStates.followChanges(following);
  }

  /** The account behind a login attempt, with its secrets (never returned to clients). */
  findForLogin(email: string): Promise<User | null> {
    return this.withSecrets()
      .innerJoinAndSelect('user.organization', 'organization')
      .where('lower(user.email) = lower(:email)', { email })
      .getOne();
  }

  findWithSecrets(id: string): Promise<User | null> {
    return this.withSecrets()
      .innerJoinAndSelect('user.organization', 'organization')
      .where('user.id = :id', { id })
      .getOne();
  }

  findWithOrganization(id: string): Promise<User | null> {
    return this.users.findOne({ where: { id }, relations: { organization: true } });
  }

  findByEmail(email: string, manager?: EntityManager): Promise<User | null> {
    return (manager?.getRepository(User) ?? this.users)
      .createQueryBuilder('user')
      .where('lower(user.email) = lower(:email)', { email })
      .getOne();
  }

  findByFeishuOpenId(openId: string): Promise<User | null> {
    return this.users.findOne({ where: { feishuOpenId: openId }, relations: { organization: true } });
  }

  async linkFeishu(id: string, openId: string): Promise<void> {
    await this.users.update({ id }, { feishuOpenId: openId });
  }

  /**
   * Active internal users with what @-mentions need, found by id, by e-mail (case-insensitive) or by
   * Jira account id. Mentions only ever name internal people.
   */
  async mentionProfiles(by: {
    ids?: string[];
    emails?: string[];
    jiraAccountIds?: string[];
  }): Promise<User[]> {
    const ids = by.ids ?? [];
    const emails = (by.emails ?? []).map((e) => e.toLowerCase());
    const accounts = by.jiraAccountIds ?? [];
    if (!ids.length && !emails.length && !accounts.length) return [];
    return this.users
      .createQueryBuilder('user')
      .innerJoin('user.organization', 'organization')
      .where("user.status = 'active' AND organization.kind = 'internal'")
      .andWhere(
        '(user.id = ANY(:ids) OR lower(user.email) = ANY(:emails) OR user.jira_account_id = ANY(:accounts))',
        {
          ids,
          emails,
          accounts,
        },
      )
      .getMany();
  }

  /** A user the caller may see, or 404 — a forbidden account looks exactly like a missing one. */
  async findVisible(ability: AppAbility, id: string): Promise<User> {
    const user = await this.users
      .createQueryBuilder('user')
      .innerJoinAndSelect('user.organization', 'organization')
      .where('user.id = :id', { id })
      .andWhere(accessibleWhere(ability, 'read', 'User', 'user'))
      .getOne();
    if (!user) throw new NotFoundError('User not found');
    return user;
  }

  /** Members of one organisation the caller may see, by email, filtered in SQL. */
  async listForOrg(ability: AppAbility, orgId: string, query: LargePageQueryDto): Promise<Page<User>> {
    const limit = query.limit ?? 50;
    const after = decodeKeyset(query.cursor, 2);
    const qb = this.users
      .createQueryBuilder('user')
      .where('user.orgId = :orgId', { orgId })
      .andWhere(accessibleWhere(ability, 'read', 'User', 'user'))
      .orderBy('user.email', 'ASC')
      .addOrderBy('user.id', 'ASC')
      .take(limit + 1);
    if (after) qb.andWhere('(user.email, user.id) > (:email, :id)', { email: after[0], id: after[1] });
    return toPage(await qb.getMany(), limit, (u) => [u.email, u.id]);
  }

  /**
   * Role/status changes by an administrator. Every field must be allowed on the account as it is
   * AND as it would be, so nobody can lift an account out of their reach (e.g. promote to pm).
   */
  async update(
    actor: AuthUser,
    ability: AppAbility,
    id: string,
    dto: UpdateUserDto,
    meta: RequestMeta,
  ): Promise<User> {
    const before = await this.findVisible(ability, id);
    const changes = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as Partial<
      Pick<User, 'role' | 'status' | (typeof MENTION_FIELDS)[number]>
    >;
    if (!Object.keys(changes).length)
      throw new BadInputError('Nothing to change', [{ field: 'body', message: 'names no field to change' }]);
    if (before.status === 'invited' && changes.status) {
      throw new PolicyViolationError('An invited user becomes active by accepting the invitation', [
        { field: 'status', message: 'cannot change before the invitation is accepted' },
      ]);
    }
    const { organization: _org, ...plain } = before;
    const after = { ...plain, ...changes };
    for (const field of Object.keys(changes)) {
      if (
        ability.cannot('update', subject('User', { ...plain }), field) ||
        ability.cannot('update', subject('User', after), field)
      ) {
        throw new ForbiddenError(`Not allowed to change ${field} of this user`, [
          { field, message: 'may not be changed by you' },
        ]);
      }
    }
    if (changes.role && before.organization && !roleFitsOrgKind(changes.role, before.organization.kind)) {
      throw new PolicyViolationError(
        `Role ${changes.role} does not fit a ${before.organization.kind} organisation`,
        [{ field: 'role', message: 'does not fit the organisation' }],
      );
    }
    const mappings = MENTION_FIELDS.filter((f) => f in changes);
    if (mappings.length && before.organization?.kind !== 'internal') {
      // Mentions only ever name internal people; suppliers' accounts carry no such identities.
      throw new PolicyViolationError('Only internal users are mapped to Feishu, DingTalk and Jira', [
        { field: mappings[0], message: 'only for users of the internal organisation' },
      ]);
    }
    const endSessions =
      changes.status === 'disabled' || (changes.role !== undefined && changes.role !== before.role);
    await this.dataSource.transaction(async (manager) => {
      await manager
        .getRepository(User)
        .update({ id }, changes)
        .catch((error: unknown) => {
          if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505')
            throw new ConflictError('Another user is linked to this Feishu account', [
              { field: 'feishuOpenId', message: 'already linked to another user' },
            ]);
          throw error;
        });
      if (endSessions) await this.endSessions(id, manager);
      for (const [field, value] of Object.entries(changes)) {
        const old = before[field as keyof typeof changes];
        if (old === value) continue;
        await this.audit.record(
          {
            action: `user.${field}.changed`,
            actor,
            orgId: before.orgId,
            resourceType: 'User',
            resourceId: id,
            meta,
            details: { from: old, to: value },
          },
          manager,
        );
      }
    });
    this.forget(id);
    return (await this.users.findOneBy({ id }))!;
  }

  async updateMe(actor: AuthUser, ability: AppAbility, dto: UpdateMeDto): Promise<User> {
    const changes = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as Partial<
      Pick<User, 'displayName' | 'locale'>
    >;
    const self = subject('User', { id: actor.id, orgId: actor.orgId, role: actor.role });
    for (const field of Object.keys(changes)) {
      if (ability.cannot('update', self, field))
        throw new ForbiddenError(`Not allowed to change ${field}`, [
          { field, message: 'may not be changed by you' },
        ]);
    }
    if (Object.keys(changes).length) await this.users.update({ id: actor.id }, changes);
    this.forget(actor.id);
    return (await this.findWithOrganization(actor.id))!;
  }

  /** Ends every session of the user, this one included: the client signs in with the new password. */
  async changePassword(actor: AuthUser, dto: ChangePasswordDto, meta: RequestMeta): Promise<void> {
    const user = await this.findWithSecrets(actor.id);
    if (!user || !(await this.passwords.verify(user.passwordHash, dto.currentPassword))) {
      throw new BadInputError('Current password is wrong', [
        { field: 'currentPassword', message: 'is not your current password' },
      ]);
    }
    await this.setPassword(user, dto.newPassword, { action: 'user.password.changed', actor, meta });
  }

  /** "Sign out everywhere": every access and refresh token of the caller stops working, in every process. */
  async endAllSessions(actor: AuthUser, meta: RequestMeta): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.endSessions(actor.id, manager);
      await this.audit.record(
        {
          action: 'user.sessions.ended',
          actor,
          orgId: actor.orgId,
          resourceType: 'User',
          resourceId: actor.id,
          meta,
        },
        manager,
      );
    });
    this.forget(actor.id);
  }

  /** Validates and stores a new password, ending all sessions, in one transaction with its audit event. */
  async setPassword(
    user: User,
    password: string,
    event: { action: string; actor?: AuthUser | null; meta: RequestMeta },
    extra?: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    const problem = passwordProblem(password, user.email);
    if (problem)
      throw new PolicyViolationError(`Password ${problem}`, [{ field: 'password', message: problem }]);
    const hash = await this.passwords.hash(password);
    await this.dataSource.transaction(async (manager) => {
      await manager
        .getRepository(User)
        .update({ id: user.id }, { passwordHash: hash, failedLogins: 0, lockedUntil: null });
      await this.endSessions(user.id, manager);
      await extra?.(manager);
      await this.audit.record(
        {
          action: event.action,
          actor: event.actor,
          orgId: user.orgId,
          resourceType: 'User',
          resourceId: user.id,
          meta: event.meta,
        },
        manager,
      );
    });
    this.forget(user.id);
  }

  /** Access tokens carry the session version; bumping it and revoking refresh tokens ends everything. */
  async endSessions(userId: string, manager: EntityManager): Promise<void> {
    await manager.getRepository(User).increment({ id: userId }, 'sessionVersion', 1);
    await this.tokens.revokeAllForUser(userId, manager);
    this.accountStates.dropCached(userId);
    await this.accountStates.announce(userId, manager);
  }

  /** An account waiting for its invitation to be accepted (or the existing invited one, re-invited). */
  async createInvited(
    manager: EntityManager,
    input: { orgId: string; email: string; role: Role },
  ): Promise<User> {
    const existing = await this.findByEmail(input.email, manager);
    if (existing && (existing.status !== 'invited' || existing.orgId !== input.orgId)) {
      throw new ConflictError('A user with this email already exists', [
        { field: 'email', message: 'is already registered' },
      ]);
    }
    const repository = manager.getRepository(User);
    if (existing) {
      await repository.update({ id: existing.id }, { role: input.role });
      return { ...existing, role: input.role };
    }
    const email = input.email.toLowerCase();
    return repository.save(
      repository.create({
        orgId: input.orgId,
        email,
        displayName: email.split('@')[0],
        role: input.role,
        status: 'invited',
      }),
    );
  }

  async activateInvited(
    manager: EntityManager,
    userId: string,
    displayName: string,
    password: string,
  ): Promise<void> {
    await manager
      .getRepository(User)
      .update(
        { id: userId },
        { displayName, passwordHash: await this.passwords.hash(password), status: 'active' },
      );
    this.forget(userId);
  }

  /** Which of these email domains the users of these organisations use (e.g. internal staff's). */
  async emailDomainsAmong(orgIds: string[], domains: string[]): Promise<string[]> {
    if (!orgIds.length || !domains.length) return [];
    const rows: Array<{ domain: string }> = await this.users.query(
      `SELECT DISTINCT lower(split_part(u.email, '@', 2)) AS domain
         FROM "user" u
        WHERE u.org_id = ANY($1::uuid[]) AND lower(split_part(u.email, '@', 2)) = ANY($2)`,
      [orgIds, domains],
    );
    return rows.map((r) => r.domain);
  }

  /** A supplier_member created on first single sign-on (no password: the IdP is their only way in). */
  async createFromSso(input: { orgId: string; email: string; displayName: string }): Promise<User> {
    const saved = await this.users.save(
      this.users.create({
        orgId: input.orgId,
        email: input.email.toLowerCase(),
        displayName: input.displayName,
        role: 'supplier_member',
        status: 'active',
      }),
    );
    return (await this.findWithOrganization(saved.id))!;
  }

  /** An invited account whose first sign-in came through single sign-on: active, no password set. */
  async activateFromSso(userId: string, displayName: string): Promise<void> {
    await this.users.update({ id: userId, status: 'invited' }, { displayName, status: 'active' });
    this.forget(userId);
  }

  /**
   * Counts a failed password and locks the account for `lockMinutes` at the `maxFailures`-th
   * consecutive one, atomically so parallel attempts cannot overshoot. Returns true when this
   * attempt caused the lock.
   */
  async registerFailedLogin(id: string, maxFailures: number, lockMinutes: number): Promise<boolean> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [rows]: [{ locked: boolean }[], number] = await this.users.query(
      `UPDATE "user"
          SET failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
              locked_until  = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
        WHERE id = $1
        RETURNING (failed_logins = 0) AS locked`,
      [id, maxFailures, lockMinutes],
    );
    return rows[0]?.locked ?? false;
  }

  async clearFailedLogins(id: string): Promise<void> {
    await this.users.update({ id }, { failedLogins: 0, lockedUntil: null });
  }

  /** Stores TOTP state (the secret encrypted by the caller); `enabledAt` null = enrolment pending. */
  async setTotp(
    id: string,
    state: { totpSecret: string | null; totpEnabledAt: Date | null; recoveryCodeHashes: string[] },
  ): Promise<void> {
    await this.users.update({ id }, state);
  }

  /** Records the time step of an accepted TOTP code; false when that step (or a later one) was used already. */
  async claimTotpStep(id: string, step: number): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.users.query(
      `UPDATE "user" SET totp_last_used_step = $2 WHERE id = $1 AND (totp_last_used_step IS NULL OR totp_last_used_step < $2)`,
      [id, step],
    );
    return affected === 1;
  }

  /** Uses up one recovery code atomically; false when it was not (or no longer) there. */
  async consumeRecoveryCode(id: string, codeHash: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.users.query(
      `UPDATE "user" SET recovery_code_hashes = array_remove(recovery_code_hashes, $2) WHERE id = $1 AND $2 = ANY(recovery_code_hashes)`,
      [id, codeHash],
    );
    return affected === 1;
  }

  private withSecrets() {
    return this.users
      .createQueryBuilder('user')
      .addSelect(['user.passwordHash', 'user.totpSecret', 'user.recoveryCodeHashes']);
  }
}
