import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { typeormOptions } from '../../src/database/typeorm-options';
import { JobQueue } from '../../src/sync/queue/job-queue.service';
import { SyncMetrics } from '../../src/sync/queue/sync-metrics';
import { createTestDatabase, TestDatabase } from './test-database';

/** A database of its own plus as many JobQueue instances ("processes") on it as a test wants. */
export interface QueueHarness {
  database: TestDatabase;
  dataSource: DataSource;
  config(env?: Record<string, string>): AppConfig;
  /** A started queue; call `bootstrap` after registering to start its workers. */
  queue(env?: Record<string, string>): Promise<JobQueue>;
  close(): Promise<void>;
}

export const FAST_QUEUE_ENV = {
  SYNC_POLL_INTERVAL_MS: '100',
  SYNC_RETRY_BASE_SECONDS: '0.2',
  SYNC_MAINTENANCE_INTERVAL_SECONDS: '1',
};

export async function createQueueHarness(): Promise<QueueHarness> {
  const database = await createTestDatabase();
  const dataSource = new DataSource({ ...typeormOptions(database.url, 3), entities: [], migrations: [] });
  await dataSource.initialize();
  const queues: JobQueue[] = [];
  const config = (env: Record<string, string> = {}): AppConfig => ({
    ...loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      ...FAST_QUEUE_ENV,
      ...env,
    }),
    databaseUrl: database.url,
    databasePoolSize: 3,
  });
  return {
    database,
    dataSource,
    config,
    async queue(env = {}) {
      const queue = new JobQueue(config(env), new SyncMetrics());
      queues.push(queue);
      await queue.start();
      return queue;
    },
    async close() {
      for (const queue of queues) await queue.stop(1000);
      await dataSource.destroy();
      await database.drop();
    },
  };
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 20000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
