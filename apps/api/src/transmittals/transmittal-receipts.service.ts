import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { subject } from '@casl/ability';
import { AbilityFactory, AuthUser } from '@portico/auth';
import { DataSource } from 'typeorm';
import { RequestMeta } from '../audit';
import { BadInputError, ConflictError, FieldError, ForbiddenError, NotFoundError } from '../common';
import { announce } from '../notification-events';
import { JobQueue } from '../sync';
import { UserDirectory } from '../users';
import { Page } from '../common';
import { ContentResponseInputDto, SupplierState } from './dto/transmittal-input.dto';
import {
  ReceiptMatrixDto,
  toTransmittalContentDto,
  TransmittalReadModel,
} from './dto/transmittal-response.dto';
import { TransmittalContent } from './entities/transmittal-content.entity';
import { RESPONSE_PURPOSES, Transmittal } from './entities/transmittal.entity';
import { SUPPLIER_STATE_SQL } from './supplier-state';
import { TRANSMITTAL_JIRA_JOB, TransmittalJiraJob } from './transmittal-jira-sync';
import { TransmittalSettingsService } from './transmittal-settings.service';
import { mayRespond } from './transmittal-read-models';
import { TransmittalsService } from './transmittals.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The supplier's side of a transmittal: opened / downloaded / previewed / acknowledged receipts per user
 * (each recorded once, with a count for repeats), the responders an admin names, the one response, and
 * the inbox; the PM's receipt matrix.
 */
