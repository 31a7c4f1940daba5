/**
 * Supplier item list (DESIGN.md §8): 100,000 shared items across 1,000 supplier organisations (one
 * workspace of 100 items each), 50 connections. Measures `GET /api/v1/workspaces/:id/items` of the
 * real app (JWT, CASL rules turned into SQL, raw rows, response DTOs) against a bare Fastify + pg
 * handler running the very same SQL and mapping in the same process and run; reports req/s, p99 and
 * the ratio. Targets: ratio >= 0.7, p99 <= 50 ms.
 *
 *   npm run bench items         # DATABASE_URL optional (else embedded PGlite); BENCH_ITEMS_SECONDS=10
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

function run(url: string, headers: Record<string, string> = {}): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

async function main() {
  const db = await database();
  const storageDir = mkdtempSync(join(tmpdir(), 'portico-bench-s3-'));
  const storage = await startEmbeddedS3(storageDir, 'portico-bench');
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
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const appUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const pool = new Pool({ connectionString: db.url, max: 10 });
  const bare = Fastify({ logger: false });
  try {
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
    await run(`${appUrl}${path}`, auth); // warm-up of both, same length as the measurement
    await run(bareUrl);
    const portico = await run(`${appUrl}${path}`, auth);
    const baseline = await run(bareUrl);
    const ratio = portico.requests.average / baseline.requests.average;
    const results = {
      bench: 'items',
      database: db.label,
      items: ORGS * ITEMS_PER_WORKSPACE,
      organisations: ORGS,
      connections: CONNECTIONS,
      seconds: SECONDS,
      responseBytes: Buffer.byteLength(body),
      portico: {
        reqPerSec: portico.requests.average,
        p99Ms: portico.latency.p99,
        errors: portico.errors,
        non2xx: portico.non2xx,
      },
      bareFastifyPg: {
        reqPerSec: baseline.requests.average,
        p99Ms: baseline.latency.p99,
        errors: baseline.errors,
        non2xx: baseline.non2xx,
      },
      ratio: Number(ratio.toFixed(3)),
      targets: { ratio: 0.7, p99Ms: 50 },
      met: ratio >= 0.7 && portico.latency.p99 <= 50 && portico.non2xx === 0,
    };
    console.log(
      `GET workspaces/:id/items (${results.responseBytes} B, ${CONNECTIONS} connections, ${SECONDS} s, ${db.label}):\n` +
        `  Portico            ${portico.requests.average.toFixed(0)} req/s  p99 ${portico.latency.p99} ms  non-2xx ${portico.non2xx}\n` +
        `  bare Fastify + pg  ${baseline.requests.average.toFixed(0)} req/s  p99 ${baseline.latency.p99} ms\n` +
        `  ratio ${results.ratio} (target >= 0.7), p99 target <= 50 ms: ${results.met ? 'met' : 'NOT met'}`,
    );
    if (process.env.BENCH_RESULTS_DIR)
      writeFileSync(join(process.env.BENCH_RESULTS_DIR, 'items.json'), JSON.stringify(results, null, 2));
  } finally {
    await bare.close();
    await pool.end();
    await app.close();
    await storage.stop();
    await db.drop();
    rmSync(storageDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
