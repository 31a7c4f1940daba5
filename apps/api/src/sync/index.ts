export { SyncModule } from './sync.module';
export { JobQueue, DEAD_LETTER_SUFFIX } from './queue/job-queue.service';
export * from './queue/job-queue.types';
