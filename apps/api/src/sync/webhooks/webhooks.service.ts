import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
// Not the '@portico/connectors' barrel: it also loads the simulators, which production never runs.
import {
  FeishuEventRejectedError,
  FeishuEventVerifier,
  type FeishuDeliveryGuard,
} from '@portico/connectors/feishu';
import { JiraWebhookError, verifyJiraWebhook, type JiraWebhookEvent } from '@portico/connectors/jira';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, APP_CONFIG } from '../../config';
import { BadInputError, UnauthorizedError } from '../../common';
import { JobQueue } from '../queue/job-queue.service';
import { SyncMetrics } from '../queue/sync-metrics';
import { FeishuDocChanged, JiraCommentChanged, JiraIssueChanged, SyncEvents } from '../sync-events';
import { WebhookSource } from '../entities/webhook-delivery.entity';
import { SyncMarkersService } from './sync-markers.service';

export type WebhookHeaders = Record<string, string | string[] | undefined>;

export type WebhookOutcome =
  { status: 'accepted'; published: string[] } | { status: 'duplicate' } | { challenge: string };

export const webhookMarker = (source: WebhookSource) => `webhook.${source}`;

/**
 * Inbound webhooks: verify, de-duplicate by delivery id, publish identifier-only events. The
 * delivery row, the "last webhook" marker and the published jobs are written in one transaction,
 * so a delivery is either fully taken (and a re-delivery is a no-op) or not at all (and Jira's or
 * Feishu's retry gets it through).
 */
