import { loadConfig } from '../config';

describe('sync configuration', () => {
  it('defaults to bounded attempts, a short job expiry and per-target limits', () => {
    const { sync } = loadConfig({});
    expect(sync.maxAttempts).toBe(8);
    // Far below pg-boss's 15-minute default, so a dead worker's job comes back soon.
    expect(sync.jobExpirySeconds).toBe(300);
    expect(sync.concurrency).toEqual({ jira: 4, feishu: 2, dingtalk: 2, kingdee: 1, email: 4, internal: 8 });
    expect(sync.rateLimits).toEqual({ jira: 20, feishu: 5, dingtalk: 5, kingdee: 5, email: 10 });
  });

  it('reads per-target numbers from SYNC_CONCURRENCY and SYNC_RATE_LIMITS', () => {
    const { sync } = loadConfig({ SYNC_CONCURRENCY: 'jira=2, feishu=1', SYNC_RATE_LIMITS: 'jira=7.5' });
    expect(sync.concurrency).toEqual({ jira: 2, feishu: 1 });
    expect(sync.rateLimits).toEqual({ jira: 7.5 });
  });

  it('names the variable when a target is unknown or a number is missing', () => {
    expect(() => loadConfig({ SYNC_CONCURRENCY: 'jora=2' })).toThrow(/SYNC_CONCURRENCY/);
    expect(() => loadConfig({ SYNC_RATE_LIMITS: 'jira=' })).toThrow(/SYNC_RATE_LIMITS/);
    expect(() => loadConfig({ SYNC_MAX_ATTEMPTS: '0' })).toThrow(/SYNC_MAX_ATTEMPTS/);
  });
});
