import { unconfiguredClient as clientFailingWith } from '../config/connector-clients';
import { PermanentJobError } from '../sync';

/**
 * A client for a system that is not configured: the app starts, and every call fails for good, so
 * the job that made it is dead-lettered with the reason instead of retried.
 */
export function unconfiguredClient<T extends object>(what: string): T {
  return clientFailingWith<T>(what, (message) => new PermanentJobError(message));
}