@Injectable()
export class WebhooksService {
  private readonly feishu?: FeishuEventVerifier;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    private readonly markers: SyncMarkersService,
    private readonly metrics: SyncMetrics,
  ) {
    const token = config.raw.FEISHU_VERIFICATION_TOKEN;
    if (token) {
      this.feishu = new FeishuEventVerifier({
        verificationToken: token,
        encryptKey: config.raw.FEISHU_ENCRYPT_KEY,
        guard: this.signatureGuard(),
      });
    }
  }

  async receiveJira(rawBody: Buffer | undefined, headers: WebhookHeaders): Promise<WebhookOutcome> {
    if (!rawBody?.length) throw this.rejected('jira', new BadInputError('Empty webhook body'));
    const secret = this.config.raw.JIRA_WEBHOOK_SECRET;
    if (!secret)
      throw this.rejected(
        'jira',
        new UnauthorizedError('Jira webhooks are not configured (JIRA_WEBHOOK_SECRET)'),
      );
    let verified;
    try {
      verified = await verifyJiraWebhook({ secret, rawBody, headers });
    } catch (error) {
      if (error instanceof JiraWebhookError) {
        throw this.rejected(
          'jira',
          error.reason === 'malformed'
            ? new BadInputError(error.message)
            : new UnauthorizedError(error.message),
        );
      }
      throw error;
    }
    // Jira sends X-Atlassian-Webhook-Identifier, the same on every retry; without it, identical bytes are one delivery.
    const deliveryId = verified.deliveryId ?? `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
    const events = jiraEvents(verified.event, rawBody);
    return this.accept('jira', deliveryId, eventName(verified.event), events);
  }

  async receiveFeishu(rawBody: Buffer | undefined, headers: WebhookHeaders): Promise<WebhookOutcome> {
    if (!rawBody?.length) throw this.rejected('feishu', new BadInputError('Empty callback body'));
    if (!this.feishu) {
      throw this.rejected(
        'feishu',
        new UnauthorizedError('Feishu events are not configured (FEISHU_VERIFICATION_TOKEN)'),
      );
    }
    let result;
    try {
      result = await this.feishu.verify({ rawBody, headers });
    } catch (error) {
      if (error instanceof FeishuEventRejectedError) {
        const malformed = error.reason === 'malformed' || error.reason === 'undecryptable';
        throw this.rejected(
          'feishu',
          malformed ? new BadInputError(error.message) : new UnauthorizedError(error.message),
        );
      }
      throw error;
    }
    if (result.kind === 'challenge') return { challenge: result.challenge };
    if (result.kind === 'duplicate') {
      this.metrics.webhookDelivery('feishu', 'duplicate');
      return { status: 'duplicate' };
    }
    const event = result.event;
    const published: Array<{ event: string; data: object }> = [];
    if (event.type !== 'other') {
      const data: FeishuDocChanged = {
        fileToken: event.fileToken,
        fileType: event.fileType,
        eventType: event.type,
      };
      published.push({ event: SyncEvents.feishuDocChanged, data });
    }
    return this.accept(
      'feishu',
      event.eventId,
      event.type === 'other' ? event.eventType : event.type,
      published,
    );
  }

  private async accept(
    source: WebhookSource,
    deliveryId: string,
    eventType: string,
    events: Array<{ event: string; data: object }>,
  ): Promise<WebhookOutcome> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<WebhookOutcome> => {
      const fresh = await this.claimDelivery(manager, source, deliveryId);
      if (!fresh) return { status: 'duplicate' };
      await this.markers.set(webhookMarker(source), 'now', { eventType, deliveryId }, manager);
      for (const { event, data } of events) await this.queue.publish(event, data, { manager });
      return { status: 'accepted', published: events.map((e) => e.event) };
    });
    this.metrics.webhookDelivery(
      source,
      'status' in outcome && outcome.status === 'duplicate' ? 'duplicate' : 'accepted',
    );
    return outcome;
  }

  private async claimDelivery(manager: EntityManager, source: string, deliveryId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO webhook_delivery (source, delivery_id) VALUES ($1, $2)
       ON CONFLICT (source, delivery_id) DO NOTHING RETURNING delivery_id`,
      [source, deliveryId.slice(0, 255)],
    );
    return rows.length === 1;
  }

  /**
   * The Feishu verifier asks "first time?" for event ids and for request signatures. Event ids are
   * de-duplicated in the accepting transaction instead (so a failure before commit lets Feishu's
   * retry through); signatures, a replay defence, are remembered at once.
   */
  private signatureGuard(): FeishuDeliveryGuard {
    return {
      firstSeen: async (key: string) => {
        if (!key.startsWith('feishu-signature:')) return true;
        return this.dataSource.transaction((manager) => this.claimDelivery(manager, 'feishu-signature', key));
      },
    };
  }

  private rejected(source: WebhookSource, error: Error): Error {
    this.metrics.webhookDelivery(source, 'rejected');
    return error;
  }
}

function eventName(event: JiraWebhookEvent): string {
  return event.type === 'other' ? event.webhookEvent : event.type;
}

/** Identifiers only: consumers re-fetch the issue (events arrive late, twice and out of order). */
function jiraEvents(event: JiraWebhookEvent, rawBody: Buffer): Array<{ event: string; data: object }> {
  const issue = event.type === 'other' ? issueOf(rawBody) : event.issue;
  if (!issue) return [];
  const webhookEvent = eventName(event);
  const changed: JiraIssueChanged = { issueId: issue.id, issueKey: issue.key, webhookEvent };
  const out: Array<{ event: string; data: object }> = [{ event: SyncEvents.jiraIssueChanged, data: changed }];
  if (event.type === 'comment_created' || event.type === 'comment_updated') {
    const comment: JiraCommentChanged = { ...changed, commentId: event.comment.id };
    out.push({ event: SyncEvents.jiraCommentChanged, data: comment });
  }
  return out;
}

/** Events the connector does not type (issue deleted, comment deleted) still name their issue. */
function issueOf(rawBody: Buffer): { id: string; key: string } | undefined {
  const issue = (JSON.parse(rawBody.toString('utf8')) as { issue?: { id?: unknown; key?: unknown } }).issue;
  return issue && typeof issue.id === 'string' && typeof issue.key === 'string'
    ? { id: issue.id, key: issue.key }
    : undefined;
}
