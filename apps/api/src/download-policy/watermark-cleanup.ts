import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { defineJob, JobQueue } from '../sync';
import { DownloadPolicyService } from './download-policy.service';

export const CLEANUP_WATERMARKS_JOB = defineJob<Record<string, never>>('files.cleanup-watermarked-copies');
const CLEANUP_CRON = '*/10 * * * *';

/** Deletes expired stamped copies (rows and objects) on a schedule, in whichever worker takes the tick. */
@Injectable()
export class WatermarkCleanup implements OnModuleInit {
  private readonly logger = new Logger(WatermarkCleanup.name);

  constructor(
    private readonly policy: DownloadPolicyService,
    private readonly queue: JobQueue,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.register(CLEANUP_WATERMARKS_JOB, () => this.runOnce(), {
      target: 'internal',
      policy: 'singleton',
    });
    await this.queue.schedule(CLEANUP_WATERMARKS_JOB, CLEANUP_CRON, {});
  }

  async runOnce(now = new Date()): Promise<number> {
    let total = 0;
    let cleaned: number;
    do {
      cleaned = await this.policy.cleanupExpired(now);
      total += cleaned;
    } while (cleaned > 0);
    if (total) this.logger.log(`Deleted ${total} expired watermarked cop${total === 1 ? 'y' : 'ies'}`);
    return total;
  }
}
