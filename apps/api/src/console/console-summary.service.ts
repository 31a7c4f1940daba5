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

/**
 * "What needs me now" for a PM (workspaces they own or co-own) or an admin (all): each count asked
 * of the module that owns its table, all at once over the same workspace ids.
 */
@Injectable()
export class ConsoleSummaryService {
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly sharing: SharingService,
    private readonly files: FilesService,
    private readonly feedback: FeedbackService,
    private readonly syncJobs: SyncJobsService,
  ) {}

  async forUser(user: AuthUser): Promise<ConsoleSummary> {
    if (user.orgKind !== 'internal' || (user.role !== 'pm' && user.role !== 'admin'))
      throw new ForbiddenError('The console summary is for project managers and administrators');
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
