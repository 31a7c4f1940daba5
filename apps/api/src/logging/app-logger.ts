import { LoggerService } from '@nestjs/common';
import pino, { Level, Logger } from 'pino';
import type { AppConfig } from '../config';
import { tracingEnabled, traceLogFields } from '../tracing';

/**
 * The process's one pino logger (JSON lines on stdout). With tracing on, every line written inside a
 * trace carries `trace_id`/`span_id`; with it off there is no mixin at all.
 */
export function createRootLogger(config: Pick<AppConfig, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, ...(tracingEnabled() ? { mixin: traceLogFields } : {}) });
}

/**
 * Nest's logger interface over the root logger: `new Logger('Queue x').warn('...')` anywhere in the app
 * becomes one line with `context: "Queue x"`. No per-request logger and no AsyncLocalStorage: on Node 20
 * a request context kept that way put a hook on every promise of the process, which cost the item list
 * ~40 % of its CPU (docs/performance.md); the request's own line is written by request-log.ts.
 */
export class AppLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest passes the context last; an error may come as (message, stack, context). */
  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.root.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const rest = params.slice();
    if (rest.length && typeof rest[rest.length - 1] === 'string') fields.context = rest.pop();
    if (message instanceof Error) {
      fields.err = message;
      this.root[level](fields, message.message);
      return;
    }
    if (
      level === 'error' &&
      typeof message === 'string' &&
      typeof rest[0] === 'string' &&
      rest.length === 1
    ) {
      const err = new Error(message);
      err.stack = rest[0];
      this.root[level]({ ...fields, err }, message);
      return;
    }
    if (message !== null && typeof message === 'object') {
      this.root[level]({ ...fields, ...message });
      return;
    }
    this.root[level](fields, String(message));
  }
}
