import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { AuthUser } from '@portico/auth';
import { DataSource, Repository, SelectQueryBuilder } from 'typeorm';
import { RequestMeta } from '../../audit';
import { isDependencyOutage } from '../../common';
import { PolicyViolationError } from '../../common';
import { APP_CONFIG, AppConfig } from '../../config';
import { compositeSha256 } from '../../storage';
import { CompletedUpload, StorageService } from '../../storage';
import { defineJob, JobQueue, QueueJob, readRetryHint } from '../../sync';
import { ContentVerifier } from '../content-checks/content-verifier';
import { FileRevision } from '../entities/file-revision.entity';
import { FileEntity } from '../entities/file.entity';
import { LoadedRevision } from '../file-access';
import { contentMatchesExtension } from '../file-formats';
import { extensionOf } from '../file-name';
import { RevisionPublisher } from './revision-publisher';

/** The job's payload: the revision to verify; the handler re-reads its current state. */
export interface VerifyUploadJob {
  revisionId: string;
}

export const VERIFY_UPLOAD_JOB = defineJob<VerifyUploadJob>('files.verify-upload');

/** What the uploader reads on a revision whose verification never finished. */
export const UNVERIFIED_REASON =
  'The stored file could not be verified (storage unavailable or verification failed repeatedly); upload it again';

/** Reading a 2 GiB upload back takes minutes on a slow store; the job must not be handed out twice meanwhile. */
const VERIFY_EXPIRY_SECONDS = 60 * 60;

/**
 * Completion of large uploads without making the uploader wait for a second read of every byte
 * (docs/file-safety.md). At `complete`, what costs no full read: the storage checked every part's
 * SHA-256 and reports the composite, and a ranged GET of the first bytes gives the size and the
 * type. The revision is then `verifying` — downloadable by its uploader only, no flow back, no
 * notification — until a background job has read the object once for the whole-file SHA-256 and the
 * content checks (and the malware scan): then it is published, or rejected with the reason and its
 * object deleted.
 */
@Injectable()
export class RevisionVerification {
  private readonly logger = new Logger(RevisionVerification.name);

