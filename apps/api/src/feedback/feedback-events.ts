import { defineJob, type JiraIssueChanged, type ReconcileTick } from '../sync';

/** Queues of the feedback module's outbound effects and of the sync events it follows. */
export const DEFECT_TO_JIRA_JOB = defineJob<DefectJob>('feedback.defect-to-jira');
export const COMMENT_TO_JIRA_JOB = defineJob<CommentJob>('feedback.comment-to-jira');
// Event payloads come from outside (webhooks): handlers check every field they read.
export const JIRA_ISSUE_CHANGED_QUEUE = defineJob<Partial<JiraIssueChanged>>('feedback.jira-issue-changed');
export const RECONCILE_DEFECTS_QUEUE = defineJob<Partial<ReconcileTick>>('feedback.reconcile-defects');
/** Public copies of Jira comments follow their source's edits and deletions. */
export const JIRA_COMMENT_COPIES_QUEUE = defineJob<Partial<JiraIssueChanged>>('feedback.jira-comment-copies');
export const RECONCILE_JIRA_COMMENT_COPIES_QUEUE = defineJob<Partial<ReconcileTick>>(
  'feedback.reconcile-jira-comment-copies',
);

export interface DefectJob {
  defectId: string;
}

export interface CommentJob {
  commentId: string;
}
