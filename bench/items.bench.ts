/**
 * Supplier item list (DESIGN.md §8): 100,000 shared items across 1,000 supplier organisations (one
 * workspace of 100 items each), 50 connections. Measures `GET /api/v1/workspaces/:id/items` of the
 * real app (JWT, CASL rules turned into SQL, raw rows, response DTOs) against a bare Fastify + pg
 * handler running the very same SQL and mapping in the same process and run; reports req/s, p99,
 * CPU per request and the ratio. Targets: ratio >= 0.7, p99 <= 50 ms; exits 1 when one is missed.
 * Each side is measured twice, in the order Portico, bare, bare, Portico, so that a change of load
 * on a shared machine during the run does not favour either side.
 *
 *   npm run bench items         # DATABASE_URL optional (else embedded PGlite); BENCH_ITEMS_SECONDS=10
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import * as argon2 from 'argon2';
import Fastify from 'fastify';
import { Client, Pool } from 'pg';
import type { AuthUser } from '@portico/auth';
import { loadConfig } from '../apps/api/src/config/app-config';
import { createApp } from '../apps/api/src/app.setup';
import { startEmbeddedPostgres } from '../apps/api/src/embedded/embedded-postgres';
import { startEmbeddedS3 } from '../apps/api/src/embedded/embedded-s3';
import { SharingService } from '../apps/api/src/sharing/sharing.service';
import { supplierItemView } from '../apps/api/src/sharing/item-views';

const ORGS = Number(process.env.BENCH_ITEMS_ORGS ?? 1000);
const ITEMS_PER_WORKSPACE = Number(process.env.BENCH_ITEMS_PER_WORKSPACE ?? 100);
const SECONDS = Number(process.env.BENCH_ITEMS_SECONDS ?? 10);
const CONNECTIONS = 50;
// The load generator runs on its own thread, as real clients would be, so it does not queue behind the server.
const LOAD_WORKERS = 1;
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

/** 1 internal org + PM, ORGS supplier orgs each with one member and one workspace of ITEMS_PER_WORKSPACE published items. */
async function seed(pool: Pool): Promise<{ workspaceId: string; email: string }> {
  const hash = await argon2.hash(PASSWORD, {
    type: argon2.argon2id,
    memoryCost: 19_456,
    timeCost: 2,
    parallelism: 1,
  });
  await pool.query(
    `
    WITH internal AS (INSERT INTO organization (name, kind) VALUES ('Portico', 'internal') RETURNING id)
    INSERT INTO "user" (org_id, email, display_name, role, status, password_hash)
    SELECT id, 'pm@bench.test', 'PM', 'pm', 'active', $1 FROM internal`,
    [hash],
  );
  await pool.query(
    `
    INSERT INTO organization (name, kind) SELECT 'Supplier ' || g, 'supplier' FROM generate_series(1, $1) g`,
    [ORGS],
  );
  await pool.query(
    `
    INSERT INTO "user" (org_id, email, display_name, role, status, password_hash)
    SELECT o.id, 'member-' || row_number() OVER (ORDER BY o.name) || '@bench.test', 'Member', 'supplier_member', 'active', $1
      FROM organization o WHERE o.kind = 'supplier'`,
    [hash],
  );
  await pool.query(`
    INSERT INTO workspace (name, supplier_org_id, owner_id, jira_project_key)
    SELECT 'Workspace of ' || o.name, o.id, (SELECT id FROM "user" WHERE email = 'pm@bench.test'), 'HW'
      FROM organization o WHERE o.kind = 'supplier'`);
  await pool.query(
    `
    INSERT INTO shared_item (workspace_id, source_type, source_ref, field_allowlist, latest_version, latest_title, latest_status, last_published_at, source_revision)
    SELECT w.id, 'jira_issue', 'HW-' || g, '{summary,status,dueDate}', 1 + (g % 4),
           'Part ' || g || ' — tolerance review for the gearbox housing, revision ' || (g % 7),
           (ARRAY['To do', 'Being worked on', 'Under test', 'Done'])[1 + g % 4],
           now() - (g || ' minutes')::interval, '2026-11-25T08:00:00.000+0000'
      FROM workspace w CROSS JOIN generate_series(1, $1) g`,
    [ITEMS_PER_WORKSPACE],
  );
  await pool.query('ANALYZE');
  const { rows } = await pool.query(
    `SELECT w.id, u.email FROM workspace w JOIN "user" u ON u.org_id = w.supplier_org_id ORDER BY w.name LIMIT 1 OFFSET $1`,
    [Math.floor(ORGS / 2)],
  );
  return { workspaceId: rows[0].id, email: rows[0].email };
}

