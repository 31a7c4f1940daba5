import { Injectable } from '@nestjs/common';
import { RevisionFlowBackJob } from '../files';
import { QueueJob } from '../sync';
import { WorkspacesService } from '../workspaces';
import { LinkedRecords, LinkedRevision } from './linked-records';
import { RevisionDelivery } from './revision-delivery';

/**
 * Handlers of the files module's flow-back jobs: a new available drawing revision is attached to the
 * linked Jira issue (named with its revision label) and uploaded to the workspace's Feishu folder.
 * Both re-read the current state: a revision rejected or a link removed meanwhile sends nothing.
 */
@Injectable()
export class DrawingFlowBack {
  constructor(
    private readonly linked: LinkedRecords,
    private readonly workspaces: WorkspacesService,
    private readonly delivery: RevisionDelivery,
  ) {}

  async attachToJira(job: QueueJob<RevisionFlowBackJob>): Promise<void> {
    const revision = await this.deliverable(job.data.revisionId);
    if (!revision?.linkedItemId) return;
    const item = await this.linked.item(revision.linkedItemId);
    if (!item || item.sourceType !== 'jira_issue') return;
    await this.delivery.attachToIssue(item.sourceRef, [revision]);
  }

  async uploadToFeishu(job: QueueJob<RevisionFlowBackJob>): Promise<void> {
    const revision = await this.deliverable(job.data.revisionId);
    if (!revision) return;
    const workspace = await this.workspaces.getById(revision.workspaceId);
    if (!workspace.feishuFolderToken) return;
    await this.delivery.uploadToFolder(workspace.feishuFolderToken, revision);
  }

  private async deliverable(revisionId: string): Promise<LinkedRevision | undefined> {
    const [revision] = await this.linked.revisions([revisionId]);
    return revision && (revision.state === 'available' || revision.state === 'superseded')
      ? revision
      : undefined;
  }
}
