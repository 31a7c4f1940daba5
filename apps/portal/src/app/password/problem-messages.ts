import { HttpErrorResponse } from '@angular/common/http';
import { ProblemDetails } from '../core/api/api-types';

/** The API's explanation for one field of a rejected form (RFC 9457 `errors[]`), if it gave one. */
export function fieldProblem(error: unknown, field: string): string | undefined {
  if (!(error instanceof HttpErrorResponse)) return undefined;
  const problem = (error.error ?? {}) as ProblemDetails;
  return problem.errors?.find((e) => e.field === field)?.message;
}
