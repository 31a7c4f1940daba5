import { createFeedbackWorld, FeedbackWorld, waitFor } from './feedback.fixtures';

/** Scaled by FEEDBACK_FAULT_COUNT (default 200 defects + 200 comments, as in the issue). */
const COUNT = Number(process.env.FEEDBACK_FAULT_COUNT ?? 200);

describe('Feedback flow back under Jira faults', () => {
  let w: FeedbackWorld;

  beforeAll(async () => {
    w = await createFeedbackWorld({ SYNC_CONCURRENCY: 'jira=8,feishu=2,dingtalk=2,email=2,internal=4' });
    // Keep the group channels out of this run: it is about Jira.
    await w.asPm
      .patch(`/api/v1/workspaces/${w.acmeWorkspaceId}`)
      .send({ notificationRules: [{ event: 'comment.created', channels: ['in_app'] }] })
      .expect(200);
  });
  afterAll(() => w.close());

  it(`delivers ${COUNT} defects and ${COUNT} comments exactly once while Jira fails 10 % of calls with 500 and rate-limits with Retry-After`, async () => {
    const sim = w.jira.control;
    sim.injectFault({
      route: 'POST /rest/api/3/issue/{issueIdOrKey}/comment',
      status: 429,
      retryAfterSeconds: 1,
      rate: 0.1,
    });
    sim.injectFault({ route: '*', status: 500, rate: 0.1 });

    const defectIds: string[] = [];
    const commentIds: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const [d, c] = await Promise.all([
        w.asAna
          .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
          .send({ title: `Defect ${i}`, description: `Found in batch ${i}`, severity: 'minor' })
          .expect(201),
        w.asAna
          .post(`/api/v1/items/${w.itemId}/comments`)
          .send({ body: `Comment ${i}` })
          .expect(201),
      ]);
      defectIds.push(d.body.id);
      commentIds.push(c.body.id);
    }

    await waitFor(
      async () => {
        const [{ pending }] = await w.t.dataSource.query(
          `SELECT (SELECT count(*) FROM defect WHERE sync_state <> 'delivered') + (SELECT count(*) FROM comment WHERE sync_state <> 'delivered') AS pending`,
        );
        return Number(pending) === 0;
      },
      240_000,
      'every defect and comment to be delivered',
    );

    const failures = sim.recordedCalls().filter((c) => c.status === 500 || c.status === 429).length;
    expect(failures).toBeGreaterThan(0);
    for (const id of defectIds) {
      expect(sim.state.issues.filter((issue) => issue.labels.includes(`portico-${id}`))).toHaveLength(1);
    }
    const bodies = sim.findIssue(w.itemJiraKey)!.comments.map((c) => JSON.stringify(c.body));
    for (const id of commentIds) {
      expect(bodies.filter((b) => b.includes(`#comment-${id}`))).toHaveLength(1);
    }
    const stored = await w.t.dataSource.query(
      `SELECT count(DISTINCT jira_key)::int AS n FROM defect WHERE id = ANY($1::uuid[])`,
      [defectIds],
    );
    expect(stored).toEqual([{ n: COUNT }]);
  }, 300_000);
});
