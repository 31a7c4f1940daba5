/**
 * A worker process (ROLE=worker) of the real application for the crash test: it boots the app on the
 * database and services named in its environment, works queue jobs, and is killed with SIGKILL.
 * Run as `node -r ts-node/register/transpile-only -r tsconfig-paths/register <this file>`.
 */
import 'reflect-metadata';
import { createApp } from '../src/app.setup';
import { loadConfig } from '../src/config/app-config';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApp({
    ...config,
    databaseUrl: process.env.DATABASE_URL,
    s3: { ...config.s3, endpoint: process.env.S3_ENDPOINT },
  });
  await app.init();
  process.stdout.write('worker ready\n');
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((error) => {
  process.stderr.write(`worker failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