interface Measured {
  result: autocannon.Result;
  /** CPU time of this process (both servers and the load generator) per answered request, in µs. */
  cpuPerRequestUs: number;
}

async function run(url: string, headers: Record<string, string> = {}, duration = SECONDS): Promise<Measured> {
  const cpu = process.cpuUsage();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      { url, connections: CONNECTIONS, duration, headers, workers: LOAD_WORKERS },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
  const used = process.cpuUsage(cpu);
  return { result, cpuPerRequestUs: (used.user + used.system) / Math.max(1, result.requests.total) };
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
  // ROLE=api: no queue workers competing for the CPU. The list never calls Jira or Feishu; the dummy
  // addresses only keep modules that expect configured connectors from refusing to start.
  const base = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ROLE: 'api',
    JWT_SECRET: randomBytes(32).toString('hex'),
    DATA_DIR: storageDir,
    S3_BUCKET: 'portico-bench',
    JIRA_BASE_URL: 'http://127.0.0.1:9',
    JIRA_EMAIL: 'bench@example.test',
    JIRA_API_TOKEN: 'unused',
    FEISHU_BASE_URL: 'http://127.0.0.1:9',
    FEISHU_APP_ID: 'unused',
    FEISHU_APP_SECRET: 'unused',
  });
  const config = {
    ...base,
    databaseUrl: db.url,
    databasePoolSize: 10,
    s3: { ...base.s3, endpoint: storage.endpoint },
  };
  // Every connection to the database is closed before it is dropped: DROP DATABASE ... WITH (FORCE)
  // would kill the rest, and a killed idle pool client takes the process down with an 'error' event.
  const app = await createApp(config);
  teardown.add('close Portico', () => app.close());
  await app.listen(0, '127.0.0.1');
  const appUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const pool = new Pool({ connectionString: db.url, max: 10 });
  teardown.add("close the bare handler's pool", () => pool.end());
  const bare = Fastify({ logger: false });
  teardown.add('close the bare handler', () => bare.close());
  const started = Date.now();
  const { workspaceId, email } = await seed(pool);
  console.log(
    `seeded ${ORGS * ITEMS_PER_WORKSPACE} shared items in ${ORGS} workspaces on ${db.label} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  const login = await fetch(`${appUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const { accessToken, user } = (await login.json()) as { accessToken: string; user: AuthUser };
  const path = `/api/v1/workspaces/${workspaceId}/items?limit=50`;
  const probe = await fetch(`${appUrl}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
  const body = await probe.text();
  if (probe.status !== 200 || JSON.parse(body).items.length !== 50)
    throw new Error(`unexpected list answer ${probe.status}: ${body.slice(0, 200)}`);

  // The bare handler runs the exact SQL the app generates for this supplier, with the same row mapping.
  const { sql, params } = app.get(SharingService).listSql(user, workspaceId, { limit: 50 });
  bare.get('/items', async () => {
    const { rows } = await pool.query(sql, params);
    const items = rows.slice(0, 50);
    return {
      items: items.map((row) => supplierItemView(row, row.lastSeenVersion)),
      nextCursor: rows.length > 50 ? 'x' : null,
    };
  });
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareAddress = bare.server.address() as { port: number };
  const bareUrl = `http://127.0.0.1:${bareAddress.port}/items`;

  const auth = { authorization: `Bearer ${accessToken}` };
  const porticoUrl = `${appUrl}${path}`;
  // Warm-up of both, then A B B A.
  await run(porticoUrl, auth, Math.ceil(SECONDS / 2));
  await run(bareUrl, {}, Math.ceil(SECONDS / 2));
  const first = await run(porticoUrl, auth);
  const bareRuns = [await run(bareUrl), await run(bareUrl)];
  const porticoRuns = [first, await run(porticoUrl, auth)];
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
    `p99 ${r.p99Ms} ms (runs ${r.p99MsPerRun.join(', ')})  CPU ${r.cpuPerRequestUs} µs/request  non-2xx ${r.non2xx}\n`;
  console.log(
    `GET workspaces/:id/items (${results.responseBytes} B, ${CONNECTIONS} connections, 2 x ${SECONDS} s each, ${db.label}, ` +
      `load average ${results.loadAverage.join(' ')}):\n` +
      line('Portico', portico) +
      line('bare Fastify + pg', baseline) +
      `  ratio ${results.ratio} (target >= 0.7), p99 target <= 50 ms: ${met ? 'met' : 'NOT met'}`,
  );
  if (process.env.BENCH_RESULTS_DIR)
    writeFileSync(join(process.env.BENCH_RESULTS_DIR, 'items.json'), JSON.stringify(results, null, 2));
  return met;
}

main().then(
  (met) => process.exit(process.exitCode ?? (met ? 0 : 1)),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
