import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@portico/auth';
import { ForbiddenError } from '../common';
import { FeedbackService } from '../feedback';
import { FilesService } from '../files';
import { SharingService } from '../sharing';
import { SyncJobsService } from '../sync';
import { WorkspacesService } from '../workspaces';

/** Workspaces whose supplier access ends within this many days are flagged. */
export const ACCESS_ENDING_WITHIN_DAYS = 14;

export interface ConsoleSummary {
  workspaces: number;
  draftsToPublish: number;
  uploadsToReview: number;
  newDefects: number;
  failedSyncJobs: number;
  unacknowledgedVersions: number;
  accessEndingSoon: number;
  accessEndingWithinDays: number;
}

/** How long a user's counts are served again before they are counted anew. */
export const SUMMARY_MAX_AGE_MS = 5_000;

/**
 * "What needs me now" for a PM (workspaces they own or co-own) or an admin (all): each count asked
 * of the module that owns its table, all at once over the same workspace ids.
 *
 * Counting runs over every item of every managed workspace (~100 ms for 1,000 workspaces of 100 items,
 * docs/performance.md), so a user's counts are kept for SUMMARY_MAX_AGE_MS and requests arriving while
 * they are counted share that one count. The user's own changes through this process forget them at once
 * (`forget`, called for every successful write, see app.setup.ts); anyone else's show within the max age.
 */
@Injectable()
export class ConsoleSummaryService {
  private readonly recent = new Map<string, { at: number; summary: Promise<ConsoleSummary> }>();

  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly sharing: SharingService,
    private readonly files: FilesService,
    private readonly feedback: FeedbackService,
    private readonly syncJobs: SyncJobsService,
  ) {}

  async forUser(user: AuthUser, now = Date.now()): Promise<ConsoleSummary> {
    if (user.orgKind !== 'internal' || (user.role !== 'pm' && user.role !== 'admin'))
      throw new ForbiddenError('The console summary is for project managers and administrators');
    const kept = this.recent.get(user.id);
    if (kept && now - kept.at < SUMMARY_MAX_AGE_MS) return kept.summary;
    if (this.recent.size >= 1000)
      for (const [id, entry] of this.recent) if (now - entry.at >= SUMMARY_MAX_AGE_MS) this.recent.delete(id);
    const summary = this.count(user);
    const entry = { at: now, summary };
    this.recent.set(user.id, entry);
    // A failed count is not kept: the next request counts again.
    summary.catch(() => this.recent.get(user.id) === entry && this.recent.delete(user.id));
    return summary;
  }

  /** Drops the user's kept counts, so their next request counts anew. */
  forget(userId: string): void {
    this.recent.delete(userId);
  }

  private async count(user: AuthUser): Promise<ConsoleSummary> {
    const managed = await this.workspaces.managed(user);
    const ids = managed.map((w) => w.id);
    const windows = managed.map((w) => ({ workspaceId: w.id, days: w.acknowledgeWithinDays }));
    const [drafts, uploads, defects, failed, unacknowledged, ending] = await Promise.all([
      this.sharing.countPendingDrafts(ids),
      this.files.countAwaitingReview(ids),
      this.feedback.countNewDefects(ids),
      this.syncJobs.countFailed(ids),
      this.sharing.countUnacknowledged(windows),
      this.workspaces.countAccessEndingWithin(ids, ACCESS_ENDING_WITHIN_DAYS),
    ]);
    return {
      workspaces: ids.length,
      draftsToPublish: drafts,
      uploadsToReview: uploads,
      newDefects: defects,
      failedSyncJobs: failed,
      unacknowledgedVersions: unacknowledged,
      accessEndingSoon: ending,
      accessEndingWithinDays: ACCESS_ENDING_WITHIN_DAYS,
    };
  }
}
