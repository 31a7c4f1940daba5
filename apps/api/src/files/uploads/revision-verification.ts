import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { AuthUser } from '@portico/auth';
import { DataSource, Repository } from 'typeorm';
import { RequestMeta } from '../../audit';
import { isDependencyOutage } from '../../common';
import { PolicyViolationError } from '../../common';
import { compositeSha256 } from '../../storage';
import { CompletedUpload, StorageService } from '../../storage';
import { JobQueue } from '../../sync';
import { ContentVerifier } from '../content-checks/content-verifier';
import { FileRevision } from '../entities/file-revision.entity';
import { LoadedRevision } from '../file-access';
import { contentMatchesExtension } from '../file-formats';
import { extensionOf } from '../file-name';
import { RevisionPublisher } from './revision-publisher';

export const VERIFY_UPLOAD_JOB = 'files.verify-upload';

/** The job's payload: the revision to verify; the handler re-reads its current state. */
export interface VerifyUploadJob {
  revisionId: string;
}

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
  ) {}

  /** Called by FilesModule once its providers are initialised (one queue created at a time). */
  async register(): Promise<void> {
    await this.queue.register<VerifyUploadJob>(
      VERIFY_UPLOAD_JOB,
      async (job) => {
        await this.run(job.data.revisionId);
      },
      { target: 'internal', expireInSeconds: VERIFY_EXPIRY_SECONDS, concurrency: 2 },
    );
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
