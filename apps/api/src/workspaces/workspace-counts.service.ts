import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AbilityFactory, AuthUser } from '@portico/auth';
import { DataSource } from 'typeorm';
import { SyncJobsService } from '../sync';

/** What waits for a workspace's owners, shown beside it in the console's workspace list. */
export interface WorkspaceCounts {
  /** Source changes of published items waiting as drafts. */
  pendingDrafts: number;
  /** Dead-lettered sync jobs of the workspace; null when the caller may not see its sync jobs. */
  failedSyncJobs: number | null;
}

/**
 * The counts of a page of workspaces, grouped per workspace, instead of one item list and one job list
 * per workspace. Failed jobs are asked of the sync module (the caller's `SyncJob` rules apply there);
 * drafts are still read from the sharing module's `shared_item`, which depends on this module.
 */
@Injectable()
export class WorkspaceCountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly abilities: AbilityFactory,
    private readonly syncJobs: SyncJobsService,
  ) {}

  async countsFor(user: AuthUser, workspaceIds: string[]): Promise<Map<string, WorkspaceCounts>> {
    if (!workspaceIds.length) return new Map();
    const [drafts, failed] = await Promise.all([
      this.dataSource.query(
        `SELECT workspace_id AS id, count(*)::int AS count FROM shared_item
          WHERE workspace_id = ANY($1::uuid[]) AND draft IS NOT NULL AND latest_version > 0 AND withdrawn_at IS NULL
          GROUP BY workspace_id`,
        [workspaceIds],
      ) as Promise<{ id: string; count: number }[]>,
      this.syncJobs.deadLettersPerWorkspace(this.abilities.createForUser(user), workspaceIds),
    ]);
    const pending = new Map(drafts.map((r) => [r.id, r.count]));
    return new Map(
      workspaceIds.map((id) => [
        id,
        { pendingDrafts: pending.get(id) ?? 0, failedSyncJobs: failed.get(id) ?? null },
      ]),
    );
  }
}
