import { createFeedbackWorld, FeedbackWorld } from './feedback.fixtures';
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

describe('PostgreSQL restarted under load, with defect deliveries to Jira in flight', () => {
  let postgres: PrivatePostgres;
  let w: FeedbackWorld;
  const DEFECTS = 12;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    w = await createFeedbackWorld({ DATABASE_URL: postgres.url });
  }, 180_000);
  afterAll(async () => {
    await w?.close();
    postgres?.destroy();
  });

  it('answers only 200 or 503 during the outage, then delivers every job exactly once without a restart', async () => {
    // Slow creates keep deliveries in flight when the database goes away.
    w.jira.control.injectFault({ route: 'POST /rest/api/3/issue', latencyMs: 1500 });
    const ids: string[] = [];
    for (let i = 0; i < DEFECTS; i++) {
      const res = await w.asAna
        .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
        .send({ title: `Outage ${i}`, description: 'd', severity: 'major' })
        .expect(201);
      ids.push(res.body.id);
    }

    // Steady traffic from four clients for the whole test.
    const statuses: number[] = [];
    let loading = true;
    const load = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (loading) {
          const res = await w.asAna.get(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`);
          statuses.push(res.status);
          if (res.status === 503) expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
          await new Promise((r) => setTimeout(r, 50));
        }
      }),
    );
    try {
      await waitFor(
        async () =>
          (
            await w.t.dataSource.query(
              `SELECT count(*)::int AS n FROM defect WHERE jira_create_attempted_at IS NOT NULL`,
            )
          )[0].n > 0,
        60_000,
        'a delivery in flight',
      );
      postgres.stop();
      const whileDown = statuses.length;
      await waitFor(
        async () => statuses.length > whileDown + 8,
        30_000,
        'requests while the database is down',
      );
      const ready = await w.t.http().get('/api/health/ready');
      expect(ready.status).toBe(503);
      postgres.start();
      const restartedAt = Date.now();
      await waitFor(
        async () => (await w.t.http().get('/api/health/ready')).status === 200,
        30_000,
        'readiness after PostgreSQL came back',
      );
      expect(Date.now() - restartedAt).toBeLessThan(30_000);
      w.jira.control.clearFaults();
      await waitFor(
        async () =>
          (
            await w.t.dataSource.query(
              `SELECT count(*)::int AS n FROM defect WHERE id = ANY($1::uuid[]) AND jira_key IS NOT NULL`,
              [ids],
            )
          )[0].n === DEFECTS,
        120_000,
        'every defect delivered to Jira',
      );
    } finally {
      loading = false;
      await load;
    }

    // Only answers or outage answers, never a 500; the outage was seen and traffic recovered.
    expect(new Set(statuses)).toEqual(new Set([200, 503]));
    expect(statuses[statuses.length - 1]).toBe(200);
    // No job lost, none done twice: one Jira issue per defect.
    for (const id of ids)
      expect(w.jira.control.state.issues.filter((i) => i.labels.includes(`portico-${id}`))).toHaveLength(1);
  }, 300_000);
});
