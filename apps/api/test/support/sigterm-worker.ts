/**
 * A worker process for the shutdown test: works queue `test.shutdown`, each job taking `<job ms>`, and on
 * SIGTERM stops its queue the way main.ts drains (JobQueue.stop with the grace period), then exits 0.
 * Usage: node -r ts-node/register/transpile-only sigterm-worker.ts <database url> <job ms> <grace ms>
 */
import 'reflect-metadata';
import { loadConfig } from '../../src/config/app-config';
import { JobQueue } from '../../src/sync/queue/job-queue.service';
import { SyncMetrics } from '../../src/sync/queue/sync-metrics';

async function main() {
  const [databaseUrl, jobMs, graceMs] = process.argv.slice(2);
  const config = {
    ...loadConfig({
      NODE_ENV: 'test',
      ROLE: 'worker',
      DATABASE_URL: databaseUrl,
      SYNC_POLL_INTERVAL_MS: '100',
    }),
    databasePoolSize: 2,
  };
  const queue = new JobQueue(config, new SyncMetrics());
  await queue.register(
    'test.shutdown',
    async (job) => {
      process.stdout.write(`started ${job.id}\n`);
      await new Promise((resolve) => setTimeout(resolve, Number(jobMs)));
      process.stdout.write(`finished ${job.id}\n`);
    },
    { target: 'jira', expireInSeconds: 3 },
  );
  await queue.onApplicationBootstrap();
  process.once('SIGTERM', () => {
    void queue.stop(Number(graceMs)).then(() => process.exit(0));
  });
  process.stdout.write('ready\n');
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
