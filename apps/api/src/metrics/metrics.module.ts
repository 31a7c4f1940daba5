import { Global, Module } from '@nestjs/common';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { MetricsController } from './metrics.controller';
import { MetricsListener } from './metrics-listener';
import { METRICS_REGISTRY } from './metrics.registry';

export { METRICS_REGISTRY };

/**
 * Prometheus exposition at `GET /metrics` (public port or METRICS_PORT, see metrics.controller.ts);
 * modules add their own collectors to METRICS_REGISTRY.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    MetricsListener,
    {
      provide: METRICS_REGISTRY,
      useFactory: () => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry, prefix: 'portico_' });
        return registry;
      },
    },
  ],
  exports: [METRICS_REGISTRY],
})
export class MetricsModule {}
