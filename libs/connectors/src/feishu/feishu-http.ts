import { larkSdk, type Lark } from './lark-sdk';
import { FeishuApiError, feishuError } from './feishu-errors';

/**
 * The SDK's shared axios instance with a per-client timeout. The SDK has no timeout of its own, and
 * changing the shared instance would affect every other Lark client in the process.
 */
export function httpInstanceWithTimeout(timeoutMs: number): Lark.HttpInstance {
  // Resolved per call, so building a client does not load the SDK (lark-sdk.ts).
  const base = () => larkSdk().defaultHttpInstance;
  const withTimeout = <O extends { timeout?: number }>(opts?: O) => ({ timeout: timeoutMs, ...(opts ?? {}) });
  return {
    request: (opts) => base().request(withTimeout(opts)),
    get: (url, opts) => base().get(url, withTimeout(opts)),
    delete: (url, opts) => base().delete(url, withTimeout(opts)),
    head: (url, opts) => base().head(url, withTimeout(opts)),
    options: (url, opts) => base().options(url, withTimeout(opts)),
    post: (url, data, opts) => base().post(url, data, withTimeout(opts)),
    put: (url, data, opts) => base().put(url, data, withTimeout(opts)),
    patch: (url, data, opts) => base().patch(url, data, withTimeout(opts)),
  } as Lark.HttpInstance;
}

export interface FeishuEnvelope<T> {
  code?: number;
  msg?: string;
  data?: T;
  error?: { log_id?: string; permission_violations?: { subject?: string }[] };
}

/** Returns `data` of a successful envelope; `code != 0` (which the SDK returns, not throws) becomes a typed error. */
export function unwrapEnvelope<T>(operation: string, body: FeishuEnvelope<T> | null | undefined): T {
  if (!body || typeof body !== 'object') {
    throw new FeishuApiError('unknown', false, `Feishu ${operation} failed: empty response`);
  }
  if (body.code !== 0) {
    throw feishuError(operation, {
      httpStatus: 200,
      code: body.code,
      msg: body.msg,
      logId: body.error?.log_id,
      permissionViolations: body.error?.permission_violations,
    });
  }
  return (body.data ?? {}) as T;
}

interface AxiosLikeError {
  isAxiosError?: boolean;
  code?: string;
  message?: string;
  response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
}

/** Maps a thrown HTTP failure (the SDK throws axios errors for non-2xx) to a typed error. */
export function toFeishuError(operation: string, error: unknown): FeishuApiError {
  if (error instanceof FeishuApiError) return error;
  const e = error as AxiosLikeError;
  if (!e || typeof e !== 'object' || !e.isAxiosError) {
    return new FeishuApiError(
      'unknown',
      false,
      `Feishu ${operation} failed: ${String((e as Error)?.message ?? e)}`,
    );
  }
  if (!e.response) {
    const timedOut = e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT';
    return new FeishuApiError(
      timedOut ? 'timeout' : 'unavailable',
      true,
      `Feishu ${operation} failed: ${timedOut ? 'timed out' : (e.code ?? e.message ?? 'network error')}`,
    );
  }
  // OAuth endpoints answer in OAuth style (`error_description`) rather than with `msg`.
  const body = (e.response.data ?? {}) as FeishuEnvelope<unknown> & { error_description?: unknown };
  const reset = e.response.headers?.['x-ogw-ratelimit-reset'];
  return feishuError(operation, {
    httpStatus: e.response.status,
    code: typeof body.code === 'number' && body.code !== 0 ? body.code : undefined,
    msg:
      typeof body.msg === 'string'
        ? body.msg
        : typeof body.error_description === 'string'
          ? body.error_description
          : undefined,
    logId: typeof body.error === 'object' ? body.error?.log_id : undefined,
    permissionViolations: typeof body.error === 'object' ? body.error?.permission_violations : undefined,
    rateLimitResetSeconds: reset !== undefined ? Number(reset) : undefined,
  });
}
