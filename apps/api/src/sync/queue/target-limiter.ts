/**
 * Per-target admission: a number of slots (concurrent calls) and a token bucket (calls per second),
 * shared by every queue that talks to the same system, so several Jira queues together still
 * respect one budget for Jira.
 */
export class TargetLimiter {
  private inUse = 0;
  private tokens: number;
  private refilledAt = Date.now();
  private readonly slotWaiters: Array<() => void> = [];

  constructor(
    readonly concurrency: number,
    /** Calls per second; 0 means unlimited. */
    readonly ratePerSecond: number,
  ) {
    this.tokens = Math.max(1, ratePerSecond);
  }

  get free(): number {
    return Math.max(0, this.concurrency - this.inUse);
  }

  /** Takes up to `wanted` slots without waiting; returns how many were taken. */
  tryAcquire(wanted: number): number {
    const taken = Math.min(wanted, this.free);
    this.inUse += taken;
    return taken;
  }

  release(count = 1): void {
    this.inUse = Math.max(0, this.inUse - count);
    this.slotWaiters.splice(0).forEach((wake) => wake());
  }

  /** Resolves when a slot may be free (the caller retries tryAcquire), or after `timeoutMs`. */
  waitForSlot(timeoutMs: number): Promise<void> {
    if (this.free > 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.slotWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Waits for a rate-limit token. */
  async takeToken(): Promise<void> {
    if (this.ratePerSecond <= 0) return;
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(
        this.ratePerSecond,
        this.tokens + ((now - this.refilledAt) / 1000) * this.ratePerSecond,
      );
      this.refilledAt = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((resolve) =>
        setTimeout(resolve, Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000)),
      );
    }
  }
}
