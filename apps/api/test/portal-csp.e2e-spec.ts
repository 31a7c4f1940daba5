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
