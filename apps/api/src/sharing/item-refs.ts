import { Global, Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DRAFT_COUNTER, type DraftCounter, type RedactionRuleInput } from '../workspaces';
import type { SourceType } from './entities/shared-item.entity';

/** A shared item as other modules may reference it: where it lives, its source and its rules. */
export interface ItemRef {
  id: string;
  workspaceId: string;
  sourceType: SourceType;
  sourceRef: string;
  title: string | null;
  fieldAllowlist: string[];
  redactionRules: RedactionRuleInput[];
  withdrawn: boolean;
}

/**
 * Lets other modules read shared items by id or source (system reads by queue handlers, batch
 * lookups for a page), without reading sharing's tables themselves. One query per call, never per row.
 */
@Injectable()
export class ItemRefs implements DraftCounter {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The items among `ids` that exist, by id. */
  async items(
    ids: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, ItemRef>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows = await this.select(manager, 'id = ANY($1::uuid[])', [unique]);
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** The items of one source (any workspace, withdrawn ones included). */
  ofSource(sourceType: SourceType, sourceRef: string): Promise<ItemRef[]> {
    return this.select(this.dataSource.manager, 'source_type = $1 AND source_ref = $2', [
      sourceType,
      sourceRef,
    ]);
  }

  /** The ids of the withdrawn items of these workspaces. */
  async withdrawnIn(workspaceIds: string[]): Promise<string[]> {
    if (!workspaceIds.length) return [];
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM shared_item WHERE workspace_id = ANY($1::uuid[]) AND withdrawn_at IS NOT NULL`,
      [workspaceIds],
    );
    return rows.map((r) => r.id);
  }

  /** Published, live items with a pending draft, per workspace (absent: none). */
  async pendingDraftsPerWorkspace(workspaceIds: string[]): Promise<Map<string, number>> {
    if (!workspaceIds.length) return new Map();
    const rows: { id: string; count: number }[] = await this.dataSource.query(
      `SELECT workspace_id AS id, count(*)::int AS count FROM shared_item
        WHERE workspace_id = ANY($1::uuid[]) AND draft IS NOT NULL AND latest_version > 0 AND withdrawn_at IS NULL
        GROUP BY workspace_id`,
      [workspaceIds],
    );
    return new Map(rows.map((r) => [r.id, r.count]));
  }

  private select(manager: EntityManager, where: string, params: unknown[]): Promise<ItemRef[]> {
    return manager.query(
      `SELECT id, workspace_id AS "workspaceId", source_type AS "sourceType", source_ref AS "sourceRef",
              latest_title AS title, field_allowlist AS "fieldAllowlist", redaction_rules AS "redactionRules",
              withdrawn_at IS NOT NULL AS withdrawn
         FROM shared_item WHERE ${where}`,
      params,
    );
  }
}

/**
 * The item refs on their own. Global, so the workspaces module gets them as its DRAFT_COUNTER (the
 * console's workspace list) without importing the sharing module, which depends on it.
 */
@Global()
@Module({
  providers: [ItemRefs, { provide: DRAFT_COUNTER, useExisting: ItemRefs }],
  exports: [ItemRefs, DRAFT_COUNTER],
})
export class ItemRefsModule {}
