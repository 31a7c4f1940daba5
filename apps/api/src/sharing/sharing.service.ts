import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { subject } from '@casl/ability';
import { AbilityFactory, accessibleWhere, AuthUser } from '@portico/auth';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { RequestMeta } from '../audit';
import {
  BadInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PolicyViolationError,
  Page,
  isUuid,
} from '../common';
import { Workspace, WorkspacesService } from '../workspaces';
import { AddItemDto, UpdateItemDto } from './dto/item-input.dto';
import { Acknowledgement } from './entities/acknowledgement.entity';
import { SharedItemVersion } from './entities/shared-item-version.entity';
import { SharedItem } from './entities/shared-item.entity';
import { defaultFieldsFor } from './projection/source-fields';
import { diffSnapshots, FieldChange, snapshotsEqual } from './projection/snapshot-diff';
import { ItemSnapshot } from './projection/snapshot';
import { ItemVersions } from './item-versions';
import { checkRedactionRules, checkSharedFields } from './item-input-checks';
import { JiraFieldCatalogue } from './jira-field-catalogue';
import { SourceReaderService } from './source-reader.service';
import { announce } from '../notification-events';
import { JobQueue } from '../sync';
import { PeopleService } from '../users';

/** An item the caller may see, with its workspace and what the caller may do with it. */
export interface ItemAccess {
  item: SharedItem;
  workspace: Workspace;
  /** Suppliers see published content only; never drafts, sources or rules. */
  supplierView: boolean;
  canManage: boolean;
}

/** A version and whether the caller acknowledged it. */
export interface VersionReadModel {
  version: SharedItemVersion;
  acknowledged: boolean;
}

