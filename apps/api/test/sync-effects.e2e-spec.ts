import { SyncEffectService } from '../src/sync/effects/sync-effect.service';
import { createTestApp, TestApp } from './support/test-app';

describe('SyncEffectService (idempotent external effects)', () => {
  let t: TestApp;
  let effects: SyncEffectService;

  beforeAll(async () => {
    t = await createTestApp({
      JIRA_BASE_URL: 'http://127.0.0.1:9',
      JIRA_EMAIL: 'bot@example.test',
      JIRA_API_TOKEN: 'unused',
      FEISHU_BASE_URL: 'http://127.0.0.1:9',
      FEISHU_APP_ID: 'cli_unused',
      FEISHU_APP_SECRET: 'unused',
    });
    effects = t.app.get(SyncEffectService);
  });
  afterAll(() => t.close());

  it('performs an effect once and answers later runs of the same key from the record', async () => {
    let calls = 0;
    const perform = async () => `HW-${++calls}`;
    expect(await effects.once('jira.create-issue:d-1', { perform })).toEqual({
      externalRef: 'HW-1',
      replayed: false,
    });
    expect(await effects.once('jira.create-issue:d-1', { perform })).toEqual({
      externalRef: 'HW-1',
      replayed: true,
    });
    expect(calls).toBe(1);
  });

  it('adopts the external marker found by lookup instead of repeating a call whose result was never recorded', async () => {
    let created = 0;
    const result = await effects.once('jira.create-issue:d-2', {
      lookup: async () => 'HW-77',
      perform: async () => `HW-${++created}`,
    });
    expect(result).toEqual({ externalRef: 'HW-77', replayed: true });
    expect(created).toBe(0);
    expect(await effects.find('jira.create-issue:d-2')).toBe('HW-77');
  });

  it('records nothing when the effect fails, so the retry performs it', async () => {
    await expect(
      effects.once('jira.comment:c-1', {
        perform: async () => {
          throw new Error('503');
        },
      }),
    ).rejects.toThrow('503');
    expect(await effects.find('jira.comment:c-1')).toBeUndefined();
    expect(await effects.once('jira.comment:c-1', { perform: async () => '10001' })).toEqual({
      externalRef: '10001',
      replayed: false,
    });
  });

  it('keeps the first record when two runs race to record the same key', async () => {
    await Promise.all([
      effects.record('feishu.upload:r-1', 'box-a'),
      effects.record('feishu.upload:r-1', 'box-b'),
    ]);
    expect(['box-a', 'box-b']).toContain(await effects.find('feishu.upload:r-1'));
    expect(await effects.record('feishu.upload:r-1', 'box-c')).not.toBe('box-c');
  });
});
