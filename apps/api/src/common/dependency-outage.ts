/** Socket errors meaning the other side is not there (or went away), not that the request was wrong. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** PostgreSQL SQLSTATEs of a server that is shutting down or starting: class 08 and these. */
const POSTGRES_UNAVAILABLE = new Set(['57P01', '57P02', '57P03']);

/** What node-postgres throws when the server disappears or cannot be reached in time. */
const POSTGRES_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established/i;

/**
 * True when `error` says that PostgreSQL or object storage is unreachable (a dependency outage), which
 * deserves a 503 and a retry later rather than a 500. Looks through TypeORM's `driverError` and `cause`.
 */
export function isDependencyOutage(error: unknown): boolean {
  for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 4; depth++) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && (NETWORK_CODES.has(code) || POSTGRES_UNAVAILABLE.has(code) || /^08/.test(code))) return true;
    // The AWS SDK reports a request it gave up on (no connection, abort signal) as TimeoutError.
    if (e.name === 'TimeoutError') return true;
    if (typeof e.message === 'string' && POSTGRES_MESSAGES.test(e.message)) return true;
    // The AWS SDK wraps what it does not recognise as an Error (e.g. from another realm) in a plain
    // "AWS SDK error wrapper for Error: connect ECONNREFUSED …", keeping only the message.
    if (typeof e.message === 'string' && /^AWS SDK error wrapper/.test(e.message)) {
      const words = e.message.match(/\bE[A-Z]+\b/g) ?? [];
      if (words.some((word) => NETWORK_CODES.has(word))) return true;
    }
    e = (e.driverError ?? e.cause) as Record<string, unknown> | undefined;
  }
  return false;
}
