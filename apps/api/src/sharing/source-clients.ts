import { PolicyViolationError } from '../common';
import { connectorClientProviders } from '../config';

/**
 * The Jira and Feishu clients of the sharing module. Refreshes run on the durable queue, which retries
 * with its own backoff, so Jira calls retry once in the client. Where a system is not configured, every
 * call explains what is missing.
 */
export const sourceClientProviders = connectorClientProviders({
  jiraRetries: 1,
  unconfigured: (message) => new PolicyViolationError(message),
});
