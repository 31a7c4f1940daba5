import { symbols, type Logger } from 'pino';
import { ROOT_LOGGER } from '../src/logging';
import { createTestApp, TestApp } from './support/test-app';

describe('Request log', () => {
  let t: TestApp;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'info' });
    // The root logger's destination, which every line is written to, captured here.
    const root = t.app.get<Logger>(ROOT_LOGGER) as unknown as Record<symbol, unknown>;
    root[symbols.streamSym] = { write: (line: string) => lines.push(JSON.parse(line)) };
  });
  afterAll(() => t.close());

  const linesOf = (id: string) =>
    lines.filter((line) => (line.req as { id?: string } | undefined)?.id === id);

  it('writes one line per request under the id echoed in X-Request-Id, without tokens or cookies', async () => {
    const res = await t
      .http()
      .get('/api/v1/me')
      .set('X-Request-Id', 'trace-log-123')
      .set('Authorization', 'Bearer not-a-token')
      .set('Cookie', 'refresh=secret-cookie')
      .expect(401);
    expect(res.headers['x-request-id']).toBe('trace-log-123');
    await new Promise((done) => setTimeout(done, 50));
    const mine = linesOf('trace-log-123');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      req: { id: 'trace-log-123', method: 'GET', url: '/api/v1/me' },
      res: { statusCode: 401 },
      msg: 'request completed',
    });
    expect(JSON.stringify(mine[0])).not.toMatch(/not-a-token|secret-cookie/);
  });

  it('logs a generated id when the header is missing or malformed, the same one it echoes', async () => {
    for (const header of [undefined, 'bad id with spaces']) {
      const call = t.http().get('/api/v1/me');
      const res = await (header ? call.set('X-Request-Id', header) : call).expect(401);
      const id = res.headers['x-request-id'] as string;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      await new Promise((done) => setTimeout(done, 50));
      expect(linesOf(id)).toHaveLength(1);
    }
  });
});
