import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuthUser } from '@portico/auth';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit';
import { SecretBox } from '../common';
import { EgressPolicy, egressFetch, egressPolicy } from '../common';
import { AppConfig } from '../config';
import { APP_CONFIG } from '../config';
import { announce, NotificationEvent } from '../notification-events';
import { defineJob, JobQueue, QueueJob } from '../sync';
import { UsersService } from '../users';
import { WorkspacesService } from '../workspaces';
import { WebhookAttempt } from './entities/webhook-attempt.entity';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import { WebhookMessage } from './entities/webhook-message.entity';
import { WEBHOOK_EVENTS, WebhookEvent, WebhookPayload } from './webhook-events';
import { WebhookPayloads } from './webhook-payloads';
import { webhookHeaders } from './webhook-signature';

export const FANOUT_QUEUE = defineJob<NotificationEvent>('webhooks.fanout');
export const DELIVER_QUEUE = defineJob<DeliverJob>('webhooks.deliver');
const EXCERPT_BYTES = 1024;

export interface DeliverJob {
  messageId: string;
  /** Redeliver and "Send test": one attempt, sent even to a disabled endpoint. */
  manual?: boolean;
}

/** The egress policy with the webhook time limit: registration and every delivery use it. */
export function webhookEgressPolicy(config: AppConfig): EgressPolicy {
  return { ...egressPolicy(config), timeoutMs: config.webhooks.timeoutMs };
}

/** Signing secrets sealed at rest (AES-GCM under a key derived from JWT_SECRET). */
@Injectable()
export class WebhookSecrets {
  private readonly box: SecretBox;
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.box = new SecretBox(config.jwtSecret, 'webhook-secret');
  }
  seal(secret: string): string {
    return this.box.seal(secret);
  }
  /** The secrets that sign now: the current one, and the previous one during a rotation's overlap. */
  signing(endpoint: WebhookEndpoint, now = new Date()): string[] {
    const secrets = [this.box.open(endpoint.secretSealed)];
    if (
      endpoint.previousSecretSealed &&
      endpoint.previousSecretExpiresAt &&
      endpoint.previousSecretExpiresAt > now
    )
      secrets.push(this.box.open(endpoint.previousSecretSealed));
    return secrets;
  }
}

/** A failed attempt: retried with the queue's backoff unless it was a manual one. */
class DeliveryFailed extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DeliveryFailed';
  }
}

/** The start of an answer, cut at a character boundary to at most 1 KB of UTF-8. */
export function excerptOf(text: string): string {
  let out = text.slice(0, EXCERPT_BYTES);
  while (Buffer.byteLength(out, 'utf8') > EXCERPT_BYTES) out = out.slice(0, -1);
  return out;
}

/**
 * Announced events → one message per subscribed endpoint of the workspace's supplier organisation
 * (written once per event job, with its delivery job, in one transaction) → signed POSTs through the
 * egress policy, each attempt logged.
 */
