import { HttpErrorResponse } from '@angular/common/http';
import type { ProblemDetails } from './api-types';

/** What a console page shows when the API refused a request. */
export interface ApiProblem {
  status: number;
  /** Translation key of the general message, chosen by status. */
  messageKey: string;
  /** The API's own explanation, if it gave one. */
  detail: string | null;
  /** Every bad field the API named (RFC 9457 `errors`), so a form can point at each. */
  fields: Array<{ field: string; message: string }>;
}

export function toApiProblem(error: unknown): ApiProblem {
  if (!(error instanceof HttpErrorResponse)) {
    return { status: -1, messageKey: 'console.errors.unknown', detail: null, fields: [] };
  }
  const body = (typeof error.error === 'object' && error.error !== null ? error.error : {}) as ProblemDetails;
  return {
    status: error.status,
    messageKey: messageKeyFor(error.status),
    detail: body.detail ?? (error.status >= 400 && error.status < 500 ? (body.title ?? null) : null),
    fields: Array.isArray(body.errors) ? body.errors : [],
  };
}

function messageKeyFor(status: number): string {
  if (status === 0) return 'console.errors.network';
  if (status === 400 || status === 422) return 'console.errors.invalid';
  if (status === 403) return 'console.errors.forbidden';
  if (status === 404) return 'console.errors.notFound';
  if (status === 409) return 'console.errors.conflict';
  if (status === 429) return 'console.errors.rateLimited';
  if (status >= 500) return 'console.errors.server';
  return 'console.errors.unknown';
}
