import { Injectable } from '@nestjs/common';
import {
  ATTACH_TO_JIRA_JOB as ATTACH_TO_JIRA_NAME,
  RevisionFlowBackJob,
  UPLOAD_TO_FEISHU_JOB as UPLOAD_TO_FEISHU_NAME,
} from '../files';
import { defineJob, QueueJob } from '../sync';
import { WorkspacesService } from '../workspaces';
import { LinkedRecords, LinkedRevision } from './linked-records';
import { RevisionDelivery } from './revision-delivery';

/** The files module's flow-back queues, with the payload its jobs carry, as their handler reads them. */
export const ATTACH_TO_JIRA_JOB = defineJob<RevisionFlowBackJob>(ATTACH_TO_JIRA_NAME);
export const UPLOAD_TO_FEISHU_JOB = defineJob<RevisionFlowBackJob>(UPLOAD_TO_FEISHU_NAME);

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
