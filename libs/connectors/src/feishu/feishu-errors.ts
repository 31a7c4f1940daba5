/**
 * Typed failures of Feishu/Lark calls. Feishu reports most business errors as HTTP 200 with
 * `code != 0` and the SDK hands those back as ordinary results, so every call is unwrapped into
 * one of these before application code sees it.
 */
export type FeishuErrorKind =
  | 'rate_limited'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'invalid_request'
  | 'unavailable'
  | 'timeout'
  | 'unknown';

export interface FeishuErrorDetails {
  /** Feishu's `code` (0 never reaches here); undefined when the failure had no Feishu body. */
  code?: number;
  httpStatus?: number;
  logId?: string;
  /** Scopes the app lacks, from `error.permission_violations` (code 99991672). */
  missingScopes?: string[];
}

export class FeishuApiError extends Error {
  readonly code?: number;
  readonly httpStatus?: number;
  readonly logId?: string;
  readonly missingScopes: string[];

  constructor(
    readonly kind: FeishuErrorKind,
    /** True when the same request may succeed later without anyone changing configuration. */
    readonly retryable: boolean,
    message: string,
    details: FeishuErrorDetails = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.code = details.code;
    this.httpStatus = details.httpStatus;
    this.logId = details.logId;
    this.missingScopes = details.missingScopes ?? [];
  }
}

export class FeishuRateLimitedError extends FeishuApiError {
  constructor(
    /** How long Feishu asked us to wait (`x-ogw-ratelimit-reset`), or a conservative default. */
    readonly retryAfterMs: number,
    message: string,
    details: FeishuErrorDetails = {},
  ) {
    super('rate_limited', true, message, details);
  }
}

/** Known Feishu codes and what they mean for a caller; anything else falls back to the HTTP status. */
const KNOWN_CODES: Record<number, { kind: FeishuErrorKind; retryable: boolean }> = {
  99991400: { kind: 'rate_limited', retryable: true },
  1061045: { kind: 'rate_limited', retryable: true },
  99991663: { kind: 'unauthorized', retryable: true },
  99991661: { kind: 'unauthorized', retryable: false },
  99991668: { kind: 'unauthorized', retryable: false },
  99991671: { kind: 'unauthorized', retryable: false },
  99991677: { kind: 'unauthorized', retryable: false },
  10003: { kind: 'unauthorized', retryable: false },
  10014: { kind: 'unauthorized', retryable: false },
  99991672: { kind: 'forbidden', retryable: false },
  99991679: { kind: 'forbidden', retryable: false },
  1770032: { kind: 'forbidden', retryable: false },
  1061004: { kind: 'forbidden', retryable: false },
  1770002: { kind: 'not_found', retryable: false },
  1061007: { kind: 'not_found', retryable: false },
  1061044: { kind: 'not_found', retryable: false },
  230002: { kind: 'not_found', retryable: false },
  1061002: { kind: 'invalid_request', retryable: false },
  1770001: { kind: 'invalid_request', retryable: false },
  1061043: { kind: 'invalid_request', retryable: false },
  1062507: { kind: 'invalid_request', retryable: false },
};

function kindFromStatus(status: number | undefined): { kind: FeishuErrorKind; retryable: boolean } {
  if (status === undefined) return { kind: 'unavailable', retryable: true };
  if (status === 429) return { kind: 'rate_limited', retryable: true };
  if (status === 401) return { kind: 'unauthorized', retryable: false };
  if (status === 403) return { kind: 'forbidden', retryable: false };
  if (status === 404) return { kind: 'not_found', retryable: false };
  if (status === 408 || status >= 500) return { kind: 'unavailable', retryable: true };
  if (status >= 400) return { kind: 'invalid_request', retryable: false };
  return { kind: 'unknown', retryable: false };
}

const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;

export interface FeishuFailure {
  httpStatus?: number;
  code?: number;
  msg?: string;
  logId?: string;
  permissionViolations?: { subject?: string }[];
  /** `x-ogw-ratelimit-reset`, seconds. */
  rateLimitResetSeconds?: number;
}

/** Builds the typed error for a Feishu failure, whichever way (HTTP status or `code`) it was reported. */
export function feishuError(operation: string, failure: FeishuFailure): FeishuApiError {
  const known = failure.code !== undefined ? KNOWN_CODES[failure.code] : undefined;
  const { kind, retryable } = known ?? kindFromStatus(failure.httpStatus);
  const details: FeishuErrorDetails = {
    code: failure.code,
    httpStatus: failure.httpStatus,
    logId: failure.logId,
    missingScopes: failure.permissionViolations?.map((v) => v.subject ?? '').filter(Boolean),
  };
  const what = failure.code !== undefined ? `code ${failure.code}` : `HTTP ${failure.httpStatus ?? 'error'}`;
  const message = `Feishu ${operation} failed: ${what}${failure.msg ? ` (${failure.msg})` : ''}`;
  if (kind === 'rate_limited') {
    const reset = failure.rateLimitResetSeconds;
    const waitMs =
      reset !== undefined && Number.isFinite(reset) && reset >= 0 ? reset * 1000 : DEFAULT_RATE_LIMIT_WAIT_MS;
    return new FeishuRateLimitedError(waitMs, message, details);
  }
  return new FeishuApiError(kind, retryable, message, details);
}

/** Why an inbound event callback was refused; the webhook controller answers 401/400 accordingly. */
export type FeishuEventRejection =
  | 'malformed'
  | 'bad_signature'
  | 'missing_signature'
  | 'stale_timestamp'
  | 'replayed'
  | 'bad_token'
  | 'undecryptable';

export class FeishuEventRejectedError extends Error {
  constructor(
    readonly reason: FeishuEventRejection,
    message: string,
  ) {
    super(message);
    this.name = 'FeishuEventRejectedError';
  }
}
