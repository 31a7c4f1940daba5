import { createTestApp, TestApp } from './support/test-app';

describe('Rate limits on the auth routes', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Clients are told apart by X-Forwarded-For, as behind a reverse proxy on the same host.
    t = await createTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: 'loopback' });
  });
  afterAll(() => t.close());

  const attempt = (ip: string) =>
    t
      .http()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', ip)
      .send({ email: 'x@example.test', password: 'whatever it is' });

  it('answers 429 problem+json with Retry-After once an IP exceeds the limit', async () => {
    for (let i = 0; i < 3; i++) await attempt('198.51.100.7').expect(401);
    const res = await attempt('198.51.100.7').expect(429);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('counts each client IP separately', async () => {
    for (let i = 0; i < 3; i++) await attempt('198.51.100.8').expect(401);
    await attempt('198.51.100.8').expect(429);
    await attempt('198.51.100.9').expect(401);
  });

  it('does not throttle the rest of the API', async () => {
    for (let i = 0; i < 5; i++)
      await t.http().get('/api/health/live').set('X-Forwarded-For', '198.51.100.7').expect(200);
  });
});
