import { JobQueue } from '../src/sync';
import { Defect } from '../src/feedback/entities/defect.entity';
import { DefectStatusSync } from '../src/feedback/defect-status-sync';
import { ATTACH_TO_JIRA_JOB, UPLOAD_TO_FEISHU_JOB } from '../src/files/file-flow-back';
import { DEFAULT_DINGTALK_ROBOT } from '@portico/connectors/dingtalk/testing/dingtalk-simulator';
import {
  createFeedbackWorld,
  FEISHU_CHAT,
  FEISHU_FOLDER,
  FeedbackWorld,
  jiraKeyOf,
  storeRevision,
  waitFor,
} from './feedback.fixtures';

const sim = (w: FeedbackWorld) => w.jira.control;
const issuesLabelled = (w: FeedbackWorld, label: string) =>
  sim(w).state.issues.filter((i) => i.labels.includes(label));

async function defectOf(w: FeedbackWorld, asClient = w.asAna, id: string) {
  return (await asClient.get(`/api/v1/defects/${id}`).expect(200)).body;
}

describe('Feedback: comments, defect reports and their flow back to Jira and Feishu', () => {
  let w: FeedbackWorld;

  beforeAll(async () => {
    w = await createFeedbackWorld();
  });
  // Closing waits for the queue workers' jobs in flight, which takes long on a loaded CI machine.
  afterAll(() => w.close(), 180_000);

  describe('defect reports', () => {
    it('turns Ana’s report with a drawing into one Jira issue with fields, attachment and link back, then shows her the mapped status', async () => {
      const drawing = await storeRevision(w, {
        workspaceId: w.acmeWorkspaceId,
        documentNumber: 'D-102',
        label: 'C',
      });
      const res = await w.asAna
        .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
        .send({
          title: 'Drawing D-102 rev C: hole pattern off by 2 mm',
          description: 'The four M6 holes are 2 mm off centre.',
          stepsToReproduce: '1. Mount the bracket\n2. Measure hole spacing',
          severity: 'major',
          itemId: w.itemId,
          fileRevisionId: drawing.revisionId,
          attachmentRevisionIds: [drawing.revisionId],
        })
        .expect(201);
      const id = res.body.id as string;
      expect(res.body).toMatchObject({
        status: 'Reported',
        severity: 'major',
        sync: { state: 'pending' },
        reportedBy: { displayName: 'Ana Li', orgName: 'Acme Precision Parts' },
      });
      expect(res.body.externalStatus).toBeUndefined();

      const delivered = await waitFor(
        async () => {
          const d = await defectOf(w, w.asAna, id);
          return d.sync.state === 'delivered' && d;
        },
        30000,
        'the defect to reach Jira',
      );
      const [issue] = issuesLabelled(w, `portico-${id}`);
      expect(issuesLabelled(w, `portico-${id}`)).toHaveLength(1);
      // The key is for internal users; the supplier only learns that it was delivered.
      expect(delivered.sync).toEqual({ state: 'delivered' });
      expect((await defectOf(w, w.asPm, id)).sync.jiraKey).toBe(issue.key);
      expect(issue.summary).toBe('Drawing D-102 rev C: hole pattern off by 2 mm');
      expect(issue.labels).toEqual(expect.arrayContaining(['portico', 'supplier-acme-precision-parts']));
      expect(issue.priorityId).toBe('2'); // High
      expect(issue.issueTypeId).toBe('10004'); // Bug
      const description = JSON.stringify(issue.description);
      for (const part of [
        '[Acme Precision Parts] Ana Li',
        'four M6 holes',
        'Measure hole spacing',
        'major',
        'D-102 rev C',
        'Gearbox housing spec (HW-1)',
      ]) {
        expect(description).toContain(part);
      }
      // A defect's attachment keeps the name it was uploaded with.
      expect(issue.attachments.map((a) => a.filename)).toEqual(['bracket.pdf']);
      expect(Buffer.from(issue.attachments[0].content, 'base64')).toEqual(drawing.content);
      expect(issue.remoteLinks).toEqual([
        expect.objectContaining({
          globalId: `portico:defect:${id}`,
          object: expect.objectContaining({ url: `http://portico.test/defects/${id}` }),
        }),
      ]);

      // The internal team moves the issue in Jira; Jira's webhook reaches Portico.
      sim(w).transitionIssue(issue.key, 'In Progress');
      const moved = await waitFor(
        async () => {
          const d = await defectOf(w, w.asAna, id);
          return d.status === 'Being fixed' && d;
        },
        20000,
        'the mapped status',
      );
      expect(moved.timeline.map((s: { status: string }) => s.status)).toEqual(['Reported', 'Being fixed']);
      expect(JSON.stringify(moved)).not.toContain('In Progress');
      const asPm = await defectOf(w, w.asPm, id);
      expect(asPm.externalStatus).toBe('In Progress');

      // Notifications of the new defect: a Feishu card in the group and a signed DingTalk message.
      await waitFor(
        async () =>
          w.feishu.control
            .messages(FEISHU_CHAT)
            .some((m) => m.msg_type === 'interactive' && m.content.includes('hole pattern')),
        20000,
        'the Feishu card',
      );
      await waitFor(
        async () =>
          w.dingtalk.control
            .messages(DEFAULT_DINGTALK_ROBOT.accessToken)
            .some((m) => JSON.stringify(m.body).includes('hole pattern')),
        20000,
        'the DingTalk message',
      );
      // Ana hears of the status change in-app, in her language.
      const notices = await waitFor(
        async () => {
          const body = (await w.asAna.get('/api/v1/notifications').expect(200)).body;
          return body.items.some((n: { event: string }) => n.event === 'defect.status_changed') && body;
        },
        20000,
        'Ana’s notification',
      );
      expect(notices.unreadCount).toBeGreaterThan(0);
      const notice = notices.items.find((n: { event: string }) => n.event === 'defect.status_changed');
      expect(notice.title).toBe('Defect status: Being fixed');
      await w.asAna.post(`/api/v1/notifications/${notice.id}/read`).expect(200);
      await w.asBo.post(`/api/v1/notifications/${notice.id}/read`).expect(404);
    });

    it('shows each attachment to those who may read the defect and names it in Jira as uploaded, with a revision hint only when names collide', async () => {
      const photo = await storeRevision(w, {
        workspaceId: w.acmeWorkspaceId,
        documentNumber: 'ATT-PHOTO',
        originalName: '焊缝 photo.pdf',
      });
      const sheets = await Promise.all(
        ['ATT-SHEET-1', 'ATT-SHEET-2'].map((documentNumber) =>
          storeRevision(w, { workspaceId: w.acmeWorkspaceId, documentNumber, originalName: 'sheet.pdf' }),
        ),
      );
      const ids = [photo.revisionId, ...sheets.map((s) => s.revisionId)];
      const id = (
        await w.asAna
          .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
          .send({
            title: 'Seam photos',
            description: 'See photos.',
            severity: 'minor',
            attachmentRevisionIds: ids,
          })
          .expect(201)
      ).body.id as string;

      const expected = [
        {
          revisionId: photo.revisionId,
          fileId: photo.fileId,
          fileName: '焊缝 photo.pdf',
          size: photo.content.length,
        },
        ...sheets.map((s) => ({
          revisionId: s.revisionId,
          fileId: s.fileId,
          fileName: 'sheet.pdf',
          size: s.content.length,
        })),
      ].map((a) => ({ ...a, seq: 1, label: 'A', contentType: 'application/pdf', state: 'available' }));
      expect((await defectOf(w, w.asAna, id)).attachments).toEqual(expected);
      expect((await defectOf(w, w.asPm, id)).attachments).toEqual(expected);
      // The attachment can be fetched through the files download route the links point to.
      await w.asAna.get(`/api/v1/files/${photo.fileId}/revisions/1/download`).expect((r) => {
        if (r.status >= 400) throw new Error(`download answered ${r.status}`);
      });
      await w.asBo.get(`/api/v1/defects/${id}`).expect(404);

      await waitFor(
        async () => (await defectOf(w, w.asAna, id)).sync.state === 'delivered',
        30000,
        'the defect to reach Jira',
      );
      const [issue] = issuesLabelled(w, `portico-${id}`);
      expect(issue.attachments.map((a) => a.filename).sort()).toEqual(
        ['焊缝 photo.pdf', 'sheet_ATT-SHEET-1_revA.pdf', 'sheet_ATT-SHEET-2_revA.pdf'].sort(),
      );
      expect(JSON.stringify(issue.description)).toContain('焊缝 photo.pdf');
    });

    it('never shows a reader an attachment revision of a workspace they cannot see', async () => {
      const own = await storeRevision(w, { workspaceId: w.acmeWorkspaceId, originalName: 'own.pdf' });
      const foreign = await storeRevision(w, {
        workspaceId: w.borealisWorkspaceId,
        uploader: w.bo,
        originalName: 'borealis-secret.pdf',
      });
      const id = (
        await w.asAna
          .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
          .send({
            title: 'Own only',
            description: 'd',
            severity: 'minor',
            attachmentRevisionIds: [own.revisionId],
          })
          .expect(201)
      ).body.id as string;
      // A row that came to refer to another organisation's revision (the API refuses such a report).
      await w.t.dataSource.query(
        `UPDATE defect SET attachment_revision_ids = attachment_revision_ids || $2::uuid WHERE id = $1`,
        [id, foreign.revisionId],
      );
      const seen = await defectOf(w, w.asAna, id);
      expect(seen.attachments.map((a: { fileName: string }) => a.fileName)).toEqual(['own.pdf']);
      expect(JSON.stringify(seen.attachments)).not.toContain('borealis-secret');
      // Let its delivery finish, so its Jira webhooks do not land in the next test's.
      await waitFor(
        async () => (await defectOf(w, w.asAna, id)).sync.state === 'delivered',
        30000,
        'the defect to reach Jira',
      );
    });

    it('applies the same Jira webhook delivered twice, and the same change announced twice, only once', async () => {
      const id = (
        await w.asAna
          .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
          .send({ title: 'Burr on edge', description: 'Sharp burr', severity: 'minor' })
          .expect(201)
      ).body.id;
      const key = await jiraKeyOf(w, id);
      await sim(w).flushWebhooks();
      sim(w).injectWebhookFault({ duplicate: true, times: 1 });
      sim(w).transitionIssue(key, 'Done');
      await sim(w).flushWebhooks();
      const deliveries = sim(w)
        .webhookDeliveries.filter((d) => d.event === 'jira:issue_updated')
        .slice(-2);
      expect(deliveries[0].deliveryId).toBe(deliveries[1].deliveryId);
      const queue = w.t.app.get(JobQueue);
      await queue.publish('jira.issue.changed', { issueKey: key });
      await queue.publish('jira.issue.changed', { issueKey: key });
      await waitFor(
        async () => (await defectOf(w, w.asAna, id)).status === 'Fixed',
        20000,
        'the status change',
      );
      await new Promise((r) => setTimeout(r, 1500));
      const timeline = (await defectOf(w, w.asAna, id)).timeline;
      expect(timeline.map((s: { status: string }) => s.status)).toEqual(['Reported', 'Fixed']);
    });

    it('catches a change whose webhook was missed in the periodic reconciliation', async () => {
      const id = (
        await w.asAna
          .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
          .send({ title: 'Wrong finish', description: 'Matte instead of gloss', severity: 'critical' })
          .expect(201)
      ).body.id;
      const key = await jiraKeyOf(w, id);
      expect(sim(w).findIssue(key)!.priorityId).toBe('1'); // Highest
      // Let every announced change (creation, remote link) be applied first: each re-reads the current status.
      await sim(w).flushWebhooks();
      await waitFor(
        async () =>
          (
            await w.t.dataSource.query(
              `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'feedback.jira-issue-changed' AND state < 'completed'`,
            )
          )[0].n === 0,
        20000,
        'earlier announcements to be applied',
      );
      sim(w).injectWebhookFault({ dropRate: 1, times: 1 });
      sim(w).transitionIssue(key, 'In Progress');
      await new Promise((r) => setTimeout(r, 500));
      expect((await defectOf(w, w.asAna, id)).status).toBe('Reported');
      await w.t.app.get(DefectStatusSync).reconcile();
      expect((await defectOf(w, w.asAna, id)).status).toBe('Being fixed');
    });

    /** Ana reports a minor defect and it is delivered to Jira. */
    const report = async (title: string) => {
      const id = (
        await w.asAna
          .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
          .send({ title, description: 'Found at incoming inspection', severity: 'minor' })
          .expect(201)
      ).body.id;
      return { id, key: await jiraKeyOf(w, id) };
    };

    it('re-reads only the defects whose issues changed since the last tick', async () => {
      const quiet = await report('Label misprinted');
      const moved = await report('Wrong torque marking');
      await sim(w).flushWebhooks();
      // Both were last updated ten minutes ago; the last tick ran five minutes ago.
      for (const { key } of [quiet, moved])
        sim(w).findIssue(key)!.updated = new Date(Date.now() - 10 * 60_000).toISOString();
      const since = new Date(Date.now() - 5 * 60_000).toISOString();
      sim(w).injectWebhookFault({ dropRate: 1, times: 1 });
      sim(w).transitionIssue(moved.key, 'In Progress');
      const statuses = w.t.app.get(DefectStatusSync);
      const applied = jest.spyOn(statuses, 'apply');
      try {
        await statuses.reconcile({ since, now: new Date().toISOString() });
        const defectIds = applied.mock.calls.map(([defectId]) => defectId);
        expect(defectIds).toContain(moved.id);
        expect(defectIds).not.toContain(quiet.id);
      } finally {
        applied.mockRestore();
      }
      expect((await defectOf(w, w.asAna, moved.id)).status).toBe('Being fixed');
    });

    it('reconciles the other defects when the Jira issue of one of them was deleted', async () => {
      const deleted = await report('Burr on the flange');
      const moved = await report('Scratch on the cover');
      await sim(w).flushWebhooks();
      sim(w).injectWebhookFault({ dropRate: 1, times: 2 });
      sim(w).deleteIssue(deleted.key);
      sim(w).transitionIssue(moved.key, 'In Progress');
      await w.t.app.get(DefectStatusSync).reconcile();
      expect((await defectOf(w, w.asAna, moved.id)).status).toBe('Being fixed');
      // The deleted issue's defect keeps its last known status, also when jira:issue_deleted names it.
      await w.t.app
        .get(DefectStatusSync)
        .onIssueChanged({ issueKey: deleted.key, webhookEvent: 'jira:issue_deleted' });
      expect((await defectOf(w, w.asAna, deleted.id)).status).toBe('Reported');
    });

    it('writes nothing and queues nothing when the transaction that would create a defect rolls back', async () => {
      const queue = w.t.app.get(JobQueue);
      const before = await w.t.dataSource.query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'feedback.defect-to-jira'`,
      );
      await w.t.dataSource
        .transaction(async (manager) => {
          const defect = await manager.save(
            manager.create(Defect, {
              workspaceId: w.acmeWorkspaceId,
              title: 'x',
              description: 'x',
              severity: 'minor',
              reportedBy: w.ana.id,
              reporterOrgId: w.ana.orgId,
            }),
          );
          await queue.enqueue(manager, { name: 'feedback.defect-to-jira', data: { defectId: defect.id } });
          throw new Error('the change failed');
        })
        .catch(() => undefined);
      expect(
        await w.t.dataSource.query(
          `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'feedback.defect-to-jira'`,
        ),
      ).toEqual(before);
      expect(await w.t.dataSource.query(`SELECT count(*)::int AS n FROM defect WHERE title = 'x'`)).toEqual([
        { n: 0 },
      ]);
    });

    it('rejects a report naming every bad field, before anything is stored', async () => {
      const res = await w.asAna
        .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
        .send({ title: '', severity: 'urgent', attachmentRevisionIds: ['nope'] })
        .expect(400);
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['title', 'description', 'severity']));
      expect(fields.some((f: string) => f.startsWith('attachmentRevisionIds'))).toBe(true);
    });

    it('refuses the same attachment revision listed twice, naming the field, before anything is stored', async () => {
      const photo = await storeRevision(w, { workspaceId: w.acmeWorkspaceId, documentNumber: 'ATT-TWICE' });
      const before = await w.t.dataSource.getRepository(Defect).count();
      const res = await w.asAna
        .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
        .send({
          title: 'Attached twice',
          description: 'd',
          severity: 'minor',
          attachmentRevisionIds: [photo.revisionId, photo.revisionId],
        })
        .expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors).toEqual([
        { field: 'attachmentRevisionIds', message: 'must not list the same revision twice' },
      ]);
      expect(await w.t.dataSource.getRepository(Defect).count()).toBe(before);
    });

    it('refuses attachments and items that belong to another workspace', async () => {
      const foreign = await storeRevision(w, { workspaceId: w.borealisWorkspaceId, uploader: w.bo });
      const res = await w.asAna
        .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
        .send({
          title: 't',
          description: 'd',
          severity: 'minor',
          attachmentRevisionIds: [foreign.revisionId],
          itemId: '00000000-0000-4000-8000-000000000000',
        })
        .expect(422);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'attachmentRevisionIds.0',
        'itemId',
      ]);
    });

    it('lists a workspace’s defects newest first with a cursor', async () => {
      for (const title of ['First', 'Second', 'Third']) {
        await w.asAna
          .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
          .send({ title, description: 'd', severity: 'minor' })
          .expect(201);
      }
      const page1 = (await w.asAna.get(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects?limit=2`).expect(200))
        .body;
      expect(page1.items).toHaveLength(2);
      expect(page1.nextCursor).toEqual(expect.any(String));
      const page2 = (
        await w.asAna
          .get(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects?limit=2&cursor=${page1.nextCursor}`)
          .expect(200)
      ).body;
      expect(page2.items.map((d: { id: string }) => d.id)).not.toContain(page1.items[0].id);
      await w.asAna.get(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects?cursor=garbage`).expect(400);
    });
  });

  describe('comments', () => {
    it('delivers Ana’s comment to the item’s Jira issue attributed to her organisation, and shows the sync state', async () => {
      const res = await w.asAna
        .post(`/api/v1/items/${w.itemId}/comments`)
        .send({ body: 'Rev C is ready for review.' })
        .expect(201);
      expect(res.body.sync).toEqual({ state: 'pending' });
      const delivered = await waitFor(
        async () => {
          const list = (await w.asAna.get(`/api/v1/items/${w.itemId}/comments`).expect(200)).body.items;
          const c = list.find((x: { id: string }) => x.id === res.body.id);
          return c?.sync.state === 'delivered' && c;
        },
        20000,
        'the comment in Jira',
      );
      expect(delivered.sync).toEqual({ state: 'delivered' });
      const forPm = (await w.asPm.get(`/api/v1/items/${w.itemId}/comments`).expect(200)).body.items.find(
        (x: { id: string }) => x.id === res.body.id,
      );
      const jiraComment = sim(w)
        .findIssue(w.itemJiraKey)!
        .comments.find((c) => c.id === forPm.sync.jiraCommentId)!;
      expect(JSON.stringify(jiraComment.body)).toContain('[Acme Precision Parts] Ana Li:');
      expect(JSON.stringify(jiraComment.body)).toContain('Rev C is ready for review.');
    });

    it('keeps internal comments from suppliers and does not send them to Jira', async () => {
      const internal = (
        await w.asPm
          .post(`/api/v1/items/${w.itemId}/comments`)
          .send({ body: 'Supplier is late again', visibility: 'internal' })
          .expect(201)
      ).body;
      const reply = (
        await w.asPm
          .post(`/api/v1/items/${w.itemId}/comments`)
          .send({ body: 'Thanks, we will review.' })
          .expect(201)
      ).body;
      expect(internal.sync.state).toBe('none');
      const seenByAna = (await w.asAna.get(`/api/v1/items/${w.itemId}/comments`).expect(200)).body.items.map(
        (c: { id: string }) => c.id,
      );
      expect(seenByAna).toContain(reply.id);
      expect(seenByAna).not.toContain(internal.id);
      const seenByPm = (await w.asPm.get(`/api/v1/items/${w.itemId}/comments`).expect(200)).body.items.map(
        (c: { id: string }) => c.id,
      );
      expect(seenByPm).toEqual(expect.arrayContaining([internal.id, reply.id]));
      await w.asAna
        .post(`/api/v1/items/${w.itemId}/comments`)
        .send({ body: 'psst', visibility: 'internal' })
        .expect(422);
    });

    it('waits for the defect’s Jira issue before delivering a comment on the defect', async () => {
      const id = (
        await w.asAna
          .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
          .send({ title: 'Scratch', description: 'on face A', severity: 'minor' })
          .expect(201)
      ).body.id;
      const comment = (
        await w.asAna.post(`/api/v1/defects/${id}/comments`).send({ body: 'Photo follows.' }).expect(201)
      ).body;
      const c = await waitFor(
        async () => {
          const list = (await w.asAna.get(`/api/v1/defects/${id}/comments`).expect(200)).body.items;
          return list[0]?.sync.state === 'delivered' && list[0];
        },
        30000,
        'the defect comment in Jira',
      );
      expect(c.id).toBe(comment.id);
      const key = (await defectOf(w, w.asPm, id)).sync.jiraKey;
      const [forPm] = (await w.asPm.get(`/api/v1/defects/${id}/comments`).expect(200)).body.items;
      expect(
        sim(w)
          .findIssue(key)!
          .comments.map((x) => x.id),
      ).toContain(forPm.sync.jiraCommentId);
    });

    it('rejects a blank comment naming the field', async () => {
      const res = await w.asAna.post(`/api/v1/items/${w.itemId}/comments`).send({ body: '   ' }).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body' })]);
    });
  });

  describe('drawings', () => {
    it('attaches an available revision to the linked Jira issue and uploads it to the workspace Feishu folder, once each', async () => {
      const drawing = await storeRevision(w, {
        workspaceId: w.acmeWorkspaceId,
        documentNumber: 'D-200',
        label: 'B',
        linkedItemId: w.itemId,
      });
      const queue = w.t.app.get(JobQueue);
      const data = {
        revisionId: drawing.revisionId,
        fileId: drawing.fileId,
        workspaceId: w.acmeWorkspaceId,
        seq: 1,
        linkedItemId: w.itemId,
      };
      await w.t.dataSource.transaction(async (manager) => {
        await queue.enqueue(manager, { name: ATTACH_TO_JIRA_JOB, data });
        await queue.enqueue(manager, { name: UPLOAD_TO_FEISHU_JOB, data });
        // A repeated job (e.g. a re-drive) must not duplicate anything.
        await queue.enqueue(manager, { name: ATTACH_TO_JIRA_JOB, data });
      });
      await waitFor(
        async () =>
          sim(w)
            .findIssue(w.itemJiraKey)!
            .attachments.some((a) => a.filename === 'D-200_revB.pdf'),
        20000,
        'the Jira attachment',
      );
      await waitFor(
        async () =>
          w.feishu.control
            .uploads()
            .some((u) => u.name === 'D-200_revB.pdf' && u.parent_node === FEISHU_FOLDER),
        20000,
        'the Drive upload',
      );
      await waitFor(
        async () => {
          const rows = await w.t.dataSource.query(
            `SELECT count(*)::int AS n FROM flow_back_record WHERE subject_id = $1 AND delivered_at IS NOT NULL`,
            [drawing.revisionId],
          );
          return rows[0].n === 2;
        },
        20000,
        'both external ids stored',
      );
      await new Promise((r) => setTimeout(r, 1000));
      expect(
        sim(w)
          .findIssue(w.itemJiraKey)!
          .attachments.filter((a) => a.filename === 'D-200_revB.pdf'),
      ).toHaveLength(1);
      expect(w.feishu.control.uploads().filter((u) => u.name === 'D-200_revB.pdf')).toHaveLength(1);
    });
  });

  describe('tenant isolation', () => {
    it('gives Borealis 404 for Acme’s defects, their comments, the item thread and the defect list', async () => {
      const id = (
        await w.asAna
          .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
          .send({ title: 'Acme only', description: 'secret', severity: 'minor' })
          .expect(201)
      ).body.id;
      await w.asBo.get(`/api/v1/defects/${id}`).expect(404);
      await w.asBo.get(`/api/v1/defects/${id}/comments`).expect(404);
      await w.asBo.post(`/api/v1/defects/${id}/comments`).send({ body: 'hi' }).expect(404);
      await w.asBo.get(`/api/v1/items/${w.itemId}/comments`).expect(404);
      await w.asBo.post(`/api/v1/items/${w.itemId}/comments`).send({ body: 'hi' }).expect(404);
      await w.asBo.get(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`).expect(404);
      await w.asBo
        .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
        .send({ title: 't', description: 'd', severity: 'minor' })
        .expect(404);
      const own = (await w.asBo.get(`/api/v1/workspaces/${w.borealisWorkspaceId}/defects`).expect(200)).body
        .items;
      expect(own.map((d: { id: string }) => d.id)).not.toContain(id);
    });

    it('answers a malformed id with 400 naming the parameter, not 500', async () => {
      await w.asAna.get('/api/v1/defects/not-a-uuid').expect(400);
      await w.asAna.get('/api/v1/items/not-a-uuid/comments').expect(400);
    });
  });
});
