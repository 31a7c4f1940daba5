/**
 * Errors services throw to say what went wrong in domain terms; the problem-details filter turns
 * them into RFC 9457 responses. Services never build HTTP responses themselves.
 */
export interface FieldError {
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  /** Extra members of the problem document (RFC 9457 extensions). */
  readonly extensions?: Record<string, unknown>;
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Missing — or not visible to the caller, which must look the same (tenant isolation). */
export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly type = 'not-found';
}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly type = 'conflict';
}

/** The request is well-formed but breaks a rule (file policy, checksum mismatch, state transition). */
export class PolicyViolationError extends DomainError {
  readonly status = 422;
  readonly type = 'policy-violation';
}

export class BadInputError extends DomainError {
  readonly status = 400;
  readonly type = 'validation';
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly type = 'forbidden';
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly type = 'unauthorized';
}

/** A system Portico depends on (Kingdee, storage) cannot be reached or is not configured; try again later. */
export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
  readonly type = 'unavailable';
}

/**
 * A configured limit was reached: requests per minute, open uploads, storage quota. `limit` names it
 * (the setting an operator would change) and says its value, so clients can tell limits apart.
 */
export class LimitExceededError extends DomainError {
  readonly type = 'limit-exceeded';
  override readonly extensions: Record<string, unknown>;
  constructor(
    readonly status: 422 | 429,
    message: string,
    limit: { name: string; value: number },
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.extensions = { limit };
  }
}

/** Sign-in refused because repeated failures locked the account for a while (423 Locked). */
export class AccountLockedError extends DomainError {
  readonly status = 423;
  readonly type = 'account-locked';
}

/** Password sign-in, reset or invitation password refused: the organisation signs in only with its IdP. */
export class SsoRequiredError extends DomainError {
  readonly status = 403;
  readonly type = 'sso-required';
}
