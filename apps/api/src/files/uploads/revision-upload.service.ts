import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { AuthUser } from '@portico/auth';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditService, RequestMeta } from '../../audit';
import { isDependencyOutage } from '../../common';
import { BadInputError, ConflictError, PolicyViolationError } from '../../common';
import { AppConfig } from '../../config';
import { APP_CONFIG } from '../../config';
import { MIN_PART_SIZE, MultipartPlan } from '../../storage';
import {
  CompletedUpload,
  PART_URL_TTL_SECONDS,
  PartUrl,
  StorageOperationUnsupported,
  StorageService,
} from '../../storage';
import { ContentVerifier } from '../content-checks/content-verifier';
import { CompleteRevisionDto, StartRevisionDto } from '../dto/file-input.dto';
import { FileRevision } from '../entities/file-revision.entity';
import { FileEntity } from '../entities/file.entity';
import { FileAccess, LoadedRevision } from '../file-access';
import { UploadPolicy } from '../upload-policy';
import { UploadQuota } from '../upload-quota';
import { RevisionPublisher } from './revision-publisher';
import { RevisionVerification } from './revision-verification';

export interface StartedUpload {
  revision: FileRevision;
  upload: PartUrlsResult;
}

export interface PartUrlsResult {
  partSize: number;
  partCount: number;
  expiresAt: Date;
  parts: PartUrl[];
  uploadedParts: number[] | null;
}

/**
 * The upload lifecycle of a revision (docs/architecture.md): bytes go from the browser straight to
 * object storage through presigned part URLs; this service decides who may upload what, completes
 * the storage upload, has the stored object verified, and cleans up uploads given up or abandoned.
 */
@Injectable()
export class RevisionUploadService {
  private readonly logger = new Logger(RevisionUploadService.name);

