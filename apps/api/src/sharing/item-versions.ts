import { Injectable } from '@nestjs/common';
import { AuthUser } from '@portico/auth';
import { EntityManager } from 'typeorm';
import { AuditService, RequestMeta } from '../audit';
import { NotFoundError } from '../common';
import { announce } from '../notification-events';
import { JobQueue } from '../sync';
import { Workspace } from '../workspaces';
import { SharedItemVersion } from './entities/shared-item-version.entity';
import { SharedItem } from './entities/shared-item.entity';
import { listedFacts } from './item-list.service';
import { snapshotsEqual } from './projection/snapshot-diff';
import { ItemSnapshot } from './projection/snapshot';
import { SourceState } from './source-reader.service';

/**
 * Writes an item's state inside the caller's transaction: a source read becomes a draft, a new version
 * or a flag; publishing freezes a version, records it and announces it. Shared by the PM's commands
 * (SharingService) and the source refresh (SourceRefreshService), so both follow the same rules.
 */
@Injectable()
export class ItemVersions {
  constructor(
    private readonly audit: AuditService,
    private readonly queue: JobQueue,
  ) {}

  /**
   * Status rules fire for the issues behind shared items too: entering another Jira status is announced
   * (internal audience), whether or not the supplier sees the status. The first read only records it.
   */
  async noteJiraStatus(
    manager: EntityManager,
    item: SharedItem,
    state: Extract<SourceState, { kind: 'ok' }>,
  ): Promise<void> {
    const status = state.jira?.status;
    if (!status || status === item.sourceStatus) return;
    const previous = item.sourceStatus;
    item.sourceStatus = status;
    await manager.update(SharedItem, { id: item.id }, { sourceStatus: status });
    if (previous === null) return;
    await announce(this.queue, manager, {
      event: 'jira.status_entered',
      workspaceId: item.workspaceId,
      actorId: null,
      subject: { type: 'shared_item', id: item.id },
      title: `${item.sourceRef} ${state.title}`.trim(),
      path: `/items/${item.id}`,
      status: state.snapshot.status ?? undefined,
      externalStatus: status,
      audience: 'internal',
      jira: state.jira!.people,
    });
  }

  async applySourceState(
    manager: EntityManager,
    item: SharedItem,
    workspace: Workspace,
    state: SourceState,
    options: { autoPublish: boolean },
  ): Promise<boolean> {
    if (state.kind !== 'ok') {
      if (item.flag === state.kind) return false;
      item.flag = state.kind;
      item.flaggedAt = new Date();
      await manager.save(item);
      await this.record(manager, 'item.flagged', null, workspace, item, undefined, { flag: state.kind });
      return true;
    }
    // A read older than what we already hold (eventual consistency, reordered events) changes nothing.
    const known = [item.sourceRevision, item.draftSourceRevision]
      .filter((r): r is string => !!r)
      .sort()
      .pop();
    if (known && state.revision && state.revision < known) return false;
    const wasFlagged = item.flag !== null;
    item.flag = null;
    item.flaggedAt = null;
    const latest = await this.latestSnapshot(manager, item);
    if (latest && snapshotsEqual(latest, state.snapshot)) {
      const hadDraft = item.draft !== null;
      item.draft = null;
      item.draftSourceRevision = null;
      item.draftUpdatedAt = null;
      item.sourceRevision = state.revision;
      await manager.save(item);
      return hadDraft || wasFlagged;
    }
    if (options.autoPublish) {
      await this.insertVersion(manager, item, workspace, state, null, 'Published automatically');
      return true;
    }
    if (item.draft && snapshotsEqual(item.draft, state.snapshot) && !wasFlagged) return false;
    item.draft = state.snapshot;
    item.draftSourceRevision = state.revision;
    item.draftUpdatedAt = new Date();
    await manager.save(item);
    return true;
  }

  async insertVersion(
    manager: EntityManager,
    item: SharedItem,
    workspace: Workspace,
    state: Extract<SourceState, { kind: 'ok' }>,
    publisher: AuthUser | null,
    note: string | null,
    meta?: RequestMeta,
  ): Promise<SharedItemVersion> {
    const number = item.latestVersion + 1;
    const version = await manager.save(
      manager.create(SharedItemVersion, {
        itemId: item.id,
        version: number,
        snapshot: state.snapshot,
        sourceRevision: state.revision,
        publishedBy: publisher?.id ?? null,
        publishedAt: new Date(),
        note,
      }),
    );
    item.latestVersion = number;
    item.latestTitle = state.snapshot.title;
    item.latestStatus = state.snapshot.status;
    Object.assign(item, listedFacts(state.snapshot, state.done));
    item.lastPublishedAt = version.publishedAt;
    item.sourceRevision = state.revision;
    item.draft = null;
    item.draftSourceRevision = null;
    item.draftUpdatedAt = null;
    await manager.save(item);
    await this.record(manager, 'item.published', publisher, workspace, item, meta, {
      version: number,
      automatic: !publisher,
      note,
    });
    // The first version is when the supplier can first see the item.
    if (number === 1)
      await announce(this.queue, manager, {
        event: 'item.shared',
        workspaceId: workspace.id,
        actorId: publisher?.id ?? null,
        subject: { type: 'shared_item', id: item.id },
        title: state.snapshot.title,
        path: `/items/${item.id}`,
      });
    // Suppliers hear of it through the notifications module, exactly when the version exists.
    await announce(this.queue, manager, {
      event: 'item.version_published',
      workspaceId: workspace.id,
      actorId: publisher?.id ?? null,
      subject: { type: 'shared_item', id: item.id },
      title: `${state.snapshot.title} (v${number})`,
      path: `/items/${item.id}`,
      status: state.snapshot.status ?? undefined,
      version: number,
    });
    return version;
  }

  async lockItem(manager: EntityManager, id: string): Promise<SharedItem> {
    const item = await manager
      .createQueryBuilder(SharedItem, 'item')
      .setLock('pessimistic_write')
      .where('item.id = :id', { id })
      .getOne();
    if (!item) throw new NotFoundError('Item not found');
    return item;
  }

  async latestSnapshot(manager: EntityManager, item: SharedItem): Promise<ItemSnapshot | null> {
    if (item.latestVersion === 0) return null;
    const version = await manager
      .getRepository(SharedItemVersion)
      .findOneBy({ itemId: item.id, version: item.latestVersion });
    return version?.snapshot ?? null;
  }

  record(
    manager: EntityManager,
    action: string,
    actor: AuthUser | null,
    workspace: Workspace,
    item: SharedItem,
    meta: RequestMeta | undefined,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(
      {
        action,
        actor,
        orgId: workspace.supplierOrgId,
        workspaceId: workspace.id,
        resourceType: 'shared_item',
        resourceId: item.id,
        meta,
        details,
      },
      manager,
    );
  }
}
