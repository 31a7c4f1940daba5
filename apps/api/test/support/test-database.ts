import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  url: string;
  poolSize: number;
  drop(): Promise<void>;
}

/**
 * A database of this test file's own, so suites run in parallel without seeing each other:
 * a fresh database on the server in DATABASE_URL, or an in-memory PGlite when it is unset.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return pgliteOfThisWorker();
  const name = `portico_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    poolSize: 5,
    drop: () =>
      withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

async function withAdminClient(url: string, run: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}

/** The worker's own PGlite (started by global-setup.js), emptied for this file. */
async function pgliteOfThisWorker(): Promise<TestDatabase> {
  const urls = (process.env.PORTICO_TEST_PGLITE_URLS ?? '').split(',').filter(Boolean);
  const url = urls[(Number(process.env.JEST_WORKER_ID ?? '1') - 1) % urls.length];
  if (!url)
    throw new Error('Set DATABASE_URL, or run the tests through jest so global-setup.js starts PGlite');
  const reset = () =>
    withAdminClient(url, (client) =>
      // pgboss: the job queue's own schema (apps/api/src/sync), else one file's jobs reach the next.
      client.query(
        'DROP SCHEMA IF EXISTS public CASCADE; DROP SCHEMA IF EXISTS pgboss CASCADE; CREATE SCHEMA public;',
      ),
    );
  await reset();
  return { url, poolSize: 4, drop: reset };
}
