import { Injectable, Logger } from '@nestjs/common';
import { defineJob, JobQueue } from '../../sync';
import { RevisionPublisher } from '../uploads/revision-publisher';

/** A scheduled pass: no payload. */
export const RETRY_SCANS_JOB = defineJob<Record<string, never>>('files.retry-pending-scans');
/** Every minute: a revision waiting for an unreachable scanner should not wait long once it is back. */
export const RETRY_SCANS_CRON = '* * * * *';

/**
 * Revisions the malware scanner could not give a verdict on stay in `scanning` until it can; this
 * scheduled job of the sync queue retries them, run by whichever worker takes the tick.
 */
@Injectable()
export class PendingScanRetry {
  private readonly logger = new Logger(PendingScanRetry.name);

  constructor(
    private readonly publisher: RevisionPublisher,
    private readonly queue: JobQueue,
  ) {}

  /**
   * Called by FilesModule once its providers are initialised: pg-boss deadlocks when two queues are
   * created at once, as the providers' own onModuleInit hooks would (beside AbandonedUploadCleanup).
   */
  async register(): Promise<void> {
    await this.queue.register(RETRY_SCANS_JOB, () => this.runOnce(), {
      target: 'internal',
      policy: 'singleton',
    });
    await this.queue.schedule(RETRY_SCANS_JOB, RETRY_SCANS_CRON, {});
  }

  /** One pass; returns how many waiting revisions got a verdict. */
  async runOnce(): Promise<number> {
    const finished = await this.publisher.retryPendingScans();
    if (finished) this.logger.log(`Scanned ${finished} revision(s) that waited for the malware scanner`);
    return finished;
  }
}
