import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { ROOT, runSource } from './support/source-process';

describe('npm run migration:run from several processes at once', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('applies every migration exactly once while three processes start together on a fresh database', async () => {
    const env = { NODE_ENV: 'test', DATABASE_URL: database.url };
    const results = await Promise.all(
      [1, 2, 3].map(() => runSource('apps/api/src/database/migrate.main.ts', [], env)),
    );
    for (const result of results) expect(result).toMatchObject({ code: 0, stderr: '' });
    const expected = readdirSync(join(ROOT, 'migrations')).filter((f) => f.endsWith('.ts')).length;
    // One process applied them all; the others waited for its lock and found nothing to do.
    expect(results.filter((r) => r.stdout.includes(`Applied ${expected} migration(s)`))).toHaveLength(1);
    expect(results.filter((r) => r.stdout.includes('up to date'))).toHaveLength(2);

    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT name, count(*)::int AS n FROM migrations GROUP BY name');
      expect(rows).toHaveLength(expected);
      expect(rows.every((row) => row.n === 1)).toBe(true);
    } finally {
      await client.end();
    }
  });
});
