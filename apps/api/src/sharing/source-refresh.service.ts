import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { WorkspacesService } from '../workspaces';
import { SharedItem } from './entities/shared-item.entity';
import { ItemVersions } from './item-versions';
import { SourceReaderService } from './source-reader.service';

/** Keeps shared items current with their sources: run by the webhook and reconciliation handlers. */
@Injectable()
export class SourceRefreshService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workspaces: WorkspacesService,
    private readonly sources: SourceReaderService,
    private readonly versions: ItemVersions,
  ) {}

  /**
   * Re-reads every live item of a source and brings it up to date: a draft when the projection
   * differs from the latest version, a new version when the workspace auto-publishes, a flag when
   * the source is gone or out of scope. Idempotent: replays and out-of-order events change nothing.
   */
  async refreshSource(sourceType: SharedItem['sourceType'], sourceRef: string): Promise<number> {
    const items = await this.dataSource
      .getRepository(SharedItem)
      .find({ where: { sourceType, sourceRef, withdrawnAt: IsNull() }, select: { id: true } });
    let changed = 0;
    for (const item of items) if (await this.refreshItem(item.id)) changed++;
    return changed;
  }

  async refreshItem(itemId: string): Promise<boolean> {
    const item = await this.dataSource.getRepository(SharedItem).findOneBy({ id: itemId });
    if (!item || item.withdrawnAt) return false;
    const workspace = await this.workspaces.getById(item.workspaceId);
    const state = await this.sources.read(workspace, item);
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.versions.lockItem(manager, itemId);
      if (locked.withdrawnAt) return false;
      if (state.kind === 'ok') await this.versions.noteJiraStatus(manager, locked, state);
      // The source has not moved since the PM reviewed it (a discarded draft): nothing to bring back.
      if (
        state.kind === 'ok' &&
        state.revision &&
        state.revision === locked.sourceRevision &&
        !locked.draft &&
        !locked.flag
      )
        return false;
      return this.versions.applySourceState(manager, locked, workspace, state, {
        autoPublish: workspace.autoPublish,
      });
    });
  }

  /** The newest source revision read for a source (published or drafted), to skip unchanged ones. */
  async knownRevision(sourceType: SharedItem['sourceType'], sourceRef: string): Promise<string | null> {
    const rows: { r: string | null }[] = await this.dataSource.query(
      `SELECT max(GREATEST(source_revision, draft_source_revision)) AS r FROM shared_item WHERE source_type = $1 AND source_ref = $2 AND withdrawn_at IS NULL`,
      [sourceType, sourceRef],
    );
    return rows[0]?.r ?? null;
  }

  /**
   * Sources of live workspaces' items for the periodic reconciliation. Sources already flagged as deleted
   * are left out: asking for them again every tick costs extra searches (Jira refuses a search naming a
   * deleted issue) and changes nothing; an event naming a restored source still refreshes its items.
   */
  async liveSources(): Promise<{ sourceType: SharedItem['sourceType']; sourceRef: string }[]> {
    const withItems: { id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT workspace_id AS id FROM shared_item WHERE withdrawn_at IS NULL`,
    );
    const live = [...(await this.workspaces.byIds(withItems.map((w) => w.id))).values()]
      .filter((w) => !w.archivedAt)
      .map((w) => w.id);
    if (!live.length) return [];
    return this.dataSource.query(
      `SELECT DISTINCT i.source_type AS "sourceType", i.source_ref AS "sourceRef"
         FROM shared_item i
        WHERE i.withdrawn_at IS NULL AND i.workspace_id = ANY($1::uuid[]) AND i.flag IS DISTINCT FROM 'source_deleted'`,
      [live],
    );
  }
}
