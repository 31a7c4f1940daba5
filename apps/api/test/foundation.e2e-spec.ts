import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationConfig } from '@nestjs/core';
import { createTestApp, TestApp } from './support/test-app';

describe('API foundation', () => {
  let t: TestApp;
  const portalDir = mkdtempSync(join(tmpdir(), 'portico-portal-'));
  writeFileSync(join(portalDir, 'index.html'), '<!doctype html><title>Portico</title><app-root></app-root>');

  beforeAll(async () => {
    t = await createTestApp({}, { portalDir });
  });
  afterAll(() => t.close());

  it('reports ready with database and storage up', async () => {
    const res = await t.http().get('/api/health/ready').expect(200);
    expect(res.body.info.database.status).toBe('up');
    expect(res.body.info.storage.status).toBe('up');
  });

  it('answers liveness without touching dependencies', async () => {
    await t.http().get('/api/health/live').expect(200, { status: 'ok' });
  });

  it('applied the migrations, creating the organization table', async () => {
    const rows = await t.dataSource.query(`SELECT count(*)::int AS n FROM organization`);
    expect(rows[0].n).toBe(0);
  });

  it('answers an unknown API route with problem+json 404', async () => {
    const res = await t.http().get('/api/v1/no-such-thing').set('Accept', 'text/html').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, title: 'Not Found', instance: '/api/v1/no-such-thing' });
  });

  it('serves the portal for deep links but not for API paths', async () => {
    const res = await t.http().get('/workspaces/123').set('Accept', 'text/html').expect(200);
    expect(res.text).toContain('<app-root>');
    const root = await t.http().get('/').expect(200);
    expect(root.text).toContain('<app-root>');
  });

  it('echoes a request id on every response', async () => {
    const res = await t.http().get('/api/health/live').set('X-Request-Id', 'trace-abc-123');
    expect(res.headers['x-request-id']).toBe('trace-abc-123');
    const generated = await t.http().get('/api/health/live');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects malformed JSON with a 400 problem, not a 500', async () => {
    const res = await t.http().post('/api/health/live').set('Content-Type', 'application/json').send('{"a":');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('publishes a valid OpenAPI 3 document documenting the health routes', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/health/live', '/api/health/ready']),
    );
  });

  it('sets security headers', async () => {
    const res = await t.http().get('/api/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('puts no route through a global interceptor, and runs the rate limits after authentication', () => {
    // One global interceptor sends every request of every route through Nest's RxJS interceptor chain:
    // two of them cost the supplier item list ~0.2 ms of CPU per request (docs/performance.md).
    const config = t.app.get(ApplicationConfig);
    expect(config.getGlobalInterceptors()).toEqual([]);
    expect(config.getGlobalRequestInterceptors()).toEqual([]);
    expect(config.getGlobalGuards().map((guard) => guard.constructor.name)).toEqual([
      'JwtAuthGuard',
      'AbilityGuard',
      'RateLimitGuard',
    ]);
  });
});
