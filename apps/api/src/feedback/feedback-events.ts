/** Queue names of the feedback module's outbound effects. */
export const DEFECT_TO_JIRA_JOB = 'feedback.defect-to-jira';
export const COMMENT_TO_JIRA_JOB = 'feedback.comment-to-jira';
export const JIRA_ISSUE_CHANGED_QUEUE = 'feedback.jira-issue-changed';
export const RECONCILE_DEFECTS_QUEUE = 'feedback.reconcile-defects';
/** Public copies of Jira comments follow their source's edits and deletions. */
export const JIRA_COMMENT_COPIES_QUEUE = 'feedback.jira-comment-copies';
export const RECONCILE_JIRA_COMMENT_COPIES_QUEUE = 'feedback.reconcile-jira-comment-copies';

export interface DefectJob {
  defectId: string;
}

export interface CommentJob {
  commentId: string;
}
