import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Action, AppAbility, AuthUser } from '@portico/auth';
import { DataSource, QueryFailedError, Repository } from 'typeorm';
import { AuditService, RequestMeta } from '../audit';
import {
  BadInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PolicyViolationError,
  decodeCursor,
  encodeCursor,
  Page,
} from '../common';
import { DownloadPolicyService } from '../download-policy';
import { announce } from '../notification-events';
import { SharingService } from '../sharing';
import { StorageService } from '../storage';
import { JobQueue } from '../sync';
import { Workspace, WorkspacesService } from '../workspaces';
import { CreateFileDto, ReviewRevisionDto } from './dto/file-input.dto';
import { FileRevision } from './entities/file-revision.entity';
import { FileEntity } from './entities/file.entity';
import { FileAccess, LoadedRevision } from './file-access';
import { INLINE_PREVIEWABLE } from './file-formats';
import { extensionOf } from './file-name';
import { revisionEvent } from './revision-event';

export interface FileWithRevisions {
  file: FileEntity;
  revisions: FileRevision[];
}

/**
 * Files and their revisions (docs/architecture.md): listing, downloads, reviews and deleting empty
 * files. Uploads (start, parts, complete, abort, verification) are RevisionUploadService's
 * (uploads/).
 */
@Injectable()
export class FilesService {
  constructor(
    @InjectRepository(FileRevision) private readonly revisions: Repository<FileRevision>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: FileAccess,
    private readonly workspaces: WorkspacesService,
    private readonly storage: StorageService,
    private readonly audit: AuditService,
    private readonly sharing: SharingService,
    private readonly queue: JobQueue,
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
    transmittalId?: string,
  ): Promise<string> {
    const revision = await this.loadRevision(user, fileId, seq);
    // Until the background verification passes, only the uploader gets their own bytes back.
    const ownUnverified = revision.state === 'verifying' && revision.uploadedBy === user.id;
    if (revision.state !== 'available' && revision.state !== 'superseded' && !ownUnverified) {
      throw new ConflictError(`Revision ${seq} is ${revision.state} and cannot be downloaded`);
    }
    if (disposition === 'inline' && ownUnverified) {
      throw new BadInputError('Not previewable', [
        {
          field: 'disposition',
          message: 'the revision is still being verified; download it as an attachment',
        },
      ]);
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
    const copy = await this.downloadPolicy.servedCopy(user, revision, disposition, transmittalId);
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
        ...revisionEvent('file.revision_reviewed', revision, revision.label, user),
        status: dto.reviewState,
      });
      return Object.assign(revision, changes);
    });
  }

  // ---------------------------------------------------------------------------------------------

  private abilityOf(user: AuthUser): AppAbility {
    return this.access.abilityOf(user);
  }

  private require(
    ability: AppAbility,
    action: Action,
    type: 'File' | 'FileRevision',
    row: object,
    field?: string,
  ): void {
    this.access.require(ability, action, type, row, field);
  }

  private visibleFiles(user: AuthUser) {
    return this.access.visibleFiles(user);
  }

  private visibleRevisions(user: AuthUser) {
    return this.access.visibleRevisions(user);
  }

  private loadFile(user: AuthUser, fileId: string): Promise<FileEntity & { workspace: Workspace }> {
    return this.access.loadFile(user, fileId);
  }

  private loadRevision(user: AuthUser, fileId: string, seq: number): Promise<LoadedRevision> {
    return this.access.loadRevision(user, fileId, seq);
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
