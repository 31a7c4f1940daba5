/**
 * Outbound sync throughput (docs/performance.md): 10,000 queued jobs, each adding one comment through the
 * Jira client to the Jira simulator over HTTP, delivered by one worker; then the same with 10 % of
 * the simulator's answers replaced by injected 500s. Every comment carries its job number, so the
 * simulator's records show lost (0 comments) and duplicated (> 1) effects; both must be 0.
 * The baseline is the same add-comment calls made directly (no queue, same concurrency) in the same
 * run, so the figures are ratios that hold across machines.
 *
 *   npm run bench sync                 # BENCH_SYNC_JOBS=10000; DATABASE_URL optional (else PGlite)
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Logger } from '@nestjs/common';
import { spawn, ChildProcess } from 'node:child_process';
import { HttpJiraClient, textToAdf, type JiraFault } from '@portico/connectors';
import { loadConfig } from '../apps/api/src/config/app-config';
import { typeormOptions } from '../apps/api/src/database/typeorm-options';
import { startEmbeddedPostgres } from '../apps/api/src/embedded/embedded-postgres';
import { JobQueue } from '../apps/api/src/sync/queue/job-queue.service';
import { SyncMetrics } from '../apps/api/src/sync/queue/sync-metrics';

const JOBS = Number(process.env.BENCH_SYNC_JOBS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_SYNC_CONCURRENCY ?? 16);
const BASELINE_CALLS = Math.min(JOBS, 3000);
const TARGET_JOBS_PER_SECOND = 200;
const AUTH = { email: 'bench@example.test', apiToken: 'bench-token', webhookSecret: 'bench-secret' };
const ISSUES = Array.from({ length: 30 }, (_, i) => `HW-${i + 1}`);

interface Database {
  url: string;
  label: string;
  drop(): Promise<void>;
}

async function database(): Promise<Database> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    const pglite = await startEmbeddedPostgres();
    return { url: pglite.url, label: 'embedded PGlite', drop: () => pglite.stop() };
  }
  const name = `portico_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: server });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    label: 'PostgreSQL',
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/**
 * The simulator runs in a process of its own, as Jira would, so the worker being measured does not
 * share its event loop with the server it calls; it is driven through its HTTP control API.
 */
interface RemoteSimulator {
  url: string;
  injectFault(fault: JiraFault): Promise<void>;
  clearFaults(): Promise<void>;
  /** Texts of every comment on the given issues: the effects that really happened. */
  commentTexts(issueKeys: string[]): Promise<string[]>;
  stop(): void;
}

async function startSimulatorProcess(): Promise<RemoteSimulator> {
  const code = `require('@portico/connectors').startJiraSimulator(${JSON.stringify({ ...AUTH, seed: true })})
    .then((sim) => process.stdout.write('url ' + sim.url + '\\n'))`;
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-e', code],
    { stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /url (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/_sim/${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`simulator control ${method} ${path}: ${res.status}`);
    return res.status === 204 ? undefined : res.json();
  };
  return {
    url,
    injectFault: async (fault) => void (await control('POST', 'faults', fault)),
    clearFaults: async () => void (await control('DELETE', 'faults')),
    commentTexts: async (keys) => {
      const texts: string[] = [];
      for (const key of keys) {
        const issue = (await control('GET', `issues/${key}`)) as { comments: Array<{ body: unknown }> };
        for (const comment of issue.comments)
          texts.push(/"text":"([^"]*)"/.exec(JSON.stringify(comment.body))?.[1] ?? '');
      }
      return texts;
    },
    stop: () => void child.kill('SIGTERM'),
  };
}

async function pool<T>(items: T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await run(items[next++]);
    }),
  );
}