@Injectable()
export class TransmittalReceiptsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly abilities: AbilityFactory,
    private readonly transmittals: TransmittalsService,
    private readonly settings: TransmittalSettingsService,
    private readonly directory: UserDirectory,
    private readonly queue: JobQueue,
  ) {}

  /** The transmittal as the caller sees it; a supplier user's first open is recorded. */
  async open(user: AuthUser, id: string, meta?: RequestMeta): Promise<TransmittalReadModel> {
    const t = await this.transmittals.load(user, id);
    if (user.orgKind === 'supplier') {
      await this.dataSource.transaction(async (manager) => {
        const first: unknown[] = await manager.query(
          `INSERT INTO transmittal_receipt (transmittal_id, user_id, opened_at) VALUES ($1, $2, now())
           ON CONFLICT (transmittal_id, user_id) DO UPDATE SET opened_at = now()
             WHERE transmittal_receipt.opened_at IS NULL
           RETURNING user_id`,
          [t.id, user.id],
        );
        if (first.length)
          await this.transmittals.record(manager, user, 'transmittal.opened', t, t.workspace, meta, {
            number: t.number,
          });
      });
    }
    return this.transmittals.view(user, t);
  }

  /** Idempotent: the first acknowledgement is kept (and counts as opening it). */
  async acknowledge(user: AuthUser, id: string, meta?: RequestMeta): Promise<TransmittalReadModel> {
    const t = await this.transmittals.load(user, id);
    if (!this.abilities.createForUser(user).can('acknowledge', subject('Transmittal', t)))
      throw new ForbiddenError('Only the supplier acknowledges receipt');
    await this.dataSource.transaction(async (manager) => {
      const first: unknown[] = await manager.query(
        `INSERT INTO transmittal_receipt (transmittal_id, user_id, opened_at, acknowledged_at) VALUES ($1, $2, now(), now())
         ON CONFLICT (transmittal_id, user_id) DO UPDATE
           SET acknowledged_at = now(), opened_at = COALESCE(transmittal_receipt.opened_at, now())
           WHERE transmittal_receipt.acknowledged_at IS NULL
         RETURNING user_id`,
        [t.id, user.id],
      );
      if (first.length)
        await this.transmittals.record(manager, user, 'transmittal.acknowledged', t, t.workspace, meta, {
          number: t.number,
        });
    });
    return this.transmittals.view(user, t);
  }

  /** One row per user, content and action; repeats raise its count and last time. */
  async recordContent(
    user: AuthUser,
    id: string,
    contentId: string,
    action: 'downloaded' | 'previewed',
    meta?: RequestMeta,
  ): Promise<void> {
    const t = await this.transmittals.load(user, id);
    const content = UUID.test(contentId)
      ? await this.dataSource
          .getRepository(TransmittalContent)
          .findOneBy({ id: contentId, transmittalId: t.id })
      : null;
    if (!content) throw new NotFoundError('Content not found');
    // Receipts are the supplier's; a PM looking at the documents leaves none.
    if (user.orgKind !== 'supplier') return;
    await this.dataSource.transaction(async (manager) => {
      const [row]: { count: number }[] = await manager.query(
        `INSERT INTO transmittal_content_receipt (content_id, user_id, action, transmittal_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (content_id, user_id, action) DO UPDATE
           SET count = transmittal_content_receipt.count + 1, last_at = now()
         RETURNING count`,
        [content.id, user.id, action, t.id],
      );
      if (row.count === 1)
        await this.transmittals.record(manager, user, `transmittal.${action}`, t, t.workspace, meta, {
          number: t.number,
          contentId: content.id,
          title: content.title,
        });
    });
  }

  /** A supplier admin names the members who may submit the response (admins always may). */
  async setResponders(user: AuthUser, id: string, userIds: string[], meta?: RequestMeta): Promise<string[]> {
    const t = await this.transmittals.load(user, id);
    if (user.orgKind !== 'supplier' || user.role !== 'supplier_admin')
      throw new ForbiddenError('Only an administrator of the supplier organisation names responders');
    if (t.status !== 'issued')
      throw new ConflictError(`${t.number} is ${t.status}; responders no longer change`);
    const unique = [...new Set(userIds)];
    const people = await this.directory.byIds(unique);
    const errors: FieldError[] = [];
    unique.forEach((uid, i) => {
      const p = people.get(uid);
      if (!p || p.orgId !== t.workspace.supplierOrgId || p.status !== 'active')
        errors.push({ field: `userIds[${i}]`, message: 'is not an active member of your organisation' });
    });
    if (errors.length) throw new BadInputError('Invalid responders', errors);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM transmittal_responder WHERE transmittal_id = $1`, [t.id]);
      for (const uid of unique)
        await manager.query(
          `INSERT INTO transmittal_responder (transmittal_id, user_id, named_by) VALUES ($1, $2, $3)`,
          [t.id, uid, user.id],
        );
      await this.transmittals.record(manager, user, 'transmittal.responders.changed', t, t.workspace, meta, {
        userIds: unique,
      });
    });
    return unique;
  }

  async responders(transmittalId: string): Promise<string[]> {
    const rows: { user_id: string }[] = await this.dataSource.query(
      `SELECT user_id FROM transmittal_responder WHERE transmittal_id = $1 ORDER BY named_at, user_id`,
      [transmittalId],
    );
    return rows.map((r) => r.user_id);
  }

  /** The one response: a code from the workspace's review codes for every content, submitted once. */
  async respond(
    user: AuthUser,
    id: string,
    entries: ContentResponseInputDto[],
    meta?: RequestMeta,
  ): Promise<TransmittalReadModel> {
    return this.dataSource.transaction(async (manager) => {
      const t = await this.transmittals.load(user, id, manager, true);
      if (user.orgKind !== 'supplier') throw new ForbiddenError('Only the supplier responds');
      if (!RESPONSE_PURPOSES.has(t.purpose))
        throw new ConflictError(
          `${t.number} is ${t.purpose}; it asks for an acknowledgement, not a response`,
        );
      if (t.status === 'responded') throw new ConflictError(`${t.number} was answered already`);
      if (t.status !== 'issued') throw new ConflictError(`${t.number} is ${t.status}`);
      const named: unknown[] = await manager.query(
        `SELECT 1 FROM transmittal_responder WHERE transmittal_id = $1 AND user_id = $2`,
        [t.id, user.id],
      );
      if (!mayRespond(user, t, named.length > 0))
        throw new ForbiddenError('Only a supplier administrator or a named responder submits the response');
      const contents = await manager
        .getRepository(TransmittalContent)
        .find({ where: { transmittalId: t.id }, order: { position: 'ASC' } });
      const codes = new Map(
        (await this.settings.effective(t.workspace, manager)).reviewCodes.map((c) => [
          c.code.toUpperCase(),
          c.code,
        ]),
      );
      const errors: FieldError[] = [];
      const given = new Map<string, { code: string; comment: string | null }>();
      entries.forEach((e, i) => {
        if (!contents.some((c) => c.id === e.contentId))
          errors.push({ field: `contents[${i}].contentId`, message: 'is not a content of this transmittal' });
        else if (given.has(e.contentId))
          errors.push({ field: `contents[${i}].contentId`, message: 'is answered twice' });
        const code = codes.get(e.code.trim().toUpperCase());
        if (!code)
          errors.push({
            field: `contents[${i}].code`,
            message: `must be one of ${[...codes.values()].join(', ')}`,
          });
        given.set(e.contentId, { code: code ?? e.code, comment: e.comment?.trim() || null });
      });
      const missing = contents.filter((c) => !given.has(c.id));
      if (missing.length && !errors.length)
        errors.push({
          field: 'contents',
          message: `every document needs a code (missing: ${missing.map((c) => c.title).join(', ')})`,
        });
      if (errors.length) throw new BadInputError('Invalid response', errors);
      const at = new Date();
      for (const c of contents) {
        const r = given.get(c.id)!;
        await manager.query(
          `INSERT INTO transmittal_response (content_id, transmittal_id, code, comment, submitted_by, submitted_at) VALUES ($1, $2, $3, $4, $5, $6)`,
          [c.id, t.id, r.code, r.comment, user.id, at],
        );
      }
      await manager
        .getRepository(Transmittal)
        .update({ id: t.id }, { status: 'responded', respondedAt: at, respondedBy: user.id, updatedAt: at });
      if (contents.some((c) => c.jiraKey))
        await this.queue.enqueue<TransmittalJiraJob>(manager, {
          name: TRANSMITTAL_JIRA_JOB,
          data: { transmittalId: t.id, phase: 'responded' },
          ref: { type: 'Transmittal', id: t.id, workspaceId: t.workspaceId },
          singletonKey: `responded:${t.id}`,
        });
      const summary = contents.map((c) => `${given.get(c.id)!.code}`).join(' ');
      await announce(this.queue, manager, {
        event: 'transmittal.responded',
        workspaceId: t.workspaceId,
        actorId: user.id,
        subject: { type: 'transmittal', id: t.id },
        title: `${t.number} ${t.subject}`.slice(0, 300),
        path: `/transmittals/${t.id}`,
        excerpt: summary.slice(0, 200),
      });
      await this.transmittals.record(manager, user, 'transmittal.responded', t, t.workspace, meta, {
        number: t.number,
        codes: contents.map((c) => ({ contentId: c.id, code: given.get(c.id)!.code })),
      });
      return this.transmittals.view(user, await this.transmittals.load(user, t.id, manager), manager);
    });
  }

  /** The supplier inbox: issued transmittals of the caller's organisation, by their state for the caller. */
  async inbox(
    user: AuthUser,
    filter: { state?: SupplierState; workspaceId?: string; limit: number; cursor?: string },
  ): Promise<Page<TransmittalReadModel>> {
    const qb = this.transmittals.visible(user).andWhere("t.status <> 'draft'");
    if (filter.workspaceId) qb.andWhere('t.workspace_id = :workspaceId', { workspaceId: filter.workspaceId });
    if (filter.state) {
      qb.leftJoin('transmittal_receipt', 'r', 'r.transmittal_id = t.id AND r.user_id = :viewer', {
        viewer: user.id,
      }).andWhere(`(${SUPPLIER_STATE_SQL}) = :state`, { state: filter.state });
    }
    return this.transmittals.page(user, qb, filter);
  }

  /** Who opened, downloaded, previewed and acknowledged what, for the workspace's PMs. */
  async matrix(user: AuthUser, id: string): Promise<ReceiptMatrixDto> {
    const t = await this.transmittals.load(user, id);
    if (user.orgKind !== 'internal') throw new NotFoundError('Transmittal not found');
    const contents = await this.dataSource
      .getRepository(TransmittalContent)
      .find({ where: { transmittalId: t.id }, order: { position: 'ASC' } });
    const receipts: { user_id: string; opened_at: Date | null; acknowledged_at: Date | null }[] =
      await this.dataSource.query(
        `SELECT user_id, opened_at, acknowledged_at FROM transmittal_receipt WHERE transmittal_id = $1`,
        [t.id],
      );
    const downloads: {
      user_id: string;
      content_id: string;
      action: 'downloaded' | 'previewed';
      first_at: Date;
      last_at: Date;
      count: number;
    }[] = await this.dataSource.query(
      `SELECT user_id, content_id, action, first_at, last_at, count FROM transmittal_content_receipt WHERE transmittal_id = $1 ORDER BY first_at`,
      [t.id],
    );
    const userIds = [...new Set([...receipts.map((r) => r.user_id), ...downloads.map((d) => d.user_id)])];
    const people = await this.directory.byIds(userIds);
    const responses = new Map<string, { code: string; comment: string | null }>(
      (
        (await this.dataSource.query(
          `SELECT content_id, code, comment FROM transmittal_response WHERE transmittal_id = $1`,
          [t.id],
        )) as { content_id: string; code: string; comment: string | null }[]
      ).map((r) => [r.content_id, { code: r.code, comment: r.comment }]),
    );
    return {
      users: userIds
        .map((uid) => {
          const r = receipts.find((x) => x.user_id === uid);
          return {
            userId: uid,
            name: people.get(uid)?.name ?? 'Unknown user',
            email: people.get(uid)?.email ?? '',
            openedAt: r?.opened_at?.toISOString() ?? null,
            acknowledgedAt: r?.acknowledged_at?.toISOString() ?? null,
            downloads: downloads
              .filter((d) => d.user_id === uid)
              .map((d) => ({
                contentId: d.content_id,
                action: d.action,
                firstAt: d.first_at.toISOString(),
                lastAt: d.last_at.toISOString(),
                count: d.count,
              })),
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name)),
      contents: contents.map((c) =>
        toTransmittalContentDto({ ...c, response: responses.get(c.id) ?? null }, true),
      ),
    };
  }
}
