import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JIRA_CLIENT, JiraClient } from '@portico/connectors/jira/jira-client.port';
import {
  JiraForbiddenError,
  JiraRateLimitedError,
  JiraValidationError,
} from '@portico/connectors/jira/jira-errors';
import { DataSource, IsNull } from 'typeorm';
import { PermanentJobError, QueueJob } from '../sync';
import { DEFAULT_JIRA_ISSUE_TYPE, WorkspacesService } from '../workspaces';
import { Defect } from './entities/defect.entity';
import { DefectJob } from './feedback-events';
import { FeedbackService } from './feedback.service';
import {
  defectDescription,
  defectMarkerLabel,
  PORTICO_LABEL,
  PRIORITY_BY_SEVERITY,
  supplierLabel,
} from './jira-issue-content';
import { LinkedRecords } from './linked-records';
import { defectAttachmentNames, RevisionDelivery } from './revision-delivery';
import { recordFailure } from './sync-failure';
import { ATTEMPT_LEASE_SECONDS, AttemptInProgress, returnedRows } from './attempt-lease';

/**
 * Delivers a defect report as exactly one Jira issue (docs/architecture.md).
 *
 * Exactly once across retries, timeouts and killed workers: the create is claimed by committing
 * `jira_create_attempted_at` (a lease, see attempt-lease.ts) before the call; a later attempt that finds
 * an expired earlier one first looks the issue up by the defect's unique label (JQL can search labels,
 * not issue properties). The key is stored the moment Jira
 * returns it. Attachments (named as uploaded, see defectAttachmentNames) are checked by file name on the issue and the remote link is keyed by a
 * globalId, so every step may be repeated harmlessly.
 */
