export interface FetchedTenantToken {
  token: string;
  /** Remaining lifetime in seconds, as Feishu's `expire`. */
  expireSeconds: number;
}

/** Refresh this long before Feishu's stated expiry, as the official SDK does. */
const REFRESH_MARGIN_MS = 3 * 60_000;

/**
 * Caches the tenant_access_token and refreshes it before expiry. Concurrent callers share one
 * in-flight refresh, so a burst of jobs after expiry costs one token request, not one each.
 */
export class TenantTokenCache {
  private current?: { token: string; refreshAt: number };
  private inflight?: Promise<string>;

  constructor(
    private readonly fetchToken: () => Promise<FetchedTenantToken>,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<string> {
    if (this.current && this.now() < this.current.refreshAt) return Promise.resolve(this.current.token);
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Drops the cached token if it is still the one Feishu just rejected (code 99991663). */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }

  private async refresh(): Promise<string> {
    const fetched = await this.fetchToken();
    const lifetimeMs = fetched.expireSeconds * 1000;
    // A short remaining lifetime (token about to roll over) would make the margin swallow it all.
    const usableMs = lifetimeMs > 2 * REFRESH_MARGIN_MS ? lifetimeMs - REFRESH_MARGIN_MS : lifetimeMs / 2;
    this.current = { token: fetched.token, refreshAt: this.now() + usableMs };
    return fetched.token;
  }
}
