import { Logger } from '@nestjs/common';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuthUser } from '@portico/auth';
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
 * version). A short cache keeps list endpoints at one query; a change to an account is announced
 * over PostgreSQL NOTIFY (see account-changes.listener.ts) so every API process drops its copy at
 * once. While a process cannot listen, it keeps a state only ACCOUNT_STATE_UNFOLLOWED_TTL_MS.
 */
export const ACCOUNT_STATE_TTL_MS = 5_000;
export const ACCOUNT_STATE_UNFOLLOWED_TTL_MS = 1_000;
const ACCOUNT_STATE_MAX = 10_000;
/** The NOTIFY channel of account changes; the payload is a user id, or ALL_ACCOUNTS. */
export const ACCOUNT_CHANGES_CHANNEL = 'portico_account_changes';
export const ALL_ACCOUNTS = '*';

/** The short-lived cache of account states behind UsersService.resolve, and its cross-process invalidation. */
export class AccountStates {
  private readonly accountStates = new Map<string, AccountState>();
  private readonly loadingStates = new Map<string, Promise<AccountState | null>>();
  private stateTtlMs = ACCOUNT_STATE_UNFOLLOWED_TTL_MS;
  private readonly logger = new Logger('UsersService');

  constructor(
    private readonly users: Repository<User>,
    private readonly dataSource: DataSource,
  ) {}

  async resolve(userId: string, sessionVersion: number): Promise<AuthUser | null> {
    const cached = this.accountStates.get(userId);
    const state =
      cached && Date.now() - cached.loadedAt <= this.stateTtlMs
        ? cached
        : await this.loadAccountState(userId);
    return state?.active && state.sessionVersion === sessionVersion ? state.user : null;
  }

  /**
   * The account an API token acts as, if it may still act (active, organisation active); the same
   * short-lived account state as bearer JWTs, without their session version (tokens are revoked
   * on their own, not by signing out).
   */
  async resolveAccount(userId: string): Promise<AuthUser | null> {
    const cached = this.accountStates.get(userId);
    const state =
      cached && Date.now() - cached.loadedAt <= ACCOUNT_STATE_TTL_MS
        ? cached
        : await this.loadAccountState(userId);
    return state?.active ? state.user : null;
  }

  /**
   * One query per account at a time: every request in flight when the state expires (a portal page
   * sends several, an integration many) waits for the same read instead of each querying the account.
   * A state read before a forget() is handed to the requests already waiting but not kept.
   */
  private loadAccountState(userId: string): Promise<AccountState | null> {
    const inFlight = this.loadingStates.get(userId);
    if (inFlight) return inFlight;
    const load: Promise<AccountState | null> = this.users
      .findOne({ where: { id: userId }, relations: { organization: true } })
      .then(
        (user) => {
          const current = this.loadingStates.get(userId) === load;
          if (current) this.loadingStates.delete(userId);
          if (!user?.organization) return null;
          const state: AccountState = {
            user: toAuthUser(user),
            active: user.status === 'active' && user.organization.status === 'active',
            sessionVersion: user.sessionVersion,
            loadedAt: Date.now(),
          };
          if (current) {
            if (this.accountStates.size >= ACCOUNT_STATE_MAX) this.accountStates.clear();
            this.accountStates.set(userId, state);
          }
          return state;
        },
        (error: unknown) => {
          if (this.loadingStates.get(userId) === load) this.loadingStates.delete(userId);
          throw error;
        },
      );
    this.loadingStates.set(userId, load);
    return load;
  }

  /** Drops every cached account state in every API process, e.g. after an organisation was disabled. */
  forgetAll(): void {
    this.dropCached(ALL_ACCOUNTS);
    void this.announce(ALL_ACCOUNTS);
  }

  /** Drops the cached account state in every API process after a change to the user (status, role, sessions). */
  forget(userId: string): void {
    this.dropCached(userId);
    void this.announce(userId);
  }

  /** Drops this process's copy of one account's state (a user id) or of all (ALL_ACCOUNTS). */
  dropCached(key: string): void {
    if (key === ALL_ACCOUNTS) {
      this.accountStates.clear();
      this.loadingStates.clear();
    } else {
      this.accountStates.delete(key);
      this.loadingStates.delete(key);
    }
  }

  /**
   * Called by the listener: while it receives every announcement a state may be kept longer; when it
   * (re)connects or loses its connection, announcements may have been missed, so everything is dropped.
   */
  followChanges(following: boolean): void {
    this.stateTtlMs = following ? ACCOUNT_STATE_TTL_MS : ACCOUNT_STATE_UNFOLLOWED_TTL_MS;
    this.dropCached(ALL_ACCOUNTS);
  }

  /**
   * Tells every process (this one too) to drop a cached state. Inside a transaction the notification
   * is delivered when it commits, so no process can re-read the state as it was before the change.
   */
  async announce(key: string, manager?: EntityManager): Promise<void> {
    try {
      await (manager ?? this.dataSource).query('SELECT pg_notify($1, $2)', [ACCOUNT_CHANGES_CHANNEL, key]);
    } catch (error) {
      if (manager) throw error;
      this.logger.warn(`Could not announce an account change: ${(error as Error).message}`);
    }
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
    ...(user.organization.requireMfa && !user.totpEnabledAt ? { mfaEnrollmentRequired: true } : {}),
  };
}
