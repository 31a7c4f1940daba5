import { Inject, Injectable, Optional } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../../metrics';

export interface QueueStateCounts {
  (): Promise<Array<{ name: string; state: string; count: number }>>;
}

/** The sync engine's Prometheus series. Without a registry (unit use) they are kept but not exported. */
@Injectable()
export class SyncMetrics {
  private readonly completed: Counter<'queue' | 'target'>;
  private readonly failed: Counter<'queue' | 'target' | 'final'>;
  private readonly webhooks: Counter<'source' | 'outcome'>;
  private readonly jobs: Gauge<'queue' | 'state'>;
  private countStates: QueueStateCounts | undefined;

  constructor(@Optional() @Inject(METRICS_REGISTRY) registry?: Registry) {
    const registers = [registry ?? new Registry()];
    this.completed = new Counter({
      name: 'portico_sync_jobs_completed_total',
      help: 'Jobs completed by this process',
      labelNames: ['queue', 'target'],
      registers,
    });
    this.failed = new Counter({
      name: 'portico_sync_job_failures_total',
      help: 'Failed job attempts in this process; final="true" when the job was dead-lettered',
      labelNames: ['queue', 'target', 'final'],
      registers,
    });
    this.webhooks = new Counter({
      name: 'portico_webhook_deliveries_total',
      help: 'Inbound webhook deliveries by source and outcome (accepted, duplicate, rejected)',
      labelNames: ['source', 'outcome'],
      registers,
    });
    const self = this;
    this.jobs = new Gauge({
      name: 'portico_sync_jobs',
      help: 'Jobs in the queue tables by queue and state (all processes)',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        if (!self.countStates) return;
        this.reset();
        for (const row of await self.countStates())
          this.set({ queue: row.name, state: row.state }, row.count);
      },
    });
  }

  /** Set by the operations service, which owns the SQL that counts jobs. */
  useStateCounts(counts: QueueStateCounts): void {
    this.countStates = counts;
  }

  jobCompleted(queue: string, target: string): void {
    this.completed.inc({ queue, target });
  }

  jobFailed(queue: string, target: string, final: boolean): void {
    this.failed.inc({ queue, target, final: String(final) });
  }

  webhookDelivery(source: string, outcome: 'accepted' | 'duplicate' | 'rejected'): void {
    this.webhooks.inc({ source, outcome });
  }
}
