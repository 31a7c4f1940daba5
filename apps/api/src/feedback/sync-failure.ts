import { readRetryHint, type QueueJob } from '../sync';
import { DataSource, EntityTarget } from 'typeorm';

/**
 * Shows a failed delivery on the record itself: `failed` with the reason once no retry is left,
 * otherwise the state stays `pending` while the queue retries.
 */
export async function recordFailure(
  dataSource: DataSource,
  entity: EntityTarget<{ id: string; syncState: string; syncError: string | null }>,
  id: string,
  job: QueueJob,
  error: unknown,
): Promise<void> {
  const final = readRetryHint(error).retryable === false || job.attempt >= job.maxAttempts;
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
  await dataSource
    .getRepository(entity)
    .update({ id }, final ? { syncState: 'failed', syncError: message } : { syncError: message })
    .catch(() => undefined);
}
