import { createFeedbackWorld, FeedbackWorld, waitFor } from './feedback.fixtures';

/**
 * The embedded PGlite runs one transaction at a time for all connections: a handler that, inside a
 * transaction, waits for a query on another connection stalls every request of the app for good.
 * These tests run on both databases; without DATABASE_URL they exercise exactly that.
 */
describe('A Jira webhook on the embedded database', () => {
  let w: FeedbackWorld;
  let defectId: string;

  beforeAll(async () => {
    // Queue workers on, as `npm start` runs them, so the webhook's jobs are handled in this process.
    w = await createFeedbackWorld({ ROLE: 'all' });
    [{ id: defectId }] = await w.t.dataSource.query(
      `INSERT INTO defect (workspace_id, title, description, severity, reported_by, reporter_org_id, jira_key, jira_issue_id, sync_state)
       VALUES ($1, 'Bearing noise', 'Loud at 3000 rpm', 'major', $2, $3, 'HW-1', $4, 'delivered') RETURNING id`,
      [w.acmeWorkspaceId, w.ana.id, w.ana.orgId, w.jira.control.issue('HW-1').id],
    );
  }, 60_000);

  afterAll(() => w?.close());

  it('applies an edited issue’s status and keeps answering every further request', async () => {
    w.jira.control.transitionIssue('HW-1', 'Done');
    await w.jira.control.flushWebhooks();
    const delivered = w.jira.control.webhookDeliveries.filter((d) => d.event === 'jira:issue_updated');
    expect(delivered.at(-1)?.status).toBe(200);

    await waitFor(
      async () => {
        const res = await w.asAna.get(`/api/v1/defects/${defectId}`).timeout(3000);
        return res.body.status === 'Fixed';
      },
      20_000,
      'the status change from the webhook',
    );
    for (let i = 0; i < 5; i++) {
      const started = Date.now();
      await w.asPm.get('/api/v1/workspaces').timeout(3000).expect(200);
      await w.asAna.get(`/api/v1/items/${w.itemId}`).timeout(3000);
      expect(Date.now() - started).toBeLessThan(3000);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 60_000);
});
