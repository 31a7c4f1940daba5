import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { subject } from '@casl/ability';
import { AbilityFactory, accessibleWhere, AuthUser } from '@portico/auth';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AuditService, RequestMeta } from '../audit';
import {
  FieldError,
  NotFoundError,
  PolicyViolationError,
  decodeCursor,
  encodeCursor,
  Page,
  isUuid,
} from '../common';
import { AppConfig, APP_CONFIG } from '../config';
import { NotificationEvent } from '../notification-events';
import { JobQueue } from '../sync';
import { Workspace, WorkspacesService } from '../workspaces';
import { CreateCommentDto, CreateDefectDto } from './dto/feedback-input.dto';
import { Comment } from './entities/comment.entity';
import { Defect, DefectSyncState, Severity } from './entities/defect.entity';
import { DefectStatusEvent } from './entities/defect-status-event.entity';
import { COMMENT_TO_JIRA_JOB, CommentJob, DEFECT_TO_JIRA_JOB, DefectJob } from './feedback-events';
import { LinkedItem, LinkedRecords } from './linked-records';

export const INITIAL_SUPPLIER_STATUS = 'Reported';

type CommentParent =
  { kind: 'item'; item: LinkedItem } | { kind: 'defect'; defect: Defect & { workspace: Workspace } };

export interface DefectFilter {
  workspaceId?: string;
  /** Supplier-facing status. */
  status?: string;
  severity?: Severity;
  syncState?: DefectSyncState;
  /** Only workspaces the caller owns or co-owns. */
  managed?: boolean;
}

export interface DefectWithTimeline {
  defect: Defect;
  timeline: DefectStatusEvent[];
}

/**
 * Comments and defect reports (docs/architecture.md). Every change writes its outbound Jira job and
 * its notification event in the same transaction, so a rolled-back change sends nothing.
 */
