import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { FilesService } from './files.service';

/** How often unfinished uploads are looked at; they count as abandoned only after FILES_ABANDONED_UPLOAD_HOURS. */
export const CLEANUP_INTERVAL_MS = 15 * 60 * 1000;

/**
 * Runs the abandoned-upload cleanup periodically in worker processes (ROLE worker or all). Every
 * pass is safe to run in several processes at once: each revision is claimed by a conditional update.
 */
@Injectable()
export class AbandonedUploadCleanup implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AbandonedUploadCleanup.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly files: FilesService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.timer = setInterval(() => void this.runOnce(), CLEANUP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; overlapping passes in the same process are skipped. */
  async runOnce(now = new Date()): Promise<number> {
    if (this.running) return 0;
    const pass = this.files
      .cleanupAbandonedUploads(this.config.files.abandonedUploadAfterMs, now)
      .catch((error: Error) => {
        this.logger.error(`Abandoned-upload cleanup failed: ${error.message}`);
        return 0;
      });
    this.running = pass;
    try {
      return await pass;
    } finally {
      this.running = undefined;
    }
  }
}
