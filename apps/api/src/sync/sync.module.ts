import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { JobQueue } from './queue/job-queue.service';
import { SyncMetrics } from './queue/sync-metrics';

/**
 * The sync engine: the durable job queue other modules enqueue their outbound effects on, inbound
 * webhooks, reconciliation and the operations API. Import it to inject `JobQueue`.
 */
@Module({
  imports: [MetricsModule],
  providers: [SyncMetrics, JobQueue],
  exports: [JobQueue],
})
export class SyncModule {}
