/**
 * How long a started delivery belongs to the worker that started it. Longer than a Jira call can
 * take (client timeout) and than Jira's search index lags behind a create, so that when a later
 * attempt takes over, the earlier one has either finished or is visible to a search by its marker.
 */
export const ATTEMPT_LEASE_SECONDS = 20;

/** Another worker is delivering the same thing right now (or crashed doing so moments ago): look again later. */
export class AttemptInProgress extends Error {
  readonly retryable = true;
  constructor(readonly retryAfterSeconds: number) {
    super(`an earlier attempt is still in progress; looking again in ${retryAfterSeconds}s`);
  }
}

/** Rows of an UPDATE … RETURNING: TypeORM's postgres driver answers `[rows, count]` for updates. */
export function returnedRows<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}
