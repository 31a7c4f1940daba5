import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, APP_CONFIG } from '../../config';
import { JobQueue } from '../queue/job-queue.service';
import { defineJob } from '../queue/job-queue.types';
import { ReconcileTick, SyncEvents } from '../sync-events';
import { SyncMarkersService } from '../webhooks/sync-markers.service';

export const RECONCILE_QUEUE = defineJob<Record<string, never>>('sync.reconcile');
export const RECONCILE_MARKER = 'reconcile';
/** Ticks overlap by this much: Jira's `updated` has minute precision and clocks differ a little. */
const OVERLAP_MS = 60_000;
/** On the very first run, look back this far. */
const FIRST_LOOK_BACK_MS = 60 * 60_000;
/** Delivery ids older than this cannot come back (Jira retries for ~30 min, Feishu for hours). */
const DELIVERY_RETENTION_DAYS = 14;

/**
 * Missed webhooks only delay a change, never lose it: on a cron schedule (SYNC_RECONCILE_CRON) a
 * `reconcile.tick` { since, now } is published; sharing and feedback subscribe their own queues
 * and re-read what changed at the source since `since`.
 */
@Injectable()
export class ReconcileService implements OnModuleInit {
  private readonly logger = new Logger(ReconcileService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    private readonly markers: SyncMarkersService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.register(RECONCILE_QUEUE, () => this.run(), {
      target: 'internal',
      concurrency: 1,
      expireInSeconds: 120,
      maxAttempts: 3,
    });
    await this.queue.schedule(RECONCILE_QUEUE, this.config.sync.reconcileCron, {});
  }

  /** Publishes one tick and moves the marker, in one transaction (a tick is never half-done). */
  async run(now: Date = new Date()): Promise<ReconcileTick> {
    const tick = await this.dataSource.transaction(async (manager) => {
      // Serialises concurrent runs (two workers, or a manual run during a scheduled one).
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('portico.reconcile'))`);
      const previous = await this.markers.get(RECONCILE_MARKER, manager);
      const since = previous
        ? new Date(new Date(previous.at).getTime() - OVERLAP_MS)
        : new Date(now.getTime() - FIRST_LOOK_BACK_MS);
      const tick: ReconcileTick = { since: since.toISOString(), now: now.toISOString() };
      await this.queue.publish(SyncEvents.reconcileTick, tick, { manager });
      await this.markers.set(RECONCILE_MARKER, now, {}, manager);
      return tick;
    });
    await this.dataSource.query(
      `DELETE FROM webhook_delivery WHERE received_at < now() - make_interval(days => $1)`,
      [DELIVERY_RETENTION_DAYS],
    );
    this.logger.log(`reconcile tick since ${tick.since}`);
    return tick;
  }
}
