import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit';
import { AppConfig } from '../config';
import { APP_CONFIG } from '../config';
import { FeedbackModule } from '../feedback';
import { FilesModule } from '../files';
import { OrganizationsModule } from '../organizations';
import { SharingModule } from '../sharing';
import { JobQueue, SyncModule } from '../sync';
import { UsersModule } from '../users';
import { WorkspacesModule } from '../workspaces';
import { WebhookAttempt } from './entities/webhook-attempt.entity';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import { WebhookMessage } from './entities/webhook-message.entity';
import { OutboundWebhooksController } from './outbound-webhooks.controller';
import { DELIVER_QUEUE, FANOUT_QUEUE, WebhookDelivery, WebhookSecrets } from './webhook-delivery';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookLogCleanup } from './webhook-log-cleanup';
import { WEBHOOK_EVENTS } from './webhook-events';
import { WebhookPayloads } from './webhook-payloads';

/**
 * Signed webhooks to supplier organisations' own tools (docs/supplier-integrations.md): subscribes a
 * queue of its own to the announced events, beside the notifications module's.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([WebhookEndpoint, WebhookMessage, WebhookAttempt]),
    AuditModule,
    FeedbackModule,
    FilesModule,
    OrganizationsModule,
    SharingModule,
    SyncModule,
    UsersModule,
    WorkspacesModule,
  ],
  controllers: [OutboundWebhooksController],
  providers: [WebhookEndpointsService, WebhookDelivery, WebhookPayloads, WebhookSecrets, WebhookLogCleanup],
})
export class OutboundWebhooksModule implements OnModuleInit {
  constructor(
    private readonly queue: JobQueue,
    private readonly delivery: WebhookDelivery,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.register(FANOUT_QUEUE, (job) => this.delivery.fanOut(job), {
      target: 'internal',
    });
    for (const event of WEBHOOK_EVENTS) await this.queue.subscribe(event, FANOUT_QUEUE);
    await this.queue.register(DELIVER_QUEUE, (job) => this.delivery.deliver(job), {
      target: 'webhook',
      maxAttempts: this.config.webhooks.maxAttempts,
      // A delivery is bounded by the timeout; leave room before the job counts as lost.
      expireInSeconds: Math.ceil(this.config.webhooks.timeoutMs / 1000) + 60,
    });
  }
}