@Injectable()
export class FeedbackService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly workspaces: WorkspacesService,
    private readonly abilities: AbilityFactory,
    private readonly audit: AuditService,
    private readonly queue: JobQueue,
    private readonly linked: LinkedRecords,
  ) {}

  // ---------------------------------------------------------------- comments

  async listItemComments(
    user: AuthUser,
    itemId: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<Comment>> {
    const item = await this.itemFor(user, itemId);
    return this.listComments(user, 'item_id', item.id, limit, cursor);
  }

  async listDefectComments(
    user: AuthUser,
    defectId: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<Comment>> {
    const defect = await this.getDefectRow(user, defectId);
    return this.listComments(user, 'defect_id', defect.id, limit, cursor);
  }

  async addItemComment(
    user: AuthUser,
    itemId: string,
    dto: CreateCommentDto,
    meta?: RequestMeta,
  ): Promise<Comment> {
    const item = await this.itemFor(user, itemId);
    return this.addComment(user, { kind: 'item', item }, dto, meta);
  }

  async addDefectComment(
    user: AuthUser,
    defectId: string,
    dto: CreateCommentDto,
    meta?: RequestMeta,
  ): Promise<Comment> {
    const defect = await this.getDefectRow(user, defectId);
    return this.addComment(user, { kind: 'defect', defect }, dto, meta);
  }

  private async addComment(
    user: AuthUser,
    parent: CommentParent,
    dto: CreateCommentDto,
    meta?: RequestMeta,
  ): Promise<Comment> {
    const workspace = parent.kind === 'item' ? parent.item.workspace : parent.defect.workspace;
    const visibility = dto.visibility ?? 'public';
    if (
      !this.abilities
        .createForUser(user)
        .can('create', subject('Comment', { workspaceId: workspace.id, workspace, visibility }))
    ) {
      throw new PolicyViolationError('Not allowed to post this comment', [
        {
          field: 'visibility',
          message:
            visibility === 'internal' ? 'internal comments are for internal users only' : 'not allowed here',
        },
      ]);
    }
    // Supplier words go to the Jira issue the thread belongs to; internal people work in Jira already.
    const toJira =
      user.orgKind === 'supplier' &&
      (parent.kind === 'defect' ? !!workspace.jiraProjectKey : parent.item.sourceType === 'jira_issue');
    return this.dataSource.transaction(async (manager) => {
      const comment = await manager.save(
        manager.create(Comment, {
          workspaceId: workspace.id,
          itemId: parent.kind === 'item' ? parent.item.id : null,
          defectId: parent.kind === 'defect' ? parent.defect.id : null,
          authorId: user.id,
          authorOrgId: user.orgId,
          body: dto.body,
          visibility,
          externalId: null,
          syncState: toJira ? 'pending' : 'none',
          syncError: null,
          syncAttemptedAt: null,
        }),
      );
      const ref = { type: 'Comment', id: comment.id, workspaceId: workspace.id };
      if (toJira) {
        await this.queue.enqueue<CommentJob>(manager, {
          name: COMMENT_TO_JIRA_JOB,
          data: { commentId: comment.id },
          ref,
          singletonKey: comment.id,
        });
      }
      const path = parent.kind === 'item' ? `/items/${parent.item.id}` : `/defects/${parent.defect.id}`;
      await this.publish(manager, {
        event: 'comment.created',
        workspaceId: workspace.id,
        actorId: user.id,
        subject: { type: 'comment', id: comment.id },
        title: parent.kind === 'item' ? (parent.item.title ?? 'Shared item') : parent.defect.title,
        path: `${path}#comment-${comment.id}`,
        excerpt: dto.body.slice(0, 200),
        audience: visibility === 'internal' ? 'internal' : 'all',
      });
      await this.audit.record(
        {
          action: 'comment.created',
          actor: user,
          orgId: workspace.supplierOrgId,
          workspaceId: workspace.id,
          resourceType: 'comment',
          resourceId: comment.id,
          meta,
          details: { visibility, parent: parent.kind },
        },
        manager,
      );
      return comment;
    });
  }

  /** One comment, when the caller may read it (suppliers never read internal ones): else 404. */
  async getComment(user: AuthUser, id: string): Promise<Comment> {
    const comment = await this.dataSource
      .createQueryBuilder(Comment, 'comment')
      .innerJoin(Workspace, 'workspace', 'workspace.id = comment.workspace_id')
      .where('comment.id = :id', { id })
      .andWhere(accessibleWhere(this.abilities.createForUser(user), 'read', 'Comment', 'comment'))
      .getOne();
    if (!comment) throw new NotFoundError('Comment not found');
    return comment;
  }

  private async listComments(
    user: AuthUser,
    parentColumn: 'item_id' | 'defect_id',
    parentId: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<Comment>> {
    const after = decodeCursor(cursor);
    const qb = this.dataSource
      .createQueryBuilder(Comment, 'comment')
      .innerJoin(Workspace, 'workspace', 'workspace.id = comment.workspace_id')
      .where(`comment.${parentColumn} = :parentId`, { parentId })
      .andWhere(accessibleWhere(this.abilities.createForUser(user), 'read', 'Comment', 'comment'))
      .orderBy('comment.created_at', 'ASC')
      .addOrderBy('comment.id', 'ASC')
      .limit(limit + 1);
    if (after) qb.andWhere('(comment.created_at, comment.id) > (:at, :id)', after);
    return this.page(await qb.getMany(), limit);
  }

  // ---------------------------------------------------------------- defects

  /** Defects of these workspaces nobody has picked up in Jira yet (still at the initial status). */
  async countNewDefects(workspaceIds: string[]): Promise<number> {
    if (!workspaceIds.length) return 0;
    return this.dataSource
      .createQueryBuilder(Defect, 'defect')
      .where('defect.workspace_id = ANY(:ids)', { ids: workspaceIds })
      .andWhere('defect.supplier_status = :initial', { initial: INITIAL_SUPPLIER_STATUS })
      .getCount();
  }

  async listDefects(
    user: AuthUser,
    workspaceId: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<Defect>> {
    await this.workspaces.getAccessible(user, workspaceId);
    return this.searchDefects(user, { workspaceId }, limit, cursor);
  }

  /**
   * Defects across every workspace the caller may read (the console's defect list), newest first.
   * A workspace filter the caller cannot see narrows to nothing, exactly like a made-up id.
   */
  async searchDefects(
    user: AuthUser,
    filter: DefectFilter,
    limit: number,
    cursor?: string,
  ): Promise<Page<Defect>> {
    const after = decodeCursor(cursor);
    const qb = this.accessibleDefects(user)
      .orderBy('defect.created_at', 'DESC')
      .addOrderBy('defect.id', 'DESC')
      .limit(limit + 1);
    if (filter.workspaceId) qb.andWhere('defect.workspace_id = :workspaceId', filter);
    if (filter.status) qb.andWhere('defect.supplier_status = :status', filter);
    if (filter.severity) qb.andWhere('defect.severity = :severity', filter);
    if (filter.syncState) qb.andWhere('defect.sync_state = :syncState', filter);
    if (filter.managed)
      qb.andWhere(accessibleWhere(this.abilities.createForUser(user), 'update', 'Defect', 'defect'));
    if (after) qb.andWhere('(defect.created_at, defect.id) < (:at, :id)', after);
    return this.page(await qb.getMany(), limit);
  }

  async getDefect(user: AuthUser, id: string): Promise<DefectWithTimeline> {
    const defect = await this.getDefectRow(user, id);
    const timeline = await this.dataSource
      .getRepository(DefectStatusEvent)
      .find({ where: { defectId: defect.id }, order: { at: 'ASC', id: 'ASC' } });
    return { defect, timeline };
  }

  async createDefect(
    user: AuthUser,
    workspaceId: string,
    dto: CreateDefectDto,
    meta?: RequestMeta,
  ): Promise<Defect> {
    const workspace = await this.workspaces.getAccessible(user, workspaceId);
    if (!this.abilities.createForUser(user).can('create', subject('Defect', { workspaceId, workspace }))) {
      throw new PolicyViolationError('Not allowed to report defects in this workspace');
    }
    const errors: FieldError[] = [];
    let itemTitle: string | null = null;
    if (dto.itemId) {
      const item = await this.linked.accessibleItem(user, dto.itemId).catch(() => null);
      if (!item || item.workspaceId !== workspaceId)
        errors.push({ field: 'itemId', message: 'must be a shared item of this workspace' });
      else itemTitle = item.title;
    }
    const revisionIds = [
      ...new Set([...(dto.fileRevisionId ? [dto.fileRevisionId] : []), ...(dto.attachmentRevisionIds ?? [])]),
    ];
    const revisions = new Map((await this.linked.revisions(revisionIds)).map((r) => [r.id, r]));
    const usable = (id: string) => {
      const r = revisions.get(id);
      return !!r && r.workspaceId === workspaceId && r.state !== 'uploading' && r.state !== 'rejected';
    };
    if (dto.fileRevisionId && !usable(dto.fileRevisionId))
      errors.push({
        field: 'fileRevisionId',
        message: 'must be an available file revision of this workspace',
      });
    (dto.attachmentRevisionIds ?? []).forEach((id, index) => {
      if (!usable(id))
        errors.push({
          field: `attachmentRevisionIds.${index}`,
          message: 'must be an available file revision of this workspace',
        });
    });
    if (errors.length)
      throw new PolicyViolationError('The report refers to something that cannot be used', errors);

    return this.dataSource.transaction(async (manager) => {
      const defect = await manager.save(
        manager.create(Defect, {
          workspaceId,
          itemId: dto.itemId ?? null,
          fileRevisionId: dto.fileRevisionId ?? null,
          title: dto.title.trim(),
          description: dto.description,
          stepsToReproduce: dto.stepsToReproduce ?? null,
          severity: dto.severity,
          attachmentRevisionIds: [...new Set(dto.attachmentRevisionIds ?? [])],
          reportedBy: user.id,
          reporterOrgId: user.orgId,
          supplierStatus: INITIAL_SUPPLIER_STATUS,
          syncState: workspace.jiraProjectKey ? 'pending' : 'failed',
          syncError: workspace.jiraProjectKey ? null : 'The workspace has no Jira project',
        }),
      );
      await manager.insert(DefectStatusEvent, {
        defectId: defect.id,
        externalStatus: null,
        supplierStatus: INITIAL_SUPPLIER_STATUS,
        source: 'reported',
      });
      const ref = { type: 'Defect', id: defect.id, workspaceId };
      if (workspace.jiraProjectKey) {
        await this.queue.enqueue<DefectJob>(manager, {
          name: DEFECT_TO_JIRA_JOB,
          data: { defectId: defect.id },
          ref,
          singletonKey: defect.id,
        });
      }
      await this.publish(manager, {
        event: 'defect.created',
        workspaceId,
        actorId: user.id,
        subject: { type: 'defect', id: defect.id },
        title: defect.title,
        path: `/defects/${defect.id}`,
        excerpt: `${defect.severity}${itemTitle ? ` · ${itemTitle}` : ''}`,
      });
      await this.audit.record(
        {
          action: 'defect.created',
          actor: user,
          orgId: workspace.supplierOrgId,
          workspaceId,
          resourceType: 'defect',
          resourceId: defect.id,
          meta,
          details: { severity: defect.severity },
        },
        manager,
      );
      return defect;
    });
  }

  /** Portal URL of a defect or comment thread, for links placed in Jira and in messages. */
  portalUrl(path: string): string {
    return `${this.config.publicUrl}${path}`;
  }

  // ---------------------------------------------------------------- internals

  private accessibleDefects(user: AuthUser): SelectQueryBuilder<Defect> {
    const qb = this.dataSource
      .createQueryBuilder(Defect, 'defect')
      .innerJoinAndMapOne('defect.workspace', Workspace, 'workspace', 'workspace.id = defect.workspace_id')
      .andWhere(accessibleWhere(this.abilities.createForUser(user), 'read', 'Defect', 'defect'));
    this.workspaces.applyAccessFilter(qb, 'workspace', user);
    return qb;
  }

  /** The defect if the caller may read it; missing and invisible are the same 404. */
  private async getDefectRow(user: AuthUser, id: string): Promise<Defect & { workspace: Workspace }> {
    if (!isUuid(id)) throw new NotFoundError('Defect not found');
    const defect = await this.accessibleDefects(user).andWhere('defect.id = :id', { id }).getOne();
    if (!defect) throw new NotFoundError('Defect not found');
    return defect as Defect & { workspace: Workspace };
  }

  private async itemFor(user: AuthUser, itemId: string): Promise<LinkedItem> {
    if (!isUuid(itemId)) throw new NotFoundError('Item not found');
    const item = await this.linked.accessibleItem(user, itemId);
    if (!item) throw new NotFoundError('Item not found');
    return item;
  }

  private async publish(manager: EntityManager, event: NotificationEvent): Promise<void> {
    await this.queue.publish(event.event, event, {
      manager,
      ref: { type: event.subject.type, id: event.subject.id, workspaceId: event.workspaceId },
    });
  }

  private page<T extends { createdAt: Date; id: string }>(rows: T[], limit: number): Page<T> {
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }
}
