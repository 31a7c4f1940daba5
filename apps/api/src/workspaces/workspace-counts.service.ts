import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { accessibleSql, AbilityFactory, AuthUser } from '@portico/auth';
import { DataSource } from 'typeorm';
import { DEAD_LETTER_SUFFIX, BOSS_SCHEMA } from '../sync';
import { Workspace } from './entities/workspace.entity';

/** What waits for a workspace's owners, shown beside it in the console's workspace list. */
export interface WorkspaceCounts {
  /** Source changes of published items waiting as drafts. */
  pendingDrafts: number;
  /** Dead-lettered sync jobs of the workspace; null when the caller may not see its sync jobs. */
  failedSyncJobs: number | null;
}

/**
 * The counts of a page of workspaces in one statement, grouped per workspace, instead of one item
 * list and one job list per workspace. It reads the sharing module's `shared_item` and pg-boss's job
 * table read-only; which failed jobs count follows the caller's `SyncJob` rules, in SQL, as in the
 * sync queue's own list.
 */
@Injectable()
export class WorkspaceCountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly abilities: AbilityFactory,
  ) {}

  async countsFor(user: AuthUser, workspaceIds: string[]): Promise<Map<string, WorkspaceCounts>> {
    if (!workspaceIds.length) return new Map();
    const jobAccess = accessibleSql(this.abilities.createForUser(user), 'read', 'SyncJob', 'job');
    const rows: { id: string; pendingDrafts: number; failedSyncJobs: number | null }[] = await this.dataSource
      .createQueryBuilder(Workspace, 'workspace')
      .select('workspace.id', 'id')
      .addSelect('COALESCE(drafts.count, 0)::int', 'pendingDrafts')
      .addSelect(`CASE WHEN ${jobAccess.sql} THEN COALESCE(failed.count, 0)::int END`, 'failedSyncJobs')
      .leftJoin(
        `(SELECT workspace_id, count(*) AS count FROM shared_item
           WHERE workspace_id = ANY(CAST(:ids AS uuid[])) AND draft IS NOT NULL AND latest_version > 0 AND withdrawn_at IS NULL
           GROUP BY workspace_id)`,
        'drafts',
        'drafts.workspace_id = workspace.id',
      )
      .leftJoin(
        `(SELECT data->'ref'->>'workspaceId' AS workspace_id, count(*) AS count FROM ${BOSS_SCHEMA}.job
           WHERE name LIKE :dead AND state = 'created' AND data->'ref'->>'workspaceId' = ANY(CAST(:ids AS text[]))
           GROUP BY 1)`,
        'failed',
        'failed.workspace_id = workspace.id::text',
      )
      .where('workspace.id = ANY(CAST(:ids AS uuid[]))', {
        ids: workspaceIds,
        dead: `%${DEAD_LETTER_SUFFIX}`,
      })
      .setParameters(jobAccess.params)
      .getRawMany();
    return new Map(
      rows.map((r) => [r.id, { pendingDrafts: r.pendingDrafts, failedSyncJobs: r.failedSyncJobs }]),
    );
  }
}
