import { authed, loginAs } from './support/auth-helpers';
import { createOrg, createUser } from './support/factories';
import { PrivatePostgres, startPrivatePostgres } from './support/private-postgres';
import { waitFor } from './support/sync-queue';
import { createTestApp, TestApp } from './support/test-app';

describe('PostgreSQL outage (a server of this test’s own, stopped and started)', () => {
  let postgres: PrivatePostgres;
  let t: TestApp;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    t = await createTestApp({ DATABASE_URL: postgres.url });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    postgres?.destroy();
  });

  it('answers 503 problem+json and readiness false while it is down, and recovers without a restart', async () => {
    const internal = await createOrg(t, { kind: 'internal', name: 'Portico Inc' });
    const pm = await createUser(t, { role: 'pm', org: internal });
    const as = authed(t, await loginAs(t, pm));
    await as.get('/api/v1/workspaces').expect(200);

    postgres.stop();
    try {
      const down = await as.get('/api/v1/workspaces');
      expect(down.status).toBe(503);
      expect(down.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(down.body).toMatchObject({
        status: 503,
        type: expect.stringMatching(/dependency-unavailable$/),
      });
      const ready = await t.http().get('/api/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.details).toMatchObject({ database: { status: 'down' } });
      await t.http().get('/api/health/live').expect(200);
    } finally {
      postgres.start();
    }

    const restartedAt = Date.now();
    await waitFor(
      async () => (await t.http().get('/api/health/ready')).status === 200,
      30_000,
      'readiness after PostgreSQL came back',
    );
    await as.get('/api/v1/workspaces').expect(200);
    expect(Date.now() - restartedAt).toBeLessThan(30_000);
  }, 120_000);
});
