/**
 * A worker process for the crash test: works queue `test.crash` and announces each job it starts
 * on stdout, then never finishes it, so the test can SIGKILL it mid-job.
 * Usage: node -r ts-node/register/transpile-only -r tsconfig-paths/register sync-crash-worker.ts <database url> <expiry seconds>
 */
import 'reflect-metadata';
import { loadConfig } from '../../src/config/app-config';
import { JobQueue } from '../../src/sync/queue/job-queue.service';
import { SyncMetrics } from '../../src/sync/queue/sync-metrics';

async function main() {
  const [databaseUrl, expiry] = process.argv.slice(2);
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
    'test.crash',
    async (job) => {
      process.stdout.write(`started ${job.id} attempt ${job.attempt}\n`);
      await new Promise(() => undefined);
    },
    { target: 'jira', expireInSeconds: Number(expiry) },
  );
  await queue.onApplicationBootstrap();
  process.stdout.write('ready\n');
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
