/**
 * Supplier item list (docs/performance.md): 100,000 shared items across 1,000 supplier organisations (one
 * workspace of 100 items each), 50 connections. Measures `GET /api/v1/workspaces/:id/items` of the
 * real app (JWT, CASL rules turned into SQL, raw rows, response DTOs) against a bare Fastify + pg
 * handler running the very same SQL and mapping; reports req/s, p99, CPU per request and the ratio.
 * Targets: ratio >= 0.7, p99 <= 50 ms; exits 1 when one is missed.
 *
 * Both servers run in one process of their own (bench/items.server.ts), compiled, with the Node
 * arguments of `npm start`; this process seeds the database and generates the load. Each side is
 * measured twice, in the order Portico, bare, bare, Portico, so that a change of load on a shared
 * machine during the run does not favour either side.
 *
 *   npm run bench items         # DATABASE_URL optional (else embedded PGlite); BENCH_ITEMS_SECONDS=10
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { Client, Pool } from 'pg';
import { startEmbeddedPostgres } from '../apps/api/src/embedded/embedded-postgres';
import { startEmbeddedS3 } from '../apps/api/src/embedded/embedded-s3';
import { API_ENV, API_NODE_ARGS, compileApi, migrated } from './support/compiled-api';
import { seedItemsDataSet } from './support/items-data-set';

const ROOT = resolve(__dirname, '..');
const ORGS = Number(process.env.BENCH_ITEMS_ORGS ?? 1000);
const ITEMS_PER_WORKSPACE = Number(process.env.BENCH_ITEMS_PER_WORKSPACE ?? 100);
const SECONDS = Number(process.env.BENCH_ITEMS_SECONDS ?? 10);
const CONNECTIONS = 50;
const PASSWORD = 'bench-password-0123';

async function database(): Promise<{ url: string; label: string; drop(): Promise<void> }> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    const pglite = await startEmbeddedPostgres();
    return { url: pglite.url, label: 'embedded PGlite', drop: () => pglite.stop() };
  }
  const name = `portico_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: server });
    await client.connect();
    return (await client.query(sql).finally(() => client.end())).rows;
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    label: 'PostgreSQL',
    drop: async () => {
      const left = await admin(
        `SELECT coalesce(nullif(application_name, ''), 'unnamed') AS name FROM pg_stat_activity WHERE datname = '${name}'`,
      );
      if (left.length)
        console.error(`teardown: connections still open: ${left.map((row) => row.name).join(', ')}`);
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

interface Measured {
  result: autocannon.Result;
  /** CPU time of the server process (both servers) per answered request, in µs. */
  cpuPerRequestUs: number;
}

/** The compiled server process (bench/items.server.ts) holding Portico and the bare baseline. */
interface Servers {
  porticoUrl: string;
  bareUrl: string;
  accessToken: string;
  body: string;
  /** `profile`: with BENCH_ITEMS_CPU_PROFILE_DIR set, a CPU profile of what follows, until the next call. */
  cpuUsage(profile?: string): Promise<NodeJS.CpuUsage>;
  close(): Promise<void>;
}

