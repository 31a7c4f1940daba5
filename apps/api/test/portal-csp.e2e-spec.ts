import { createTestApp } from './support/test-app';

describe('Content security policy for the portal', () => {
  it('does not upgrade requests when Portico is served over plain http (a laptop or LAN demo)', async () => {
    const t = await createTestApp({ PUBLIC_URL: 'http://192.168.1.10:3000' });
    try {
      const res = await t.http().get('/api/health/live').expect(200);
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    } finally {
      await t.close();
    }
  });

  it("keeps eval and WebAssembly out of the portal's pages and allows both only to OpenCASCADE's worker", async () => {
    const t = await createTestApp({ PUBLIC_URL: 'http://192.168.1.10:3000' });
    const scriptSrc = (csp: string) => /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1].split(/\s+/).sort();
    try {
      const page = await t.http().get('/api/health/live').expect(200);
      expect(scriptSrc(page.headers['content-security-policy'])).toEqual(["'self'"]);
      const worker = await t.http().get('/occt/occt-worker.js');
      expect(scriptSrc(worker.headers['content-security-policy'])).toEqual([
        "'self'",
        "'unsafe-eval'",
        "'wasm-unsafe-eval'",
      ]);
      // Everything else the worker may do is as restricted as the portal: same origins to fetch from.
      const rest = (csp: string) => csp.replace(/script-src [^;]*;?/, '');
      expect(rest(worker.headers['content-security-policy'])).toEqual(
        rest(page.headers['content-security-policy']),
      );
      const lookalike = await t.http().get('/occtx/occt-worker.js');
      expect(scriptSrc(lookalike.headers['content-security-policy'])).toEqual(["'self'"]);
    } finally {
      await t.close();
    }
  });

  it('upgrades insecure requests when Portico is served over https', async () => {
    const t = await createTestApp({ PUBLIC_URL: 'https://portico.example.com' });
    try {
      const res = await t.http().get('/api/health/live').expect(200);
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    } finally {
      await t.close();
    }
  });
});
