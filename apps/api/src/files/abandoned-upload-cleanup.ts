import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { defineJob, JobQueue } from '../sync';
import { RevisionUploadService } from './uploads/revision-upload.service';
import { RevisionPublisher } from './uploads/revision-publisher';
import { RevisionVerification } from './uploads/revision-verification';

/** A scheduled pass: no payload. */
export const CLEANUP_UPLOADS_JOB = defineJob<Record<string, never>>('files.cleanup-abandoned-uploads');
/** How often unfinished uploads are looked at; they count as abandoned only after FILES_ABANDONED_UPLOAD_HOURS. */
export const CLEANUP_CRON = '*/15 * * * *';

/**
 * The abandoned-upload cleanup as a scheduled job of the sync queue: one sender per schedule tick,
 * run by whichever worker process takes it. A pass is safe to repeat or overlap anyway, since every
 * revision is claimed by a conditional update before it is touched.
 */
@Injectable()
export class AbandonedUploadCleanup implements OnModuleInit {
  private readonly logger = new Logger(AbandonedUploadCleanup.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uploads: RevisionUploadService,
    private readonly verification: RevisionVerification,
    private readonly publisher: RevisionPublisher,
    private readonly queue: JobQueue,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.register(CLEANUP_UPLOADS_JOB, () => this.runOnce(), {
      target: 'internal',
      policy: 'singleton',
    });
    await this.queue.schedule(CLEANUP_UPLOADS_JOB, CLEANUP_CRON, {});
  }

  /**
   * One pass at `now` over uploads older than the configured limit, over revisions whose verification
   * stalled (RevisionVerification.rejectStalled) and over rejected revisions whose object is still to be
   * deleted (RevisionPublisher.deletePendingObjects); returns how many were cleaned.
   */
  async runOnce(now = new Date()): Promise<number> {
    const cleaned = await this.uploads.cleanupAbandonedUploads(this.config.files.abandonedUploadAfterMs, now);
    if (cleaned) this.logger.log(`Aborted ${cleaned} abandoned upload(s)`);
    const stalled = await this.verification.rejectStalled(now);
    if (stalled) this.logger.warn(`Rejected ${stalled} revision(s) whose verification never finished`);
    const deleted = await this.publisher.deletePendingObjects();
    if (deleted) this.logger.log(`Deleted the objects of ${deleted} rejected revision(s)`);
    return cleaned + stalled + deleted;
  }
}
