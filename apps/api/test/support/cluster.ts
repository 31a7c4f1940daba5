import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { typeormOptions } from '../../src/database/typeorm-options';
import { createTestDatabase, TestDatabase } from './test-database';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { API_MAIN, ROOT, ensureBuilt } = require('../../../../scripts/build-if-stale') as {
  API_MAIN: string;
  ROOT: string;
  ensureBuilt(options: { only: string; log?: (line: string) => void }): void;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { API_ENV, API_NODE_ARGS } = require('../../../../scripts/api-process') as {
  API_ENV: Record<string, string>;
  API_NODE_ARGS: string[];
};

export const CLUSTER_JIRA = {
  email: 'portico-bot@example.test',
  apiToken: 'jira-token',
  webhookSecret: 'jira-webhook-secret',
};
const CLUSTER_FEISHU = { appId: 'cli_cluster', appSecret: 'feishu-secret', verificationToken: 'vt' };
const BUCKET = 'portico-cluster';

/** One child process and what it printed (the tail, for error messages). */
export interface RunningProcess {
  name: string;
  child: ChildProcess;
  /** http://127.0.0.1:<port> of a Portico process. */
  url: string;
  output(): string;
}

export interface PorticoCluster {
  database: TestDatabase;
  /** The test's own connection to the cluster's database. */
  dataSource: DataSource;
  apis: RunningProcess[];
  workers: RunningProcess[];
  jiraUrl: string;
  /** supertest against one API process, shaped like TestApp for the support helpers. */
  api(index: number): { http(): ReturnType<typeof request> };
  startWorker(): Promise<RunningProcess>;
  close(): Promise<void>;
}

/**
 * Portico as operators run it: `apiCount` ROLE=api and `workerCount` ROLE=worker processes of the
 * built output (rebuilt first when stale) on one fresh PostgreSQL database, with the embedded S3
 * server and the Jira and Feishu simulators each in a process of its own.
 */
export async function startCluster(options: {
  apiCount: number;
  workerCount: number;
  env?: Record<string, string>;
}): Promise<PorticoCluster> {
  buildApiOnce();
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'portico-cluster-'));
  const running: RunningProcess[] = [];
  let dataSource: DataSource | undefined;
  try {
    const servicesScript = join(__dirname, 'cluster-services.js');
    const logDir = join(dataDir, 'logs');
    mkdirSync(logDir);
    const s3 = await launch('s3', [servicesScript, 's3', join(dataDir, 's3'), BUCKET], {}, running, logDir);
    const simulators = await launch(
      'simulators',
      [
        servicesScript,
        'simulators',
        JSON.stringify({
          jira: { ...CLUSTER_JIRA, webhookRetryDelaysMs: [] },
          feishu: CLUSTER_FEISHU,
        }),
      ],
      {},
      running,
      logDir,
    );
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '4',
      S3_ENDPOINT: s3.ready.endpoint as string,
      S3_BUCKET: BUCKET,
      // Every process signs and checks the same tokens: one secret, one issuer.
      JWT_SECRET: 'cluster-test-secret-that-is-long-enough-0123456789',
      PUBLIC_URL: 'http://portico.test',
      JIRA_BASE_URL: simulators.ready.jira as string,
      JIRA_EMAIL: CLUSTER_JIRA.email,
      JIRA_API_TOKEN: CLUSTER_JIRA.apiToken,
      JIRA_WEBHOOK_SECRET: CLUSTER_JIRA.webhookSecret,
      FEISHU_BASE_URL: simulators.ready.feishu as string,
      FEISHU_APP_ID: CLUSTER_FEISHU.appId,
      FEISHU_APP_SECRET: CLUSTER_FEISHU.appSecret,
      FEISHU_VERIFICATION_TOKEN: CLUSTER_FEISHU.verificationToken,
      SYNC_POLL_INTERVAL_MS: '100',
      SYNC_RETRY_BASE_SECONDS: '0.2',
      SYNC_RETRY_MAX_SECONDS: '2',
      SYNC_MAINTENANCE_INTERVAL_SECONDS: '1',
      SYNC_RATE_LIMITS: '',
      ...options.env,
    };
    const portico = async (role: 'api' | 'worker', index: number) => {
      const port = await freePort();
      const started = await launch(
        `${role}-${index}`,
        [...API_NODE_ARGS, API_MAIN],
        { ...API_ENV, ...env, ROLE: role, PORT: String(port) },
        running,
        logDir,
      );
      return { ...started.process, url: `http://127.0.0.1:${port}` };
    };
    // The first process migrates the fresh database; the others start on the migrated schema.
    const apis = [await portico('api', 1)];
    const workers: RunningProcess[] = [];
    const rest = await Promise.all([
      ...Array.from({ length: options.apiCount - 1 }, (_, i) => portico('api', i + 2)),
      ...Array.from({ length: options.workerCount }, (_, i) => portico('worker', i + 1)),
    ]);
    apis.push(...rest.slice(0, options.apiCount - 1));
    workers.push(...rest.slice(options.apiCount - 1));
    dataSource = new DataSource({ ...typeormOptions(database.url, 2), migrations: [] });
    await dataSource.initialize();
    let workerCount = options.workerCount;
    const ds = dataSource;
    return {
      database,
      dataSource: ds,
      apis,
      workers,
      jiraUrl: simulators.ready.jira as string,
      api: (index) => ({ http: () => request(apis[index].url) }),
      startWorker: async () => {
        const worker = await portico('worker', ++workerCount);
        workers.push(worker);
        return worker;
      },
      async close() {
        await stopAll(running);
        await ds.destroy();
        await database.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll(running);
    await dataSource?.destroy();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Builds the API when stale. Test files run in parallel jest workers, and two builds at once would
 * delete each other's output: a lock directory next to dist/api lets one build while the others wait.
 */
function buildApiOnce(): void {
  const lock = join(ROOT, 'dist', '.api-build-lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const giveUpAt = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than any build is left over from a killed run: take it over.
      if (Date.now() > giveUpAt) break;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    ensureBuilt({ only: 'API', log: () => undefined });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Starts a node process and waits for its ready line: `READY {json}` or Portico's start-up banner.
 * Its output goes to a file in `logDir`, not a pipe: a process writing its log to a pipe the test
 * reads too slowly (a loaded CI machine) would block in the write.
 */
function launch(
  name: string,
  args: string[],
  env: Record<string, string>,
  running: RunningProcess[],
  logDir: string,
): Promise<{ process: RunningProcess; ready: Record<string, unknown> }> {
  const logFile = join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const output = () => readFileSync(logFile, 'utf8').slice(-20_000);
  const handle: RunningProcess = { name, child, url: '', output };
  running.push(handle);
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const poll = setInterval(() => {
      const text = readFileSync(logFile, 'utf8');
      const ready = /^READY (.*)$/m.exec(text);
      if (ready || /Portico \(\w+\) is running/.test(text)) {
        clearInterval(poll);
        resolve({ process: handle, ready: ready ? JSON.parse(ready[1]) : {} });
      } else if (child.exitCode !== null || child.signalCode !== null) {
        clearInterval(poll);
        reject(
          new Error(
            `${name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`,
          ),
        );
      } else if (Date.now() - startedAt > 180_000) {
        clearInterval(poll);
        reject(new Error(`${name} did not start:\n${output()}`));
      }
    }, 100);
  });
}

async function stopAll(running: RunningProcess[]): Promise<void> {
  await Promise.all(
    running.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
