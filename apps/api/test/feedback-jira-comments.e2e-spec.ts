import { JiraCommentCopies } from '../src/feedback/jira-comment-copies';
import { createFeedbackWorld, FeedbackWorld, waitFor } from './feedback.fixtures';

const sim = (w: FeedbackWorld) => w.jira.control;

interface ThreadEntry {
  id: string;
  source: string;
  body: string;
  bodyHtml: string | null;
  author: { displayName: string };
  jira: { author: string; state?: string } | null;
  sync: { jiraCommentId?: string | null; state: string };
}

async function thread(w: FeedbackWorld, asClient = w.asAna): Promise<ThreadEntry[]> {
  return (await asClient.get(`/api/v1/items/${w.itemId}/comments?limit=100`).expect(200)).body.items;
}

async function jiraComments(w: FeedbackWorld) {
  return (await w.asPm.get(`/api/v1/items/${w.itemId}/jira-comments`).expect(200)).body.items as Array<{
    id: string;
    author: string;
    html: string;
    restricted: boolean;
    publishedCommentId: string | null;
  }>;
}

const publish = (w: FeedbackWorld, commentId: string, asClient = w.asPm) =>
  asClient.post(`/api/v1/items/${w.itemId}/jira-comments/${commentId}/publish`);

describe('Feedback: Jira comments made public from Portico, and the issue type of defect issues', () => {
  let w: FeedbackWorld;

  beforeAll(async () => {
    w = await createFeedbackWorld();
  });
  afterAll(() => w.close(), 180_000);

  describe('Jira comments shown to the supplier', () => {
    it('lists the issue’s Jira comments for the PM, marking restricted ones, and publishes one as a public reply once', async () => {
      const listed = await jiraComments(w);
      const issue = sim(w).findIssue(w.itemJiraKey)!;
      const open = issue.comments.find((c) => !c.visibility)!;
      const restricted = issue.comments.find((c) => c.visibility)!;
      expect(listed.find((c) => c.id === open.id)).toMatchObject({
        author: open.author.displayName,
        restricted: false,
        publishedCommentId: null,
      });
      expect(listed.find((c) => c.id === restricted.id)?.restricted).toBe(true);
      // Ana sees none of them before a PM decides.
      expect((await thread(w)).filter((c) => c.source === 'jira')).toEqual([]);

      const first = await publish(w, open.id).expect(201);
      expect(first.body).toMatchObject({
        source: 'jira',
        visibility: 'public',
        author: { displayName: open.author.displayName },
        jira: { author: open.author.displayName, state: 'live' },
        sync: { jiraCommentId: open.id },
      });
      const again = await publish(w, open.id).expect(200);
      expect(again.body.id).toBe(first.body.id);
      const [{ n }] = await w.t.dataSource.query(
        `SELECT count(*)::int AS n FROM comment WHERE item_id = $1 AND source = 'jira' AND external_id = $2`,
        [w.itemId, open.id],
      );
      expect(n).toBe(1);

      const seen = (await thread(w)).filter((c) => c.source === 'jira');
      expect(seen.map((c) => c.id)).toEqual([first.body.id]);
      expect(seen[0].jira).toEqual({ author: open.author.displayName, updatedAt: expect.any(String) });
      expect(seen[0].bodyHtml).toMatch(/^<p>/);
      expect((await jiraComments(w)).find((c) => c.id === open.id)?.publishedCommentId).toBe(first.body.id);

      const refused = await publish(w, restricted.id).expect(422);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'commentId' })]);
    });

    it('renders the copy through the shared sanitiser with the workspace and item redaction rules', async () => {
      await w.t.dataSource.query(`UPDATE shared_item SET redaction_rules = $2 WHERE id = $1`, [
        w.itemId,
        JSON.stringify([{ pattern: 'Project Falcon', replacement: '[codename]' }]),
      ]);
      await w.asPm
        .patch(`/api/v1/workspaces/${w.acmeWorkspaceId}`)
        .send({ redactionRules: [{ pattern: '\\+?\\d[\\d -]{7,}\\d', replacement: '[phone]' }] })
        .expect(200);
      const comment = sim(w).addComment(w.itemJiraKey, {
        type: 'doc',
        version: 1,
        content: [
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'Project Falcon: call +86 138 0013 8000 ', marks: [{ type: 'strong' }] },
              { type: 'text', text: '<img src=x onerror=alert(1)>' },
              {
                type: 'text',
                text: 'wiki',
                marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }],
              },
            ],
          },
        ],
      });
      const preview = (await jiraComments(w)).find((c) => c.id === comment.id)!;
      const published = (await publish(w, comment.id).expect(201)).body;
      const seen = (await thread(w)).find((c) => c.id === published.id)!;
      for (const html of [preview.html, seen.bodyHtml!]) {
        expect(html).toContain('[codename]');
        expect(html).toContain('[phone]');
        expect(html).toContain('<strong>');
        expect(html).not.toMatch(/Falcon|138|<img|javascript:/);
        expect(html).toContain('&lt;img');
      }
      expect(seen.body).toBe('[codename]: call [phone] <img src=x onerror=alert(1)>wiki');
    });

    it('follows the Jira comment: an edit updates the copy, a deletion hides it from the supplier (webhooks)', async () => {
      const comment = sim(w).addComment(w.itemJiraKey, 'First measurement: 12.1 mm');
      const published = (await publish(w, comment.id).expect(201)).body;
      sim(w).editComment(w.itemJiraKey, comment.id, 'Corrected measurement: 12.4 mm');
      await waitFor(
        async () => (await thread(w)).find((c) => c.id === published.id)?.body.includes('12.4'),
        20000,
        'the edit to reach the copy',
      );
      sim(w).deleteComment(w.itemJiraKey, comment.id);
      await waitFor(
        async () => !(await thread(w)).some((c) => c.id === published.id),
        20000,
        'the copy to disappear for Ana',
      );
      const forPm = (await thread(w, w.asPm)).find((c) => c.id === published.id)!;
      expect(forPm).toMatchObject({ visibility: 'internal', jira: { state: 'deleted' } });
    });

    it('hides a copy whose Jira comment was restricted, and catches edits whose webhook was missed in reconciliation', async () => {
      let a: ThreadEntry;
      let b: ThreadEntry;
      sim(w).setWebhookUrl(undefined);
      try {
        // Whatever earlier webhooks started has finished: from here on only reconciliation looks at Jira.
        await waitFor(
          async () =>
            (
              await w.t.dataSource.query(
                `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'feedback.jira-comment-copies' AND state < 'completed'`,
              )
            )[0].n === 0,
          20000,
          'a quiet queue',
        );
        const edited = sim(w).addComment(w.itemJiraKey, 'Tolerance ±0.1');
        const restricted = sim(w).addComment(w.itemJiraKey, 'Shipping next week');
        a = (await publish(w, edited.id).expect(201)).body;
        b = (await publish(w, restricted.id).expect(201)).body;
        sim(w).editComment(w.itemJiraKey, edited.id, 'Tolerance ±0.05');
        sim(w).editComment(w.itemJiraKey, restricted.id, 'Shipping next week (internal)', {
          visibility: { type: 'role', value: 'Administrators' },
        });
        expect((await thread(w)).find((c) => c.id === a.id)?.body).toBe('Tolerance ±0.1');
        expect(await w.t.app.get(JiraCommentCopies).reconcile()).toBe(2);
      } finally {
        sim(w).setWebhookUrl(`${await w.t.app.getUrl()}/api/v1/webhooks/jira`.replace('[::1]', '127.0.0.1'));
      }
      const seen = await thread(w);
      expect(seen.find((c) => c.id === a.id)?.body).toBe('Tolerance ±0.05');
      expect(seen.some((c) => c.id === b.id)).toBe(false);
      expect(await w.t.app.get(JiraCommentCopies).reconcile()).toBe(0);
    });

    it('re-reads in reconciliation only the issues Jira updated since the last run', async () => {
      const issue = sim(w).findIssue(w.itemJiraKey)!;
      const comment = sim(w).addComment(w.itemJiraKey, 'Batch 4 passed inspection');
      const copy = (await publish(w, comment.id).expect(201)).body as ThreadEntry;
      const commentReads = () =>
        sim(w)
          .recordedCalls()
          .filter(
            (c) =>
              c.method === 'GET' &&
              (c.path.endsWith(`/issue/${issue.key}/comment`) ||
                c.path.endsWith(`/issue/${issue.id}/comment`)),
          ).length;
      const lastRun = new Date(Date.now() - 3600_000);
      const tick = { since: lastRun.toISOString(), now: new Date().toISOString() };
      sim(w).setWebhookUrl(undefined);
      try {
        await waitFor(
          async () =>
            (
              await w.t.dataSource.query(
                `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'feedback.jira-comment-copies' AND state < 'completed'`,
              )
            )[0].n === 0,
          20000,
          'a quiet queue',
        );
        // Last touched in Jira before the previous run: its comments are not read again.
        issue.updated = new Date(lastRun.getTime() - 3600_000).toISOString();
        const before = commentReads();
        expect(await w.t.app.get(JiraCommentCopies).reconcile(tick)).toBe(0);
        expect(commentReads()).toBe(before);

        // An edit in Jira updates the issue, so the next run reads it and updates the copy.
        sim(w).editComment(w.itemJiraKey, comment.id, 'Batch 4 passed inspection (report attached)');
        expect(await w.t.app.get(JiraCommentCopies).reconcile(tick)).toBe(1);
        expect(commentReads()).toBeGreaterThan(before);
      } finally {
        sim(w).setWebhookUrl(`${await w.t.app.getUrl()}/api/v1/webhooks/jira`.replace('[::1]', '127.0.0.1'));
      }
      expect((await thread(w)).find((c) => c.id === copy.id)?.body).toBe(
        'Batch 4 passed inspection (report attached)',
      );
    });

    it('never offers again the comments Portico itself posted to Jira', async () => {
      const posted = await w.asAna
        .post(`/api/v1/items/${w.itemId}/comments`)
        .send({ body: 'Samples ship Friday.' })
        .expect(201);
      const jiraId: string = await waitFor(
        async () =>
          (await thread(w, w.asPm)).find((c) => c.id === posted.body.id)?.sync.jiraCommentId ?? undefined,
        20000,
        'the supplier comment in Jira',
      );
      expect((await jiraComments(w)).map((c) => c.id)).not.toContain(jiraId);
      await publish(w, jiraId).expect(422);
      // Recognised by its link back even when the delivery was never recorded.
      await w.t.dataSource.query(`UPDATE comment SET external_id = NULL WHERE id = $1`, [posted.body.id]);
      expect((await jiraComments(w)).map((c) => c.id)).not.toContain(jiraId);
    });

    it('keeps the PM routes from suppliers (403) and from Borealis (404), and answers 404 for unknown comments', async () => {
      const open = sim(w).addComment(w.itemJiraKey, 'For the supplier');
      await w.asAna.get(`/api/v1/items/${w.itemId}/jira-comments`).expect(403);
      await publish(w, open.id, w.asAna).expect(403);
      await w.asBo.get(`/api/v1/items/${w.itemId}/jira-comments`).expect(404);
      await publish(w, open.id, w.asBo).expect(404);
      await publish(w, '99999999').expect(404);
      await publish(w, 'abc').expect(404);
      await w.asPm.get(`/api/v1/items/not-a-uuid/jira-comments`).expect(400);
      const [{ n }] = await w.t.dataSource.query(
        `SELECT count(*)::int AS n FROM comment WHERE source = 'jira' AND external_id = $1`,
        [open.id],
      );
      expect(n).toBe(0);
    });
  });

  describe('issue type of defect issues', () => {
    const report = (title: string) =>
      w.asAna
        .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
        .send({ title, description: 'Burr on the edge.', severity: 'minor' })
        .expect(201)
        .then((res) => res.body.id as string);

    it('creates the Jira issue with the workspace’s issue type (Bug unless set)', async () => {
      const ws = (await w.asPm.get(`/api/v1/workspaces/${w.acmeWorkspaceId}`).expect(200)).body;
      expect(ws.jiraIssueType).toBe('Bug');
      await w.asPm
        .patch(`/api/v1/workspaces/${w.acmeWorkspaceId}`)
        .send({ jiraIssueType: 'Story' })
        .expect(200);
      const id = await report('Burr on bracket edge');
      await waitFor(
        async () => (await w.asAna.get(`/api/v1/defects/${id}`).expect(200)).body.sync.state === 'delivered',
        30000,
        'the defect issue',
      );
      const [issue] = sim(w).state.issues.filter((i) => i.labels.includes(`portico-${id}`));
      expect(issue.issueTypeId).toBe('10002'); // Story
    });

    it('fails the delivery for good, with a clear error, when Jira has no such issue type', async () => {
      await w.asPm
        .patch(`/api/v1/workspaces/${w.acmeWorkspaceId}`)
        .send({ jiraIssueType: 'Defect' })
        .expect(200);
      const id = await report('Wrong thread pitch');
      const failed = await waitFor(
        async () => {
          const d = (await w.asPm.get(`/api/v1/defects/${id}`).expect(200)).body;
          return d.sync.state === 'failed' && d;
        },
        30000,
        'the failed delivery',
      );
      expect(failed.sync.error).toContain('no issue type "Defect"');
      expect(failed.sync.error).toContain('HW');
      const creates = sim(w)
        .recordedCalls('createIssue')
        .filter((c) => JSON.stringify(c.body).includes(`portico-${id}`));
      expect(creates.map((c) => c.status)).toEqual([400]); // not retried
      expect(sim(w).state.issues.filter((i) => i.labels.includes(`portico-${id}`))).toEqual([]);
      // Ana is told it failed, not why (internal detail).
      const forAna = (await w.asAna.get(`/api/v1/defects/${id}`).expect(200)).body;
      expect(forAna.sync).toEqual({ state: 'failed' });
    });

    it('validates the setting, and null resets it to Bug', async () => {
      const bad = await w.asPm
        .patch(`/api/v1/workspaces/${w.acmeWorkspaceId}`)
        .send({ jiraIssueType: '   ' })
        .expect(400);
      expect(JSON.stringify(bad.body.errors)).toContain('jiraIssueType');
      const reset = await w.asPm
        .patch(`/api/v1/workspaces/${w.acmeWorkspaceId}`)
        .send({ jiraIssueType: null })
        .expect(200);
      expect(reset.body.jiraIssueType).toBe('Bug');
    });
  });
});
