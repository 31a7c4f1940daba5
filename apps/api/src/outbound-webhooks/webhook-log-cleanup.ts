import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, APP_CONFIG } from '../config';
import { defineJob, JobQueue } from '../sync';

export const WEBHOOK_LOG_CLEANUP_JOB = defineJob<Record<string, never>>('webhooks.log-cleanup');
const CLEANUP_CRON = '23 * * * *';
/** Rows deleted per statement, so one run never holds a long lock on a large delivery log. */
const BATCH = 5_000;

/**
 * Every event makes one message per subscribed endpoint and every POST one attempt row: without a
 * limit the delivery log grows for ever. Messages still pending are kept whatever their age; the
 * attempts go with their message (ON DELETE CASCADE).
 */
@Injectable()
export class WebhookLogCleanup implements OnModuleInit {
  private readonly logger = new Logger(WebhookLogCleanup.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.register(WEBHOOK_LOG_CLEANUP_JOB, () => this.runOnce(), {
      target: 'internal',
      policy: 'singleton',
    });
    await this.queue.schedule(WEBHOOK_LOG_CLEANUP_JOB, CLEANUP_CRON, {});
  }

  /** Deletes messages that ended before the retention period, with their attempts; returns how many. */
  async runOnce(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.config.webhooks.logRetentionMs);
    let deleted = 0;
    for (;;) {
      const [{ n }]: Array<{ n: number }> = await this.db.query(
        `WITH gone AS (
           DELETE FROM "webhook_message" WHERE "id" IN (
             SELECT "id" FROM "webhook_message"
              WHERE "created_at" < $1 AND "state" <> 'pending'
              LIMIT ${BATCH})
           RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [before],
      );
      deleted += n;
      if (n < BATCH) break;
    }
    if (deleted) this.logger.log(`Deleted ${deleted} webhook message(s) older than the retention period`);
    return deleted;
  }
}
