import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { defineJob, JobQueue } from '../sync';
import { RateLimiter } from './rate-limiter';

export const RATE_LIMIT_CLEANUP_JOB = defineJob<Record<string, never>>('rate-limits.cleanup');
const CLEANUP_CRON = '*/10 * * * *';

/**
 * Counters of ended windows are useless (the next hit starts over anyway) but would pile up, one per
 * user, organisation and client address: a scheduled job of the sync queue deletes them.
 */
@Injectable()
export class RateLimitCleanup implements OnModuleInit {
  private readonly logger = new Logger(RateLimitCleanup.name);

  constructor(
    private readonly limiter: RateLimiter,
    private readonly queue: JobQueue,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.register(RATE_LIMIT_CLEANUP_JOB, () => this.runOnce(), {
      target: 'internal',
      policy: 'singleton',
    });
    await this.queue.schedule(RATE_LIMIT_CLEANUP_JOB, CLEANUP_CRON, {});
  }

  async runOnce(): Promise<number> {
    const deleted = await this.limiter.deleteExpired();
    if (deleted) this.logger.debug(`Deleted ${deleted} ended rate-limit window(s)`);
    return deleted;
  }
}
