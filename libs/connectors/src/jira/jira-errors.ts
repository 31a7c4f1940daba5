/**
 * Every failure of a Jira call surfaces as one of these. `retryable` tells the sync engine whether the same
 * request may succeed later (rate limits, outages, timeouts) or will fail the same way again (bad input,
 * missing issue, missing permission), so jobs can be retried or dead-lettered without inspecting status codes.
 */
export abstract class JiraError extends Error {
  abstract readonly retryable: boolean;

  protected constructor(
    message: string,
    /** HTTP status Jira answered with; undefined when no response arrived (timeout, connection refused). */
    readonly status: number | undefined,
    /** Jira's general messages (`ErrorCollection.errorMessages`). */
    readonly errorMessages: string[] = [],
    /** Jira's per-field messages keyed by field id (`ErrorCollection.errors`). */
    readonly errors: Record<string, string> = {},
    /** Seconds Jira asked us to wait (`Retry-After`), when it said so. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 404: the issue (or other resource) does not exist, or the caller may not see it — Jira does not distinguish. */
export class JiraNotFoundError extends JiraError {
  readonly retryable = false;
  constructor(message: string, errorMessages?: string[], errors?: Record<string, string>) {
    super(message, 404, errorMessages, errors);
  }
}

/** 401/403: credentials rejected or the account lacks a permission. Retrying will not help until an admin acts. */
export class JiraForbiddenError extends JiraError {
  readonly retryable = false;
  constructor(message: string, status: 401 | 403, errorMessages?: string[], errors?: Record<string, string>) {
    super(message, status, errorMessages, errors);
  }
}

/** 429: over the rate limit. `retryAfterSeconds` carries Jira's `Retry-After` when present. */
export class JiraRateLimitedError extends JiraError {
  readonly retryable = true;
  constructor(message: string, retryAfterSeconds?: number, errorMessages?: string[]) {
    super(message, 429, errorMessages, {}, retryAfterSeconds);
  }
}

/**
 * 400/409/410/413/422: Jira refused the request as sent (invalid JQL, unsettable field, transition not allowed,
 * per-issue limit). 409 is a concurrent-update conflict and is the one case worth retrying.
 */
export class JiraValidationError extends JiraError {
  readonly retryable: boolean;
  constructor(message: string, status: number, errorMessages?: string[], errors?: Record<string, string>) {
    super(message, status, errorMessages, errors);
    this.retryable = status === 409;
  }
}

/** 5xx, timeouts and connection failures: Jira could not answer now; try again later. */
export class JiraUnavailableError extends JiraError {
  readonly retryable = true;
  constructor(message: string, status?: number, retryAfterSeconds?: number, options?: { cause?: unknown }) {
    super(message, status, [], {}, retryAfterSeconds);
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
