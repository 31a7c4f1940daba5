import { Inject, Injectable } from '@nestjs/common';
import { AbilityFactory, AuthUser } from '@portico/auth';
import { SyncJobsService } from '../sync';
import { DRAFT_COUNTER, type DraftCounter } from './draft-counts';

/** What waits for a workspace's owners, shown beside it in the console's workspace list. */
export interface WorkspaceCounts {
  /** Source changes of published items waiting as drafts. */
  pendingDrafts: number;
  /** Dead-lettered sync jobs of the workspace; null when the caller may not see its sync jobs. */
  failedSyncJobs: number | null;
}

/**
 * The counts of a page of workspaces, grouped per workspace, instead of one item list and one job list
 * per workspace. Failed jobs are asked of the sync module (the caller's `SyncJob` rules apply there),
 * drafts of the sharing module through `DRAFT_COUNTER` (sharing depends on this module, not the reverse).
 */
@Injectable()
export class WorkspaceCountsService {
  constructor(
    @Inject(DRAFT_COUNTER) private readonly drafts: DraftCounter,
    private readonly abilities: AbilityFactory,
    private readonly syncJobs: SyncJobsService,
  ) {}

  async countsFor(user: AuthUser, workspaceIds: string[]): Promise<Map<string, WorkspaceCounts>> {
    if (!workspaceIds.length) return new Map();
    const [pending, failed] = await Promise.all([
      this.drafts.pendingDraftsPerWorkspace(workspaceIds),
      this.syncJobs.deadLettersPerWorkspace(this.abilities.createForUser(user), workspaceIds),
    ]);
    return new Map(
      workspaceIds.map((id) => [
        id,
        { pendingDrafts: pending.get(id) ?? 0, failedSyncJobs: failed.get(id) ?? null },
      ]),
    );
  }
}