@Injectable()
export class DefectJiraSync {
  private readonly logger = new Logger(DefectJiraSync.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JIRA_CLIENT) private readonly jira: JiraClient,
    private readonly workspaces: WorkspacesService,
    private readonly linked: LinkedRecords,
    private readonly feedback: FeedbackService,
    private readonly revisions: RevisionDelivery,
  ) {}

  async handle(job: QueueJob<DefectJob>): Promise<void> {
    try {
      await this.deliver(job.data.defectId);
    } catch (error) {
      await recordFailure(this.dataSource, Defect, job.data.defectId, job, error);
      throw error;
    }
  }

  async deliver(defectId: string): Promise<void> {
    const repo = this.dataSource.getRepository(Defect);
    const defect = await repo.findOneBy({ id: defectId });
    if (!defect) return;
    const workspace = await this.workspaces.getById(defect.workspaceId);
    if (!workspace.jiraProjectKey) return;

    let key = defect.jiraKey;
    if (!key) {
      const marker = defectMarkerLabel(defect.id);
      const claim = await this.claimCreate(defect.id);
      if (claim === 'taken') return this.deliver(defectId);
      const found = claim.previous ? await this.findByMarker(workspace.jiraProjectKey, marker) : undefined;
      if (found) {
        key = found.key;
        await this.storeKey(defect.id, found.key, found.id);
      } else {
        const people = await this.linked.people([defect.reportedBy]);
        const reporter = people.get(defect.reportedBy);
        const orgName = reporter?.orgName ?? 'Supplier';
        const [item, revisions] = await Promise.all([
          defect.itemId ? this.linked.item(defect.itemId) : null,
          this.linked.revisions([
            ...(defect.fileRevisionId ? [defect.fileRevisionId] : []),
            ...defect.attachmentRevisionIds,
          ]),
        ]);
        const related = revisions.find((r) => r.id === defect.fileRevisionId);
        const created = await this.jira
          .createIssue({
            projectKey: workspace.jiraProjectKey,
            issueType: { name: workspace.jiraIssueType || DEFAULT_JIRA_ISSUE_TYPE },
            summary: defect.title.slice(0, 255),
            description: defectDescription({
              description: defect.description,
              stepsToReproduce: defect.stepsToReproduce,
              severity: defect.severity,
              reporterName: reporter?.displayName ?? 'Unknown user',
              reporterOrgName: orgName,
              relatedItem: item
                ? { title: item.title, sourceRef: item.sourceType === 'jira_issue' ? item.sourceRef : null }
                : null,
              relatedRevision: related
                ? { documentNumber: related.documentNumber, label: related.label, title: related.fileTitle }
                : null,
              attachments: [
                ...defectAttachmentNames(
                  revisions.filter((r) => defect.attachmentRevisionIds.includes(r.id)),
                ).values(),
              ],
              portalUrl: this.feedback.portalUrl(`/defects/${defect.id}`),
            }),
            labels: [PORTICO_LABEL, supplierLabel(orgName, defect.reporterOrgId), marker],
            fields: { priority: { name: PRIORITY_BY_SEVERITY[defect.severity] } },
            properties: { 'portico.defect': { defectId: defect.id, workspaceId: defect.workspaceId } },
          })
          .catch(async (error: unknown) => {
            // Refused before anything was stored: the next attempt may create at once, without waiting to search.
            if (provesNothingStored(error))
              await repo.update({ id: defect.id }, { jiraCreateAttemptedAt: claim.previous });
            throw explainRefusal(error, workspace.jiraProjectKey!, workspace.jiraIssueType);
          });
        key = created.key;
        await this.storeKey(defect.id, created.key, created.id);
        this.logger.log(`defect ${defect.id} -> ${created.key}`);
      }
    }

    const attachments = await this.linked.revisions(defect.attachmentRevisionIds);
    const names = defectAttachmentNames(attachments);
    await this.revisions.attachToIssue(key, attachments, (r) => names.get(r.id)!);
    await this.jira.createRemoteLink(key, {
      globalId: `portico:defect:${defect.id}`,
      url: this.feedback.portalUrl(`/defects/${defect.id}`),
      title: `Portico defect report: ${defect.title}`.slice(0, 255),
      application: { type: 'portico', name: 'Portico' },
    });
    await repo.update({ id: defect.id }, { syncState: 'delivered', syncError: null });
  }

  /**
   * Takes the right to create the issue: only when no key is stored and no other attempt holds the
   * lease. `previous` is the time of an earlier attempt whose outcome is unknown (look before creating).
   * 'taken' means the key appeared meanwhile.
   */
  private async claimCreate(defectId: string): Promise<{ previous: Date | null } | 'taken'> {
    const rows = returnedRows<{ previous: Date | null }>(
      await this.dataSource.query(
        `UPDATE defect d SET jira_create_attempted_at = now()
           FROM (SELECT id, jira_key, jira_create_attempted_at AS previous FROM defect WHERE id = $1 FOR UPDATE) p
          WHERE d.id = p.id AND p.jira_key IS NULL
            AND (p.previous IS NULL OR p.previous < now() - make_interval(secs => $2))
        RETURNING p.previous`,
        [defectId, ATTEMPT_LEASE_SECONDS],
      ),
    );
    if (rows.length) return { previous: rows[0].previous };
    const defect = await this.dataSource.getRepository(Defect).findOneBy({ id: defectId });
    if (defect?.jiraKey) return 'taken';
    const age = defect?.jiraCreateAttemptedAt
      ? (Date.now() - defect.jiraCreateAttemptedAt.getTime()) / 1000
      : 0;
    throw new AttemptInProgress(Math.max(1, Math.ceil(ATTEMPT_LEASE_SECONDS - age)));
  }

  private async findByMarker(projectKey: string, marker: string) {
    const page = await this.jira.searchPage({
      jql: `project = "${projectKey}" AND labels = "${marker}" ORDER BY created ASC`,
      fields: ['status'],
      pageSize: 5,
    });
    if (page.issues.length > 1)
      this.logger.error(
        `more than one Jira issue carries ${marker}: ${page.issues.map((i) => i.key).join(', ')}`,
      );
    const issue = page.issues[0];
    return issue?.key && issue.id ? { key: issue.key, id: issue.id } : undefined;
  }

  private async storeKey(defectId: string, key: string, issueId: string): Promise<void> {
    await this.dataSource
      .getRepository(Defect)
      .update({ id: defectId, jiraKey: IsNull() }, { jiraKey: key, jiraIssueId: issueId });
  }
}

/** A refused issue type is a workspace setting to fix, not something a retry can change: say so. */
function explainRefusal(error: unknown, projectKey: string, issueType: string): unknown {
  if (!(error instanceof JiraValidationError) || !error.errors.issuetype) return error;
  return new PermanentJobError(
    `Jira project ${projectKey} has no issue type "${issueType}" (Jira: ${error.errors.issuetype}); change the workspace's Jira issue type`,
  );
}

/** Jira answers these before acting on a request: 429 rate limits, 400/422 refusals, 401/403. */
export function provesNothingStored(error: unknown): boolean {
  return (
    error instanceof JiraRateLimitedError ||
    error instanceof JiraForbiddenError ||
    (error instanceof JiraValidationError && error.status !== 409)
  );
}
