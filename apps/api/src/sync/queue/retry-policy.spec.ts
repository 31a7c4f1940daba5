import { decideRetry, describeError, readRetryHint } from './retry-policy';

const backoff = { baseSeconds: 5, maxSeconds: 60 };

describe('decideRetry', () => {
  it('backs off exponentially with jitter between half and all of the ceiling', () => {
    expect(decideRetry(new Error('x'), 1, 8, backoff, () => 0)).toEqual({ retry: true, delaySeconds: 2.5 });
    expect(decideRetry(new Error('x'), 1, 8, backoff, () => 1)).toEqual({ retry: true, delaySeconds: 5 });
    expect(decideRetry(new Error('x'), 3, 8, backoff, () => 1)).toEqual({ retry: true, delaySeconds: 20 });
  });

  it('never waits longer than the maximum backoff', () => {
    expect(decideRetry(new Error('x'), 7, 8, backoff, () => 1).delaySeconds).toBe(60);
  });

  it('waits at least the Retry-After the remote side asked for', () => {
    const error = Object.assign(new Error('429'), { retryable: true, retryAfterSeconds: 30 });
    const { delaySeconds } = decideRetry(error, 1, 8, backoff, () => 0.5);
    expect(delaySeconds).toBeGreaterThanOrEqual(30);
    expect(delaySeconds).toBeLessThanOrEqual(33);
  });

  it('reads a Retry-After given in milliseconds (Feishu) as well as in seconds (Jira)', () => {
    expect(readRetryHint({ retryable: true, retryAfterMs: 1500 }).retryAfterSeconds).toBe(1.5);
    expect(readRetryHint({ retryAfterSeconds: 2, retryAfterMs: 9000 }).retryAfterSeconds).toBe(2);
  });

  it('gives up at once on an error marked not retryable', () => {
    expect(decideRetry(Object.assign(new Error('403'), { retryable: false }), 1, 8, backoff)).toEqual({
      retry: false,
      delaySeconds: 0,
    });
  });

  it('gives up after the last attempt', () => {
    expect(decideRetry(new Error('x'), 8, 8, backoff).retry).toBe(false);
  });

  it('ignores a nonsensical retryAfterSeconds', () => {
    expect(readRetryHint({ retryAfterSeconds: -1 })).toEqual({
      retryable: undefined,
      retryAfterSeconds: undefined,
    });
    expect(readRetryHint({ retryAfterSeconds: 'soon' }).retryAfterSeconds).toBeUndefined();
    expect(readRetryHint('boom')).toEqual({});
  });
});

describe('describeError', () => {
  it('keeps name, message and retryability, truncating long messages', () => {
    const described = describeError(Object.assign(new TypeError('y'.repeat(5000)), { retryable: false }));
    expect(described.name).toBe('TypeError');
    expect(described.message).toHaveLength(2000);
    expect(described.retryable).toBe(false);
  });
});
