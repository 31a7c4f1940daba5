import { createTestApp, TestApp } from './support/test-app';

/** The address tests connect from; supertest talks to the app over loopback. */
const LOOPBACK = /^(::ffff:)?127\.0\.0\.1$|^::1$/;

async function failedLoginIps(t: TestApp, email: string): Promise<string[]> {
  const rows: Array<{ ip: string }> = await t.dataSource.query(
    `SELECT ip FROM audit_event WHERE action = 'auth.login.failed' AND details->>'email' = $1 ORDER BY seq`,
    [email],
  );
  return rows.map((r) => r.ip);
}

function failLogin(t: TestApp, email: string, forwardedFor?: string) {
  const req = t.http().post('/api/v1/auth/login');
  if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
  return req.send({ email, password: 'not the password at all' });
}

describe('Client IP behind proxies (TRUST_PROXY)', () => {
  describe('unset: no proxy is trusted', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
    });
    afterAll(() => t.close());

    it('keys the auth rate limit on the socket address whatever X-Forwarded-For claims', async () => {
      const email = 'forger@x.test';
      await failLogin(t, email, '203.0.113.1').expect(401);
      await failLogin(t, email, '203.0.113.2').expect(401);
      await failLogin(t, email, '203.0.113.3, 198.51.100.1').expect(401);
      const res = await failLogin(t, email, '203.0.113.4').expect(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('records the socket address, not the forged one, in the audit log', async () => {
      const ips = await failedLoginIps(t, 'forger@x.test');
      expect(ips).toHaveLength(3);
      for (const ip of ips) expect(ip).toMatch(LOOPBACK);
    });
  });

  describe('set to the proxy’s address range', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: 'loopback' });
    });
    afterAll(() => t.close());

    it('takes the client address from the trusted proxy’s X-Forwarded-For', async () => {
      for (let i = 0; i < 3; i++) await failLogin(t, 'behind-proxy@x.test', '203.0.113.10').expect(401);
      await failLogin(t, 'behind-proxy@x.test', '203.0.113.10').expect(429);
      await failLogin(t, 'behind-proxy@x.test', '203.0.113.11').expect(401);
      const ips = await failedLoginIps(t, 'behind-proxy@x.test');
      expect(ips).toEqual(['203.0.113.10', '203.0.113.10', '203.0.113.10', '203.0.113.11']);
    });
  });
});
