import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { subject } from '@casl/ability';
import { AbilityFactory, accessibleWhere, Action, AuthUser } from '@portico/auth';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AuditService, RequestMeta } from '../audit';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../common';
import { announce } from '../notification-events';
import { JobQueue } from '../sync';
import { Workspace, WorkspacesService } from '../workspaces';
import { decodeCursor, encodeCursor, Page } from '../common';
import { CreateTransmittalDto, UpdateTransmittalDto } from './dto/transmittal-input.dto';
import { TransmittalReadModel } from './dto/transmittal-response.dto';
import { TransmittalContent } from './entities/transmittal-content.entity';
import { RESPONSE_PURPOSES, Transmittal, TransmittalStatus } from './entities/transmittal.entity';
import { todayUtc } from './supplier-state';
import { ContentRow, TransmittalContents } from './transmittal-contents';
import { TRANSMITTAL_JIRA_JOB, TransmittalJiraJob } from './transmittal-jira-sync';
import { TransmittalSettingsService } from './transmittal-settings.service';
import { LoadedTransmittal, TransmittalReadModels } from './transmittal-read-models';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const validDate = (d: string) => new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

/**
 * Transmittals as the workspace's PMs make them: numbered drafts (gap-free per workspace: the counter
 * row is incremented in the transaction of the insert), edits while draft, and the issue that freezes
 * one, supersedes its predecessor, announces it and queues its flow back to Jira.
 */
export interface TransmittalDueDate {
  id: string;
  number: string;
  subject: string;
  dueDate: string;
  workspaceName: string;
}

