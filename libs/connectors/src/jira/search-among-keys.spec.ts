import { createJiraClient } from './http-jira-client';
import type { JiraClient } from './jira-client.port';
import { JiraValidationError } from './jira-errors';
import { searchAmongKeys, type KeyBatchResult } from './search-among-keys';
import { startJiraSimulator, type JiraSimulator } from './testing/jira-simulator';

const credentials = { email: 'pm@example.com', apiToken: 'api-token-1', webhookSecret: 'hook-secret' };

describe('searchAmongKeys (against the Jira simulator over HTTP)', () => {
  let jira: JiraSimulator;
  let client: JiraClient;

  beforeAll(async () => {
    jira = await startJiraSimulator({ ...credentials, checkResponses: true });
    client = createJiraClient({ baseUrl: jira.url, ...credentials, retryBaseDelayMs: 10 });
  });
  afterAll(() => jira.stop());

  const collect = async (keys: string[], where?: string) => {
    const batches: KeyBatchResult[] = [];
    for await (const batch of searchAmongKeys(client, keys, { where, fields: ['summary'] }))
      batches.push(batch);
    return batches;
  };
  const searches = () => jira.control.recordedCalls().filter((c) => c.path.includes('/search/jql')).length;

  it('is refused by Jira as a whole when one listed key names no issue', async () => {
    await expect(
      client.searchPage({ jql: 'key in (HW-1, HW-404)', fields: ['summary'] }),
    ).rejects.toMatchObject({
      status: 400,
      errorMessages: ["An issue with key 'HW-404' does not exist for field 'key'."],
    });
  });

  it('finds the matching issues and names the gone keys, in batches of 50', async () => {
    jira.control.deleteIssue('HW-3');
    jira.control.deleteIssue('HW-20');
    // The simulator holds HW-1..HW-30: HW-31..HW-60 never existed.
    const keys = Array.from({ length: 60 }, (_, i) => `HW-${i + 1}`);
    const batches = await collect(keys);
    expect(batches).toHaveLength(2);
    const found = batches.flatMap((b) => b.issues.map((i) => i.key)).sort();
    const existing = keys.slice(0, 30).filter((k) => k !== 'HW-3' && k !== 'HW-20');
    expect(found).toEqual([...existing].sort());
    const gone = ['HW-3', 'HW-20', ...keys.slice(30)];
    expect(batches.flatMap((b) => b.goneKeys).sort()).toEqual([...gone].sort());
  });

  it('applies the extra condition and costs one search when no key is gone', async () => {
    jira.control.clearRecordedCalls();
    const [batch] = await collect(['HW-1', 'HW-2'], 'key = HW-2');
    expect(batch.issues.map((i) => i.key)).toEqual(['HW-2']);
    expect(batch.goneKeys).toEqual([]);
    expect(searches()).toBe(1);
  });

  it('throws a refusal that is not about a gone key instead of calling existing issues gone', async () => {
    await expect(collect(['HW-1', 'HW-2', 'HW-4'], 'updated >= "not a date"')).rejects.toBeInstanceOf(
      JiraValidationError,
    );
  });
});