  constructor(
    @InjectRepository(FileRevision) private readonly revisions: Repository<FileRevision>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: FileAccess,
    private readonly storage: StorageService,
    private readonly policy: UploadPolicy,
    private readonly audit: AuditService,
    private readonly quota: UploadQuota,
    private readonly verifier: ContentVerifier,
    private readonly publisher: RevisionPublisher,
    private readonly verification: RevisionVerification,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Checks the upload policy before anything else (a violation is a 400 and no URL is issued), then
   * opens a multipart upload under a fresh, never reused object key.
   */
  async startRevision(
    user: AuthUser,
    fileId: string,
    dto: StartRevisionDto,
    meta: RequestMeta,
  ): Promise<StartedUpload> {
    const accepted = this.policy.check({ fileName: dto.fileName, size: dto.size });
    const file = await this.access.loadFile(user, fileId);
    this.access.require(this.access.abilityOf(user), 'create', 'FileRevision', {
      fileId,
      workspace: file.workspace,
    });
    const plan = this.planFor(accepted.size, dto);
    const revision = await this.dataSource.transaction(async (manager) => {
      await this.quota.assertRoomFor(manager, user, accepted.size);
      await manager
        .createQueryBuilder(FileEntity, 'file')
        .setLock('pessimistic_write')
        .where('file.id = :fileId', { fileId })
        .getOne();
      if (dto.label) await this.assertLabelFree(manager, fileId, dto.label);
      const { max } = await manager
        .createQueryBuilder(FileRevision, 'revision')
        .select('COALESCE(MAX(revision.seq), 0)', 'max')
        .where('revision.file_id = :fileId', { fileId })
        .getRawOne<{ max: number }>()
        .then((row) => row ?? { max: 0 });
      const id = randomUUID();
      const objectKey = `ws/${file.workspaceId}/files/${fileId}/${id}`;
      const uploadId = await this.storage.startMultipartUpload(
        objectKey,
        accepted.contentType,
        Boolean(dto.partChecksums),
      );
      const created = await manager.save(
        manager.create(FileRevision, {
          id,
          fileId,
          seq: Number(max) + 1,
          label: null,
          requestedLabel: dto.label ?? null,
          objectKey,
          uploadId,
          partSize: plan.partSize,
          size: accepted.size,
          sha256: dto.sha256,
          partChecksums: dto.partChecksums ?? null,
          contentType: accepted.contentType,
          originalName: accepted.fileName,
          uploadedBy: user.id,
          uploaderOrgId: user.orgId,
          state: 'uploading',
        }),
      );
      await this.audit.record(
        {
          action: 'file.upload.started',
          actor: user,
          workspaceId: file.workspaceId,
          resourceType: 'FileRevision',
          resourceId: created.id,
          meta,
          details: {
            fileId,
            seq: created.seq,
            fileName: accepted.fileName,
            size: accepted.size,
            sha256: dto.sha256,
            partChecksums: Boolean(dto.partChecksums),
          },
        },
        manager,
      );
      return created;
    });
    const upload = await this.partUrlsFor(revision, plan.partNumbers(), null);
    return { revision, upload };
  }

  /**
   * Fresh part URLs to resume an upload: for the parts asked for, or else for every part the storage
   * does not hold yet (all of them when the storage cannot list parts).
   */
  async partUrls(
    user: AuthUser,
    fileId: string,
    seq: number,
    partNumbers?: number[],
  ): Promise<PartUrlsResult> {
    const revision = await this.loadOpenUpload(user, fileId, seq);
    const plan = new MultipartPlan(revision.size, revision.partSize);
    const outside = (partNumbers ?? []).filter((n) => !plan.hasPart(n));
    if (outside.length) {
      throw new BadInputError('Unknown parts', [
        { field: 'partNumbers', message: `this upload has parts 1 to ${plan.partCount}` },
      ]);
    }
    let uploaded: number[] | null = null;
    try {
      uploaded = (await this.storage.listUploadedParts(revision.objectKey, revision.uploadId!)).map(
        (p) => p.partNumber,
      );
    } catch (error) {
      if (!(error instanceof StorageOperationUnsupported)) throw error;
    }
    const wanted = partNumbers ?? plan.partNumbers().filter((n) => !uploaded?.includes(n));
    return this.partUrlsFor(
      revision,
      [...new Set(wanted)].sort((a, b) => a - b),
      uploaded,
    );
  }

  /**
   * Completes the storage upload (with the part checksums, which the storage checks against the parts
   * it holds), then verifies the stored object against what was declared: at once for uploads up to
   * FILES_VERIFY_INLINE_MAX_BYTES, else from its first bytes now and in full by a background job
   * (`verifying`). A mismatch rejects the revision, deletes the object and answers 422 saying why.
   */
  async completeRevision(
    user: AuthUser,
    fileId: string,
    seq: number,
    dto: CompleteRevisionDto,
    meta: RequestMeta,
  ): Promise<FileRevision> {
    const revision = await this.loadOpenUpload(user, fileId, seq);
    const uploadId = revision.uploadId!;
    const plan = new MultipartPlan(revision.size, revision.partSize);
    const numbers = dto.parts.map((p) => p.partNumber).sort((a, b) => a - b);
    if (numbers.length !== plan.partCount || numbers.some((n, i) => n !== i + 1)) {
      throw new BadInputError('Incomplete part list', [
        { field: 'parts', message: `must list parts 1 to ${plan.partCount}, each once, with their ETags` },
      ]);
    }
    // Claim the upload so two concurrent completions cannot both verify and publish it.
    const claimed = await this.revisions.update(
      { id: revision.id, state: 'uploading', uploadId },
      { uploadId: null },
    );
    if (!claimed.affected) throw new ConflictError('This upload is already being completed');
    let completed: CompletedUpload;
    try {
      completed = await this.storage.completeMultipartUpload(
        revision.objectKey,
        uploadId,
        dto.parts.map((part) => ({
          ...part,
          checksumSHA256: revision.partChecksums?.[part.partNumber - 1],
        })),
      );
    } catch (error) {
      // The parts stay in storage, so the client may fix its list or re-upload parts and try again.
      await this.revisions.update({ id: revision.id, state: 'uploading' }, { uploadId });
      // Storage unreachable: a 503 (problem-details.filter.ts), and the same request succeeds later.
      if (isDependencyOutage(error)) throw error;
      const code = (error as Error).name || 'error';
      throw new PolicyViolationError(
        `The storage refused to assemble the parts (${code}); upload the missing parts and complete again`,
      );
    }

    if (revision.size > this.config.files.verifyInlineMaxBytes) {
      return this.verification.startInBackground(revision, completed, user, meta);
    }
    const verification = await this.verifier
      .verify(revision, revision.file.workspaceId, completed.versionId)
      .catch(async (error: Error) => {
        if (isDependencyOutage(error)) {
          // Not the file's fault: it stays uploading and completing again verifies it.
          await this.revisions.update({ id: revision.id, state: 'uploading' }, { uploadId });
          throw error;
        }
        this.logger.error(`Could not read back ${revision.objectKey} for verification: ${error.message}`);
        await this.publisher.reject(
          revision,
          'The stored file could not be read back for verification',
          user,
          meta,
        );
        throw new PolicyViolationError(
          'Upload rejected: the stored file could not be read back for verification; upload it again',
        );
      });
    if (verification.rejected !== null) {
      await this.publisher.reject(revision, verification.rejected, user, meta);
      throw new PolicyViolationError(`Upload rejected: ${verification.rejected}`);
    }
    Object.assign(revision, {
      versionId: verification.versionId,
      contentWarnings: verification.warnings,
      activeContent: verification.activeContent,
    });
    if (this.verifier.scanning) return this.publisher.scanThenPublish(revision, user, meta);
    return this.publisher.publish(revision, user, meta);
  }

  /** Gives up an unfinished upload; its parts are freed and the revision is rejected. */
  async abortRevision(user: AuthUser, fileId: string, seq: number, meta: RequestMeta): Promise<FileRevision> {
    const revision = await this.loadOpenUpload(user, fileId, seq);
    const claimed = await this.revisions.update(
      { id: revision.id, state: 'uploading', uploadId: revision.uploadId! },
      { uploadId: null },
    );
    if (!claimed.affected) throw new ConflictError('This upload is already being completed');
    await this.freeUpload(revision.objectKey, revision.uploadId!);
    return this.publisher.reject(
      revision,
      'Upload cancelled by the uploader',
      user,
      meta,
      'file.upload.cancelled',
    );
  }

  /**
   * Aborts uploads left unfinished for longer than `olderThanMs` and rejects their revisions, so
   * storage does not keep (and bill) orphaned parts. Returns how many were cleaned.
   */
  async cleanupAbandonedUploads(olderThanMs: number, now = new Date(), batch = 100): Promise<number> {
    const cutoff = new Date(now.getTime() - olderThanMs);
    const stale = await this.revisions
      .createQueryBuilder('revision')
      .innerJoinAndSelect('revision.file', 'file')
      .where(`revision.state = 'uploading'`)
      .andWhere('revision.created_at < :cutoff', { cutoff })
      .orderBy('revision.created_at', 'ASC')
      .limit(batch)
      .getMany();
    let cleaned = 0;
    for (const revision of stale as Array<FileRevision & { file: FileEntity }>) {
      const claimed = await this.revisions.update(
        { id: revision.id, state: 'uploading', uploadId: revision.uploadId ?? undefined },
        { uploadId: null },
      );
      if (!claimed.affected && revision.uploadId) continue;
      if (revision.uploadId) await this.freeUpload(revision.objectKey, revision.uploadId);
      // A completion that died between assembling and verifying leaves an object behind.
      await this.storage.deleteObject(revision.objectKey);
      await this.publisher.reject(
        revision,
        'Upload abandoned: not completed in time',
        null,
        {},
        'file.upload.abandoned',
      );
      cleaned++;
    }
    return cleaned;
  }

  // ---------------------------------------------------------------------------------------------

  /** An upload still open, which only its uploader (or an admin of the uploader's organisation) may drive. */
  private async loadOpenUpload(user: AuthUser, fileId: string, seq: number): Promise<LoadedRevision> {
    const revision = await this.access.loadRevision(user, fileId, seq);
    this.access.require(
      this.access.abilityOf(user),
      'update',
      'FileRevision',
      { ...revision, workspace: revision.file.workspace },
      'upload',
    );
    if (revision.state !== 'uploading' || !revision.uploadId) {
      throw new ConflictError(
        `Revision ${seq} is ${revision.state === 'uploading' ? 'being completed' : revision.state}, not an open upload`,
      );
    }
    return revision;
  }

  /** The server's part plan, or the part size the uploader computed its part checksums with. */
  private planFor(size: number, dto: StartRevisionDto): MultipartPlan {
    const plan = new MultipartPlan(size, dto.partSize ?? MIN_PART_SIZE);
    if (dto.partSize !== undefined && plan.partSize !== dto.partSize) {
      throw new BadInputError('Part size too small', [
        {
          field: 'partSize',
          message: `must be at least ${plan.partSize} for ${size} bytes (10 000 parts at most)`,
        },
      ]);
    }
    if (dto.partChecksums && dto.partChecksums.length !== plan.partCount) {
      throw new BadInputError('Wrong number of part checksums', [
        {
          field: 'partChecksums',
          message: `must hold ${plan.partCount} checksums, one per part of ${plan.partSize} bytes`,
        },
      ]);
    }
    return plan;
  }

  private async partUrlsFor(
    revision: FileRevision,
    partNumbers: number[],
    uploaded: number[] | null,
  ): Promise<PartUrlsResult> {
    const plan = new MultipartPlan(revision.size, revision.partSize);
    const expiresAt = new Date(Date.now() + PART_URL_TTL_SECONDS * 1000);
    const parts = await this.storage.presignUploadParts(
      revision.objectKey,
      revision.uploadId!,
      plan,
      partNumbers,
      revision.partChecksums,
    );
    return { partSize: plan.partSize, partCount: plan.partCount, expiresAt, parts, uploadedParts: uploaded };
  }

  private async assertLabelFree(manager: EntityManager, fileId: string, label: string): Promise<void> {
    const taken = await manager
      .createQueryBuilder(FileRevision, 'revision')
      .where('revision.file_id = :fileId', { fileId })
      .andWhere(
        // A label asked for stays reserved while its upload is open or being verified.
        `(upper(revision.label) = upper(:label) OR (upper(revision.requested_label) = upper(:label) AND revision.state IN ('uploading', 'verifying', 'scanning')))`,
        { label },
      )
      .getExists();
    if (taken) throw new ConflictError(`Label ${label} is already used by a revision of this file`);
  }

  /** Frees an upload's parts; servers without AbortMultipartUpload (plain s3rver) are left to their own lifecycle. */
  private async freeUpload(objectKey: string, uploadId: string): Promise<void> {
    try {
      await this.storage.abortMultipartUpload(objectKey, uploadId);
    } catch (error) {
      if (!(error instanceof StorageOperationUnsupported)) throw error;
      this.logger.debug(
        `Storage cannot abort multipart uploads; parts of ${objectKey} stay until its lifecycle rule`,
      );
    }
  }
}
