import type { AuthUser } from '@portico/auth';
import { ConsoleSummaryService, SUMMARY_MAX_AGE_MS } from './console-summary.service';

/** The five modules' counting calls, answered from `drafts` and counted in `calls`. */
function summaryService() {
  const state = { calls: 0, drafts: 3, fail: false };
  const counted = async () => {
    state.calls++;
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (state.fail) throw new Error('database unavailable');
    return state.drafts;
  };
  const service = new ConsoleSummaryService(
    {
      managed: async () => [{ id: 'w1', acknowledgeWithinDays: 5 }],
      countAccessEndingWithin: async () => 0,
    } as never,
    { countPendingDrafts: counted, countUnacknowledged: async () => 0 } as never,
    { countAwaitingReview: async () => 0 } as never,
    { countNewDefects: async () => 0 } as never,
    { countFailed: async () => 0 } as never,
  );
  return { service, state };
}

const pm = { id: 'pm-1', orgKind: 'internal', role: 'pm' } as AuthUser;

describe('ConsoleSummaryService', () => {
  it('counts once for requests arriving together and serves that count until it is too old', async () => {
    const { service, state } = summaryService();
    const now = Date.now();
    const [a, b] = await Promise.all([service.forUser(pm, now), service.forUser(pm, now + 1)]);
    expect(state.calls).toBe(1);
    expect(a.draftsToPublish).toBe(3);
    expect(b).toEqual(a);
    state.drafts = 4;
    expect((await service.forUser(pm, now + SUMMARY_MAX_AGE_MS - 1)).draftsToPublish).toBe(3);
    expect((await service.forUser(pm, now + SUMMARY_MAX_AGE_MS)).draftsToPublish).toBe(4);
    expect(state.calls).toBe(2);
  });

  it('counts anew after forget (the user wrote something) and keeps users apart', async () => {
    const { service, state } = summaryService();
    const now = Date.now();
    await service.forUser(pm, now);
    state.drafts = 7;
    expect((await service.forUser({ ...pm, id: 'pm-2' } as AuthUser, now)).draftsToPublish).toBe(7);
    expect((await service.forUser(pm, now)).draftsToPublish).toBe(3);
    service.forget(pm.id);
    expect((await service.forUser(pm, now)).draftsToPublish).toBe(7);
  });

  it('does not keep a failed count', async () => {
    const { service, state } = summaryService();
    state.fail = true;
    await expect(service.forUser(pm)).rejects.toThrow('database unavailable');
    state.fail = false;
    expect((await service.forUser(pm)).draftsToPublish).toBe(3);
  });

  it('refuses suppliers before anything is counted or kept', async () => {
    const { service, state } = summaryService();
    await expect(service.forUser({ ...pm, orgKind: 'supplier' } as AuthUser)).rejects.toThrow(
      /project managers/,
    );
    expect(state.calls).toBe(0);
  });
});
