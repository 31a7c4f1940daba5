import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MetricsModule } from '../metrics';
import { SyncEffectService } from './effects/sync-effect.service';
import { SyncEffect } from './entities/sync-effect.entity';
import { SyncMarker } from './entities/sync-marker.entity';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { SyncJobsController } from './ops/sync-jobs.controller';
import { SyncJobsService } from './ops/sync-jobs.service';
import { JobQueue } from './queue/job-queue.service';
import { SyncMetrics } from './queue/sync-metrics';
import { ReconcileService } from './reconcile/reconcile.service';
import { SyncMarkersService } from './webhooks/sync-markers.service';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhooksService } from './webhooks/webhooks.service';

/**
 * The sync engine: the durable job queue other modules enqueue their outbound effects on
 * (`JobQueue`), idempotency records for handlers (`SyncEffectService`), inbound webhooks that
 * publish `SyncEvents`, the reconciliation tick and the operations API. Import it to use them.
 */
@Module({
  imports: [MetricsModule, TypeOrmModule.forFeature([WebhookDelivery, SyncEffect, SyncMarker])],
  controllers: [WebhooksController, SyncJobsController],
  providers: [
    SyncMetrics,
    JobQueue,
    SyncEffectService,
    SyncMarkersService,
    WebhooksService,
    ReconcileService,
    SyncJobsService,
  ],
  exports: [JobQueue, SyncEffectService, SyncMarkersService, SyncJobsService],
})
export class SyncModule {}
