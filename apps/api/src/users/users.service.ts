import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuthUser, AuthUserResolver } from '@portico/auth';
import { User } from './entities/user.entity';

/** What the per-request account check needs, kept briefly so a request costs no extra query. */
interface AccountState {
  user: AuthUser;
  active: boolean;
  sessionVersion: number;
  loadedAt: number;
}

/**
 * Every authenticated request re-checks the account (status, organisation status, session
 * version) so disabling a user or changing a password ends access at once in this process and
 * within ACCOUNT_STATE_TTL_MS in any other. The short cache keeps list endpoints at one query.
 */
export const ACCOUNT_STATE_TTL_MS = 5_000;
const ACCOUNT_STATE_MAX = 10_000;

@Injectable()
export class UsersService implements AuthUserResolver {
  private readonly accountStates = new Map<string, AccountState>();

  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  async resolve(userId: string, sessionVersion: number): Promise<AuthUser | null> {
    let state = this.accountStates.get(userId);
    if (!state || Date.now() - state.loadedAt > ACCOUNT_STATE_TTL_MS) {
      const user = await this.users.findOne({ where: { id: userId }, relations: { organization: true } });
      if (!user?.organization) return null;
      state = {
        user: toAuthUser(user),
        active: user.status === 'active' && user.organization.status === 'active',
        sessionVersion: user.sessionVersion,
        loadedAt: Date.now(),
      };
      if (this.accountStates.size >= ACCOUNT_STATE_MAX) this.accountStates.clear();
      this.accountStates.set(userId, state);
    }
    return state.active && state.sessionVersion === sessionVersion ? state.user : null;
  }

  /** Drops the cached account state after a change to the user (status, role, sessions). */
  forget(userId: string): void {
    this.accountStates.delete(userId);
  }

  /** The account behind a login attempt, with its secrets (never returned to clients). */
  findForLogin(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('user')
      .addSelect(['user.passwordHash', 'user.totpSecret', 'user.recoveryCodeHashes'])
      .innerJoinAndSelect('user.organization', 'organization')
      .where('lower(user.email) = lower(:email)', { email })
      .getOne();
  }

  findWithOrganization(id: string): Promise<User | null> {
    return this.users.findOne({ where: { id }, relations: { organization: true } });
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
}

export function toAuthUser(user: User): AuthUser {
  if (!user.organization) throw new Error('toAuthUser needs the user with its organization');
  return {
    id: user.id,
    orgId: user.orgId,
    orgKind: user.organization.kind,
    role: user.role,
    email: user.email,
    displayName: user.displayName,
    locale: user.locale,
  };
}
