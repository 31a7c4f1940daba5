export { recordHttpDurations } from './http-metrics';
export { MetricsModule } from './metrics.module';
export { METRICS_REGISTRY } from './metrics.registry';
