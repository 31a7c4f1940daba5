import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A published version of an item, as other modules may reference it (transmittals). */
export interface PublishedVersionRef {
  itemId: string;
  version: number;
  /** The item's title in that version's snapshot. */
  title: string;
  /** The Jira issue key for Jira items (internal only); null for Feishu documents. */
  jiraKey: string | null;
}

/**
 * Lets other modules check that item versions exist, are published in a given workspace and are not
 * withdrawn, without reading sharing's tables themselves.
 */
@Injectable()
export class VersionRefs {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The refs found among `refs` (keyed `<itemId>:<version>`); missing ones are absent from the map. */
  async publishedVersions(
    workspaceId: string,
    refs: { itemId: string; version: number }[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, PublishedVersionRef>> {
    const found = new Map<string, PublishedVersionRef>();
    if (!refs.length) return found;
    const rows: {
      item_id: string;
      version: number;
      title: string | null;
      source_type: string;
      source_ref: string;
    }[] = await manager.query(
      `SELECT v.item_id, v.version, v.snapshot->>'title' AS title, i.source_type, i.source_ref
         FROM shared_item_version v JOIN shared_item i ON i.id = v.item_id
        WHERE i.workspace_id = $1 AND i.withdrawn_at IS NULL
          AND (v.item_id, v.version) IN (SELECT * FROM unnest($2::uuid[], $3::int[]))`,
      [workspaceId, refs.map((r) => r.itemId), refs.map((r) => r.version)],
    );
    for (const row of rows)
      found.set(`${row.item_id}:${row.version}`, {
        itemId: row.item_id,
        version: row.version,
        title: row.title ?? '',
        jiraKey: row.source_type === 'jira_issue' ? row.source_ref : null,
      });
    return found;
  }
}
