import { TenantTokenCache } from './tenant-token-cache';

describe('TenantTokenCache', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('shares one in-flight refresh between concurrent callers', async () => {
    let release!: () => void;
    const fetchToken = jest.fn(
      () =>
        new Promise<{ token: string; expireSeconds: number }>(
          (r) => (release = () => r({ token: 't-1', expireSeconds: 7200 })),
        ),
    );
    const cache = new TenantTokenCache(fetchToken, clock);
    const all = Promise.all([cache.get(), cache.get(), cache.get()]);
    release();
    expect(await all).toEqual(['t-1', 't-1', 't-1']);
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  it('refreshes three minutes before the stated expiry, not after', async () => {
    const tokens = ['t-1', 't-2'];
    const cache = new TenantTokenCache(async () => ({ token: tokens.shift()!, expireSeconds: 7200 }), clock);
    expect(await cache.get()).toBe('t-1');
    now += (7200 - 181) * 1000;
    expect(await cache.get()).toBe('t-1');
    now += 2000;
    expect(await cache.get()).toBe('t-2');
  });

  it('does not cache a failed refresh: the next call tries again', async () => {
    const fetchToken = jest
      .fn()
      .mockRejectedValueOnce(new Error('network down'))
      .mockResolvedValueOnce({ token: 't-ok', expireSeconds: 7200 });
    const cache = new TenantTokenCache(fetchToken, clock);
    await expect(cache.get()).rejects.toThrow('network down');
    await expect(cache.get()).resolves.toBe('t-ok');
  });

  it('drops only the token that was rejected, not a newer one', async () => {
    const tokens = ['t-1', 't-2'];
    const cache = new TenantTokenCache(async () => ({ token: tokens.shift()!, expireSeconds: 7200 }), clock);
    await cache.get();
    cache.invalidate('t-1');
    expect(await cache.get()).toBe('t-2');
    cache.invalidate('t-1');
    expect(await cache.get()).toBe('t-2');
  });
});
