import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JIRA_CLIENT, JiraClient } from '@portico/connectors/jira/jira-client.port';
import { DataSource, IsNull } from 'typeorm';
import { QueueJob } from '../sync';
import { Comment } from './entities/comment.entity';
import { Defect } from './entities/defect.entity';
import { CommentJob } from './feedback-events';
import { FeedbackService } from './feedback.service';
import { commentBody, commentMarker } from './jira-issue-content';
import { LinkedRecords } from './linked-records';
import { recordFailure } from './sync-failure';
import { provesNothingStored } from './defect-jira-sync';
import { ATTEMPT_LEASE_SECONDS, AttemptInProgress, returnedRows } from './attempt-lease';

/** Thrown while a defect's Jira issue does not exist yet; the queue tries again shortly. */
class IssueNotYetCreated extends Error {
  readonly retryable = true;
  readonly retryAfterSeconds = 2;
}

/**
 * Delivers a supplier comment to its Jira issue as "[Org] Name: …" in ADF, once: the attempt is
 * claimed (committed lease) before posting, and an attempt taking over an expired one first looks for
 * the comment's marker link (`#comment-<id>`) among the issue's comments.
 */
@Injectable()
export class CommentJiraSync {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JIRA_CLIENT) private readonly jira: JiraClient,
    private readonly linked: LinkedRecords,
    private readonly feedback: FeedbackService,
  ) {}

  async handle(job: QueueJob<CommentJob>): Promise<void> {
    try {
      await this.deliver(job.data.commentId);
    } catch (error) {
      await recordFailure(this.dataSource, Comment, job.data.commentId, job, error);
      throw error;
    }
  }

  async deliver(commentId: string): Promise<void> {
    const repo = this.dataSource.getRepository(Comment);
    const comment = await repo.findOneBy({ id: commentId });
    if (!comment || comment.externalId || comment.visibility !== 'public') return;
    const { issueKey, path } = await this.target(comment);
    const marker = commentMarker(comment.id);
    const claim = await this.claim(comment.id);
    if (claim === 'done') return;
    if (claim.previous) {
      const issue = await this.jira.getIssue(issueKey, { fields: ['comment'] });
      const comments =
        (issue.fields.comment as { comments?: Array<{ id: string; body?: unknown }> } | undefined)
          ?.comments ?? [];
      const existing = comments.find((c) => JSON.stringify(c.body ?? '').includes(marker));
      if (existing) return this.delivered(comment.id, existing.id);
    }
    const author = (await this.linked.people([comment.authorId])).get(comment.authorId);
    const created = await this.jira
      .addComment(
        issueKey,
        commentBody({
          orgName: author?.orgName ?? 'Supplier',
          authorName: author?.displayName ?? 'Unknown user',
          body: comment.body,
          portalUrl: this.feedback.portalUrl(`${path}${marker}`),
        }),
        { properties: { 'portico.comment': { commentId: comment.id } } },
      )
      .catch(async (error: unknown) => {
        if (provesNothingStored(error))
          await repo.update({ id: comment.id }, { syncAttemptedAt: claim.previous });
        throw error;
      });
    await this.delivered(comment.id, String(created.id));
  }

  /** The lease on posting this comment (see attempt-lease.ts); 'done' when it was delivered meanwhile. */
  private async claim(commentId: string): Promise<{ previous: Date | null } | 'done'> {
    const rows = returnedRows<{ previous: Date | null }>(
      await this.dataSource.query(
        `UPDATE comment c SET sync_attempted_at = now()
           FROM (SELECT id, external_id, sync_attempted_at AS previous FROM comment WHERE id = $1 FOR UPDATE) p
          WHERE c.id = p.id AND p.external_id IS NULL
            AND (p.previous IS NULL OR p.previous < now() - make_interval(secs => $2))
        RETURNING p.previous`,
        [commentId, ATTEMPT_LEASE_SECONDS],
      ),
    );
    if (rows.length) return { previous: rows[0].previous };
    const comment = await this.dataSource.getRepository(Comment).findOneBy({ id: commentId });
    if (!comment || comment.externalId) return 'done';
    const age = comment.syncAttemptedAt ? (Date.now() - comment.syncAttemptedAt.getTime()) / 1000 : 0;
    throw new AttemptInProgress(Math.max(1, Math.ceil(ATTEMPT_LEASE_SECONDS - age)));
  }

  private async target(comment: Comment): Promise<{ issueKey: string; path: string }> {
    if (comment.defectId) {
      const defect = await this.dataSource.getRepository(Defect).findOneBy({ id: comment.defectId });
      if (!defect?.jiraKey) throw new IssueNotYetCreated(`defect ${comment.defectId} has no Jira issue yet`);
      return { issueKey: defect.jiraKey, path: `/defects/${defect.id}` };
    }
    const item = await this.linked.item(comment.itemId!);
    if (!item || item.sourceType !== 'jira_issue')
      throw Object.assign(new Error('the comment thread has no Jira issue'), { retryable: false });
    return { issueKey: item.sourceRef, path: `/items/${item.id}` };
  }

  private async delivered(commentId: string, externalId: string): Promise<void> {
    await this.dataSource
      .getRepository(Comment)
      .update(
        { id: commentId, externalId: IsNull() },
        { externalId, syncState: 'delivered', syncError: null },
      );
  }
}
