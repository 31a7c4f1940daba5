export { SyncModule } from './sync.module';
export { JobQueue, DEAD_LETTER_SUFFIX } from './queue/job-queue.service';
export * from './queue/job-queue.types';
export * from './sync-events';
export { SyncEffectService, type EffectOnce, type EffectResult } from './effects/sync-effect.service';
export { RECONCILE_QUEUE } from './reconcile/reconcile.service';
export { jqlSince, tickSince } from './reconcile/jql-since';
