import { createJiraClient } from '@portico/connectors/jira/http-jira-client';
import { startJiraSimulator, type JiraSimulator } from '@portico/connectors/jira/testing';
import { jqlSince } from './jql-since';

const credentials = { email: 'pm@example.com', apiToken: 'api-token-1', webhookSecret: 'hook-secret' };

describe('jqlSince', () => {
  it('is a relative duration in whole minutes, one minute earlier than the boundary', () => {
    const now = Date.parse('2026-11-25T10:30:00Z');
    expect(jqlSince('2026-11-25T10:15:00Z', now)).toBe('-16m');
    expect(jqlSince('2026-11-25T10:14:30Z', now)).toBe('-17m');
    expect(jqlSince('2026-11-25T10:30:00Z', now)).toBe('-1m');
  });

  describe('against a Jira whose API account lives west of UTC', () => {
    let jira: JiraSimulator;
    beforeAll(async () => {
      jira = await startJiraSimulator({ ...credentials, timeZone: 'America/New_York' });
    });
    afterAll(() => jira.stop());

    it('finds an issue edited after the boundary (Jira reads absolute dates in the account time zone)', async () => {
      const client = createJiraClient({ baseUrl: jira.url, ...credentials });
      const since = new Date(Date.now() - 10 * 60_000).toISOString();
      jira.control.editIssue('HW-2', { summary: 'Edited five minutes into the window' });
      const found = await client.searchPage({
        jql: `key in (HW-1, HW-2) AND updated >= "${jqlSince(since)}"`,
        fields: ['updated'],
      });
      expect(found.issues.map((issue) => issue.key)).toEqual(['HW-2']);
    });
  });
});