@Injectable()
export class TransmittalsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly abilities: AbilityFactory,
    private readonly workspaces: WorkspacesService,
    private readonly settings: TransmittalSettingsService,
    private readonly contents: TransmittalContents,
    private readonly views: TransmittalReadModels,
    private readonly queue: JobQueue,
    private readonly audit: AuditService,
  ) {}

  /** The transmittal if the caller may read it (suppliers: issued ones of their live workspaces); else 404. */
  async load(
    user: AuthUser,
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<LoadedTransmittal> {
    if (!UUID.test(id)) throw new NotFoundError('Transmittal not found');
    const qb = this.visible(user, manager).andWhere('t.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write', undefined, ['t']);
    const row = (await qb.getOne()) as LoadedTransmittal | null;
    if (!row) throw new NotFoundError('Transmittal not found');
    return row;
  }

  /** Transmittals the caller may read, joined with their workspace. */
  visible(user: AuthUser, manager: EntityManager = this.dataSource.manager): SelectQueryBuilder<Transmittal> {
    const qb = manager
      .createQueryBuilder(Transmittal, 't')
      .innerJoinAndMapOne('t.workspace', Workspace, 'workspace', 'workspace.id = t.workspace_id')
      .where('t.deleted_at IS NULL')
      .andWhere(accessibleWhere(this.abilities.createForUser(user), 'read', 'Transmittal', 't'));
    if (user.orgKind === 'supplier') this.workspaces.applyAccessFilter(qb, 'workspace', user);
    return qb;
  }

  async view(user: AuthUser, t: LoadedTransmittal, manager?: EntityManager): Promise<TransmittalReadModel> {
    return (await this.views.build(user, [t], true, manager))[0];
  }

  async get(user: AuthUser, id: string): Promise<TransmittalReadModel> {
    return this.view(user, await this.load(user, id));
  }

  /** Loads for a change: 403 for those who may read but not change it, 409 once it is not a draft. */
  private async loadDraft(
    user: AuthUser,
    id: string,
    manager: EntityManager,
    action: Action = 'update',
  ): Promise<LoadedTransmittal> {
    const t = await this.load(user, id, manager, true);
    if (!this.abilities.createForUser(user).can(action, subject('Transmittal', t)))
      throw new ForbiddenError('Only the owner and co-owners of the workspace change its transmittals');
    if (t.status !== 'draft')
      throw new ConflictError(`${t.number} is ${t.status}; an issued transmittal cannot change`);
    return t;
  }

  async create(
    user: AuthUser,
    workspaceId: string,
    dto: CreateTransmittalDto,
    meta?: RequestMeta,
  ): Promise<TransmittalReadModel> {
    const workspace = await this.workspaces.getAccessible(user, workspaceId, 'read');
    if (!this.abilities.createForUser(user).can('create', subject('Transmittal', { workspace })))
      throw new ForbiddenError('Only the owner and co-owners of the workspace create transmittals');
    this.checkDueDate(dto.dueDate);
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.contents.resolve(workspaceId, dto.contents, manager);
      await this.checkSupersedes(workspaceId, dto.supersedesId ?? null, null, manager);
      const code = (await this.settings.effective(workspace, manager)).code;
      // The counter row stays locked until commit: concurrent creations queue here, and a rollback
      // gives the number back, so numbers have neither gaps nor duplicates.
      const [{ seq }]: { seq: number }[] = await manager.query(
        `INSERT INTO transmittal_counter (workspace_id, last_seq) VALUES ($1, 1)
         ON CONFLICT (workspace_id) DO UPDATE SET last_seq = transmittal_counter.last_seq + 1
         RETURNING last_seq AS seq`,
        [workspaceId],
      );
      const repo = manager.getRepository(Transmittal);
      const saved = await repo.save(
        repo.create({
          workspaceId,
          seq,
          number: `${code}-T-${String(seq).padStart(4, '0')}`,
          subject: dto.subject.trim(),
          purpose: dto.purpose,
          message: dto.message ?? null,
          dueDate: dto.dueDate ?? null,
          supersedesId: dto.supersedesId ?? null,
          createdBy: user.id,
          status: 'draft',
        }),
      );
      await this.saveContents(manager, saved.id, rows);
      await this.record(manager, user, 'transmittal.created', saved, workspace, meta, {
        number: saved.number,
        contents: rows.length,
      });
      return this.view(user, await this.load(user, saved.id, manager), manager);
    });
  }

  async update(
    user: AuthUser,
    id: string,
    dto: UpdateTransmittalDto,
    meta?: RequestMeta,
  ): Promise<TransmittalReadModel> {
    this.checkDueDate(dto.dueDate);
    return this.dataSource.transaction(async (manager) => {
      const t = await this.loadDraft(user, id, manager);
      if (dto.contents !== undefined) {
        const rows = await this.contents.resolve(t.workspaceId, dto.contents, manager);
        await manager.getRepository(TransmittalContent).delete({ transmittalId: t.id });
        await this.saveContents(manager, t.id, rows);
      }
      if (dto.supersedesId !== undefined)
        await this.checkSupersedes(t.workspaceId, dto.supersedesId, t.id, manager);
      const changes: Partial<Transmittal> = {
        ...(dto.subject !== undefined ? { subject: dto.subject.trim() } : {}),
        ...(dto.purpose !== undefined ? { purpose: dto.purpose } : {}),
        ...(dto.message !== undefined ? { message: dto.message } : {}),
        ...(dto.dueDate !== undefined ? { dueDate: dto.dueDate } : {}),
        ...(dto.supersedesId !== undefined ? { supersedesId: dto.supersedesId } : {}),
        updatedAt: new Date(),
      };
      await manager.getRepository(Transmittal).update({ id: t.id }, changes);
      await this.record(manager, user, 'transmittal.updated', t, t.workspace, meta, {
        fields: Object.keys(dto),
      });
      return this.view(user, await this.load(user, t.id, manager), manager);
    });
  }

  /** A deleted draft keeps its number (never reused), so the register shows no silent gap. */
  async remove(user: AuthUser, id: string, meta?: RequestMeta): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const t = await this.loadDraft(user, id, manager, 'delete');
      await manager.getRepository(Transmittal).update({ id: t.id }, { deletedAt: new Date() });
      await this.record(manager, user, 'transmittal.deleted', t, t.workspace, meta, { number: t.number });
    });
  }

  async issue(user: AuthUser, id: string, meta?: RequestMeta): Promise<TransmittalReadModel> {
    return this.dataSource.transaction(async (manager) => {
      const t = await this.loadDraft(user, id, manager, 'publish');
      const contents = await manager
        .getRepository(TransmittalContent)
        .find({ where: { transmittalId: t.id }, order: { position: 'ASC' } });
      if (!contents.length)
        throw new BadInputError('Nothing to issue', [
          { field: 'contents', message: 'add at least one document' },
        ]);
      if (t.dueDate && t.dueDate < todayUtc())
        throw new BadInputError('Due date passed', [{ field: 'dueDate', message: 'is in the past' }]);
      if (!t.dueDate && RESPONSE_PURPOSES.has(t.purpose))
        throw new BadInputError('Due date needed', [
          { field: 'dueDate', message: 'a transmittal asking for a response needs a due date' },
        ]);
      await this.contents.recheck(t.workspaceId, contents, manager);
      const issuedAt = new Date();
      await manager
        .getRepository(Transmittal)
        .update({ id: t.id }, { status: 'issued', issuedAt, issuedBy: user.id, updatedAt: issuedAt });
      if (t.supersedesId) await this.supersede(manager, user, t, meta);
      const jiraKeys = [...new Set(contents.map((c) => c.jiraKey).filter(Boolean))];
      if (jiraKeys.length)
        await this.queue.enqueue<TransmittalJiraJob>(manager, {
          name: TRANSMITTAL_JIRA_JOB,
          data: { transmittalId: t.id, phase: 'issued' },
          ref: { type: 'Transmittal', id: t.id, workspaceId: t.workspaceId },
          singletonKey: `issued:${t.id}`,
        });
      await announce(this.queue, manager, {
        event: 'transmittal.issued',
        workspaceId: t.workspaceId,
        actorId: user.id,
        subject: { type: 'transmittal', id: t.id },
        title: `${t.number} ${t.subject}`.slice(0, 300),
        path: `/transmittals/${t.id}`,
        status: t.purpose,
        excerpt: t.dueDate ?? undefined,
      });
      await this.record(manager, user, 'transmittal.issued', t, t.workspace, meta, {
        number: t.number,
        purpose: t.purpose,
        dueDate: t.dueDate,
        contents: contents.length,
      });
      return this.view(user, await this.load(user, t.id, manager), manager);
    });
  }

  async listForWorkspace(
    user: AuthUser,
    workspaceId: string,
    filter: { status?: TransmittalStatus; limit: number; cursor?: string },
  ): Promise<Page<TransmittalReadModel>> {
    await this.workspaces.getAccessible(user, workspaceId, 'read');
    const qb = this.visible(user).andWhere('t.workspace_id = :workspaceId', { workspaceId });
    if (filter.status) qb.andWhere('t.status = :status', { status: filter.status });
    return this.page(user, qb, filter);
  }

  /** Issued transmittals still waiting for the supplier's response by a due date, for the calendar feed. */
  async responseDueDates(user: AuthUser): Promise<TransmittalDueDate[]> {
    const rows = await this.visible(user)
      .andWhere("t.status = 'issued' AND t.purpose IN ('for_review', 'for_approval')")
      .andWhere('t.due_date IS NOT NULL')
      .orderBy('t.due_date', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .limit(5000)
      .getMany();
    return rows.map((t) => ({
      id: t.id,
      number: t.number,
      subject: t.subject,
      dueDate: t.dueDate!,
      workspaceName: (t as LoadedTransmittal).workspace.name,
    }));
  }

  /** For the PM's home page: issued, asking for a response, past due, in workspaces the caller manages. */
  async overdue(
    user: AuthUser,
    filter: { limit: number; cursor?: string },
  ): Promise<Page<TransmittalReadModel>> {
    const qb = this.visible(user)
      .andWhere(accessibleWhere(this.abilities.createForUser(user), 'update', 'Transmittal', 't'))
      .andWhere("t.status = 'issued' AND t.purpose IN ('for_review', 'for_approval')")
      .andWhere(`t.due_date < (now() AT TIME ZONE 'UTC')::date`);
    return this.page(user, qb, filter);
  }

  /** Newest first by creation, keyset-paginated. */
  async page(
    user: AuthUser,
    qb: SelectQueryBuilder<Transmittal>,
    filter: { limit: number; cursor?: string },
  ): Promise<Page<TransmittalReadModel>> {
    const after = decodeCursor(filter.cursor);
    if (after) qb.andWhere('(t.created_at, t.id) < (:at, :id)', after);
    const rows = (await qb
      .orderBy('t.created_at', 'DESC')
      .addOrderBy('t.id', 'DESC')
      .limit(filter.limit + 1)
      .getMany()) as LoadedTransmittal[];
    const items = rows.slice(0, filter.limit);
    const last = items[items.length - 1];
    return {
      items: await this.views.build(user, items, false),
      nextCursor: rows.length > filter.limit && last ? encodeCursor(last.createdAt, last.id) : null,
    };
  }

  private checkDueDate(dueDate: string | null | undefined): void {
    if (dueDate && !validDate(dueDate))
      throw new BadInputError('Invalid due date', [{ field: 'dueDate', message: 'is not a calendar date' }]);
  }

  /** The predecessor must be an issued (or answered) transmittal of the same workspace, not yet superseded. */
  private async checkSupersedes(
    workspaceId: string,
    supersedesId: string | null,
    selfId: string | null,
    manager: EntityManager,
  ): Promise<Transmittal | null> {
    if (!supersedesId) return null;
    const older = await manager
      .getRepository(Transmittal)
      .findOne({ where: { id: supersedesId, workspaceId }, lock: { mode: 'pessimistic_write' } });
    const problem =
      !older || older.deletedAt || older.id === selfId
        ? 'is not a transmittal of this workspace'
        : older.status === 'draft'
          ? 'is a draft; only an issued transmittal can be superseded'
          : older.status === 'superseded'
            ? 'is already superseded'
            : null;
    if (problem)
      throw new BadInputError('Invalid supersedesId', [{ field: 'supersedesId', message: problem }]);
    return older;
  }

  private async supersede(manager: EntityManager, user: AuthUser, t: LoadedTransmittal, meta?: RequestMeta) {
    const older = await this.checkSupersedes(t.workspaceId, t.supersedesId, t.id, manager).catch(
      (e: unknown) => {
        // It was superseded by another issue since this draft was written.
        if (e instanceof BadInputError)
          throw new ConflictError(`${e.message}: ${e.errors.map((f) => f.message).join(', ')}`);
        throw e;
      },
    );
    await manager
      .getRepository(Transmittal)
      .update({ id: older!.id }, { status: 'superseded', supersededById: t.id, updatedAt: new Date() });
    await this.record(manager, user, 'transmittal.superseded', older!, t.workspace, meta, {
      number: older!.number,
      supersededBy: t.number,
    });
  }

  private async saveContents(
    manager: EntityManager,
    transmittalId: string,
    rows: ContentRow[],
  ): Promise<void> {
    if (!rows.length) return;
    const repo = manager.getRepository(TransmittalContent);
    await repo.insert(rows.map((r) => ({ ...r, transmittalId })));
  }

  record(
    manager: EntityManager,
    user: AuthUser | null,
    action: string,
    t: Transmittal,
    workspace: Workspace,
    meta: RequestMeta | undefined,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(
      {
        action,
        actor: user,
        orgId: workspace.supplierOrgId,
        workspaceId: workspace.id,
        resourceType: 'transmittal',
        resourceId: t.id,
        meta,
        details,
      },
      manager,
    );
  }
}
