import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, type AppConfig } from '../config';
import { ACCOUNT_CHANGES_CHANNEL, UsersService } from './users.service';

const RECONNECT_DELAY_MS = 1_000;

/**
 * Keeps one connection per API process LISTENing for account changes (UsersService.forget), so a
 * disabled user, a new password or a role change is refused by every process at once, not when each
 * one's cached state expires. A lost connection is reopened; until then, and once it is back, the
 * process forgets every cached state because announcements may have been missed meanwhile.
 * Worker processes authenticate nobody and do not listen.
 */
@Injectable()
export class AccountChangesListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AccountChangesListener.name);
  private client: Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  private warned = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'worker' || !this.config.databaseUrl) return;
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** True while announcements reach this process. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.config.databaseUrl,
      application_name: `portico-${this.config.role}-account-changes`,
      // A half-open TCP connection (a dead peer) would otherwise look like a quiet channel forever.
      keepAlive: true,
    });
    client.on('notification', (message) => {
      if (message.channel === ACCOUNT_CHANGES_CHANNEL && message.payload)
        this.users.dropCached(message.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${ACCOUNT_CHANGES_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      this.scheduleReconnect(error as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.users.followChanges(true);
    if (this.warned) this.logger.log('Listening for account changes again');
    this.warned = false;
  }

  private lost(client: Client, error?: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.users.followChanges(false);
    client.end().catch(() => undefined);
    this.scheduleReconnect(error ?? new Error('connection ended'));
  }

  private scheduleReconnect(error: Error): void {
    if (this.stopped) return;
    if (!this.warned) {
      this.logger.warn(
        `Not listening for account changes (${error.message}); cached account states last at most 1 s until reconnected`,
      );
      this.warned = true;
    }
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), RECONNECT_DELAY_MS);
    this.retry.unref();
  }
}
