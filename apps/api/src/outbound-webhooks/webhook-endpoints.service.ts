import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuthUser } from '@portico/auth';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, RequestMeta } from '../audit';
import { NotFoundError, ForbiddenError } from '../common';
import { assertEgressAllowed } from '../common';
import { AppConfig } from '../config';
import { APP_CONFIG } from '../config';
import { OrganizationsService } from '../organizations';
import { JobQueue } from '../sync';
import { UsersService } from '../users';
import { decodeCursor, encodeCursor, Page } from '../common';
import type { CreateWebhookEndpointDto, UpdateWebhookEndpointDto } from './dto/webhook-endpoint-input.dto';
import { WebhookAttempt } from './entities/webhook-attempt.entity';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import { WebhookMessage } from './entities/webhook-message.entity';
import { PING_EVENT, WebhookPayload } from './webhook-events';
import { DELIVER_QUEUE, DeliverJob, webhookEgressPolicy, WebhookSecrets } from './webhook-delivery';
import { newWebhookSecret } from './webhook-signature';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Endpoints one organisation may register: a receiver per tool is plenty, and each event fans out to all. */
const MAX_ENDPOINTS_PER_ORG = 20;

/**
 * Supplier admins (their own organisation) and admins (any supplier organisation) manage an
 * organisation's webhook endpoints; for everyone else the organisation's endpoints do not exist.
 */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly queue: JobQueue,
    private readonly secrets: WebhookSecrets,
  ) {}

  private async manageableOrg(caller: AuthUser, orgId: string): Promise<void> {
    await this.organizations.requireSupplierAdmin(caller, orgId, 'webhooks');
  }

  private async endpointOf(orgId: string, id: string, manager?: EntityManager): Promise<WebhookEndpoint> {
    const found = UUID.test(id)
      ? await (manager ?? this.dataSource.manager).findOne(WebhookEndpoint, {
          where: { id, orgId },
          ...(manager ? { lock: { mode: 'pessimistic_write' as const } } : {}),
        })
      : null;
    if (!found) throw new NotFoundError('Webhook endpoint not found');
    return found;
  }

  async list(caller: AuthUser, orgId: string): Promise<WebhookEndpoint[]> {
    await this.manageableOrg(caller, orgId);
    return this.dataSource.manager.find(WebhookEndpoint, { where: { orgId }, order: { createdAt: 'ASC' } });
  }

  async get(caller: AuthUser, orgId: string, id: string): Promise<WebhookEndpoint> {
    await this.manageableOrg(caller, orgId);
    return this.endpointOf(orgId, id);
  }

  async create(
    caller: AuthUser,
    orgId: string,
    dto: CreateWebhookEndpointDto,
    meta: RequestMeta,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    await this.manageableOrg(caller, orgId);
    const url = dto.url.trim();
    await assertEgressAllowed(url, 'url', webhookEgressPolicy(this.config));
    const secret = newWebhookSecret();
    const endpoint = await this.dataSource.transaction(async (manager) => {
      // The organisation's service user reads what deliveries carry, with an API token's rules.
      await this.users.ensureServiceUser(orgId, manager);
      const count = await manager.count(WebhookEndpoint, { where: { orgId } });
      if (count >= MAX_ENDPOINTS_PER_ORG)
        throw new ForbiddenError(`An organisation has at most ${MAX_ENDPOINTS_PER_ORG} webhook endpoints`);
      const saved = await manager.save(
        manager.create(WebhookEndpoint, {
          orgId,
          url,
          description: dto.description?.trim() ?? '',
          events: [...dto.events].sort(),
          enabled: dto.enabled ?? true,
          secretSealed: this.secrets.seal(secret),
          createdBy: caller.id,
        }),
      );
      await this.record(manager, 'webhook_endpoint.created', caller, saved, meta, {
        url,
        events: saved.events,
        enabled: saved.enabled,
      });
      return saved;
    });
    return { endpoint, secret };
  }

  async update(
    caller: AuthUser,
    orgId: string,
    id: string,
    dto: UpdateWebhookEndpointDto,
    meta: RequestMeta,
  ): Promise<WebhookEndpoint> {
    await this.manageableOrg(caller, orgId);
    const url = dto.url?.trim();
    if (url !== undefined) await assertEgressAllowed(url, 'url', webhookEgressPolicy(this.config));
    return this.dataSource.transaction(async (manager) => {
      const endpoint = await this.endpointOf(orgId, id, manager);
      const changes: Partial<WebhookEndpoint> = {};
      if (url !== undefined && url !== endpoint.url) changes.url = url;
      if (dto.description !== undefined) changes.description = dto.description.trim();
      if (dto.events !== undefined) changes.events = [...dto.events].sort();
      if (dto.enabled !== undefined && dto.enabled !== endpoint.enabled) {
        changes.enabled = dto.enabled;
        // People decide again: a new failure streak starts from their decision.
        changes.disabledReason = null;
        changes.failingSince = null;
      }
      if (!Object.keys(changes).length) return endpoint;
      await manager.update(WebhookEndpoint, { id }, changes);
      const updated = Object.assign(endpoint, changes, { updatedAt: new Date() });
      await this.record(manager, 'webhook_endpoint.updated', caller, updated, meta, {
        changed: Object.keys(changes).filter((k) => k !== 'failingSince' && k !== 'disabledReason'),
        url: updated.url,
        events: updated.events,
        enabled: updated.enabled,
      });
      return updated;
    });
  }

  async remove(caller: AuthUser, orgId: string, id: string, meta: RequestMeta): Promise<void> {
    await this.manageableOrg(caller, orgId);
    await this.dataSource.transaction(async (manager) => {
      const endpoint = await this.endpointOf(orgId, id, manager);
      await manager.delete(WebhookEndpoint, { id });
      await this.record(manager, 'webhook_endpoint.deleted', caller, endpoint, meta, { url: endpoint.url });
    });
  }

  /** A new secret signs from now on; the previous one signs too for the overlap window. */
  async rotateSecret(
    caller: AuthUser,
    orgId: string,
    id: string,
    meta: RequestMeta,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    await this.manageableOrg(caller, orgId);
    const secret = newWebhookSecret();
    const endpoint = await this.dataSource.transaction(async (manager) => {
      const found = await this.endpointOf(orgId, id, manager);
      const changes = {
        secretSealed: this.secrets.seal(secret),
        previousSecretSealed: this.config.webhooks.secretOverlapMs > 0 ? found.secretSealed : null,
        previousSecretExpiresAt:
          this.config.webhooks.secretOverlapMs > 0
            ? new Date(Date.now() + this.config.webhooks.secretOverlapMs)
            : null,
      };
      await manager.update(WebhookEndpoint, { id }, changes);
      const rotated = Object.assign(found, changes, { updatedAt: new Date() });
      await this.record(manager, 'webhook_endpoint.secret_rotated', caller, rotated, meta, {
        previousSecretExpiresAt: changes.previousSecretExpiresAt?.toISOString() ?? null,
      });
      return rotated;
    });
    return { endpoint, secret };
  }

  async deliveries(
    caller: AuthUser,
    orgId: string,
    id: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<WebhookAttempt & { event: string }>> {
    await this.manageableOrg(caller, orgId);
    await this.endpointOf(orgId, id);
    const after = decodeCursor(cursor);
    // Cursor timestamps have millisecond precision; compare at that precision so no row is skipped.
    const at = `date_trunc('milliseconds', a.created_at)`;
    const qb = this.dataSource
      .createQueryBuilder(WebhookAttempt, 'a')
      .innerJoin(WebhookMessage, 'm', 'm.id = a.message_id')
      .addSelect('m.event', 'event')
      .where('a.endpoint_id = :id', { id })
      .orderBy(at, 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(limit + 1);
    if (after) qb.andWhere(`(${at}, a.id) < (:at, :after)`, { at: after.at, after: after.id });
    const { entities, raw } = await qb.getRawAndEntities<{ event: string }>();
    const rows = entities.map((a, i) => Object.assign(a, { event: raw[i].event }));
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
    };
  }

  /** Sends the message of a logged attempt again: same `webhook-id`, the next attempt number. */
  async redeliver(
    caller: AuthUser,
    orgId: string,
    deliveryId: string,
    meta: RequestMeta,
  ): Promise<{ messageId: string }> {
    await this.manageableOrg(caller, orgId);
    return this.dataSource.transaction(async (manager) => {
      const attempt = UUID.test(deliveryId)
        ? await manager
            .createQueryBuilder(WebhookAttempt, 'a')
            .innerJoin(WebhookEndpoint, 'e', 'e.id = a.endpoint_id')
            .where('a.id = :deliveryId AND e.org_id = :orgId', { deliveryId, orgId })
            .getOne()
        : null;
      if (!attempt) throw new NotFoundError('Webhook delivery not found');
      const endpoint = await this.endpointOf(orgId, attempt.endpointId, manager);
      await manager.update(WebhookMessage, { id: attempt.messageId }, { state: 'pending' });
      await this.enqueueManual(manager, attempt.messageId);
      await this.record(manager, 'webhook_endpoint.redelivered', caller, endpoint, meta, {
        messageId: attempt.messageId,
        deliveryId,
      });
      return { messageId: attempt.messageId };
    });
  }

  /** Queues a `ping` to the endpoint (even a disabled one: the way to check a fix before enabling). */
  async sendTest(caller: AuthUser, orgId: string, id: string): Promise<{ messageId: string }> {
    await this.manageableOrg(caller, orgId);
    return this.dataSource.transaction(async (manager) => {
      const endpoint = await this.endpointOf(orgId, id, manager);
      const payload: WebhookPayload = {
        type: PING_EVENT,
        timestamp: new Date().toISOString(),
        data: { organizationId: orgId, message: 'A test from Portico: your endpoint is reachable.' },
      };
      const message = await manager.save(
        manager.create(WebhookMessage, {
          endpointId: endpoint.id,
          event: PING_EVENT,
          eventJobId: null,
          body: JSON.stringify(payload),
        }),
      );
      await this.enqueueManual(manager, message.id);
      return { messageId: message.id };
    });
  }

  /** Manual sends (redeliver, test) are tried once: the person who asked reads the outcome in the log. */
  private async enqueueManual(manager: EntityManager, messageId: string): Promise<void> {
    await this.queue.enqueue<DeliverJob>(manager, {
      name: DELIVER_QUEUE,
      data: { messageId, manual: true },
      ref: { type: 'webhook_message', id: messageId },
    });
  }

  private async record(
    manager: EntityManager,
    action: string,
    caller: AuthUser,
    endpoint: WebhookEndpoint,
    meta: RequestMeta,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(
      {
        action,
        actor: caller,
        orgId: endpoint.orgId,
        resourceType: 'WebhookEndpoint',
        resourceId: endpoint.id,
        meta,
        details,
      },
      manager,
    );
  }
}
