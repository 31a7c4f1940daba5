import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { defineJob, JobQueue } from '../sync';
import { IdempotencyKeys } from './idempotency-keys';

export const IDEMPOTENCY_CLEANUP_JOB = defineJob<Record<string, never>>('idempotency.cleanup');
const CLEANUP_CRON = '7 * * * *';

/** Deletes expired Idempotency-Key rows, hourly, as a scheduled job of the sync queue. */
@Injectable()
export class IdempotencyCleanup implements OnModuleInit {
  private readonly logger = new Logger(IdempotencyCleanup.name);

  constructor(
    private readonly keys: IdempotencyKeys,
    private readonly queue: JobQueue,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.register(IDEMPOTENCY_CLEANUP_JOB, () => this.runOnce(), {
      target: 'internal',
      policy: 'singleton',
    });
    await this.queue.schedule(IDEMPOTENCY_CLEANUP_JOB, CLEANUP_CRON, {});
  }

  async runOnce(): Promise<number> {
    const deleted = await this.keys.deleteExpired();
    if (deleted) this.logger.log(`Deleted ${deleted} expired idempotency key(s)`);
    return deleted;
  }
}
