import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { defineJob, JobQueue } from '../sync';
import { Workspace } from '../workspaces';
import { FileRevision } from './entities/file-revision.entity';
import { FileEntity } from './entities/file.entity';

/** Payload of both flow-back jobs: enough to find the revision again; handlers re-read current state. */
export interface RevisionFlowBackJob {
  revisionId: string;
  fileId: string;
  workspaceId: string;
  seq: number;
  linkedItemId: string | null;
}

/** Enqueued here, handled by the feedback module (`feedback/drawing-flow-back.ts`). */
export const ATTACH_TO_JIRA_JOB = defineJob<RevisionFlowBackJob>('files.attach-to-jira');
export const UPLOAD_TO_FEISHU_JOB = defineJob<RevisionFlowBackJob>('files.upload-to-feishu');

/**
 * Carries a new supplier revision back to the internal tools (docs/architecture.md): a Jira
 * attachment on the linked issue and a Feishu Drive upload. The jobs are written in the caller's
 * transaction, so they exist exactly when the revision became available.
 */
@Injectable()
export class FileFlowBack {
  constructor(private readonly queue: JobQueue) {}

  async enqueue(
    manager: EntityManager,
    revision: FileRevision,
    file: FileEntity,
    workspace: Workspace,
  ): Promise<void> {
    const data: RevisionFlowBackJob = {
      revisionId: revision.id,
      fileId: file.id,
      workspaceId: workspace.id,
      seq: revision.seq,
      linkedItemId: file.linkedItemId,
    };
    const ref = { type: 'FileRevision', id: revision.id, workspaceId: workspace.id };
    if (file.linkedItemId) {
      await this.queue.enqueue(manager, {
        name: ATTACH_TO_JIRA_JOB,
        data,
        ref,
        singletonKey: `${ATTACH_TO_JIRA_JOB}:${revision.id}`,
      });
    }
    if (workspace.feishuFolderToken) {
      await this.queue.enqueue(manager, {
        name: UPLOAD_TO_FEISHU_JOB,
        data,
        ref,
        singletonKey: `${UPLOAD_TO_FEISHU_JOB}:${revision.id}`,
      });
    }
  }
}
