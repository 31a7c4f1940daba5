import { RetryHint } from './job-queue.types';

export interface RetryDecision {
  retry: boolean;
  delaySeconds: number;
}

export interface BackoffSettings {
  baseSeconds: number;
  maxSeconds: number;
}

/**
 * Decides what happens to a failed attempt. `attempt` is 1-based. Exponential backoff with "equal
 * jitter" (half fixed, half random) spreads retries of a burst of failures; a `retryAfterSeconds`
 * from the remote side is a floor, never shortened, with a little jitter added on top so that many
 * jobs rate-limited together do not come back in the same instant.
 */
export function decideRetry(
  error: unknown,
  attempt: number,
  maxAttempts: number,
  backoff: BackoffSettings,
  random: () => number = Math.random,
): RetryDecision {
  const hint = readRetryHint(error);
  if (hint.retryable === false || attempt >= maxAttempts) return { retry: false, delaySeconds: 0 };
  if (hint.retryAfterSeconds !== undefined) {
    return { retry: true, delaySeconds: hint.retryAfterSeconds * (1 + 0.1 * random()) };
  }
  const ceiling = Math.min(backoff.maxSeconds, backoff.baseSeconds * 2 ** (attempt - 1));
  return { retry: true, delaySeconds: ceiling / 2 + (ceiling / 2) * random() };
}

export function readRetryHint(error: unknown): RetryHint {
  if (typeof error !== 'object' || error === null) return {};
  const { retryable, retryAfterSeconds, retryAfterMs } = error as Record<string, unknown>;
  const valid = (value: unknown): value is number =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0;
  return {
    retryable: typeof retryable === 'boolean' ? retryable : undefined,
    // Jira's errors say seconds, Feishu's milliseconds.
    retryAfterSeconds: valid(retryAfterSeconds)
      ? retryAfterSeconds
      : valid(retryAfterMs)
        ? retryAfterMs / 1000
        : undefined,
  };
}

/** The error as stored on the job for the operations page: no stack traces of other systems' payloads. */
export function describeError(error: unknown): { name: string; message: string; retryable?: boolean } {
  if (error instanceof Error) {
    const hint = readRetryHint(error);
    return { name: error.name, message: error.message.slice(0, 2000), retryable: hint.retryable };
  }
  return { name: 'Error', message: String(error).slice(0, 2000) };
}
