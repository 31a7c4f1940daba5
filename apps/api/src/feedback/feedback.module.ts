import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ATTACH_TO_JIRA_JOB, FilesModule, UPLOAD_TO_FEISHU_JOB } from '../files';
import { SharingModule } from '../sharing';
import { JobQueue, SyncEvents, SyncModule } from '../sync';
import { UsersModule } from '../users';
import { WorkspacesModule } from '../workspaces';
import { CommentJiraSync } from './comment-jira-sync';
import { flowBackClientProviders } from './connector-clients';
import { DefectJiraSync } from './defect-jira-sync';
import { DefectStatusSync } from './defect-status-sync';
import { DrawingFlowBack } from './drawing-flow-back';
import { Comment } from './entities/comment.entity';
import { Defect } from './entities/defect.entity';
import { DefectStatusEvent } from './entities/defect-status-event.entity';
import { FlowBackRecord } from './entities/flow-back-record.entity';
import {
  COMMENT_TO_JIRA_JOB,
  DEFECT_TO_JIRA_JOB,
  JIRA_COMMENT_COPIES_QUEUE,
  JIRA_ISSUE_CHANGED_QUEUE,
  RECONCILE_DEFECTS_QUEUE,
  RECONCILE_JIRA_COMMENT_COPIES_QUEUE,
} from './feedback-events';
import { FeedbackLookupService } from './feedback-lookups';
import { FeedbackController } from './feedback.controller';
import { FeedbackService } from './feedback.service';
import { JiraCommentCopies } from './jira-comment-copies';
import { JiraCommentsController } from './jira-comments.controller';
import { DefectAttachmentFilesModule } from './defect-attachment-files';
import { LinkedRecords } from './linked-records';
import { RevisionDelivery } from './revision-delivery';

/**
 * Comments, defect reports and their flow back into Jira and Feishu (docs/architecture.md): the API,
 * and the queue handlers that deliver them exactly once and bring Jira statuses back.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Comment, Defect, DefectStatusEvent, FlowBackRecord]),
    WorkspacesModule,
    UsersModule,
    SyncModule,
    SharingModule,
    FilesModule,
    DefectAttachmentFilesModule,
  ],
  controllers: [FeedbackController, JiraCommentsController],
  providers: [
    ...flowBackClientProviders,
    FeedbackService,
    FeedbackLookupService,
    LinkedRecords,
    RevisionDelivery,
    DefectJiraSync,
    CommentJiraSync,
    DefectStatusSync,
    DrawingFlowBack,
    JiraCommentCopies,
  ],
  exports: [FeedbackService, FeedbackLookupService, JiraCommentCopies],
})
export class FeedbackModule implements OnModuleInit {
  constructor(
    private readonly queue: JobQueue,
    private readonly defects: DefectJiraSync,
    private readonly comments: CommentJiraSync,
    private readonly statuses: DefectStatusSync,
    private readonly drawings: DrawingFlowBack,
    private readonly jiraComments: JiraCommentCopies,
  ) {}

  async onModuleInit(): Promise<void> {
    // A job whose worker died is handed out again after its expiry; the attempt markers make that safe.
    const jira = { target: 'jira' as const };
    await this.queue.register(DEFECT_TO_JIRA_JOB, (job) => this.defects.handle(job), jira);
    await this.queue.register(COMMENT_TO_JIRA_JOB, (job) => this.comments.handle(job), jira);
    await this.queue.register(
      JIRA_ISSUE_CHANGED_QUEUE,
      (job) => this.statuses.onIssueChanged(job.data),
      jira,
    );
    await this.queue.subscribe(SyncEvents.jiraIssueChanged, JIRA_ISSUE_CHANGED_QUEUE);
    // The sync module's periodic tick: a missed webhook only delays a status change.
    await this.queue.register(RECONCILE_DEFECTS_QUEUE, (job) => this.statuses.reconcile(job.data), {
      target: 'jira',
      policy: 'singleton',
    });
    await this.queue.subscribe(SyncEvents.reconcileTick, RECONCILE_DEFECTS_QUEUE);
    // Public copies of Jira comments follow edits and deletions in Jira (events name only the issue).
    await this.queue.register(
      JIRA_COMMENT_COPIES_QUEUE,
      (job) => this.jiraComments.onIssueChanged(job.data),
      jira,
    );
    await this.queue.subscribe(SyncEvents.jiraIssueChanged, JIRA_COMMENT_COPIES_QUEUE);
    await this.queue.register(
      RECONCILE_JIRA_COMMENT_COPIES_QUEUE,
      (job) => this.jiraComments.reconcile(job.data),
      { target: 'jira', policy: 'singleton' },
    );
    await this.queue.subscribe(SyncEvents.reconcileTick, RECONCILE_JIRA_COMMENT_COPIES_QUEUE);
    // Drawings can be large: allow a long transfer before the job counts as lost.
    await this.queue.register(ATTACH_TO_JIRA_JOB, (job) => this.drawings.attachToJira(job), {
      target: 'jira',
      expireInSeconds: 3600,
    });
    await this.queue.register(UPLOAD_TO_FEISHU_JOB, (job) => this.drawings.uploadToFeishu(job), {
      target: 'feishu',
      expireInSeconds: 3600,
    });
  }
}
