import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { subject } from '@casl/ability';
import { AbilityFactory, Action, accessibleWhere, AppAbility, AuthUser } from '@portico/auth';
import { DataSource, EntityManager, QueryFailedError, Repository } from 'typeorm';
import { AuditService, RequestMeta } from '../audit/audit.service';
import { isDependencyOutage } from '../common/dependency-outage';
import {
  BadInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PolicyViolationError,
} from '../common/domain-errors';
import { announce, NotificationEvent } from '../notifications/notification-event';
import { SharingService } from '../sharing/sharing.service';
import { MultipartPlan } from '../storage/multipart-plan';
import {
  PART_URL_TTL_SECONDS,
  StorageOperationUnsupported,
  StorageService,
} from '../storage/storage.service';
import { JobQueue } from '../sync';
import { Workspace } from '../workspaces/entities/workspace.entity';
import { decodeCursor, encodeCursor, Page } from '../workspaces/keyset-cursor';
import { WorkspacesService } from '../workspaces/workspaces.service';
import {
  CompleteRevisionDto,
  CreateFileDto,
  ReviewRevisionDto,
  StartRevisionDto,
} from './dto/file-input.dto';
import { FileRevision } from './entities/file-revision.entity';
import { FileEntity } from './entities/file.entity';
import { ScanVerdict } from './content-checks/clamd-client';
import { ContentVerifier } from './content-checks/content-verifier';
import { DownloadPolicyService } from './download-policy';
import { INLINE_PREVIEWABLE } from './file-formats';
import { extensionOf } from './file-name';
import { FileFlowBack } from './file-flow-back';
import { nextLabel } from './revision-label';
import { UploadQuota } from './upload-quota';
import { UploadPolicy } from './upload-policy';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_SEQ = 2_147_483_647;

export interface FileWithRevisions {
  file: FileEntity;
  revisions: FileRevision[];
}

export interface StartedUpload {
  revision: FileRevision;
  upload: PartUrlsResult;
}

export interface PartUrlsResult {
  partSize: number;
  partCount: number;
  expiresAt: Date;
  parts: { partNumber: number; size: number; url: string }[];
  uploadedParts: number[] | null;
}

/** A revision with the workspace its authorization rules are written against. */
type LoadedRevision = FileRevision & { file: FileEntity & { workspace: Workspace } };

/**
 * Files and their revisions (docs/architecture.md). Bytes go from the browser straight to object
 * storage through presigned part URLs; this service decides who may upload what, and trusts an
 * upload only after streaming the stored object once to check its size, SHA-256 and magic bytes.
 */
@Injectable()
export class FilesService {
  private readonly logger = new Logger(FilesService.name);

  constructor(
    @InjectRepository(FileEntity) private readonly files: Repository<FileEntity>,
    @InjectRepository(FileRevision) private readonly revisions: Repository<FileRevision>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly abilities: AbilityFactory,
    private readonly workspaces: WorkspacesService,
    private readonly storage: StorageService,
    private readonly policy: UploadPolicy,
    private readonly audit: AuditService,
    private readonly flowBack: FileFlowBack,
    private readonly sharing: SharingService,
    private readonly queue: JobQueue,
    private readonly quota: UploadQuota,
    private readonly verifier: ContentVerifier,
    private readonly downloadPolicy: DownloadPolicyService,
  ) {}

  async list(
    user: AuthUser,
    workspaceId: string,
    limit = 50,
    cursor?: string,
    search?: string,
  ): Promise<Page<FileEntity>> {
    await this.workspaces.getAccessible(user, workspaceId, 'read');
    const after = decodeCursor(cursor);
    const qb = this.visibleFiles(user)
      .andWhere('file.workspace_id = :workspaceId', { workspaceId })
      .orderBy('file.created_at', 'DESC')
      .addOrderBy('file.id', 'DESC')
      .limit(limit + 1);
    if (after) qb.andWhere('(file.created_at, file.id) < (:at, :id)', after);
    if (search) {
      // The user's %, _ and \ are meant literally, not as LIKE wildcards.
      const pattern = `%${search.replace(/[\\%_]/g, '\\$&')}%`;
      const matches = `ILIKE :pattern ESCAPE '\\'`;
      qb.andWhere(`(file.title ${matches} OR file.document_number ${matches})`, { pattern });
    }
    const rows = await qb.getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }

  /** Uploaded revisions of these workspaces that wait for a PM's review. */
  async countAwaitingReview(workspaceIds: string[]): Promise<number> {
    if (!workspaceIds.length) return 0;
    return this.revisions
      .createQueryBuilder('revision')
      .innerJoin(FileEntity, 'file', 'file.id = revision.file_id')
      .where('file.workspace_id = ANY(:ids)', { ids: workspaceIds })
      .andWhere("revision.state = 'available' AND revision.review_state = 'submitted'")
      .getCount();
  }

  async create(
    user: AuthUser,
    workspaceId: string,
    dto: CreateFileDto,
    meta: RequestMeta,
  ): Promise<FileEntity> {
    const workspace = await this.workspaces.getAccessible(user, workspaceId, 'read');
    this.require(this.abilityOf(user), 'create', 'File', { workspaceId, workspace });
    if (dto.linkedItemId) await this.assertLinkable(user, workspaceId, dto.linkedItemId);
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager
        .save(
          manager.create(FileEntity, {
            workspaceId,
            documentNumber: dto.documentNumber,
            title: dto.title,
            linkedItemId: dto.linkedItemId ?? null,
            currentRevision: null,
            createdBy: user.id,
          }),
        )
        .catch(
          conflictOn(
            'file_document_number_key',
            `Document number ${dto.documentNumber} already exists in this workspace`,
          ),
        );
      await this.audit.record(
        {
          action: 'file.created',
          actor: user,
          workspaceId,
          resourceType: 'File',
          resourceId: saved.id,
          meta,
          details: { documentNumber: saved.documentNumber },
        },
        manager,
      );
      return saved;
    });
  }

  /** The file with every revision the caller may see, newest first. */
  async get(user: AuthUser, fileId: string): Promise<FileWithRevisions> {
    const file = await this.loadFile(user, fileId);
    const revisions = await this.visibleRevisions(user)
      .andWhere('revision.file_id = :fileId', { fileId })
      .orderBy('revision.seq', 'DESC')
      .getMany();
    return { file, revisions };
  }

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
    const file = await this.loadFile(user, fileId);
    this.require(this.abilityOf(user), 'create', 'FileRevision', { fileId, workspace: file.workspace });
    const plan = new MultipartPlan(accepted.size);
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
      const uploadId = await this.storage.startMultipartUpload(objectKey, accepted.contentType);
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
   * Completes the storage upload, then verifies the stored object against what was declared.
   * A mismatch rejects the revision, deletes the object and answers 422 saying why.
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
    let completedVersionId: string | null;
    try {
      completedVersionId = await this.storage.completeMultipartUpload(
        revision.objectKey,
        uploadId,
        dto.parts,
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

    const verification = await this.verifier
      .verify(revision, revision.file.workspaceId, completedVersionId)
      .catch(async (error: Error) => {
        if (isDependencyOutage(error)) {
          // Not the file's fault: it stays uploading and completing again verifies it.
          await this.revisions.update({ id: revision.id, state: 'uploading' }, { uploadId });
          throw error;
        }
        this.logger.error(`Could not read back ${revision.objectKey} for verification: ${error.message}`);
        await this.reject(revision, 'The stored file could not be read back for verification', user, meta);
        throw new PolicyViolationError(
          'Upload rejected: the stored file could not be read back for verification; upload it again',
        );
      });
    if (verification.rejected !== null) {
      await this.reject(revision, verification.rejected, user, meta);
      throw new PolicyViolationError(`Upload rejected: ${verification.rejected}`);
    }
    Object.assign(revision, {
      versionId: verification.versionId,
      contentWarnings: verification.warnings,
      activeContent: verification.activeContent,
    });
    if (this.verifier.scanning) return this.scanThenPublish(revision, user, meta);
    return this.publish(revision, user, meta);
  }

  /**
   * Scans revisions left in `scanning` because the malware scanner was unreachable, oldest first.
   * Each is claimed by a conditional update, so overlapping passes never scan one twice at once.
   */
  async retryPendingScans(batch = 20): Promise<number> {
    if (!this.verifier.scanning) return 0;
    const pending = (await this.revisions
      .createQueryBuilder('revision')
      .innerJoinAndSelect('revision.file', 'file')
      .innerJoinAndSelect('file.workspace', 'workspace')
      .where(`revision.state = 'scanning'`)
      .orderBy('revision.completed_at', 'ASC')
      .limit(batch)
      .getMany()) as LoadedRevision[];
    let finished = 0;
    for (const revision of pending) {
      const claimed = await this.revisions.update(
        { id: revision.id, state: 'scanning', scanAttempts: revision.scanAttempts },
        { scanAttempts: revision.scanAttempts + 1 },
      );
      if (!claimed.affected) continue;
      revision.scanAttempts++;
      const after = await this.scanThenPublish(revision, null, {}).catch((error: unknown) => {
        if (error instanceof PolicyViolationError) return null; // rejected as infected
        throw error;
      });
      if (after?.state !== 'scanning') finished++;
    }
    return finished;
  }

  /**
   * Streams the verified object to the malware scanner. Infected: rejected (object deleted, audited
   * with the signature). No verdict: the revision waits in `scanning` for retryPendingScans —
   * never published unscanned.
   */
  private async scanThenPublish(
    revision: LoadedRevision,
    actor: AuthUser | null,
    meta: RequestMeta,
  ): Promise<FileRevision> {
    let verdict: ScanVerdict;
    try {
      verdict = await this.verifier.scan(revision);
    } catch (error) {
      const scanError = (error as Error).message.slice(0, 1000);
      this.logger.warn(`Malware scan of ${revision.objectKey} deferred: ${scanError}`);
      const changes = {
        state: 'scanning' as const,
        scanError,
        versionId: revision.versionId,
        contentWarnings: revision.contentWarnings,
        activeContent: revision.activeContent,
        completedAt: revision.completedAt ?? new Date(),
      };
      await this.revisions.update({ id: revision.id }, changes);
      return Object.assign(revision, changes);
    }
    if (verdict.infected) {
      const reason = `Malware found: ${verdict.signature}`;
      await this.reject(revision, reason, actor, meta);
      throw new PolicyViolationError(`Upload rejected: ${reason}`);
    }
    return this.publish(revision, actor, meta);
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
    return this.reject(revision, 'Upload cancelled by the uploader', user, meta, 'file.upload.cancelled');
  }

  /**
   * Removes a file that never got content: no revision, or only rejected ones (their storage is freed
   * when they are rejected). This is how a refused defect attachment leaves no empty `ATT-…` file
   * behind. Only the file's creator or an admin may; a file holding an upload or content stays.
   */
  async deleteEmptyFile(user: AuthUser, fileId: string, meta: RequestMeta): Promise<void> {
    const file = await this.loadFile(user, fileId);
    if (file.createdBy !== user.id && user.role !== 'admin') {
      throw new ForbiddenError('Only the file’s creator or an admin may delete it');
    }
    await this.dataSource.transaction(async (manager) => {
      // The same lock as startRevision takes, so no upload can begin while the file goes.
      await manager
        .createQueryBuilder(FileEntity, 'file')
        .setLock('pessimistic_write')
        .where('file.id = :fileId', { fileId })
        .getOne();
      const kept = await manager
        .createQueryBuilder(FileRevision, 'revision')
        .where('revision.file_id = :fileId', { fileId })
        .andWhere("revision.state <> 'rejected'")
        .getCount();
      if (kept) throw new ConflictError('The file has an upload or content and cannot be deleted');
      const rejected = await manager.delete(FileRevision, { fileId });
      await manager.delete(FileEntity, { id: fileId });
      await this.audit.record(
        {
          action: 'file.deleted',
          actor: user,
          workspaceId: file.workspaceId,
          resourceType: 'File',
          resourceId: file.id,
          meta,
          details: {
            documentNumber: file.documentNumber,
            title: file.title,
            rejectedRevisions: rejected.affected ?? 0,
          },
        },
        manager,
      );
    });
  }

  /** A presigned GET valid at most five minutes; every call is audited. */
  async downloadUrl(
    user: AuthUser,
    fileId: string,
    seq: number,
    disposition: 'attachment' | 'inline',
    meta: RequestMeta,
  ): Promise<string> {
    const revision = await this.loadRevision(user, fileId, seq);
    if (revision.state !== 'available' && revision.state !== 'superseded') {
      throw new ConflictError(`Revision ${seq} is ${revision.state} and cannot be downloaded`);
    }
    if (disposition === 'inline' && !INLINE_PREVIEWABLE.has(extensionOf(revision.originalName))) {
      throw new BadInputError('Not previewable', [
        { field: 'disposition', message: 'inline is offered for PDF and images only' },
      ]);
    }
    if (disposition === 'inline' && revision.activeContent) {
      throw new BadInputError('Not previewable', [
        { field: 'disposition', message: 'this PDF has active content and is only offered as an attachment' },
      ]);
    }
    // The workspace's download policy may serve a stamped copy instead, or refuse (download-policy/).
    const copy = await this.downloadPolicy.servedCopy(user, revision, disposition);
    const url = await this.storage.presignDownload(copy?.objectKey ?? revision.objectKey, {
      versionId: copy ? null : revision.versionId,
      fileName: copy?.fileName ?? revision.originalName,
      contentType: copy?.contentType ?? revision.contentType,
      disposition,
    });
    await this.audit.record({
      action: 'file.downloaded',
      actor: user,
      workspaceId: revision.file.workspaceId,
      resourceType: 'FileRevision',
      resourceId: revision.id,
      meta,
      details: { fileId, seq, disposition, ...copy?.audit },
    });
    return url;
  }

  /** A PM's verdict on an available (or since superseded) revision, shown to the supplier. */
  async review(
    user: AuthUser,
    fileId: string,
    seq: number,
    dto: ReviewRevisionDto,
    meta: RequestMeta,
  ): Promise<FileRevision> {
    const revision = await this.loadRevision(user, fileId, seq);
    this.require(this.abilityOf(user), 'review', 'FileRevision', {
      ...revision,
      workspace: revision.file.workspace,
    });
    if (revision.state !== 'available' && revision.state !== 'superseded') {
      throw new ConflictError(
        `Revision ${seq} is ${revision.state}; only uploaded revisions can be reviewed`,
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const changes = {
        reviewState: dto.reviewState,
        reviewNote: dto.note ?? null,
        reviewedBy: user.id,
        reviewedAt: new Date(),
      };
      await manager.update(FileRevision, { id: revision.id }, changes);
      await this.audit.record(
        {
          action: 'file.revision.reviewed',
          actor: user,
          workspaceId: revision.file.workspaceId,
          resourceType: 'FileRevision',
          resourceId: revision.id,
          meta,
          details: { fileId, seq, reviewState: dto.reviewState, note: dto.note ?? null },
        },
        manager,
      );
      await announce(this.queue, manager, {
        ...this.revisionEvent('file.revision_reviewed', revision, revision.label, user),
        status: dto.reviewState,
      });
      return Object.assign(revision, changes);
    });
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
      await this.reject(
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

  private abilityOf(user: AuthUser): AppAbility {
    return this.abilities.createForUser(user);
  }

  /** Visible-but-forbidden is 403; the caller has already been shown the row exists. */
  private require(
    ability: AppAbility,
    action: Action,
    type: 'File' | 'FileRevision',
    row: object,
    field?: string,
  ): void {
    if (!ability.can(action, subject(type, { ...row }), field)) {
      throw new ForbiddenError(`Not allowed to ${action} this ${type === 'File' ? 'file' : 'revision'}`);
    }
  }

  private visibleFiles(user: AuthUser) {
    const qb = this.files.createQueryBuilder('file').innerJoinAndSelect('file.workspace', 'workspace');
    qb.where(accessibleWhere(this.abilityOf(user), 'read', 'File', 'file'));
    return this.workspaces.applyAccessFilter(qb, 'workspace', user, 'read');
  }

  private visibleRevisions(user: AuthUser) {
    const qb = this.revisions
      .createQueryBuilder('revision')
      .innerJoinAndSelect('revision.file', 'file')
      .innerJoinAndSelect('file.workspace', 'workspace');
    qb.where(accessibleWhere(this.abilityOf(user), 'read', 'FileRevision', 'revision'));
    return this.workspaces.applyAccessFilter(qb, 'workspace', user, 'read');
  }

  private async loadFile(user: AuthUser, fileId: string): Promise<FileEntity & { workspace: Workspace }> {
    if (!UUID.test(fileId)) throw new NotFoundError('File not found');
    const file = await this.visibleFiles(user).andWhere('file.id = :fileId', { fileId }).getOne();
    if (!file) throw new NotFoundError('File not found');
    return file as FileEntity & { workspace: Workspace };
  }

  private async loadRevision(user: AuthUser, fileId: string, seq: number): Promise<LoadedRevision> {
    if (!UUID.test(fileId) || !Number.isSafeInteger(seq) || seq < 1 || seq > MAX_SEQ) {
      throw new NotFoundError('Revision not found');
    }
    const revision = await this.visibleRevisions(user)
      .andWhere('revision.file_id = :fileId', { fileId })
      .andWhere('revision.seq = :seq', { seq })
      .getOne();
    if (!revision) throw new NotFoundError('Revision not found');
    return revision as LoadedRevision;
  }

  /** An upload still open, which only its uploader (or an admin of the uploader's organisation) may drive. */
  private async loadOpenUpload(user: AuthUser, fileId: string, seq: number): Promise<LoadedRevision> {
    const revision = await this.loadRevision(user, fileId, seq);
    this.require(
      this.abilityOf(user),
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
    );
    return { partSize: plan.partSize, partCount: plan.partCount, expiresAt, parts, uploadedParts: uploaded };
  }

  /** A file may link only to a shared item of its own workspace that the caller can see. */
  private async assertLinkable(user: AuthUser, workspaceId: string, itemId: string): Promise<void> {
    const access = await this.sharing.getAccessible(user, itemId).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
    if (!access || access.workspace.id !== workspaceId) {
      throw new PolicyViolationError('linkedItemId is not a shared item of this workspace', [
        { field: 'linkedItemId', message: 'must be a shared item of this workspace' },
      ]);
    }
  }

  private async assertLabelFree(manager: EntityManager, fileId: string, label: string): Promise<void> {
    const taken = await manager
      .createQueryBuilder(FileRevision, 'revision')
      .where('revision.file_id = :fileId', { fileId })
      .andWhere(
        '(upper(revision.label) = upper(:label) OR (upper(revision.requested_label) = upper(:label) AND revision.state = :uploading))',
        {
          label,
          uploading: 'uploading',
        },
      )
      .getExists();
    if (taken) throw new ConflictError(`Label ${label} is already used by a revision of this file`);
  }

  /** Makes the verified revision current, supersedes the previous one and queues the flow back. */
  private async publish(
    revision: LoadedRevision,
    actor: AuthUser | null,
    meta: RequestMeta,
  ): Promise<FileRevision> {
    return this.dataSource.transaction(async (manager) => {
      await manager
        .createQueryBuilder(FileEntity, 'file')
        .setLock('pessimistic_write')
        .where('file.id = :id', { id: revision.fileId })
        .getOne();
      // A revision that waited for the malware scanner may finish after a newer one: it is history then.
      const newer = await manager
        .createQueryBuilder(FileRevision, 'revision')
        .where('revision.file_id = :fileId AND revision.seq > :seq', revision)
        .andWhere(`revision.state IN ('available', 'superseded')`)
        .getExists();
      if (!newer) {
        await manager.update(
          FileRevision,
          { fileId: revision.fileId, state: 'available' },
          { state: 'superseded' },
        );
      }
      const used = await manager
        .createQueryBuilder(FileRevision, 'revision')
        .select('revision.label', 'label')
        .where('revision.file_id = :fileId AND revision.label IS NOT NULL', { fileId: revision.fileId })
        .getRawMany<{ label: string }>();
      const usedLabels = used.map((r) => r.label);
      const wanted = revision.requestedLabel;
      const label =
        wanted && !usedLabels.some((l) => l.toUpperCase() === wanted.toUpperCase())
          ? wanted
          : nextLabel(usedLabels);
      const changes = {
        state: newer ? ('superseded' as const) : ('available' as const),
        label,
        completedAt: new Date(),
        uploadId: null,
        versionId: revision.versionId,
        contentWarnings: revision.contentWarnings,
        activeContent: revision.activeContent,
        scanError: null,
      };
      await manager.update(FileRevision, { id: revision.id }, changes);
      if (!newer) {
        await manager.update(FileEntity, { id: revision.fileId }, { currentRevision: revision.seq });
      }
      await this.audit.record(
        {
          action: 'file.upload.completed',
          actor,
          orgId: revision.uploaderOrgId,
          workspaceId: revision.file.workspaceId,
          resourceType: 'FileRevision',
          resourceId: revision.id,
          meta,
          details: {
            fileId: revision.fileId,
            seq: revision.seq,
            label,
            size: revision.size,
            sha256: revision.sha256,
            ...(revision.contentWarnings.length ? { warnings: revision.contentWarnings } : {}),
          },
        },
        manager,
      );
      const published = Object.assign(revision, changes);
      if (newer) return published;
      if (revision.uploaderOrgId === revision.file.workspace.supplierOrgId) {
        await this.flowBack.enqueue(manager, published, revision.file, revision.file.workspace);
      }
      await announce(
        this.queue,
        manager,
        this.revisionEvent('file.revision_available', revision, label, actor),
      );
      return published;
    });
  }

  /** The notifications module's event for a revision, named as the supplier sees it ("D-102 rev C"). */
  private revisionEvent(
    event: 'file.revision_available' | 'file.revision_reviewed',
    revision: LoadedRevision,
    label: string | null,
    actor: AuthUser | null,
  ): NotificationEvent {
    const name = revision.file.documentNumber || revision.file.title;
    return {
      event,
      workspaceId: revision.file.workspaceId,
      actorId: actor?.id ?? revision.uploadedBy,
      subject: { type: 'file_revision', id: revision.id },
      title: label ? `${name} rev ${label}` : name,
      path: `/files/${revision.fileId}`,
    };
  }

  private async reject(
    revision: FileRevision & { file: FileEntity },
    reason: string,
    actor: AuthUser | null,
    meta: RequestMeta,
    action = 'file.upload.rejected',
  ): Promise<FileRevision> {
    if (action === 'file.upload.rejected') await this.storage.deleteObject(revision.objectKey);
    return this.dataSource.transaction(async (manager) => {
      const changes = {
        state: 'rejected' as const,
        rejectionReason: reason,
        uploadId: null,
        completedAt: new Date(),
      };
      await manager.update(FileRevision, { id: revision.id }, changes);
      await this.audit.record(
        {
          action,
          actor,
          orgId: revision.uploaderOrgId,
          workspaceId: revision.file.workspaceId,
          resourceType: 'FileRevision',
          resourceId: revision.id,
          meta,
          details: { fileId: revision.fileId, seq: revision.seq, reason },
        },
        manager,
      );
      return Object.assign(revision, changes);
    });
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

function conflictOn(constraint: string, message: string) {
  return (error: unknown): never => {
    if (
      error instanceof QueryFailedError &&
      (error.driverError as { constraint?: string }).constraint === constraint
    ) {
      throw new ConflictError(message);
    }
    throw error;
  };
}