@Injectable()
export class SharingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workspaces: WorkspacesService,
    private readonly abilities: AbilityFactory,
    private readonly sources: SourceReaderService,
    private readonly versions: ItemVersions,
    private readonly fieldCatalogue: JiraFieldCatalogue,
    private readonly queue: JobQueue,
    private readonly people: PeopleService,
  ) {}

  // ---------------------------------------------------------------- access

  /**
   * The item if the caller may read it: SharedItem rules of libs/auth in SQL on the joined workspace,
   * plus for suppliers a live workspace and a published, non-withdrawn item. Anything else is 404.
   */
  async getAccessible(
    user: AuthUser,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ItemAccess> {
    if (!isUuid(id)) throw new NotFoundError('Item not found');
    const ability = this.abilities.createForUser(user);
    const supplierView = user.orgKind === 'supplier';
    const qb = manager
      .createQueryBuilder(SharedItem, 'item')
      .innerJoinAndMapOne('item.workspace', Workspace, 'workspace', 'workspace.id = item.workspace_id')
      .where('item.id = :id', { id })
      .andWhere(accessibleWhere(ability, 'read', 'SharedItem', 'item'));
    if (supplierView) {
      this.workspaces.applyAccessFilter(qb, 'workspace', user);
      qb.andWhere('item.withdrawn_at IS NULL').andWhere('item.latest_version > 0');
    }
    const row = (await qb.getOne()) as (SharedItem & { workspace: Workspace }) | null;
    if (!row) throw new NotFoundError('Item not found');
    const { workspace, ...rest } = row;
    const item = Object.assign(new SharedItem(), rest);
    const canManage = ability.can('update', subject('SharedItem', { ...item, workspace }));
    return { item, workspace, supplierView, canManage };
  }

  /** Like getAccessible, but the caller must be allowed to change the item (owner or co-owner PM, admin); else 404/403. */
  private async getManageable(user: AuthUser, id: string, manager?: EntityManager): Promise<ItemAccess> {
    const access = await this.getAccessible(user, id, manager);
    if (!access.canManage) {
      // Suppliers must not learn that drafts or rules exist: same answer as a missing item.
      if (access.supplierView) throw new NotFoundError('Item not found');
      throw new ForbiddenError('Only the workspace owner and co-owners can change shared items');
    }
    return access;
  }

  // ---------------------------------------------------------------- sharing

  async addItem(
    user: AuthUser,
    workspaceId: string,
    dto: AddItemDto,
    meta?: RequestMeta,
  ): Promise<SharedItem> {
    const workspace = await this.workspaces.getAccessible(user, workspaceId, 'read');
    if (
      !this.abilities.createForUser(user).can('create', subject('SharedItem', { workspaceId, workspace }))
    ) {
      throw new ForbiddenError('Only the workspace owner and co-owners can share items');
    }
    checkRedactionRules(dto.redactionRules);
    const fields = dto.fields
      ? await this.fieldCatalogue.resolve(dto.fields, 'fields')
      : defaultFieldsFor(dto.sourceType, workspace.defaultFields);
    checkSharedFields(dto.sourceType, dto.fields ? fields : undefined);
    const source = {
      sourceType: dto.sourceType,
      sourceRef: dto.sourceRef,
      fieldAllowlist: fields,
      redactionRules: dto.redactionRules ?? [],
    };
    const state = await this.sources.read(workspace, source);
    if (state.kind !== 'ok') {
      throw new PolicyViolationError(
        state.kind === 'source_deleted'
          ? 'The source item does not exist'
          : 'The source item is outside the workspace scope',
        [
          {
            field: 'sourceRef',
            message: state.kind === 'source_deleted' ? 'does not exist' : 'is outside the workspace scope',
          },
        ],
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const item = manager.create(SharedItem, {
        workspaceId,
        sourceType: dto.sourceType,
        sourceRef: dto.sourceRef,
        fieldAllowlist: fields,
        redactionRules: dto.redactionRules ?? [],
        latestVersion: 0,
        draft: state.snapshot,
        draftSourceRevision: state.revision,
        draftUpdatedAt: new Date(),
        sourceStatus: state.jira?.status ?? null,
        createdBy: user.id,
      });
      const saved = await manager.save(item).catch((error: unknown) => {
        if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
          throw new ConflictError('This source is already shared in this workspace', [
            { field: 'sourceRef', message: 'is already shared' },
          ]);
        }
        throw error;
      });
      await this.versions.record(manager, 'item.shared', user, workspace, saved, meta, {
        sourceType: saved.sourceType,
        sourceRef: saved.sourceRef,
        fields,
      });
      if (workspace.autoPublish)
        await this.versions.insertVersion(
          manager,
          saved,
          workspace,
          state,
          null,
          'Published automatically',
          meta,
        );
      return saved;
    });
  }

  async updateItem(user: AuthUser, id: string, dto: UpdateItemDto, meta?: RequestMeta): Promise<SharedItem> {
    checkRedactionRules(dto.redactionRules);
    const { item, workspace } = await this.getManageable(user, id);
    checkSharedFields(item.sourceType, dto.fields);
    const next = {
      ...item,
      fieldAllowlist: dto.fields
        ? await this.fieldCatalogue.resolve(dto.fields, 'fields')
        : item.fieldAllowlist,
      redactionRules: dto.redactionRules ?? item.redactionRules,
    };
    const state = await this.sources.read(workspace, next);
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.versions.lockItem(manager, item.id);
      locked.fieldAllowlist = next.fieldAllowlist;
      locked.redactionRules = next.redactionRules;
      await this.versions.applySourceState(manager, locked, workspace, state, { autoPublish: false });
      const changed = [dto.fields ? 'fields' : null, dto.redactionRules ? 'redactionRules' : null].filter(
        Boolean,
      );
      await this.versions.record(manager, 'item.updated', user, workspace, locked, meta, {
        changed,
        fields: locked.fieldAllowlist,
      });
      return locked;
    });
  }

  async withdraw(user: AuthUser, id: string, meta?: RequestMeta): Promise<void> {
    const { workspace } = await this.getManageable(user, id);
    await this.dataSource.transaction(async (manager) => {
      const item = await this.versions.lockItem(manager, id);
      if (item.withdrawnAt) return;
      item.withdrawnAt = new Date();
      await manager.save(item);
      await this.versions.record(manager, 'item.withdrawn', user, workspace, item, meta, {
        latestVersion: item.latestVersion,
      });
      // Only an item the supplier could see is news to them.
      if (item.latestVersion > 0)
        await announce(this.queue, manager, {
          event: 'item.withdrawn',
          workspaceId: workspace.id,
          actorId: user.id,
          subject: { type: 'shared_item', id: item.id },
          title: item.latestTitle ?? item.sourceRef,
          path: `/items/${item.id}`,
        });
    });
  }

  /**
   * Drops the pending draft and keeps the published versions as they are. The draft's source revision
   * counts as reviewed (`sourceRevision`), so a repeated event or reconciliation of that same revision
   * does not bring the draft back; the next change in the source makes a new draft.
   */
  async discardDraft(user: AuthUser, id: string, meta?: RequestMeta): Promise<void> {
    const { workspace } = await this.getManageable(user, id);
    await this.dataSource.transaction(async (manager) => {
      const item = await this.versions.lockItem(manager, id);
      if (!item.draft) throw new NotFoundError('No pending draft');
      const revision = item.draftSourceRevision;
      if (revision && (!item.sourceRevision || revision > item.sourceRevision))
        item.sourceRevision = revision;
      item.draft = null;
      item.draftSourceRevision = null;
      item.draftUpdatedAt = null;
      await manager.save(item);
      await this.versions.record(manager, 'item.draft.discarded', user, workspace, item, meta, {
        latestVersion: item.latestVersion,
        sourceRevision: revision,
      });
    });
  }

  /** Exactly what the supplier would see if the item were published now. */
  async preview(user: AuthUser, id: string): Promise<ItemSnapshot> {
    const { item, workspace } = await this.getManageable(user, id);
    const state = await this.sources.read(workspace, item);
    if (state.kind !== 'ok')
      throw new PolicyViolationError(
        `The source item is ${state.kind === 'source_deleted' ? 'gone' : 'outside the workspace scope'}`,
      );
    return state.snapshot;
  }

  /**
   * Freezes the current projection as version N+1. The item row is locked for the whole step so
   * concurrent publishes serialise; unique(item_id, version) backs that up. Publishing content
   * identical to the latest version is refused rather than creating a version that changes nothing.
   */
  async publish(
    user: AuthUser,
    id: string,
    note: string | undefined,
    meta?: RequestMeta,
  ): Promise<SharedItemVersion> {
    const { item: current, workspace } = await this.getManageable(user, id);
    const state = await this.sources.read(workspace, current);
    if (state.kind !== 'ok') {
      throw new PolicyViolationError(
        `The source item is ${state.kind === 'source_deleted' ? 'gone' : 'outside the workspace scope'}; nothing was published`,
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const item = await this.versions.lockItem(manager, id);
      if (item.withdrawnAt) throw new ConflictError('The item was withdrawn');
      const latest = await this.versions.latestSnapshot(manager, item);
      if (latest && snapshotsEqual(latest, state.snapshot)) {
        throw new ConflictError(`Nothing changed since version ${item.latestVersion}`);
      }
      return this.versions.insertVersion(manager, item, workspace, state, user, note ?? null, meta);
    });
  }

  // ---------------------------------------------------------------- reading

  /** Published items of these workspaces with a source change waiting as a draft. */
  async countPendingDrafts(workspaceIds: string[]): Promise<number> {
    if (!workspaceIds.length) return 0;
    return this.dataSource
      .createQueryBuilder(SharedItem, 'item')
      .where('item.workspace_id = ANY(:ids)', { ids: workspaceIds })
      .andWhere('item.draft IS NOT NULL AND item.latest_version > 0 AND item.withdrawn_at IS NULL')
      .getCount();
  }

  /** Items whose latest version nobody acknowledged within its workspace's window (days). */
  async countUnacknowledged(windows: { workspaceId: string; days: number }[]): Promise<number> {
    if (!windows.length) return 0;
    const [row]: { count: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS count
         FROM unnest($1::uuid[], $2::int[]) AS w(workspace_id, days)
         JOIN shared_item item ON item.workspace_id = w.workspace_id
          AND item.withdrawn_at IS NULL AND item.latest_version > 0
         JOIN shared_item_version v ON v.item_id = item.id AND v.version = item.latest_version
        WHERE v.published_at < now() - make_interval(days => w.days)
          AND NOT EXISTS (SELECT 1 FROM acknowledgement a WHERE a.version_id = v.id)`,
      [windows.map((w) => w.workspaceId), windows.map((w) => w.days)],
    );
    return row.count;
  }

  /** The item with its latest published content and the caller's "seen" state. */
  async getItem(
    user: AuthUser,
    id: string,
  ): Promise<ItemAccess & { snapshot: ItemSnapshot | null; lastSeenVersion: number }> {
    const access = await this.getAccessible(user, id);
    const snapshot = await this.versions.latestSnapshot(this.dataSource.manager, access.item);
    const seen: { v: number }[] = await this.dataSource.query(
      `SELECT last_seen_version AS v FROM shared_item_view WHERE item_id = $1 AND user_id = $2`,
      [id, user.id],
    );
    return { ...access, snapshot, lastSeenVersion: seen[0]?.v ?? 0 };
  }

  async listVersions(
    user: AuthUser,
    id: string,
    limit = 50,
    cursor?: string,
  ): Promise<Page<VersionReadModel>> {
    const { item } = await this.getAccessible(user, id);
    const before = cursor ? Number(cursor) : null;
    // Cursors are version numbers, which a 4-byte integer column holds; a bigger one would fail the query.
    if (
      cursor !== undefined &&
      (!Number.isInteger(before) || (before as number) < 1 || (before as number) > 2_147_483_647)
    ) {
      throw new BadInputError('Invalid cursor', [
        { field: 'cursor', message: 'is not a cursor returned by this list' },
      ]);
    }
    const qb = this.dataSource
      .createQueryBuilder(SharedItemVersion, 'v')
      .leftJoin(Acknowledgement, 'ack', 'ack.version_id = v.id AND ack.user_id = :userId', {
        userId: user.id,
      })
      .addSelect('ack.user_id IS NOT NULL', 'acknowledged')
      .where('v.item_id = :id', { id: item.id })
      .orderBy('v.version', 'DESC')
      .limit(limit + 1);
    if (before) qb.andWhere('v.version < :before', { before });
    const { entities, raw } = await qb.getRawAndEntities();
    const views = entities.map((version, i) => ({ version, acknowledged: raw[i].acknowledged === true }));
    const page = views.slice(0, limit);
    return {
      items: page,
      nextCursor: views.length > limit ? String(page[page.length - 1].version.version) : null,
    };
  }

  /** One published version as the caller may read it, with no side effect (nothing seen, nothing audited). */
  async readVersion(user: AuthUser, id: string, n: number): Promise<SharedItemVersion> {
    const { item } = await this.getAccessible(user, id);
    return this.findVersion(item.id, n);
  }

  /** One version; a supplier opening it is recorded (audit + "seen" for unseen-change counts). */
  async getVersion(user: AuthUser, id: string, n: number, meta?: RequestMeta): Promise<VersionReadModel> {
    const { item, workspace, supplierView } = await this.getAccessible(user, id);
    const version = await this.findVersion(item.id, n);
    const ack = await this.dataSource
      .getRepository(Acknowledgement)
      .existsBy({ versionId: version.id, userId: user.id });
    await this.dataSource.query(
      `INSERT INTO shared_item_view (item_id, user_id, last_seen_version, seen_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (item_id, user_id) DO UPDATE SET last_seen_version = GREATEST(shared_item_view.last_seen_version, EXCLUDED.last_seen_version), seen_at = now()`,
      [item.id, user.id, n],
    );
    if (supplierView)
      await this.versions.record(
        this.dataSource.manager,
        'item.version.viewed',
        user,
        workspace,
        item,
        meta,
        {
          version: n,
        },
      );
    return { version, acknowledged: ack };
  }

  async diff(user: AuthUser, id: string, from: number, to: number): Promise<FieldChange[]> {
    const { item } = await this.getAccessible(user, id);
    const [a, b] = [await this.findVersion(item.id, from, 'from'), await this.findVersion(item.id, to, 'to')];
    return diffSnapshots(a.snapshot, b.snapshot);
  }

  async getDraft(
    user: AuthUser,
    id: string,
  ): Promise<{ item: SharedItem; base: number; changes: FieldChange[] }> {
    const { item } = await this.getManageable(user, id);
    if (!item.draft) throw new NotFoundError('No pending draft');
    const latest = await this.versions.latestSnapshot(this.dataSource.manager, item);
    const empty: ItemSnapshot = { title: '', status: null, fields: [] };
    return { item, base: item.latestVersion, changes: diffSnapshots(latest ?? empty, item.draft) };
  }

  async acknowledge(user: AuthUser, id: string, n: number, meta?: RequestMeta): Promise<Acknowledgement> {
    const { item, workspace } = await this.getAccessible(user, id);
    if (
      !this.abilities
        .createForUser(user)
        .can('acknowledge', subject('ItemVersion', { itemId: item.id, workspace }))
    ) {
      throw new ForbiddenError('Only supplier users acknowledge versions');
    }
    const version = await this.findVersion(item.id, n);
    return this.dataSource.transaction(async (manager) => {
      const inserted: Acknowledgement[] = await manager.query(
        `INSERT INTO acknowledgement (version_id, user_id, at) VALUES ($1, $2, now())
         ON CONFLICT DO NOTHING RETURNING version_id AS "versionId", user_id AS "userId", at`,
        [version.id, user.id],
      );
      if (inserted.length)
        await this.versions.record(manager, 'item.version.acknowledged', user, workspace, item, meta, {
          version: n,
        });
      return (
        inserted[0] ??
        (await manager
          .getRepository(Acknowledgement)
          .findOneByOrFail({ versionId: version.id, userId: user.id }))
      );
    });
  }

  /** Who acknowledged which version, for the workspace's owner and co-owners. */
  async listAcknowledgements(
    user: AuthUser,
    id: string,
  ): Promise<{ version: number; userId: string; displayName: string | null; at: Date }[]> {
    const { item } = await this.getManageable(user, id);
    const rows: { version: number; userId: string; at: Date }[] = await this.dataSource.query(
      `SELECT v.version, a.user_id AS "userId", a.at
         FROM acknowledgement a JOIN shared_item_version v ON v.id = a.version_id
        WHERE v.item_id = $1 ORDER BY v.version DESC, a.at`,
      [item.id],
    );
    // Names come from the users module, asked once for the whole list.
    const people = await this.people.people(rows.map((r) => r.userId));
    return rows.map((r) => ({ ...r, displayName: people.get(r.userId)?.displayName ?? null }));
  }

  /**
   * Latest versions of the workspace's live items published before `before` that no user of the
   * supplier organisation has acknowledged, oldest first (for reminders).
   */
  async unacknowledgedVersions(
    workspace: Pick<Workspace, 'id' | 'supplierOrgId'>,
    before: Date,
    limit = 200,
  ): Promise<{ itemId: string; version: number; title: string; publishedAt: Date }[]> {
    const supplierUsers = await this.people.memberIds(workspace.supplierOrgId);
    return this.dataSource.query(
      `SELECT i.id AS "itemId", v.version, COALESCE(i.latest_title, i.source_ref) AS title, v.published_at AS "publishedAt"
         FROM shared_item i
         JOIN shared_item_version v ON v.item_id = i.id AND v.version = i.latest_version
        WHERE i.workspace_id = $1 AND i.withdrawn_at IS NULL AND v.published_at < $2
          AND NOT EXISTS (
            SELECT 1 FROM acknowledgement a WHERE a.version_id = v.id AND a.user_id = ANY($4::uuid[]))
        ORDER BY v.published_at LIMIT $3`,
      [workspace.id, before, limit, supplierUsers],
    );
  }

  // ---------------------------------------------------------------- internals

  private async findVersion(itemId: string, n: number, field = 'n'): Promise<SharedItemVersion> {
    if (!Number.isInteger(n) || n < 1)
      throw new BadInputError('Invalid version', [{ field, message: 'must be a positive integer' }]);
    const version = await this.dataSource.getRepository(SharedItemVersion).findOneBy({ itemId, version: n });
    if (!version) throw new NotFoundError(`Version ${n} not found`);
    return version;
  }
}
