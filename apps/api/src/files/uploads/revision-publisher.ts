import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { AuthUser } from '@portico/auth';
import { DataSource, Repository } from 'typeorm';
import { AuditService, RequestMeta } from '../../audit';
import { PolicyViolationError } from '../../common';
import { announce } from '../../notification-events';
import { StorageService } from '../../storage';
import { JobQueue } from '../../sync';
import { ScanVerdict } from '../content-checks/clamd-client';
import { ContentVerifier } from '../content-checks/content-verifier';
import { FileRevision } from '../entities/file-revision.entity';
import { FileEntity } from '../entities/file.entity';
import { LoadedRevision } from '../file-access';
import { FileFlowBack } from '../file-flow-back';
import { revisionEvent } from '../revision-event';
import { nextLabel } from '../revision-label';

/**
 * The end of an upload's life: a verified revision is published (current, labelled, flowed back,
 * announced) or rejected (object deleted, audited with the reason), after the malware scan when one
 * is configured.
 */
@Injectable()
export class RevisionPublisher {
  private readonly logger = new Logger(RevisionPublisher.name);

  constructor(
    @InjectRepository(FileRevision) private readonly revisions: Repository<FileRevision>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: StorageService,
    private readonly audit: AuditService,
    private readonly flowBack: FileFlowBack,
    private readonly queue: JobQueue,
    private readonly verifier: ContentVerifier,
  ) {}

  /** Makes the verified revision current, supersedes the previous one and queues the flow back. */
  async publish(revision: LoadedRevision, actor: AuthUser | null, meta: RequestMeta): Promise<FileRevision> {
    return this.dataSource.transaction(async (manager) => {
      await manager
        .createQueryBuilder(FileEntity, 'file')
        .setLock('pessimistic_write')
        .where('file.id = :id', { id: revision.fileId })
        .getOne();
      // A verification job handed out twice (expiry) publishes once: the file lock orders them.
      const current = await manager.findOne(FileRevision, {
        where: { id: revision.id },
        select: ['id', 'state'],
      });
      if (current && ['available', 'superseded', 'rejected'].includes(current.state)) {
        return Object.assign(revision, { state: current.state });
      }
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
      await announce(this.queue, manager, revisionEvent('file.revision_available', revision, label, actor));
      return published;
    });
  }

  /**
   * Rejects the revision with a reason the uploader sees, audited as `action`. A rejected upload's
   * object is deleted once that is committed; when the storage does not answer it stays marked and
   * deletePendingObjects removes it later, so the rejection never waits on the storage.
   */
  async reject(
    revision: FileRevision & { file: FileEntity },
    reason: string,
    actor: AuthUser | null,
    meta: RequestMeta,
    action = 'file.upload.rejected',
  ): Promise<FileRevision> {
    // A rejected upload's object goes; cancelled and abandoned ones never completed into an object.
    const deleteObject = action === 'file.upload.rejected';
    const rejected = await this.dataSource.transaction(async (manager) => {
      const changes = {
        state: 'rejected' as const,
        rejectionReason: reason,
        uploadId: null,
        completedAt: new Date(),
        objectDeletePending: deleteObject,
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
    if (deleteObject) await this.deleteObjectOf(revision);
    return rejected;
  }

  /**
   * Rejects a revision that is still `verifying` and whose verification will not finish (its job gave
   * up, or it waited past every attempt the queue could make), saying why. The update is conditional
   * and takes the file's lock like `publish`, so a late job and concurrent callers settle it once.
   * The object is deleted afterwards as in `reject`; when the storage does not answer (often why
   * verification gave up) it stays marked and deletePendingObjects removes it later. The revision is the uploader's to
   * upload again either way. Returns false when the revision had already left `verifying`.
   */
  async rejectUnverified(revision: FileRevision & { file: FileEntity }, reason: string): Promise<boolean> {
    const rejected = await this.dataSource.transaction(async (manager) => {
      await manager
        .createQueryBuilder(FileEntity, 'file')
        .setLock('pessimistic_write')
        .where('file.id = :id', { id: revision.fileId })
        .getOne();
      const changes = {
        state: 'rejected' as const,
        rejectionReason: reason,
        completedAt: new Date(),
        objectDeletePending: true,
      };
      const claimed = await manager.update(FileRevision, { id: revision.id, state: 'verifying' }, changes);
      if (!claimed.affected) return false;
      await this.audit.record(
        {
          action: 'file.upload.rejected',
          actor: null,
          orgId: revision.uploaderOrgId,
          workspaceId: revision.file.workspaceId,
          resourceType: 'FileRevision',
          resourceId: revision.id,
          meta: {},
          details: { fileId: revision.fileId, seq: revision.seq, reason },
        },
        manager,
      );
      Object.assign(revision, changes);
      return true;
    });
    if (rejected) await this.deleteObjectOf(revision);
    return rejected;
  }

  /**
   * Deletes the objects of rejected revisions still marked (their deletion failed before); returns how
   * many went. Deleting a missing object succeeds, so passes may overlap or repeat.
   */
  async deletePendingObjects(batch = 100): Promise<number> {
    const pending = await this.dataSource
      .getRepository(FileRevision)
      .find({ select: { id: true, objectKey: true }, where: { objectDeletePending: true }, take: batch });
    let deleted = 0;
    for (const revision of pending) if (await this.deleteObjectOf(revision)) deleted++;
    return deleted;
  }

  private async deleteObjectOf(revision: Pick<FileRevision, 'id' | 'objectKey'>): Promise<boolean> {
    try {
      await this.storage.deleteObject(revision.objectKey);
    } catch (error) {
      this.logger.warn(
        `Could not delete ${revision.objectKey} of a rejected revision (the cleanup tries again): ${(error as Error).message}`,
      );
      return false;
    }
    await this.dataSource
      .getRepository(FileRevision)
      .update({ id: revision.id }, { objectDeletePending: false });
    return true;
  }

  /**
   * Streams the verified object to the malware scanner. Infected: rejected (object deleted, audited
   * with the signature). No verdict: the revision waits in `scanning` for retryPendingScans —
   * never published unscanned.
   */
  async scanThenPublish(
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
}
