import { Logger as NestLogger } from '@nestjs/common';
import pino from 'pino';
import { AppLogger } from './app-logger';

function capture(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const root = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { lines, logger: new AppLogger(root) };
}

describe('AppLogger', () => {
  it('writes a Nest log call as one line with its context', () => {
    const { lines, logger } = capture();
    logger.warn('fetch failed: timeout', 'Queue jira.defects');
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, context: 'Queue jira.defects', msg: 'fetch failed: timeout' }),
    ]);
  });

  it("keeps the stack of Nest's (message, stack, context) error calls and of Error objects", () => {
    const { lines, logger } = capture();
    logger.error('boom', 'Error: boom\n    at here', 'ExceptionsHandler');
    logger.error(new Error('bad'), 'Worker');
    expect(lines[0]).toMatchObject({ level: 50, context: 'ExceptionsHandler', msg: 'boom' });
    expect((lines[0].err as { stack: string }).stack).toContain('at here');
    expect(lines[1]).toMatchObject({ level: 50, context: 'Worker', msg: 'bad', err: { message: 'bad' } });
  });

  it('merges an object message into the line and writes nothing below the level', () => {
    const { lines, logger } = capture('warn');
    logger.log('started', 'Main');
    logger.debug('detail');
    logger.error({ jobId: 'j1', attempt: 2 }, 'Queue x');
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, jobId: 'j1', attempt: 2, context: 'Queue x' }),
    ]);
  });

  it('serves Nest loggers once installed as the application logger', () => {
    const { lines, logger } = capture();
    NestLogger.overrideLogger(logger);
    new NestLogger('Seed').log('demo data ready');
    NestLogger.overrideLogger(false);
    expect(lines).toEqual([expect.objectContaining({ context: 'Seed', msg: 'demo data ready' })]);
  });
});
