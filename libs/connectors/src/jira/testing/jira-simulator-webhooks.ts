import { randomUUID } from 'node:crypto';
import { signJiraWebhook } from '../jira-webhook';
import { evaluateJql, JqlError, parseJql, type JqlQuery } from './jql';
import type { SimComment, SimIssue, SimState, SimUser } from './jira-simulator-state';
import { HttpError } from './jira-simulator-http';
import type { JiraSimulatorOptions, JiraWebhookFault, WebhookDelivery } from './jira-simulator-types';
import { JiraSimulatorViews } from './jira-simulator-views';

/** Jira's admin webhooks: signed, filtered by the webhook's JQL, re-delivered on failure, with injectable faults. */
export abstract class JiraSimulatorWebhooks extends JiraSimulatorViews {
  readonly webhookDeliveries: WebhookDelivery[] = [];
  protected webhookFault: JiraWebhookFault | undefined;
  private readonly pending = new Set<Promise<void>>();
  private webhookFilter: JqlQuery | undefined;

  constructor(
    state: SimState,
    apiUser: SimUser,
    options: JiraSimulatorOptions,
    private webhookUrl: string | undefined,
  ) {
    super(state, apiUser, options);
    this.setWebhookJql(options.webhookJql);
  }

  injectWebhookFault(fault: JiraWebhookFault): void {
    this.webhookFault = { ...fault };
  }

  setWebhookUrl(url: string | undefined): void {
    this.webhookUrl = url;
  }

  /** Changes the webhook's JQL filter (undefined: every issue); 400 for JQL Jira would refuse. */
  setWebhookJql(jql: string | undefined): void {
    try {
      this.webhookFilter = jql ? parseJql(jql) : undefined;
    } catch (error) {
      if (error instanceof JqlError) throw new HttpError(400, [error.message]);
      throw error;
    }
  }

  private webhookMatches(issue: SimIssue): boolean {
    if (!this.webhookFilter) return true;
    try {
      return evaluateJql(this.webhookFilter.where, this.jqlSubject(issue), Date.now(), this.timeZone);
    } catch {
      return false; // a filter naming an unknown field matches nothing, as in Jira
    }
  }

  /** Resolves once every webhook sent so far (including re-deliveries) has settled. */
  async flushWebhooks(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  fireIssueEvent(
    event: 'jira:issue_created' | 'jira:issue_updated',
    issue: SimIssue,
    actor: SimUser,
    typeName: string,
    items?: unknown[],
    comment?: SimComment,
  ): void {
    this.sendWebhook(event, issue, () => ({
      timestamp: Date.now(),
      webhookEvent: event,
      issue_event_type_name: typeName,
      user: this.userJson(actor),
      issue: this.issueJson(issue, { fields: ['*all'] }),
      ...(items ? { changelog: { id: String(Date.now()), items } } : {}),
      ...(comment ? { comment: this.commentJson(issue, comment) } : {}),
    }));
  }

  fireCommentEvents(issue: SimIssue, comment: SimComment): void {
    this.fireCommentEvent('comment_created', issue, comment);
    this.fireIssueEvent('jira:issue_updated', issue, comment.author, 'issue_commented', undefined, comment);
  }

  fireCommentEvent(
    event: 'comment_created' | 'comment_updated' | 'comment_deleted',
    issue: SimIssue,
    comment: SimComment,
  ): void {
    this.sendWebhook(event, issue, () => ({
      timestamp: Date.now(),
      webhookEvent: event,
      comment: this.commentJson(issue, comment),
      issue: {
        id: issue.id,
        key: issue.key,
        self: `${this.baseUrl}/rest/api/3/issue/${issue.id}`,
        fields: { summary: issue.summary },
      },
    }));
  }

  /** The payload is built only when someone listens: serialising a busy issue is the costliest part. */
  protected sendWebhook(event: string, issue: SimIssue, payload: () => Record<string, unknown>): void {
    const url = this.webhookUrl;
    if (!url || !this.webhookMatches(issue)) return;
    const deliveryId = randomUUID();
    const fault = this.webhookFault;
    if (fault && fault.times !== undefined && --fault.times < 0) this.webhookFault = undefined;
    const active = this.webhookFault === fault ? fault : undefined;
    if (active?.dropRate && Math.random() < active.dropRate) {
      this.webhookDeliveries.push({ deliveryId, event, attempt: 0, dropped: true });
      return;
    }
    const body = JSON.stringify(payload());
    const copies = active?.duplicate ? 2 : 1;
    for (let copy = 0; copy < copies; copy++) {
      const delivery = this.deliver(url, deliveryId, event, body);
      this.pending.add(delivery);
      void delivery.finally(() => this.pending.delete(delivery));
    }
  }

  private async deliver(url: string, deliveryId: string, event: string, body: string): Promise<void> {
    const delays = this.options.webhookRetryDelaysMs ?? [1000, 5000, 15000];
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      const record: WebhookDelivery = { deliveryId, event, attempt };
      this.webhookDeliveries.push(record);
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'User-Agent': 'Atlassian Webhook HTTP Client',
            'X-Atlassian-Webhook-Identifier': deliveryId,
            'X-Atlassian-Webhook-Flow': 'Primary',
            'X-Hub-Signature': signJiraWebhook(this.options.webhookSecret, body),
            ...(attempt > 0 ? { 'X-Atlassian-Webhook-Retry': String(attempt) } : {}),
          },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        record.status = response.status;
        await response.arrayBuffer().catch(() => undefined);
        // Jira retries on these; anything else counts as delivered (or permanently refused).
        if (![408, 409, 425, 429].includes(response.status) && response.status < 500) return;
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
      }
      if (attempt < delays.length) await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
  }
}
