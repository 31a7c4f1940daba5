import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { createApp, CreateAppOptions } from '../../src/app.setup';
import { EmbeddedS3, startEmbeddedS3 } from '../../src/embedded/embedded-s3';
import { createTestDatabase } from './test-database';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  dataSource: DataSource;
  /** supertest bound to the running app: `t.http().get('/api/health/live')`. */
  http(): ReturnType<typeof request>;
  /** Stops and restarts the embedded S3 server (same port and data), for storage outage tests. */
  storage: { stop(): Promise<void>; start(): Promise<void> };
  close(): Promise<void>;
}

/**
 * The real application on a database and an S3-compatible server of its own.
 * `env` adds or overrides environment variables, exactly as in production; with DATABASE_URL in `env`
 * the app uses that database (prepared by the test, which also drops it) instead of a new one.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: CreateAppOptions = {},
): Promise<TestApp> {
  const database = env.DATABASE_URL
    ? { url: env.DATABASE_URL, poolSize: 5, drop: async () => undefined }
    : await createTestDatabase();
  const storageDir = mkdtempSync(join(tmpdir(), 'portico-s3-'));
  const bucket = 'portico-test';
  let storage: EmbeddedS3 | undefined = await startEmbeddedS3(storageDir, bucket);
  const storagePort = Number(new URL(storage.endpoint).port);
  const storageControl = {
    async stop() {
      await storage?.stop();
      storage = undefined;
    },
    async start() {
      storage ??= await startEmbeddedS3(storageDir, bucket, storagePort);
    },
  };
  const base = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    DATA_DIR: storageDir,
    S3_BUCKET: bucket,
    ...env,
  });
  const config: AppConfig = {
    ...base,
    databaseUrl: database.url,
    databasePoolSize: database.poolSize,
    s3: { ...base.s3, endpoint: storage.endpoint },
  };
  const app = await createApp(config, { portalDir: join(storageDir, 'no-portal'), ...options });
  try {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } catch (error) {
    // A start-up that fails (as some tests expect) leaves no pool or server behind.
    await app.close().catch(() => undefined);
    await storageControl.stop();
    await database.drop();
    rmSync(storageDir, { recursive: true, force: true });
    throw error;
  }
  return {
    app,
    config,
    dataSource: app.get(DataSource),
    http: () => request(app.getHttpServer()),
    storage: storageControl,
    async close() {
      await closeWatched(app);
      await storageControl.stop();
      await database.drop();
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
}

/**
 * A second API process on the same database and object storage as `t`, as a second instance behind
 * a load balancer would be: its own Nest application, connection pool and memory. Closing it leaves
 * `t` (and the database) running.
 */
export async function createSiblingApp(t: TestApp): Promise<TestApp> {
  const app = await createApp(t.config, { portalDir: join(t.config.dataDir, 'no-portal') });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config: t.config,
    dataSource: app.get(DataSource),
    http: () => request(app.getHttpServer()),
    // The storage is the first app's: stopping it is a storage outage for both.
    storage: t.storage,
    close: () => app.close(),
  };
}

/**
 * app.close(), saying on stderr what is still open when it takes over 20 s (a shutdown hook waiting
 * for something), so a suite whose teardown times out leaves a clue in the CI log.
 */
async function closeWatched(app: NestFastifyApplication): Promise<void> {
  const started = Date.now();
  const watch = setInterval(() => {
    const open = process.getActiveResourcesInfo();
    const counts = open.reduce<Record<string, number>>(
      (acc, kind) => ({ ...acc, [kind]: (acc[kind] ?? 0) + 1 }),
      {},
    );
    console.warn(
      `app.close() still running after ${Math.round((Date.now() - started) / 1000)} s; open: ${JSON.stringify(counts)}`,
    );
  }, 20_000);
  try {
    await app.close();
  } finally {
    clearInterval(watch);
  }
}
