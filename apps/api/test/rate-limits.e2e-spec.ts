import { authed, loginAs } from './support/auth-helpers';
import { createUser, TestUser } from './support/factories';
import { createSiblingApp, TestApp } from './support/test-app';
import { createFeedbackWorld, FeedbackWorld } from './feedback.fixtures';

/**
 * Two Nest applications on one database stand for two API processes behind a load balancer: each has
 * its own memory and connection pool, so a limit held in one process's memory would let twice the
 * traffic through when requests alternate between them.
 */
describe('Rate limits counted across API processes', () => {
  let w: FeedbackWorld;
  let second: TestApp;
  let apps: [TestApp, TestApp];

  beforeAll(async () => {
    w = await createFeedbackWorld({
      RATE_LIMIT_USER_REQUESTS: '150',
      RATE_LIMIT_ORG_REQUESTS: '200',
      // Long enough that a slow machine finishes each burst inside one window.
      RATE_LIMIT_WINDOW_SECONDS: '900',
      AUTH_RATE_LIMIT_PER_MINUTE: '20',
      // Clients are told apart by X-Forwarded-For, as behind a reverse proxy on the same host.
      TRUST_PROXY: 'loopback',
    });
    second = await createSiblingApp(w.t);
    apps = [w.t, second];
  }, 120_000);
  afterAll(async () => {
    await second?.close();
    await w?.close();
  }, 180_000);

  /** The i-th request goes to the first app when i is even, else to the second. */
  const via = (i: number) => apps[i % 2];

  it('refuses the 151st defect of a burst from one user, with Retry-After and RateLimit headers', async () => {
    const token = await loginAs(w.t, w.ana);
    const statuses: number[] = [];
    for (let i = 0; i < 150; i++) {
      const res = await authed(via(i), token)
        .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
        .send({ title: `Burst ${i}`, description: 'Scripted', severity: 'minor' });
      statuses.push(res.status);
      if (i === 149) {
        expect(res.headers['ratelimit-limit']).toBe('150');
        expect(res.headers['ratelimit-remaining']).toBe('0');
      }
    }
    expect(statuses.every((s) => s === 201)).toBe(true);

    const refused = await authed(via(150), token)
      .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
      .send({ title: 'One too many', description: 'Scripted', severity: 'minor' })
      .expect(429);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(refused.headers['ratelimit-limit']).toBe('150');
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(Number(refused.headers['ratelimit-reset'])).toBe(retryAfter);
    expect(refused.body).toMatchObject({
      status: 429,
      limit: { name: 'RATE_LIMIT_USER_REQUESTS', value: 150 },
    });
    const [{ count }] = await w.t.dataSource.query(
      `SELECT count(*)::int AS count FROM defect WHERE title = 'One too many'`,
    );
    expect(count).toBe(0);

    // Reads are not limited, and another organisation's user is counted on its own.
    await authed(via(151), token).get(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`).expect(200);
    await w.asBo
      .post(`/api/v1/workspaces/${w.borealisWorkspaceId}/defects`)
      .send({ title: 'Unrelated', description: 'Other org', severity: 'minor' })
      .expect(201);
  }, 120_000);

  it('counts an organisation’s users together', async () => {
    const borealisOrg = w.bo.organization;
    const colleague: TestUser = await createUser(w.t, { org: borealisOrg, role: 'supplier_member' });
    const [bo, other] = [await loginAs(w.t, w.bo), await loginAs(second, colleague)];
    // Bo already made one change above; 199 more by two people on two processes reach the limit of 200.
    for (let i = 0; i < 199; i++) {
      const token = i % 3 === 0 ? other : bo;
      await authed(via(i), token).post('/api/v1/notifications/read-all').expect(200);
    }
    const refused = await authed(via(0), other).post('/api/v1/notifications/read-all').expect(429);
    expect(refused.body.limit).toEqual({ name: 'RATE_LIMIT_ORG_REQUESTS', value: 200 });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  }, 120_000);

  it('limits sign-in attempts per client address across processes', async () => {
    const attempt = (i: number, ip: string) =>
      via(i)
        .http()
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ email: 'nobody@example.test', password: 'not the password' });
    for (let i = 0; i < 20; i++) await attempt(i, '198.51.100.7').expect(401);
    const refused = await attempt(20, '198.51.100.7').expect(429);
    expect(refused.body.limit).toEqual({ name: 'AUTH_RATE_LIMIT_PER_MINUTE', value: 20 });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await attempt(21, '198.51.100.8').expect(401);
  }, 60_000);

  it('locks an account after ten failures, whichever processes saw them', async () => {
    const victim = await createUser(w.t, { org: w.ana.organization, role: 'supplier_member' });
    // One address per attempt, so the per-address limit above is not what refuses them.
    const attempt = (i: number, password: string) =>
      via(i)
        .http()
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', `203.0.113.${i + 1}`)
        .send({ email: victim.email, password });
    for (let i = 0; i < 10; i++) await attempt(i, 'wrong password number ' + i).expect(401);
    // Neither process saw ten failures itself, yet the right password is refused on both (423 Locked).
    await attempt(10, victim.password).expect(423);
    await attempt(11, victim.password).expect(423);
    const [row] = await w.t.dataSource.query(
      `SELECT locked_until > now() AS locked FROM "user" WHERE id = $1`,
      [victim.id],
    );
    expect(row.locked).toBe(true);
  }, 60_000);

  it('deletes counters of ended windows on the maintenance schedule', async () => {
    await w.t.dataSource.query(
      `UPDATE rate_limit_counter SET window_ends_at = now() - interval '1 second' WHERE key LIKE 'ip:%'`,
    );
    const { RateLimitCleanup } = await import('../src/rate-limits/rate-limit-cleanup');
    expect(await w.t.app.get(RateLimitCleanup).runOnce()).toBeGreaterThan(0);
    const [{ count }] = await w.t.dataSource.query(
      `SELECT count(*)::int AS count FROM rate_limit_counter WHERE key LIKE 'ip:%'`,
    );
    expect(count).toBe(0);
    // A new window starts: the address that was refused may try again.
    await via(1)
      .http()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', '198.51.100.7')
      .send({ email: 'nobody@example.test', password: 'not the password' })
      .expect(401);
  });

  it('documents the 429 answers and the Idempotency-Key header in the OpenAPI document', async () => {
    const { body: doc } = await w.t.http().get('/api/docs-json').expect(200);
    const createDefect = doc.paths['/api/v1/workspaces/{id}/defects'].post;
    expect(Object.keys(createDefect.responses['429'].headers)).toEqual(
      expect.arrayContaining(['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']),
    );
    expect(createDefect.parameters).toContainEqual(
      expect.objectContaining({ in: 'header', name: 'Idempotency-Key', required: false }),
    );
    // Reads are not limited; signed webhooks neither.
    expect(doc.paths['/api/v1/workspaces/{id}/defects'].get.responses['429']).toBeUndefined();
    expect(doc.paths['/api/v1/webhooks/jira'].post.responses['429']).toBeUndefined();
    for (const [path, item] of Object.entries(doc.paths) as [string, Record<string, { responses: object }>][])
      for (const method of ['post', 'put', 'patch', 'delete'])
        if (item[method] && !path.startsWith('/api/v1/webhooks/'))
          expect([path, method, '429' in item[method].responses]).toEqual([path, method, true]);
  });
});
