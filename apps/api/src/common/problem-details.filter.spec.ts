import { ArgumentsHost, Logger } from '@nestjs/common';
import pino from 'pino';
import { AppLogger } from '../logging';
import { ProblemDetailsFilter } from './problem-details.filter';

function hostFor(request: object) {
  const sent: { status?: number; body?: unknown } = {};
  const reply = {
    header: () => reply,
    status: (status: number) => ((sent.status = status), reply),
    send: (body: unknown) => ((sent.body = body), reply),
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  return { host, sent };
}

describe('ProblemDetailsFilter logging', () => {
  const lines: Record<string, unknown>[] = [];
  beforeAll(() =>
    Logger.overrideLogger(
      new AppLogger(pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) })),
    ),
  );
  afterAll(() => Logger.overrideLogger(false));

  it('logs an unexpected error with its stack and the request id, and answers 500 without internals', () => {
    const { host, sent } = hostFor({ id: 'req-42', method: 'GET', url: '/api/v1/items/x?y=1' });
    new ProblemDetailsFilter().catch(new Error('secret internals'), host);
    expect(sent.status).toBe(500);
    expect(JSON.stringify(sent.body)).not.toContain('secret internals');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        context: 'ProblemDetails',
        msg: 'unexpected error',
        req: { id: 'req-42', method: 'GET', url: '/api/v1/items/x?y=1' },
        err: expect.objectContaining({
          message: 'secret internals',
          stack: expect.stringContaining('Error'),
        }),
      }),
    ]);
  });
});
