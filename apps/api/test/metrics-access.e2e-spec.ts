import { createServer } from 'node:net';
import { createTestApp, TestApp } from './support/test-app';

/** /metrics: open in development and tests, behind METRICS_TOKEN, or on METRICS_PORT only. */
describe('Access to /metrics', () => {
  const token = 'metrics-token-0123456789abcdef';
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function freePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  it('answers on the public port in tests and development without a token', async () => {
    t = await createTestApp();
    const res = await t.http().get('/metrics').expect(200);
    expect(res.text).toContain('portico_');
  });

  it('requires the bearer token when METRICS_TOKEN is set', async () => {
    t = await createTestApp({ METRICS_TOKEN: token });
    const missing = await t.http().get('/metrics').expect(401);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
    expect(missing.text).not.toContain('portico_');
    await t.http().get('/metrics').set('Authorization', `Bearer ${token}x`).expect(401);
    await t.http().get('/metrics').set('Authorization', token).expect(401);
    const res = await t.http().get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.text).toContain('portico_');
  });

  it('is not served on the public port in production unless METRICS_TOKEN is set', async () => {
    t = await createTestApp({ NODE_ENV: 'production', PUBLIC_URL: 'https://portico.example' });
    const res = await t.http().get('/metrics').expect(404);
    expect(res.text).not.toContain('portico_');
    await t.close();
    t = await createTestApp({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://portico.example',
      METRICS_TOKEN: token,
    });
    await t.http().get('/metrics').expect(401);
    await t.http().get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('moves to METRICS_PORT when set: the public port answers 404, the metrics port serves only /metrics', async () => {
    const port = await freePort();
    t = await createTestApp({ METRICS_PORT: String(port), HOST: '127.0.0.1', METRICS_TOKEN: token });
    await t.http().get('/metrics').set('Authorization', `Bearer ${token}`).expect(404);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('portico_');
    const other = await fetch(`${base}/api/health/live`, { headers: { authorization: `Bearer ${token}` } });
    expect(other.status).toBe(404);
  });
});