  constructor(
    @InjectRepository(FileRevision) private readonly revisions: Repository<FileRevision>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: StorageService,
    private readonly verifier: ContentVerifier,
    private readonly publisher: RevisionPublisher,
    private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Called by FilesModule once its providers are initialised (one queue created at a time). */
  async register(): Promise<void> {
    await this.queue.register(VERIFY_UPLOAD_JOB, (job) => this.handle(job), {
      target: 'internal',
      expireInSeconds: VERIFY_EXPIRY_SECONDS,
      concurrency: 2,
    });
  }

  /**
   * One attempt of the job. A failure is retried by the queue; the last one (or one no retry can fix)
   * rejects the revision with a reason the uploader sees, instead of leaving it `verifying` for good
   * once the job is dead-lettered. The error is still thrown, so operators see the failed job.
   */
  async handle(job: QueueJob<VerifyUploadJob>): Promise<void> {
    try {
      await this.run(job.data.revisionId);
    } catch (error) {
      if (job.attempt >= job.maxAttempts || readRetryHint(error).retryable === false) {
        this.logger.error(
          `Verification of revision ${job.data.revisionId} failed on its last attempt: ${(error as Error).message}`,
        );
        const [revision] = await this.withFile()
          .where('revision.id = :id', { id: job.data.revisionId })
          .getMany();
        if (revision) await this.publisher.rejectUnverified(revision, UNVERIFIED_REASON);
      }
      throw error;
    }
  }

  /**
   * The backstop for a job that never reached its last attempt's end (its worker died each time,
   * and the queue dead-lettered it on expiry): revisions still `verifying` longer than every attempt
   * could have taken, plus the time an upload may stay unfinished, are rejected. Run by the
   * abandoned-upload cleanup; returns how many were rejected.
   */
  async rejectStalled(now = new Date(), batch = 100): Promise<number> {
    const { maxAttempts, retryMaxSeconds } = this.config.sync;
    const boundMs =
      maxAttempts * (VERIFY_EXPIRY_SECONDS + retryMaxSeconds) * 1000 +
      this.config.files.abandonedUploadAfterMs;
    const stalled = await this.withFile()
      .where(`revision.state = 'verifying'`)
      .andWhere('revision.completed_at < :cutoff', { cutoff: new Date(now.getTime() - boundMs) })
      .orderBy('revision.completed_at', 'ASC')
      .limit(batch)
      .getMany();
    let rejected = 0;
    for (const revision of stalled) {
      if (await this.publisher.rejectUnverified(revision, UNVERIFIED_REASON)) rejected++;
    }
    return rejected;
  }

  /** The quick checks of a completed upload, then `verifying` and the job, in one transaction. */
  async startInBackground(
    revision: LoadedRevision,
    completed: CompletedUpload,
    user: AuthUser,
    meta: RequestMeta,
  ): Promise<FileRevision> {
    const problem = await this.quickCheck(revision, completed);
    if (problem) {
      await this.publisher.reject(revision, problem, user, meta);
      throw new PolicyViolationError(`Upload rejected: ${problem}`);
    }
    const changes = {
      state: 'verifying' as const,
      versionId: completed.versionId,
      completedAt: new Date(),
    };
    await this.dataSource.transaction(async (manager) => {
      await manager.update(FileRevision, { id: revision.id }, changes);
      await this.queue.enqueue<VerifyUploadJob>(manager, {
        name: VERIFY_UPLOAD_JOB,
        data: { revisionId: revision.id },
        ref: { type: 'FileRevision', id: revision.id, workspaceId: revision.file.workspaceId },
      });
    });
    return Object.assign(revision, changes);
  }

  /**
   * Verifies a `verifying` revision in full; anything else is left alone, so a repeated job does
   * nothing. Storage unreachable: throws, the job is retried and the revision keeps waiting.
   */
  async run(revisionId: string): Promise<FileRevision | null> {
    const revision = (await this.revisions
      .createQueryBuilder('revision')
      .innerJoinAndSelect('revision.file', 'file')
      .innerJoinAndSelect('file.workspace', 'workspace')
      .where('revision.id = :revisionId', { revisionId })
      .andWhere(`revision.state = 'verifying'`)
      .getOne()) as LoadedRevision | null;
    if (!revision) return null;
    let verification;
    try {
      verification = await this.verifier.verify(revision, revision.file.workspaceId, revision.versionId);
    } catch (error) {
      if (isDependencyOutage(error)) throw error;
      this.logger.error(
        `Could not read back ${revision.objectKey} for verification: ${(error as Error).message}`,
      );
      return this.publisher.reject(
        revision,
        'The stored file could not be read back for verification',
        null,
        {},
      );
    }
    if (verification.rejected !== null) {
      return this.publisher.reject(revision, verification.rejected, null, {});
    }
    Object.assign(revision, {
      versionId: verification.versionId,
      contentWarnings: verification.warnings,
      activeContent: verification.activeContent,
    });
    if (!this.verifier.scanning) return this.publisher.publish(revision, null, {});
    return this.publisher.scanThenPublish(revision, null, {}).catch((error: unknown) => {
      if (error instanceof PolicyViolationError) return revision; // rejected as infected
      throw error;
    });
  }

  private withFile() {
    return this.revisions
      .createQueryBuilder('revision')
      .innerJoinAndSelect('revision.file', 'file') as SelectQueryBuilder<FileRevision & { file: FileEntity }>;
  }

  /** What can be refused without reading the whole object; null when nothing is wrong. */
  private async quickCheck(revision: FileRevision, completed: CompletedUpload): Promise<string | null> {
    if (revision.partChecksums && completed.checksumSHA256) {
      const expected = compositeSha256(revision.partChecksums);
      if (completed.checksumSHA256 !== expected) {
        return `The storage assembled other bytes than the parts declared (checksum ${completed.checksumSHA256}, expected ${expected})`;
      }
    }
    let head;
    try {
      head = await this.storage.readHead(revision.objectKey);
    } catch (error) {
      // The background verification reads the whole object anyway, and retries while it cannot.
      if (isDependencyOutage(error)) return null;
      this.logger.error(`Could not read the head of ${revision.objectKey}: ${(error as Error).message}`);
      return 'The stored file could not be read back for verification';
    }
    if (head.size !== revision.size) {
      return `The stored file has ${head.size} bytes, not the declared ${revision.size}`;
    }
    const extension = extensionOf(revision.originalName);
    if (!(await contentMatchesExtension(extension, head.head, head.size))) {
      return `The content is not a .${extension} file`;
    }
    return null;
  }
}