@Injectable()
export class WebhookDelivery {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: JobQueue,
    private readonly workspaces: WorkspacesService,
    private readonly users: UsersService,
    private readonly payloads: WebhookPayloads,
    private readonly secrets: WebhookSecrets,
    private readonly audit: AuditService,
  ) {}

  /** The organisation's service user: what its webhooks carry is what its API tokens may read. */
  private async readerOf(orgId: string): Promise<AuthUser | null> {
    const user = await this.users.ensureServiceUser(orgId, this.dataSource.manager);
    const account = await this.users.resolveAccount(user.id);
    return account && { ...account, role: 'supplier_member', mfaEnrollmentRequired: undefined };
  }

  async fanOut(job: QueueJob<NotificationEvent>): Promise<void> {
    const event = job.data;
    if (!(WEBHOOK_EVENTS as readonly string[]).includes(event.event)) return;
    const workspace = await this.workspaces.getById(event.workspaceId).catch(() => null);
    if (!workspace) return;
    const occurredAt = event.occurredAt ? new Date(event.occurredAt) : new Date();
    // Only the workspace's own supplier organisation ever hears of its events, and an endpoint only of
    // those that happened after it was registered (the fan-out may run late, after a registration).
    const endpoints = (
      await this.dataSource.manager.find(WebhookEndpoint, {
        where: { orgId: workspace.supplierOrgId, enabled: true },
      })
    ).filter((e) => e.events.includes(event.event) && e.createdAt <= occurredAt);
    if (!endpoints.length) return;
    const reader = await this.readerOf(workspace.supplierOrgId);
    if (!reader) return;
    const data = await this.payloads.build(reader, event);
    if (!data) return;
    const payload: WebhookPayload = {
      type: event.event as WebhookEvent,
      timestamp: occurredAt.toISOString(),
      data,
    };
    const body = JSON.stringify(payload);
    await this.dataSource.transaction(async (manager) => {
      for (const endpoint of endpoints) {
        const rows: Array<{ id: string }> = await manager.query(
          `INSERT INTO webhook_message (endpoint_id, event, event_job_id, body) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING RETURNING id`,
          [endpoint.id, event.event, job.id, body],
        );
        if (!rows.length) continue;
        await this.queue.enqueue<DeliverJob>(manager, {
          name: DELIVER_QUEUE,
          data: { messageId: rows[0].id },
          ref: { type: 'webhook_message', id: rows[0].id, workspaceId: workspace.id },
        });
      }
    });
  }

  async deliver(job: QueueJob<DeliverJob>): Promise<void> {
    const { messageId, manual = false } = job.data;
    const message = await this.dataSource.manager.findOneBy(WebhookMessage, { id: messageId });
    if (!message || message.state === 'delivered') return;
    const endpoint = await this.dataSource.manager.findOneBy(WebhookEndpoint, { id: message.endpointId });
    if (!endpoint || (!endpoint.enabled && !manual)) return;

    const timestamp = Math.floor(Date.now() / 1000);
    const headers = webhookHeaders(this.secrets.signing(endpoint), message.id, timestamp, message.body);
    const started = performance.now();
    let statusCode: number | null = null;
    let excerpt: string | null = null;
    let error: string | null = null;
    try {
      const response = await egressFetch(
        endpoint.url,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'Portico-Webhooks/1', ...headers },
          body: message.body,
          signal: job.signal,
        },
        webhookEgressPolicy(this.config),
      );
      statusCode = response.status;
      excerpt = excerptOf(await response.text()) || null;
      if (statusCode >= 300 && statusCode < 400)
        error = `redirect to ${response.headers.get('location') ?? '(no location)'} not followed`;
      else if (statusCode >= 400 || statusCode < 200) error = `answered ${statusCode}`;
    } catch (e) {
      error = (e instanceof Error ? (e.name === 'TimeoutError' ? 'timed out' : e.message) : String(e)).slice(
        0,
        500,
      );
    }
    const durationMs = Math.round(performance.now() - started);
    const succeeded = error === null;
    const final = succeeded || manual || job.attempt >= job.maxAttempts;
    // Read before the transaction (the embedded PGlite runs one transaction at a time).
    const overdue =
      !succeeded &&
      endpoint.enabled &&
      !!endpoint.failingSince &&
      Date.now() - endpoint.failingSince.getTime() >= this.config.webhooks.disableAfterMs;
    const notifyIn = overdue ? await this.workspaceToNotifyIn(endpoint.orgId) : null;

    await this.dataSource.transaction(async (manager) => {
      const [{ next }] = await manager.query(
        `SELECT COALESCE(MAX(attempt), 0) + 1 AS next FROM webhook_attempt WHERE message_id = $1`,
        [message.id],
      );
      await manager.insert(WebhookAttempt, {
        messageId: message.id,
        endpointId: endpoint.id,
        attempt: Number(next),
        succeeded,
        statusCode,
        durationMs,
        responseExcerpt: excerpt,
        error: error?.slice(0, 500) ?? null,
      });
      if (final)
        await manager.update(
          WebhookMessage,
          { id: message.id },
          { state: succeeded ? 'delivered' : 'failed' },
        );
      if (succeeded) {
        await manager.update(WebhookEndpoint, { id: endpoint.id }, { failingSince: null });
        return;
      }
      // TypeORM answers an UPDATE … RETURNING with [rows, count].
      const [[row]]: [Array<{ failing_since: Date; enabled: boolean }>, number] = await manager.query(
        `UPDATE webhook_endpoint SET failing_since = COALESCE(failing_since, now())
          WHERE id = $1 RETURNING failing_since, enabled`,
        [endpoint.id],
      );
      const since = row && new Date(row.failing_since);
      if (
        overdue &&
        row?.enabled &&
        since &&
        Date.now() - since.getTime() >= this.config.webhooks.disableAfterMs
      )
        await this.disable(manager, endpoint, since, notifyIn);
    });
    if (!succeeded) throw new DeliveryFailed(`webhook ${message.id} to ${endpoint.id}: ${error}`, !manual);
  }

  /** Notices live in a workspace; any live workspace of the organisation reaches its admins. */
  private async workspaceToNotifyIn(orgId: string): Promise<string | null> {
    const reader = await this.readerOf(orgId);
    return reader ? ((await this.workspaces.list(reader, 1)).items[0]?.id ?? null) : null;
  }

  /** Turns off an endpoint that has failed without a success since `since`, and tells its supplier admins. */
  private async disable(
    manager: EntityManager,
    endpoint: WebhookEndpoint,
    since: Date,
    workspaceId: string | null,
  ): Promise<void> {
    const hours = Math.max(1, Math.round((Date.now() - since.getTime()) / 3600_000));
    const reason = `Every delivery failed since ${since.toISOString()}`;
    const done = await manager.update(
      WebhookEndpoint,
      { id: endpoint.id, enabled: true },
      { enabled: false, disabledReason: reason },
    );
    if (!done.affected) return;
    await this.audit.record(
      {
        action: 'webhook_endpoint.disabled',
        actor: null,
        orgId: endpoint.orgId,
        resourceType: 'WebhookEndpoint',
        resourceId: endpoint.id,
        details: { url: endpoint.url, failingSince: since.toISOString() },
      },
      manager,
    );
    if (!workspaceId) {
      this.logger.warn(
        `endpoint ${endpoint.id} disabled; organisation ${endpoint.orgId} has no live workspace to notify in`,
      );
      return;
    }
    await announce(this.queue, manager, {
      event: 'webhook.endpoint_disabled',
      workspaceId,
      actorId: null,
      subject: { type: 'webhook_endpoint', id: endpoint.id },
      title: endpoint.description || endpoint.url,
      path: '/integrations',
      excerpt: String(hours),
      audience: 'supplier_admins',
    });
  }
}
