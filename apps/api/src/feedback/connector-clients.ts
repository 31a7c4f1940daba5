import { connectorClientProviders } from '../config';
import { PermanentJobError } from '../sync';

/**
 * The outbound clients of the flow-back handlers. No in-client retries: every call runs in a queue
 * job whose retries honour Retry-After and survive a restart, and an in-client retry of a create
 * would hide from the job that the first attempt may have landed. Where a system is not configured,
 * every call fails for good, so the job is dead-lettered with the reason instead of retried.
 */
export const flowBackClientProviders = connectorClientProviders({
  jiraRetries: 0,
  unconfigured: (message) => new PermanentJobError(message),
});
