import { createHash } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { TransmittalReminders } from '../src/transmittals/transmittal-reminders';
import { createFeedbackWorld, FeedbackWorld, FEISHU_CHAT, waitFor, Client } from './feedback.fixtures';
import { clientFor } from './support/auth-helpers';
import { createUser, TestUser } from './support/factories';

const sha256 = (body: Buffer) => createHash('sha256').update(body).digest('hex');
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('Transmittals', () => {
  let w: FeedbackWorld;
  let admin: TestUser;
  let asAdmin: Client;
  let asMember2: Client;
  let member2: TestUser;
  let asBoAdmin: Client;
  /** Acme's published items (HW-3 at v1 and v2, HW-5 at v1) and an available drawing revision. */
  let item3: string;
  let item5: string;
  let fileId: string;
  let revisionSeq: number;
  let borealisItem: string;

  async function share(workspaceId: string, key: string, versions = 1): Promise<string> {
    const shared = await w.asPm
      .post(`/api/v1/workspaces/${workspaceId}/items`)
      .send({ sourceType: 'jira_issue', sourceRef: key, fields: ['summary', 'status'] })
      .expect(201);
    for (let v = 1; v <= versions; v++) {
      if (v > 1)
        await w.asPm
          .patch(`/api/v1/items/${shared.body.id}`)
          .send({ fields: v % 2 ? ['summary', 'status'] : ['summary'] })
          .expect(200);
      await w.asPm
        .post(`/api/v1/items/${shared.body.id}/publish`)
        .send({ note: `v${v}` })
        .expect(201);
    }
    return shared.body.id as string;
  }

  async function upload(client: Client, workspaceId: string): Promise<{ fileId: string; seq: number }> {
    const file = await client
      .post(`/api/v1/workspaces/${workspaceId}/files`)
      .send({ documentNumber: 'D-100', title: 'Bracket drawing' })
      .expect(201);
    const body = Buffer.from('%PDF-1.7\n% bracket drawing\n');
    const started = await client
      .post(`/api/v1/files/${file.body.id}/revisions`)
      .send({ fileName: 'bracket.pdf', size: body.length, sha256: sha256(body) })
      .expect(201);
    const parts: { partNumber: number; etag: string }[] = [];
    for (const part of started.body.upload.parts as { partNumber: number; url: string }[]) {
      const put = await fetch(part.url, { method: 'PUT', body });
      parts.push({ partNumber: part.partNumber, etag: put.headers.get('etag')! });
    }
    await client
      .post(`/api/v1/files/${file.body.id}/revisions/${started.body.revision.seq}/complete`)
      .send({ parts })
      .expect(200);
    return { fileId: file.body.id, seq: started.body.revision.seq };
  }

  const draft = (body: object = {}, workspaceId = w.acmeWorkspaceId) =>
    w.asPm.post(`/api/v1/workspaces/${workspaceId}/transmittals`).send({
      subject: 'Gearbox housing package',
      purpose: 'for_review',
      dueDate: inDays(10),
      contents: [
        { itemId: item3, version: 2 },
        { fileId, revisionSeq },
      ],
      ...body,
    });

  beforeAll(async () => {
    w = await createFeedbackWorld();
    const acmeOrgId: string = (
      await w.t.dataSource.query(`SELECT org_id FROM "user" WHERE id = $1`, [w.ana.id])
    )[0].org_id;
    const boOrgId: string = (
      await w.t.dataSource.query(`SELECT org_id FROM "user" WHERE id = $1`, [w.bo.id])
    )[0].org_id;
    admin = await createUser(w.t, {
      org: { id: acmeOrgId } as never,
      role: 'supplier_admin',
      displayName: 'Alma Admin',
    });
    member2 = await createUser(w.t, {
      org: { id: acmeOrgId } as never,
      role: 'supplier_member',
      displayName: 'Max Member',
    });
    const boAdmin = await createUser(w.t, {
      org: { id: boOrgId } as never,
      role: 'supplier_admin',
      displayName: 'Bea Admin',
    });
    [asAdmin, asMember2, asBoAdmin] = await Promise.all([
      clientFor(w.t, admin),
      clientFor(w.t, member2),
      clientFor(w.t, boAdmin),
    ]);
    item3 = await share(w.acmeWorkspaceId, 'HW-3', 2);
    item5 = await share(w.acmeWorkspaceId, 'HW-5', 1);
    borealisItem = await share(w.borealisWorkspaceId, 'HW-2', 1);
    ({ fileId, seq: revisionSeq } = await upload(w.asAna, w.acmeWorkspaceId));
  }, 120_000);
  afterAll(async () => {
    // Let the background jobs the Jira webhooks started finish, so closing does not wait on them.
    await waitFor(
      async () =>
        (
          await w.t.dataSource.query(
            `SELECT 1 FROM pgboss.job WHERE state IN ('active', 'created', 'retry') AND start_after < now() LIMIT 1`,
          )
        ).length === 0,
      30_000,
      'an idle queue',
    ).catch(() => undefined);
    await w.close();
  }, 180_000);

  it('has default settings the PM can change; suppliers read them', async () => {
    const defaults = await w.asAna
      .get(`/api/v1/workspaces/${w.acmeWorkspaceId}/transmittal-settings`)
      .expect(200);
    expect(defaults.body.code).toBe('ACME');
    expect(defaults.body.reviewCodes.map((c: { code: string }) => c.code)).toEqual(['A', 'B', 'C', 'D']);
    expect(defaults.body.purposeLabels.for_review).toBe('For review');
    const dup = await w.asPm
      .put(`/api/v1/workspaces/${w.acmeWorkspaceId}/transmittal-settings`)
      .send({
        reviewCodes: [
          { code: 'A', label: 'x' },
          { code: 'a', label: 'y' },
        ],
      })
      .expect(400);
    expect(dup.body.errors[0].field).toBe('reviewCodes[1].code');
    await w.asAna
      .put(`/api/v1/workspaces/${w.acmeWorkspaceId}/transmittal-settings`)
      .send({ purposeLabels: { for_review: 'Hacked' } })
      .expect(403);
    const put = await w.asPm
      .put(`/api/v1/workspaces/${w.acmeWorkspaceId}/transmittal-settings`)
      .send({
        code: 'GBX',
        purposeLabels: { for_review: 'For review and comment' },
        reviewCodes: [
          { code: 'A', label: 'Approved' },
          { code: 'B', label: 'Approved with comments' },
          { code: 'C', label: 'Revise and resubmit' },
          { code: 'D', label: 'Rejected' },
          { code: 'E', label: 'For information only' },
        ],
      })
      .expect(200);
    expect(put.body.code).toBe('GBX');
    expect(put.body.purposeLabels).toMatchObject({
      for_review: 'For review and comment',
      for_approval: 'For approval',
    });
  });

  it('creates a numbered draft of exact revisions; contents of another workspace or not published are 400 naming the entry', async () => {
    const res = await draft().expect(201);
    expect(res.body).toMatchObject({
      number: 'GBX-T-0001',
      status: 'draft',
      purpose: 'for_review',
      purposeLabel: 'For review and comment',
      responseRequired: true,
      contentCount: 2,
      supersedes: null,
      createdBy: { id: w.pm.id, name: 'Pat PM' },
    });
    expect(res.body.contents[0]).toMatchObject({
      kind: 'item_version',
      itemId: item3,
      version: 2,
      jiraKey: 'HW-3',
      path: `/items/${item3}/versions/2`,
    });
    expect(res.body.contents[1]).toMatchObject({
      kind: 'file_revision',
      fileId,
      revisionSeq,
      fileName: 'bracket.pdf',
      path: `/files/${fileId}?revision=${revisionSeq}`,
    });

    const other = await draft({ contents: [{ itemId: borealisItem, version: 1 }] }).expect(400);
    expect(other.body.errors).toEqual([expect.objectContaining({ field: 'contents[0].version' })]);
    const unpublished = await draft({
      contents: [
        { itemId: item5, version: 1 },
        { itemId: item3, version: 9 },
      ],
    }).expect(400);
    expect(unpublished.body.errors).toEqual([expect.objectContaining({ field: 'contents[1].version' })]);
    const revision = await draft({ contents: [{ fileId, revisionSeq: revisionSeq + 1 }] }).expect(400);
    expect(revision.body.errors[0].field).toBe('contents[0].revisionSeq');
    const twice = await draft({
      contents: [
        { itemId: item5, version: 1 },
        { itemId: item5, version: 1 },
      ],
    }).expect(400);
    expect(twice.body.errors[0].field).toBe('contents[1]');
    const noVersion = await draft({ contents: [{ itemId: item5 }] }).expect(400);
    expect(noVersion.body.errors[0].field).toBe('contents[0].version');
    await draft({ dueDate: '2026-02-30' }).expect(400);
    // Nothing of the refused attempts took a number.
    const list = await w.asPm.get(`/api/v1/workspaces/${w.acmeWorkspaceId}/transmittals`).expect(200);
    expect(list.body.items.map((t: { number: string }) => t.number)).toEqual(['GBX-T-0001']);
    // Suppliers never see drafts: not in lists, 404 on the page.
    await w.asAna.get(`/api/v1/transmittals/${res.body.id}`).expect(404);
    const inbox = await w.asAna.get('/api/v1/transmittals').expect(200);
    expect(inbox.body.items).toEqual([]);
    // Only the workspace's PMs change it.
    await w.asAna.patch(`/api/v1/transmittals/${res.body.id}`).send({ subject: 'x' }).expect(403);
  });

  it('numbers 20 concurrent creations without gaps or duplicates, per workspace', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        draft({ subject: `Concurrent ${i}`, contents: [{ itemId: item5, version: 1 }] }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const numbers = results.map((r) => r.body.number as string).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `GBX-T-${String(i + 2).padStart(4, '0')}`));
    const other = await draft(
      { contents: [{ itemId: borealisItem, version: 1 }] },
      w.borealisWorkspaceId,
    ).expect(201);
    expect(other.body.number).toBe('BOREAL-T-0001');
    // A retried creation (same Idempotency-Key) answers the first draft again and takes no number.
    const key = randomUUID();
    const once = await draft({ subject: 'Retried' }).set('Idempotency-Key', key).expect(201);
    const retry = await draft({ subject: 'Retried' }).set('Idempotency-Key', key).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.number).toBe(once.body.number);
    expect((await draft({ subject: 'After' }).expect(201)).body.number).toBe('GBX-T-0023');
  }, 60_000);

  it('issues: frozen afterwards, every mutation 409; empty contents 400', async () => {
    const empty = await draft({ contents: [] }).expect(201);
    const refused = await w.asPm.post(`/api/v1/transmittals/${empty.body.id}/issue`).expect(400);
    expect(refused.body.errors[0].field).toBe('contents');
    await w.asPm.delete(`/api/v1/transmittals/${empty.body.id}`).expect(204);
    await w.asPm.get(`/api/v1/transmittals/${empty.body.id}`).expect(404);

    const t = await draft({ purpose: 'for_information', dueDate: null }).expect(201);
    const issued = await w.asPm.post(`/api/v1/transmittals/${t.body.id}/issue`).expect(200);
    expect(issued.body).toMatchObject({
      status: 'issued',
      issuedBy: { id: w.pm.id },
      responseRequired: false,
    });
    expect(issued.body.issuedAt).toBeTruthy();
    await w.asPm.patch(`/api/v1/transmittals/${t.body.id}`).send({ subject: 'Changed' }).expect(409);
    await w.asPm.patch(`/api/v1/transmittals/${t.body.id}`).send({ contents: [] }).expect(409);
    await w.asPm.patch(`/api/v1/transmittals/${t.body.id}`).send({}).expect(409);
    await w.asPm.delete(`/api/v1/transmittals/${t.body.id}`).expect(409);
    await w.asPm.post(`/api/v1/transmittals/${t.body.id}/issue`).expect(409);
    // No response for a transmittal asking for none.
    await asAdmin
      .post(`/api/v1/transmittals/${t.body.id}/response`)
      .send({ contents: issued.body.contents.map((c: { id: string }) => ({ contentId: c.id, code: 'A' })) })
      .expect(409);
    const after = await w.asPm.get(`/api/v1/transmittals/${t.body.id}`).expect(200);
    expect(after.body.subject).toBe('Gearbox housing package');
    expect(after.body.contents).toHaveLength(2);
    const [{ n }] = await w.t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE resource_id = $1 AND action = 'transmittal.issued'`,
      [t.body.id],
    );
    expect(n).toBe(1);
  });

  describe('issued for review', () => {
    let id: string;
    let contents: { id: string; path: string; jiraKey?: string }[];

    beforeAll(async () => {
      const t = await draft().expect(201);
      id = t.body.id;
      contents = (await w.asPm.post(`/api/v1/transmittals/${id}/issue`).expect(200)).body.contents;
    });

    it('another supplier gets 404 on the transmittal, its routes and each content link', async () => {
      for (const client of [w.asBo, asBoAdmin]) {
        await client.get(`/api/v1/transmittals/${id}`).expect(404);
        await client.post(`/api/v1/transmittals/${id}/acknowledge`).expect(404);
        await client
          .post(`/api/v1/transmittals/${id}/contents/${contents[0].id}/receipts`)
          .send({ action: 'downloaded' })
          .expect(404);
        await client
          .post(`/api/v1/transmittals/${id}/response`)
          .send({ contents: contents.map((c) => ({ contentId: c.id, code: 'A' })) })
          .expect(404);
        for (const c of contents) await client.get(`/api/v1${c.path.split('?')[0]}`).expect(404);
        const inbox = await client.get('/api/v1/transmittals').expect(200);
        expect(inbox.body.items.map((x: { id: string }) => x.id)).not.toContain(id);
      }
      await asBoAdmin.put(`/api/v1/transmittals/${id}/responders`).send({ userIds: [] }).expect(404);
      // Acme opens every content link (no Jira keys for suppliers).
      const seen = await w.asAna.get(`/api/v1/transmittals/${id}`).expect(200);
      expect(JSON.stringify(seen.body)).not.toContain('HW-3');
      for (const c of contents) await w.asAna.get(`/api/v1${c.path.split('?')[0]}`).expect(200);
    });

    it('records receipts once per user and document, counting repeats; the PM sees the matrix', async () => {
      const first = await w.asAna.get(`/api/v1/transmittals/${id}`).expect(200);
      expect(first.body.myReceipt.openedAt).toBeTruthy();
      expect(first.body.supplierState).toBe('awaiting_response');
      expect(first.body.canRespond).toBe(false);
      for (let i = 0; i < 3; i++)
        await w.asAna
          .post(`/api/v1/transmittals/${id}/contents/${contents[1].id}/receipts`)
          .send({ action: 'downloaded' })
          .expect(204);
      await Promise.all(
        Array.from({ length: 5 }, () =>
          w.asAna
            .post(`/api/v1/transmittals/${id}/contents/${contents[0].id}/receipts`)
            .send({ action: 'previewed' })
            .expect(204),
        ),
      );
      await w.asAna
        .post(`/api/v1/transmittals/${id}/contents/${contents[0].id}/receipts`)
        .send({ action: 'printed' })
        .expect(400);
      await w.asAna
        .post(`/api/v1/transmittals/${id}/contents/${randomUUID()}/receipts`)
        .send({ action: 'downloaded' })
        .expect(404);
      const ack = await w.asAna.post(`/api/v1/transmittals/${id}/acknowledge`).expect(200);
      const again = await w.asAna.post(`/api/v1/transmittals/${id}/acknowledge`).expect(200);
      expect(again.body.myReceipt.acknowledgedAt).toBe(ack.body.myReceipt.acknowledgedAt);
      await w.asPm.post(`/api/v1/transmittals/${id}/acknowledge`).expect(403);

      await w.asAna.get(`/api/v1/transmittals/${id}/receipts`).expect(403);
      const matrix = await w.asPm.get(`/api/v1/transmittals/${id}/receipts`).expect(200);
      expect(matrix.body.users).toHaveLength(1);
      const ana = matrix.body.users[0];
      expect(ana).toMatchObject({
        userId: w.ana.id,
        name: 'Ana Li',
        acknowledgedAt: ack.body.myReceipt.acknowledgedAt,
      });
      expect(ana.downloads).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ contentId: contents[1].id, action: 'downloaded', count: 3 }),
          expect.objectContaining({ contentId: contents[0].id, action: 'previewed', count: 5 }),
        ]),
      );
      expect(ana.downloads).toHaveLength(2);
      const audit = await w.t.dataSource.query(
        `SELECT action, count(*)::int AS n FROM audit_event WHERE resource_id = $1 AND actor_id = $2 GROUP BY action ORDER BY action`,
        [id, w.ana.id],
      );
      expect(audit).toEqual([
        { action: 'transmittal.acknowledged', n: 1 },
        { action: 'transmittal.downloaded', n: 1 },
        { action: 'transmittal.opened', n: 1 },
        { action: 'transmittal.previewed', n: 1 },
      ]);
    });

    it('takes one response from an admin or named responder, with codes from the settings', async () => {
      const answer = (code = 'B') => ({
        contents: contents.map((c, i) => ({
          contentId: c.id,
          code: i === 0 ? code : 'A',
          comment: i === 0 ? 'Chamfer the edge 0.5' : null,
        })),
      });
      await w.asAna.post(`/api/v1/transmittals/${id}/response`).send(answer()).expect(403);
      await w.asAna
        .put(`/api/v1/transmittals/${id}/responders`)
        .send({ userIds: [w.ana.id] })
        .expect(403);
      const outsider = await asAdmin
        .put(`/api/v1/transmittals/${id}/responders`)
        .send({ userIds: [w.ana.id, w.bo.id] })
        .expect(400);
      expect(outsider.body.errors[0].field).toBe('userIds[1]');
      const named = await asAdmin
        .put(`/api/v1/transmittals/${id}/responders`)
        .send({ userIds: [w.ana.id] })
        .expect(200);
      expect(named.body).toEqual({ userIds: [w.ana.id] });
      expect((await w.asAna.get(`/api/v1/transmittals/${id}`).expect(200)).body.canRespond).toBe(true);
      await asMember2.post(`/api/v1/transmittals/${id}/response`).send(answer()).expect(403);

      const bad = await w.asAna.post(`/api/v1/transmittals/${id}/response`).send(answer('Z')).expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'contents[0].code' })]);
      const partial = await w.asAna
        .post(`/api/v1/transmittals/${id}/response`)
        .send({ contents: [{ contentId: contents[0].id, code: 'A' }] })
        .expect(400);
      expect(partial.body.errors[0].field).toBe('contents');
      await w.asPm.post(`/api/v1/transmittals/${id}/response`).send(answer()).expect(403);

      const [ok, second] = await Promise.all([
        w.asAna.post(`/api/v1/transmittals/${id}/response`).send(answer('E')),
        asAdmin.post(`/api/v1/transmittals/${id}/response`).send(answer('C')),
      ]);
      expect([ok.status, second.status].sort()).toEqual([200, 409]);
      const winner = ok.status === 200 ? ok : second;
      expect(winner.body.status).toBe('responded');
      expect(winner.body.response.submittedBy.id).toBe(ok.status === 200 ? w.ana.id : admin.id);
      expect(winner.body.contents[1].response).toEqual({ code: 'A', comment: null });
      await w.asAna.post(`/api/v1/transmittals/${id}/response`).send(answer()).expect(409);
      await asAdmin.put(`/api/v1/transmittals/${id}/responders`).send({ userIds: [] }).expect(409);
      const pm = await w.asPm.get(`/api/v1/transmittals/${id}`).expect(200);
      expect(pm.body.contents[0].response.comment).toBe('Chamfer the edge 0.5');
      expect((await w.asAna.get(`/api/v1/transmittals/${id}`).expect(200)).body.supplierState).toBe(
        'answered',
      );
    });

    it('is superseded by the next issued one; the supplier sees the chain', async () => {
      const draftOnly = await draft({ subject: 'Not yet', supersedesId: id }).expect(201);
      // A draft successor is not disclosed to the supplier.
      expect((await w.asAna.get(`/api/v1/transmittals/${id}`).expect(200)).body.supersededBy).toBeNull();
      await w.asPm.delete(`/api/v1/transmittals/${draftOnly.body.id}`).expect(204);
      const badRef = await draft({ supersedesId: draftOnly.body.id }).expect(400);
      expect(badRef.body.errors[0].field).toBe('supersedesId');
      const next = await draft({ subject: 'Revision C', supersedesId: id }).expect(201);
      const issued = await w.asPm.post(`/api/v1/transmittals/${next.body.id}/issue`).expect(200);
      expect(issued.body.supersedes).toEqual({ id, number: expect.any(String) });
      const old = await w.asAna.get(`/api/v1/transmittals/${id}`).expect(200);
      expect(old.body.status).toBe('superseded');
      expect(old.body.supersededBy).toEqual({ id: next.body.id, number: issued.body.number });
      const again = await draft({ supersedesId: id }).expect(400);
      expect(again.body.errors[0].message).toContain('already superseded');
      const [{ n }] = await w.t.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE resource_id = $1 AND action = 'transmittal.superseded'`,
        [id],
      );
      expect(n).toBe(1);
    });
  });

  it('files the inbox by state and lists overdue ones for the PM', async () => {
    const t = await draft({ subject: 'Late one' }).expect(201);
    await w.asPm.post(`/api/v1/transmittals/${t.body.id}/issue`).expect(200);
    const ids = async (client: Client, query: string) =>
      ((await client.get(`/api/v1/transmittals?${query}`).expect(200)).body.items as { id: string }[]).map(
        (x) => x.id,
      );
    expect(await ids(asMember2, 'state=unread')).toContain(t.body.id);
    await asMember2.get(`/api/v1/transmittals/${t.body.id}`).expect(200);
    expect(await ids(asMember2, 'state=unread')).not.toContain(t.body.id);
    expect(await ids(asMember2, 'state=awaiting_response')).toContain(t.body.id);
    // Ana has not opened it yet: still unread for her.
    expect(await ids(w.asAna, 'state=unread')).toContain(t.body.id);
    await w.t.dataSource.query(`UPDATE transmittal SET due_date = current_date - 2 WHERE id = $1`, [
      t.body.id,
    ]);
    expect(await ids(asMember2, 'state=overdue')).toContain(t.body.id);
    const overdue = await w.asPm.get('/api/v1/transmittals/overdue').expect(200);
    expect(overdue.body.items.map((x: { id: string }) => x.id)).toEqual([t.body.id]);
    expect(overdue.body.items[0].supplierState).toBeUndefined();
    await w.asAna.get('/api/v1/transmittals/overdue').expect(403);
    expect(await ids(w.asBo, 'state=overdue')).toEqual([]);
    await w.asAna.get('/api/v1/transmittals?state=late').expect(400);
    // Pages follow the cursor.
    const page1 = await asMember2.get('/api/v1/transmittals?limit=1').expect(200);
    const page2 = await asMember2
      .get(`/api/v1/transmittals?limit=1&cursor=${page1.body.nextCursor}`)
      .expect(200);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
  });

  it('reminds once, one day before the due date, while unanswered', async () => {
    const t = await draft({ subject: 'Due tomorrow', dueDate: inDays(1) }).expect(201);
    await w.asPm.post(`/api/v1/transmittals/${t.body.id}/issue`).expect(200);
    const later = await draft({ subject: 'Due later', dueDate: inDays(5) }).expect(201);
    await w.asPm.post(`/api/v1/transmittals/${later.body.id}/issue`).expect(200);
    const reminders = w.t.app.get(TransmittalReminders);
    // The reconciliation tick may run it too: together they announce it once.
    const counts = await Promise.all([reminders.remind(), reminders.remind(), reminders.remind()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
    expect(await reminders.remind()).toBe(0);
    const [claim] = await w.t.dataSource.query(
      `SELECT id FROM transmittal WHERE due_soon_announced_at IS NOT NULL`,
    );
    expect(claim).toEqual({ id: t.body.id });
    await waitFor(
      async () =>
        (
          await w.t.dataSource.query(
            `SELECT 1 FROM notification WHERE user_id = $1 AND event = 'transmittal.due_soon' AND link = $2`,
            [w.ana.id, `/transmittals/${t.body.id}`],
          )
        ).length === 1,
      20_000,
      "Ana's reminder",
    );
    const [{ n }] = await w.t.dataSource.query(
      `SELECT count(*)::int AS n FROM notification WHERE event = 'transmittal.due_soon'`,
    );
    // One per supplier user of Acme (Ana, Alma, Max), none for the later one.
    expect(n).toBe(3);
  });

  it('announces issue to the supplier and the Feishu group, and the response to the PM', async () => {
    const t = await draft({ subject: 'Announced package' }).expect(201);
    await w.asPm.post(`/api/v1/transmittals/${t.body.id}/issue`).expect(200);
    await waitFor(
      async () => w.feishu.control.messages(FEISHU_CHAT).some((m) => m.content.includes('Announced package')),
      20_000,
      'the Feishu card on issue',
    );
    await waitFor(
      async () =>
        (
          await w.t.dataSource.query(
            `SELECT 1 FROM notification WHERE user_id = $1 AND event = 'transmittal.issued' AND link = $2`,
            [w.ana.id, `/transmittals/${t.body.id}`],
          )
        ).length === 1,
      20_000,
      "Ana's notice",
    );
    const issued = await asAdmin.get(`/api/v1/transmittals/${t.body.id}`).expect(200);
    await asAdmin
      .post(`/api/v1/transmittals/${t.body.id}/response`)
      .send({ contents: issued.body.contents.map((c: { id: string }) => ({ contentId: c.id, code: 'A' })) })
      .expect(200);
    await waitFor(
      async () =>
        (
          await w.t.dataSource.query(
            `SELECT 1 FROM notification WHERE user_id = $1 AND event = 'transmittal.responded'`,
            [w.pm.id],
          )
        ).length === 1,
      20_000,
      "the PM's notice of the response",
    );
    await waitFor(
      async () =>
        w.feishu.control.messages(FEISHU_CHAT).filter((m) => m.content.includes('Announced package'))
          .length === 2,
      20_000,
      'the Feishu card on response',
    );
  });

  it('does not post a comment again that an earlier attempt left in Jira (its answer lost)', async () => {
    const t = await draft({ subject: 'Lost answer', contents: [{ itemId: item5, version: 1 }] }).expect(201);
    // As if an attempt had posted it and died before recording it.
    w.jira.control.addComment(
      'HW-5',
      `Earlier attempt http://portico.test/x#transmittal-issued-${t.body.id}`,
    );
    await w.asPm.post(`/api/v1/transmittals/${t.body.id}/issue`).expect(200);
    await waitFor(
      async () =>
        (
          await w.t.dataSource.query(`SELECT 1 FROM sync_effect WHERE job_key = $1`, [
            `jira.transmittal-link:${t.body.id}:HW-5`,
          ])
        ).length === 1,
      30_000,
      'the flow back',
    );
    const bodies = w.jira.control.findIssue('HW-5')!.comments.map((c) => JSON.stringify(c.body));
    expect(bodies.filter((b) => b.includes(`#transmittal-issued-${t.body.id}`))).toHaveLength(1);
  });

  it('writes the comment and remote link to each Jira issue exactly once while Jira fails 20 % of calls', async () => {
    const sim = w.jira.control;
    const t = await draft({
      subject: 'Faulty Jira',
      contents: [
        { itemId: item3, version: 1 },
        { itemId: item3, version: 2 },
        { itemId: item5, version: 1 },
      ],
    }).expect(201);
    const callsBefore = sim.recordedCalls().length;
    // The first two calls fail for sure (a 20 % rate alone may miss every one of a handful of calls).
    sim.injectFault({ route: '*', status: 500, times: 2 });
    sim.injectFault({ route: '*', status: 500, rate: 0.2 });
    try {
      await w.asPm.post(`/api/v1/transmittals/${t.body.id}/issue`).expect(200);
      const effects = async (kind: string) =>
        Number(
          (
            await w.t.dataSource.query(`SELECT count(*)::int AS n FROM sync_effect WHERE job_key LIKE $1`, [
              `jira.transmittal-${kind}:${t.body.id}%`,
            ])
          )[0].n,
        );
      await waitFor(
        async () => (await effects('comment')) === 2 && (await effects('link')) === 2,
        120_000,
        'the issue flow back',
      );
      const issued = await asAdmin.get(`/api/v1/transmittals/${t.body.id}`).expect(200);
      await asAdmin
        .post(`/api/v1/transmittals/${t.body.id}/response`)
        .send({
          contents: issued.body.contents.map((c: { id: string }, i: number) => ({
            contentId: c.id,
            code: ['A', 'C', 'B'][i],
            comment: `Answer ${i}`,
          })),
        })
        .expect(200);
      await waitFor(async () => (await effects('comment')) === 4, 120_000, 'the response flow back');
    } finally {
      sim.clearFaults();
    }
    const failures = sim
      .recordedCalls()
      .slice(callsBefore)
      .filter((c) => c.status === 500).length;
    expect(failures).toBeGreaterThan(0);
    for (const key of ['HW-3', 'HW-5']) {
      const issue = sim.findIssue(key)!;
      const bodies = issue.comments.map((c) => JSON.stringify(c.body));
      expect(bodies.filter((b) => b.includes(`#transmittal-issued-${t.body.id}`))).toHaveLength(1);
      expect(bodies.filter((b) => b.includes(`#transmittal-responded-${t.body.id}`))).toHaveLength(1);
      expect(issue.remoteLinks.filter((l) => l.globalId === `portico-transmittal-${t.body.id}`)).toHaveLength(
        1,
      );
    }
    const hw3 = sim.findIssue('HW-3')!.comments.map((c) => JSON.stringify(c.body));
    const issuedBody = hw3.find((b) => b.includes(`#transmittal-issued-${t.body.id}`))!;
    expect(issuedBody).toContain('version 1, version 2');
    expect(issuedBody).toMatch(/\(For review( and comment)?\)/);
    const answered = hw3.find((b) => b.includes(`#transmittal-responded-${t.body.id}`))!;
    expect(answered).toContain('Version 1: A');
    expect(answered).toContain('Version 2: C');
    expect(answered).toContain('Answer 1');
    expect(answered).not.toContain('Answer 2');
  }, 300_000);
});