async function startServers(buildDir: string, env: Record<string, string>): Promise<Servers> {
  const nodeFlags = (process.env.BENCH_API_NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
  const child = fork(join(buildDir, 'bench', 'items.server.js'), [], {
    cwd: ROOT,
    // BENCH_API_NODE: another Node binary for the servers (e.g. the Node 24 LTS production runs on).
    execPath: process.env.BENCH_API_NODE || process.execPath,
    // Node flags for the servers only, e.g. BENCH_API_NODE_OPTIONS=--max-semi-space-size=16. Given as
    // arguments, not as NODE_OPTIONS, which refuses some flags (--cpu-prof, --prof).
    execArgv: [...API_NODE_ARGS, ...nodeFlags, '-r', 'tsconfig-paths/register'],
    env: {
      ...API_ENV,
      ...process.env,
      NODE_OPTIONS: '',
      ...env,
      // tsconfig-paths maps @portico/* to the compiled libraries.
      TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
      TS_NODE_BASEURL: buildDir,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: { type: string }) => {
        if (message.type !== type) return;
        child.off('exit', onExit);
        child.off('message', onMessage);
        resolve(message as T);
      };
      const onExit = (code: number | null) => {
        child.off('message', onMessage);
        reject(new Error(`the items server exited (${code}) before answering '${type}'`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = await next<Omit<Servers, 'cpuUsage' | 'close'>>('ready');
  return {
    ...ready,
    cpuUsage: async (profile?: string) => {
      const answer = next<{ usage: NodeJS.CpuUsage }>('cpu');
      child.send({ type: 'cpu', profile });
      return (await answer).usage;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'close' });
      }),
  };
}

const profiled = new Map<string, number>();

async function run(
  servers: Servers,
  url: string,
  headers: Record<string, string> = {},
  duration = SECONDS,
): Promise<Measured> {
  profiled.set(url, (profiled.get(url) ?? 0) + 1);
  const before = await servers.cpuUsage(
    `${url === servers.porticoUrl ? 'portico' : 'bare'}-${profiled.get(url)}-${duration}s`,
  );
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration, headers }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
  const after = await servers.cpuUsage();
  const used = after.user - before.user + after.system - before.system;
  return { result, cpuPerRequestUs: used / Math.max(1, result.requests.total) };
}

/**
 * One load of CONNECTIONS connections split over `urls` (two autocannon clients of half the connections
 * each), so the one-process and two-process layouts get the same client work.
 */
async function runSplit(urls: string[], headers: Record<string, string>): Promise<autocannon.Result[]> {
  return Promise.all(
    urls.map(
      (url) =>
        new Promise<autocannon.Result>((resolve, reject) =>
          autocannon({ url, connections: CONNECTIONS / 2, duration: SECONDS, headers }, (error, result) =>
            error ? reject(error) : resolve(result),
          ),
        ),
    ),
  );
}

function reqPerSec(runs: autocannon.Result[][]): number {
  const requests = runs.flat().reduce((sum, r) => sum + r.requests.total, 0);
  // The clients of one load run side by side: its duration counts once.
  const seconds = runs.reduce((sum, load) => sum + Math.max(...load.map((r) => r.duration)), 0);
  return requests / seconds;
}

/** Both runs of one side (A B B A order, so a load change on the shared machine hits both sides alike). */
function summary(runs: Measured[]) {
  const requests = runs.reduce((sum, r) => sum + r.result.requests.total, 0);
  const seconds = runs.reduce((sum, r) => sum + r.result.duration, 0);
  return {
    reqPerSec: requests / seconds,
    // The worse of the two runs: the target has to hold in both.
    p99Ms: Math.max(...runs.map((r) => r.result.latency.p99)),
    p99MsPerRun: runs.map((r) => r.result.latency.p99),
    p50MsPerRun: runs.map((r) => r.result.latency.p50),
    reqPerSecPerRun: runs.map((r) => Math.round(r.result.requests.average)),
    cpuPerRequestUs: Math.round(
      runs.reduce((sum, r) => sum + r.cpuPerRequestUs * r.result.requests.total, 0) / requests,
    ),
    errors: runs.reduce((sum, r) => sum + r.result.errors, 0),
    non2xx: runs.reduce((sum, r) => sum + r.result.non2xx, 0),
  };
}

/** Runs the clean-up steps in reverse order of set-up, each one even when an earlier one failed. */
class Teardown {
  private readonly steps: { name: string; run: () => Promise<unknown> | unknown }[] = [];
  add(name: string, run: () => Promise<unknown> | unknown): void {
    this.steps.push({ name, run });
  }
  async run(): Promise<boolean> {
    let ok = true;
    for (const step of this.steps.reverse()) {
      try {
        await step.run();
      } catch (error) {
        ok = false;
        console.error(`teardown: ${step.name} failed:`, error);
      }
    }
    return ok;
  }
}

async function main(): Promise<boolean> {
  const teardown = new Teardown();
  try {
    return await measure(teardown);
  } finally {
    if (!(await teardown.run())) process.exitCode = 1;
  }
}

async function measure(teardown: Teardown): Promise<boolean> {
  const db = await database();
  teardown.add('drop the database', () => db.drop());
  const storageDir = mkdtempSync(join(tmpdir(), 'portico-bench-s3-'));
  teardown.add('remove the storage folder', () => rmSync(storageDir, { recursive: true, force: true }));
  const storage = await startEmbeddedS3(storageDir, 'portico-bench');
  teardown.add('stop the storage server', () => storage.stop());

  const pool = new Pool({ connectionString: await migrated(db.url), max: 2 });
  const started = Date.now();
  const seeded = await seedItemsDataSet(pool, {
    orgs: ORGS,
    itemsPerWorkspace: ITEMS_PER_WORKSPACE,
    password: PASSWORD,
  }).finally(() => pool.end());
  console.log(
    `seeded ${ORGS * ITEMS_PER_WORKSPACE} shared items in ${ORGS} workspaces on ${db.label} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const buildDir = compileApi(join(ROOT, 'node_modules', '.cache', 'portico-items-bench'));
  // ROLE=api: no queue workers competing for the CPU. The list never calls Jira or Feishu; the dummy
  // addresses only keep modules that expect configured connectors from refusing to start.
  const serverEnv = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    ROLE: 'api',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '10',
    JWT_SECRET: randomBytes(32).toString('hex'),
    DATA_DIR: storageDir,
    S3_ENDPOINT: storage.endpoint,
    S3_BUCKET: 'portico-bench',
    JIRA_BASE_URL: 'http://127.0.0.1:9',
    JIRA_EMAIL: 'bench@example.test',
    JIRA_API_TOKEN: 'unused',
    FEISHU_BASE_URL: 'http://127.0.0.1:9',
    FEISHU_APP_ID: 'unused',
    FEISHU_APP_SECRET: 'unused',
    BENCH_EMAIL: seeded.email,
    BENCH_PASSWORD: PASSWORD,
    BENCH_WORKSPACE_ID: seeded.workspaceId,
  };
  const servers = await startServers(buildDir, serverEnv);
  // Every connection to the database is closed before it is dropped: DROP DATABASE ... WITH (FORCE)
  // would kill the rest, and a killed idle pool client takes the server down with an 'error' event.
  teardown.add('close the servers', () => servers.close());
  const { porticoUrl, bareUrl, accessToken, body } = servers;
  if (JSON.parse(body).items.length !== 50) throw new Error(`unexpected list answer: ${body.slice(0, 200)}`);

  const auth = { authorization: `Bearer ${accessToken}` };
  // Warm-up of both, then A B B A.
  await run(servers, porticoUrl, auth, Math.ceil(SECONDS / 2));
  await run(servers, bareUrl, {}, Math.ceil(SECONDS / 2));
  const first = await run(servers, porticoUrl, auth);
  const bareRuns = [await run(servers, bareUrl), await run(servers, bareUrl)];
  const porticoRuns = [first, await run(servers, porticoUrl, auth)];
  const portico = summary(porticoRuns);
  const baseline = summary(bareRuns);
  const ratio = portico.reqPerSec / baseline.reqPerSec;
  const met = ratio >= 0.7 && portico.p99Ms <= 50 && portico.non2xx === 0 && portico.errors === 0;
  const results = {
    bench: 'items',
    database: db.label,
    items: ORGS * ITEMS_PER_WORKSPACE,
    organisations: ORGS,
    connections: CONNECTIONS,
    secondsPerRun: SECONDS,
    responseBytes: Buffer.byteLength(body),
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
    portico,
    bareFastifyPg: baseline,
    ratio: Number(ratio.toFixed(3)),
    targets: { ratio: 0.7, p99Ms: 50 },
    met,
  };
  const line = (name: string, r: typeof portico) =>
    `  ${name.padEnd(18)} ${r.reqPerSec.toFixed(0)} req/s (runs ${r.reqPerSecPerRun.join(', ')})  ` +
    `p50 ${r.p50MsPerRun.join(', ')} ms  p99 ${r.p99Ms} ms (runs ${r.p99MsPerRun.join(', ')})  CPU ${r.cpuPerRequestUs} µs/request  non-2xx ${r.non2xx}\n`;
  console.log(
    `GET workspaces/:id/items (${results.responseBytes} B, ${CONNECTIONS} connections, 2 x ${SECONDS} s each, ${db.label}, ` +
      `load average ${results.loadAverage.join(' ')}):\n` +
      line('Portico', portico) +
      line('bare Fastify + pg', baseline) +
      `  ratio ${results.ratio} (target >= 0.7), p99 target <= 50 ms: ${met ? 'met' : 'NOT met'}`,
  );

  // Scaling out: the same list from two API processes on the same database against one, each layout
  // loaded by two clients of 25 connections (one process: both on it), order one, two, two, one.
  const second = await startServers(buildDir, serverEnv);
  teardown.add('close the second server process', () => second.close());
  const urls = { one: [porticoUrl, porticoUrl], two: [porticoUrl, second.porticoUrl] };
  const secondAuth = { authorization: `Bearer ${second.accessToken}` };
  await runSplit([second.porticoUrl], secondAuth);
  const oneFirst = await runSplit(urls.one, auth);
  const twoRuns = [await runSplit(urls.two, auth), await runSplit(urls.two, auth)];
  const oneRuns = [oneFirst, await runSplit(urls.one, auth)];
  const scaling = {
    oneProcessReqPerSec: Math.round(reqPerSec(oneRuns)),
    twoProcessesReqPerSec: Math.round(reqPerSec(twoRuns)),
    ratio: Number((reqPerSec(twoRuns) / reqPerSec(oneRuns)).toFixed(3)),
    non2xx: [...oneRuns, ...twoRuns].flat().reduce((sum, r) => sum + r.non2xx, 0),
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
  };
  Object.assign(results, { scaling });
  console.log(
    `Two API processes against one (same database, ${CONNECTIONS} connections, 2 x ${SECONDS} s each, load average ` +
      `${scaling.loadAverage.join(' ')}): ${scaling.twoProcessesReqPerSec} req/s against ${scaling.oneProcessReqPerSec} req/s, ` +
      `ratio ${scaling.ratio}, non-2xx ${scaling.non2xx}`,
  );
  if (process.env.BENCH_RESULTS_DIR)
    writeFileSync(join(process.env.BENCH_RESULTS_DIR, 'items.json'), JSON.stringify(results, null, 2));
  return met && scaling.non2xx === 0;
}

main().then(
  (met) => process.exit(process.exitCode ?? (met ? 0 : 1)),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
