import { defineJob } from './queue/job-queue.types';

/**
 * Events the sync engine publishes (JobQueue.publish). They carry identifiers only: consumers
 * re-fetch the current state from the source, because webhooks arrive late, twice and out of order.
 * Subscribe a queue of your own: `await queue.subscribe(SyncEvents.jiraIssueChanged, 'sharing.refresh-jira')`.
 */
export const SyncEvents = {
  /** {@link JiraIssueChanged}: an issue was created, updated or deleted, or a comment on it changed. */
  jiraIssueChanged: defineJob<JiraIssueChanged>('jira.issue.changed'),
  /** {@link JiraCommentChanged}: a comment was created or updated (also publishes jiraIssueChanged). */
  jiraCommentChanged: defineJob<JiraCommentChanged>('jira.comment.changed'),
  /** {@link FeishuDocChanged}: a subscribed Feishu document or file was edited, renamed or removed. */
  feishuDocChanged: defineJob<FeishuDocChanged>('feishu.doc.changed'),
  /** {@link ReconcileTick}: periodic; re-read what changed at the sources since `since`. */
  reconcileTick: defineJob<ReconcileTick>('reconcile.tick'),
} as const;

export interface JiraIssueChanged {
  issueId: string;
  issueKey: string;
  /** Jira's webhookEvent, e.g. `jira:issue_updated`. A hint only; re-fetch the issue. */
  webhookEvent: string;
}

export interface JiraCommentChanged {
  issueId: string;
  issueKey: string;
  commentId: string;
  webhookEvent: string;
}

export interface FeishuDocChanged {
  fileToken: string;
  fileType: string;
  /** Feishu's event type, e.g. `drive.file.edit_v1`. */
  eventType: string;
}

export interface ReconcileTick {
  /** ISO time of the previous run (or of this one minus the interval on the first run). */
  since: string;
  /** ISO time of this run; the next tick's `since`. */
  now: string;
}