async function main() {
  // One warning per failed attempt would be a thousand lines; the summary counts them.
  Logger.overrideLogger(['error']);
  const db = await database();
  const sim = await startSimulatorProcess();
  const jira = new HttpJiraClient({
    baseUrl: sim.url,
    email: AUTH.email,
    apiToken: AUTH.apiToken,
    maxRetries: 0,
  });
  const dataSource = await new DataSource({
    ...typeormOptions(db.url, 4),
    entities: [],
    migrations: [],
  }).initialize();
  const results: Record<string, unknown> = { jobs: JOBS, concurrency: CONCURRENCY, database: db.label };
  let failed = false;
  try {
    // Warm-up (JIT, connections), then the baseline: the same calls straight to the simulator.
    await pool(
      Array.from({ length: 1000 }, (_, n) => n),
      CONCURRENCY,
      async (n) => void (await jira.addComment(ISSUES[n % ISSUES.length], textToAdf(`[warm-up] call ${n}`))),
    );
    const baseStart = Date.now();
    await pool(
      Array.from({ length: BASELINE_CALLS }, (_, n) => n),
      CONCURRENCY,
      async (n) => void (await jira.addComment(ISSUES[n % ISSUES.length], textToAdf(`[baseline] call ${n}`))),
    );
    const baselinePerSecond = BASELINE_CALLS / ((Date.now() - baseStart) / 1000);
    results.baselineCallsPerSecond = round(baselinePerSecond);
    // The same with 10 % failures, each failed call repeated at once until it succeeds.
    await sim.injectFault({ route: 'POST /rest/api/3/issue/{issueIdOrKey}/comment', status: 500, rate: 0.1 });
    const faultStart = Date.now();
    await pool(
      Array.from({ length: BASELINE_CALLS }, (_, n) => n),
      CONCURRENCY,
      async (n) => {
        for (;;) {
          try {
            return void (await jira.addComment(
              ISSUES[n % ISSUES.length],
              textToAdf(`[baseline] retried ${n}`),
            ));
          } catch {
            // injected 500: repeat
          }
        }
      },
    );
    const baselineFaultsPerSecond = BASELINE_CALLS / ((Date.now() - faultStart) / 1000);
    results.baselineWithFaultsCallsPerSecond = round(baselineFaultsPerSecond);

    for (const run of [
      { name: 'clean', failureRate: 0 },
      { name: 'faults', failureRate: 0.1 },
    ]) {
      await sim.clearFaults();
      if (run.failureRate) {
        await sim.injectFault({
          route: 'POST /rest/api/3/issue/{issueIdOrKey}/comment',
          status: 500,
          rate: run.failureRate,
        });
      }
      const queueName = `bench.${run.name}`;
      const config = {
        ...loadConfig({
          NODE_ENV: 'production',
          LOG_LEVEL: 'silent',
          DATABASE_URL: db.url,
          SYNC_CONCURRENCY: `jira=${CONCURRENCY}`,
          SYNC_RATE_LIMITS: 'jira=0',
          SYNC_POLL_INTERVAL_MS: '200',
          SYNC_RETRY_BASE_SECONDS: '0.2',
          SYNC_RETRY_MAX_SECONDS: '2',
          SYNC_MAX_ATTEMPTS: '10',
        }),
        databasePoolSize: 4,
      };
      const queue = new JobQueue(config, new SyncMetrics());
      let completed = 0;
      let attempts = 0;
      await queue.register<{ n: number; issueKey: string }>(
        queueName,
        async (job) => {
          attempts++;
          await jira.addComment(job.data.issueKey, textToAdf(`[${run.name}] job ${job.data.n}`));
          completed++;
        },
        { target: 'jira' },
      );

      const enqueueStart = Date.now();
      for (let from = 0; from < JOBS; from += 500) {
        await dataSource.transaction(async (manager) => {
          for (let n = from; n < Math.min(JOBS, from + 500); n++) {
            await queue.enqueue(manager, {
              name: queueName,
              data: { n, issueKey: ISSUES[n % ISSUES.length] },
            });
          }
        });
      }
      const enqueuePerSecond = JOBS / ((Date.now() - enqueueStart) / 1000);

      const start = Date.now();
      await queue.onApplicationBootstrap();
      while (completed < JOBS) {
        if (Date.now() - start > 15 * 60_000)
          throw new Error(`${run.name}: only ${completed}/${JOBS} after 15 min`);
        await new Promise((r) => setTimeout(r, 50));
        if (process.env.BENCH_SYNC_TRACE && Date.now() % 1000 < 50)
          process.stderr.write(`${run.name} ${completed}\n`);
      }
      const seconds = (Date.now() - start) / 1000;
      await queue.stop(2000);

      const counts = new Map<number, number>();
      const pattern = new RegExp(`^\\[${run.name}\\] job (\\d+)$`);
      for (const text of await sim.commentTexts(ISSUES)) {
        const match = pattern.exec(text);
        if (match) counts.set(Number(match[1]), (counts.get(Number(match[1])) ?? 0) + 1);
      }
      let lost = 0;
      let duplicated = 0;
      for (let n = 0; n < JOBS; n++) {
        const c = counts.get(n) ?? 0;
        if (c === 0) lost++;
        if (c > 1) duplicated++;
      }
      const perSecond = JOBS / seconds;
      const [{ dead }] = await dataSource.query(
        `SELECT count(*)::int AS dead FROM pgboss.job WHERE name = $1`,
        [`${queueName}.dead`],
      );
      results[run.name] = {
        jobsPerSecond: round(perSecond),
        ratioToBaseline: round(
          perSecond / (run.failureRate ? baselineFaultsPerSecond : baselinePerSecond),
          2,
        ),
        enqueuePerSecond: round(enqueuePerSecond),
        attempts,
        lost,
        duplicated,
        deadLettered: dead,
      };
      if (lost || duplicated || perSecond < TARGET_JOBS_PER_SECOND) failed = true;
    }
  } finally {
    await dataSource.destroy();
    sim.stop();
    await db.drop();
  }

  const lines = [
    `sync bench: ${JOBS} jobs, one worker, jira concurrency ${CONCURRENCY}, ${results.database}`,
    `  baseline (direct add-comment calls): ${results.baselineCallsPerSecond} calls/s; with 10 % failures repeated at once: ${results.baselineWithFaultsCallsPerSecond} calls/s`,
    ...(['clean', 'faults'] as const).map((name) => {
      const r = results[name] as Record<string, number>;
      return `  ${name.padEnd(7)} ${r.jobsPerSecond} jobs/s (${r.ratioToBaseline} of baseline), ${r.attempts} attempts, lost ${r.lost}, duplicated ${r.duplicated}, dead-lettered ${r.deadLettered}; enqueue ${r.enqueuePerSecond} jobs/s`;
    }),
    `  target: >= ${TARGET_JOBS_PER_SECOND} jobs/s, 0 lost, 0 duplicated -> ${failed ? 'MISSED' : 'met'}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (process.env.BENCH_RESULTS_DIR) {
    writeFileSync(join(process.env.BENCH_RESULTS_DIR, 'sync.json'), JSON.stringify(results, null, 2));
  }
  process.exit(failed ? 1 : 0);
}

function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
