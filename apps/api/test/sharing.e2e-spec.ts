import { startJiraSimulator, JiraSimulator } from '@portico/connectors/jira/testing';
import { FeishuSimulator, startFeishuSimulator } from '@portico/connectors/feishu/testing/feishu-simulator';
import { textToAdf } from '@portico/connectors/adf/text-to-adf';
import { createJiraClient } from '@portico/connectors/jira/http-jira-client';
import { SharingRefreshHandlers } from '../src/sharing/sharing-refresh.handlers';
import { SourceRefreshService } from '../src/sharing/source-refresh.service';
import { clientFor } from './support/auth-helpers';
import { createOrg, createUser, TestUser } from './support/factories';
import { FAST_QUEUE_ENV, waitFor } from './support/sync-queue';
import { createTestApp, TestApp } from './support/test-app';

const FOLDER = 'fldcnPorticoSupplierShare01';

describe('Curated sharing and versioning', () => {
  let t: TestApp;
  let jira: JiraSimulator;
  let feishu: FeishuSimulator;
  let sharing: SourceRefreshService;
  let pm: TestUser;
  let ana: TestUser;
  type Client = Awaited<ReturnType<typeof clientFor>>;
  let asPm: Client;
  let asOtherPm: Client;
  let asAna: Client;
  let asSara: Client;
  let acmeId: string;
  let workspaceId: string;
  let itemId: string;

  beforeAll(async () => {
    jira = await startJiraSimulator({
      email: 'bot@example.com',
      apiToken: 'jira-token',
      webhookSecret: 'jira-webhook-secret',
    });
    feishu = await startFeishuSimulator({
      appId: 'cli_test',
      appSecret: 'feishu-secret',
      verificationToken: 'vt',
    });
    t = await createTestApp({
      JIRA_BASE_URL: jira.url,
      JIRA_EMAIL: 'bot@example.com',
      JIRA_API_TOKEN: 'jira-token',
      JIRA_WEBHOOK_SECRET: 'jira-webhook-secret',
      FEISHU_BASE_URL: feishu.url,
      FEISHU_APP_ID: 'cli_test',
      FEISHU_APP_SECRET: 'feishu-secret',
      FEISHU_VERIFICATION_TOKEN: 'vt',
      ...FAST_QUEUE_ENV,
    });
    await t.app.listen(0, '127.0.0.1');
    sharing = t.app.get(SourceRefreshService);
    const internal = await createOrg(t, { kind: 'internal' });
    const acme = await createOrg(t, { kind: 'supplier', name: 'Acme' });
    const borealis = await createOrg(t, { kind: 'supplier', name: 'Borealis' });
    acmeId = acme.id;
    pm = await createUser(t, { role: 'pm', org: internal });
    const otherPm = await createUser(t, { role: 'pm', org: internal });
    ana = await createUser(t, { role: 'supplier_member', org: acme, displayName: 'Ana' });
    const sara = await createUser(t, { role: 'supplier_member', org: borealis });
    [asPm, asOtherPm, asAna, asSara] = await Promise.all(
      [pm, otherPm, ana, sara].map((u) => clientFor(t, u)),
    );
    const ws = await asPm
      .post('/api/v1/workspaces')
      .send({
        name: 'Acme PCB',
        supplierOrgId: acmeId,
        jiraProjectKey: 'HW',
        jiraScopeJql: 'labels = supplier',
        feishuFolderToken: FOLDER,
        statusMap: { 'In Progress': 'Being worked on', 'In Testing': 'Under test' },
      })
      .expect(201);
    workspaceId = ws.body.id;
  });
  afterAll(async () => {
    await t?.close();
    await jira?.stop();
    await feishu?.stop();
  });

  const share = (body: Record<string, unknown>, ws = workspaceId) =>
    asPm.post(`/api/v1/workspaces/${ws}/items`).send(body);

  it('browses Jira issues inside the workspace scope and refuses JQL that escapes it', async () => {
    const res = await asPm
      .get(
        `/api/v1/workspaces/${workspaceId}/sources/jira?jql=${encodeURIComponent('status = "In Progress"')}`,
      )
      .expect(200);
    expect(res.body.items.map((i: { ref: string }) => i.ref)).toContain('HW-1');
    expect(res.body.items.map((i: { ref: string }) => i.ref)).not.toContain('HW-4'); // no "supplier" label
    const escape = await asPm
      .get(
        `/api/v1/workspaces/${workspaceId}/sources/jira?jql=${encodeURIComponent('x = 1) OR (project = HW')}`,
      )
      .expect(400);
    expect(escape.body.errors[0].field).toBe('jql');
    await asAna.get(`/api/v1/workspaces/${workspaceId}/sources/jira`).expect(403);
  });

  it('shares HW-1 with summary, status and due date; nothing reaches Ana before publication', async () => {
    const res = await share({
      sourceType: 'jira_issue',
      sourceRef: 'HW-1',
      fields: ['summary', 'status', 'dueDate'],
    }).expect(201);
    itemId = res.body.id;
    expect(res.body).toMatchObject({ sourceRef: 'HW-1', latestVersion: 0, hasDraft: true });
    await asAna.get(`/api/v1/items/${itemId}`).expect(404);
    const list = await asAna.get(`/api/v1/workspaces/${workspaceId}/items`).expect(200);
    expect(list.body.items).toEqual([]);
    await share({ sourceType: 'jira_issue', sourceRef: 'HW-1' }).expect(409);
    const browse = await asPm
      .get(`/api/v1/workspaces/${workspaceId}/sources/jira?jql=${encodeURIComponent('key = HW-1')}`)
      .expect(200);
    expect(browse.body.items[0]).toMatchObject({ ref: 'HW-1', sharedItemId: itemId });
  });

  it('refuses to share an issue outside the workspace scope or one that does not exist', async () => {
    const out = await share({ sourceType: 'jira_issue', sourceRef: 'HW-4' }).expect(422);
    expect(out.body.errors[0].field).toBe('sourceRef');
    await share({ sourceType: 'jira_issue', sourceRef: 'HW-9999' }).expect(422);
    await share({ sourceType: 'jira_issue', sourceRef: 'HW-1; DROP' }).expect(422);
  });

  it('previews exactly what the supplier will see, then publishes version 1 with exactly those fields', async () => {
    const preview = await asPm.get(`/api/v1/items/${itemId}/preview`).expect(200);
    expect(preview.body.fields.map((f: { name: string }) => f.name)).toEqual([
      'summary',
      'status',
      'dueDate',
    ]);
    expect(preview.body.fields[1]).toMatchObject({ name: 'status', value: 'Being worked on' });
    const v1 = await asPm.post(`/api/v1/items/${itemId}/publish`).send({ note: 'First issue' }).expect(201);
    expect(v1.body).toMatchObject({ version: 1, note: 'First issue' });
    expect(v1.body.snapshot).toEqual(preview.body);

    const seen = await asAna.get(`/api/v1/items/${itemId}`).expect(200);
    expect(seen.body.snapshot.fields.map((f: { name: string }) => f.name)).toEqual([
      'summary',
      'status',
      'dueDate',
    ]);
    expect(seen.body).toMatchObject({
      latestVersion: 1,
      status: 'Being worked on',
      lastSeenVersion: 0,
      unseenChanges: 1,
    });
    const leaked = JSON.stringify(seen.body);
    for (const secret of ['HW-1', 'sourceRef', 'draft', 'redactionRules', jira.url, 'In Progress'])
      expect(leaked).not.toContain(secret);
  });

  it('tells staff where Jira lives, for links to issues, and never a supplier', async () => {
    expect((await asPm.get('/api/v1/me').expect(200)).body.jiraSiteUrl).toBe(jira.url);
    expect((await asOtherPm.get('/api/v1/me').expect(200)).body.jiraSiteUrl).toBe(jira.url);
    const me = await asAna.get('/api/v1/me').expect(200);
    expect(me.body).not.toHaveProperty('jiraSiteUrl');
    const host = new URL(jira.url).host;
    for (const path of [
      'me',
      'workspaces',
      `workspaces/${workspaceId}`,
      `workspaces/${workspaceId}/items`,
      `workspaces/${workspaceId}/defects`,
      `items/${itemId}`,
      `items/${itemId}/versions`,
      `items/${itemId}/diff?from=1&to=1`,
    ]) {
      const res = await asAna.get(`/api/v1/${path}`).expect(200);
      expect([path, JSON.stringify(res.body).includes(host)]).toEqual([path, false]);
    }
  });

  it("gives Sara (Borealis) 404 for Acme's item, its versions, diff, draft and list", async () => {
    await asSara.get(`/api/v1/items/${itemId}`).expect(404);
    await asSara.get(`/api/v1/items/${itemId}/versions`).expect(404);
    await asSara.get(`/api/v1/items/${itemId}/versions/1`).expect(404);
    await asSara.get(`/api/v1/items/${itemId}/diff?from=1&to=1`).expect(404);
    await asSara.get(`/api/v1/items/${itemId}/draft`).expect(404);
    await asSara.get(`/api/v1/workspaces/${workspaceId}/items`).expect(404);
    await asSara.post(`/api/v1/items/${itemId}/versions/1/acknowledgements`).expect(404);
  });

  it('turns a source edit into a draft with the right diff, which Ana never sees, and publishes it as v2', async () => {
    jira.control.editIssue('HW-1', { summary: 'Main PCB rev C layout freeze' });
    await sharing.refreshSource('jira_issue', 'HW-1');
    const draft = await asPm.get(`/api/v1/items/${itemId}/draft`).expect(200);
    expect(draft.body.baseVersion).toBe(1);
    expect(draft.body.changes).toEqual([
      expect.objectContaining({
        field: 'summary',
        change: 'changed',
        before: 'Main PCB rev B layout freeze',
        after: 'Main PCB rev C layout freeze',
        textDiff: expect.arrayContaining([
          { op: 'delete', text: 'B' },
          { op: 'insert', text: 'C' },
        ]),
      }),
    ]);
    await asAna.get(`/api/v1/items/${itemId}/draft`).expect(404);
    expect((await asAna.get(`/api/v1/items/${itemId}`)).body.title).toBe('Main PCB rev B layout freeze');

    await asPm.post(`/api/v1/items/${itemId}/publish`).send({}).expect(201);
    await asPm.get(`/api/v1/items/${itemId}/draft`).expect(404);
    const diff = await asAna.get(`/api/v1/items/${itemId}/diff?from=1&to=2`).expect(200);
    expect(diff.body.changes.map((c: { field: string }) => c.field)).toEqual(['summary']);
  });

  it('creates no version for duplicate or out-of-order events', async () => {
    await sharing.refreshSource('jira_issue', 'HW-1');
    await sharing.refreshSource('jira_issue', 'HW-1');
    await asPm.get(`/api/v1/items/${itemId}/draft`).expect(404);
    const versions = await asPm.get(`/api/v1/items/${itemId}/versions`).expect(200);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  it('discards a draft for the owner only: published versions stay, the next source change drafts again', async () => {
    const ws = await asPm
      .post('/api/v1/workspaces')
      .send({ name: 'Acme discard', supplierOrgId: acmeId, jiraProjectKey: 'HW' })
      .expect(201);
    const item = await share(
      { sourceType: 'jira_issue', sourceRef: 'HW-12', fields: ['summary'] },
      ws.body.id,
    );
    const id = item.body.id as string;
    await asPm.post(`/api/v1/items/${id}/publish`).send({ note: 'Original' }).expect(201);
    const published = (await asAna.get(`/api/v1/items/${id}/versions/1`).expect(200)).body;
    await asPm.delete(`/api/v1/items/${id}/draft`).expect(404); // nothing pending yet

    jira.control.editIssue('HW-12', { summary: 'Gearbox housing, internal rework note' });
    await sharing.refreshSource('jira_issue', 'HW-12');
    await asPm.get(`/api/v1/items/${id}/draft`).expect(200);

    await asSara.delete(`/api/v1/items/${id}/draft`).expect(404);
    await asAna.delete(`/api/v1/items/${id}/draft`).expect(404);
    await asOtherPm.delete(`/api/v1/items/${id}/draft`).expect(403);
    await asPm.get(`/api/v1/items/${id}/draft`).expect(200);

    await asPm.delete(`/api/v1/items/${id}/draft`).expect(204);
    await asPm.get(`/api/v1/items/${id}/draft`).expect(404);
    await asPm.delete(`/api/v1/items/${id}/draft`).expect(404);
    expect((await asPm.get(`/api/v1/items/${id}`).expect(200)).body).toMatchObject({
      hasDraft: false,
      latestVersion: 1,
    });
    const versions = await asAna.get(`/api/v1/items/${id}/versions`).expect(200);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([1]);
    expect((await asAna.get(`/api/v1/items/${id}/versions/1`).expect(200)).body.snapshot).toEqual(
      published.snapshot,
    );
    const [audit] = await t.dataSource.query(
      `SELECT actor_id AS "actorId", details FROM audit_event WHERE resource_id = $1 AND action = 'item.draft.discarded'`,
      [id],
    );
    expect(audit).toMatchObject({ actorId: pm.id, details: { latestVersion: 1 } });

    // The same source revision again (a duplicate event, a reconciliation) leaves it discarded.
    await sharing.refreshSource('jira_issue', 'HW-12');
    await asPm.get(`/api/v1/items/${id}/draft`).expect(404);

    jira.control.editIssue('HW-12', { summary: 'Gearbox housing rev 2' });
    await sharing.refreshSource('jira_issue', 'HW-12');
    const next = await asPm.get(`/api/v1/items/${id}/draft`).expect(200);
    expect(next.body.changes).toEqual([
      expect.objectContaining({ field: 'summary', after: 'Gearbox housing rev 2' }),
    ]);
  });

  it('lets only one of several concurrent publishes create the next version', async () => {
    jira.control.editIssue('HW-1', { summary: 'Main PCB rev D layout freeze' });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => asPm.post(`/api/v1/items/${itemId}/publish`).send({})),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const rows = await t.dataSource.query(
      `SELECT version FROM shared_item_version WHERE item_id = $1 ORDER BY version`,
      [itemId],
    );
    expect(rows.map((r: { version: number }) => r.version)).toEqual([1, 2, 3]);
  });

  it('tracks what Ana has seen, filters her list, and records her acknowledgement for the PM', async () => {
    let list = await asAna.get(`/api/v1/workspaces/${workspaceId}/items?unseen=true`).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: itemId, latestVersion: 3, lastSeenVersion: 0, unseenChanges: 3 }),
    ]);
    await asAna.get(`/api/v1/items/${itemId}/versions/3`).expect(200);
    list = await asAna.get(`/api/v1/workspaces/${workspaceId}/items`).expect(200);
    expect(list.body.items[0]).toMatchObject({ lastSeenVersion: 3, unseenChanges: 0 });
    expect((await asAna.get(`/api/v1/workspaces/${workspaceId}/items?unseen=true`)).body.items).toEqual([]);
    expect(
      (await asAna.get(`/api/v1/workspaces/${workspaceId}/items?status=Under%20test`)).body.items,
    ).toEqual([]);
    expect(
      (await asAna.get(`/api/v1/workspaces/${workspaceId}/items?q=rev%20D&type=jira_issue`)).body.items,
    ).toHaveLength(1);
    expect(
      (await asAna.get(`/api/v1/workspaces/${workspaceId}/items?updatedSince=2999-01-01T00:00:00Z`)).body
        .items,
    ).toEqual([]);

    const ack = await asAna.post(`/api/v1/items/${itemId}/versions/3/acknowledgements`).expect(201);
    expect(ack.body).toMatchObject({ version: 3, userId: ana.id });
    await asAna.post(`/api/v1/items/${itemId}/versions/3/acknowledgements`).expect(201);
    await asPm.post(`/api/v1/items/${itemId}/versions/3/acknowledgements`).expect(403);
    const acks = await asPm.get(`/api/v1/items/${itemId}/acknowledgements`).expect(200);
    expect(acks.body).toEqual([expect.objectContaining({ version: 3, userId: ana.id, displayName: 'Ana' })]);
    const versions = await asAna.get(`/api/v1/items/${itemId}/versions`).expect(200);
    expect(versions.body.items[0]).toMatchObject({ version: 3, acknowledged: true });
  });

  it('rejects malformed version numbers and ids with 400, and unknown versions with 404', async () => {
    await asAna.get(`/api/v1/items/${itemId}/versions/abc`).expect(400);
    await asAna.get(`/api/v1/items/${itemId}/versions/99`).expect(404);
    const bad = await asAna.get(`/api/v1/items/${itemId}/diff?from=x&to=0`).expect(400);
    expect([...new Set(bad.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'from',
      'to',
    ]);
    await asAna.get('/api/v1/items/not-a-uuid').expect(400);
    await asAna.get(`/api/v1/workspaces/${workspaceId}/items?cursor=nonsense`).expect(400);
  });

  it("does not let another PM change the owner's items", async () => {
    await asOtherPm.get(`/api/v1/items/${itemId}`).expect(200);
    await asOtherPm.post(`/api/v1/items/${itemId}/publish`).send({}).expect(403);
  });

  it('masks a phone number with a redaction rule', async () => {
    jira.control.editIssue('HW-2', {
      description: textToAdf('Call the tooling lead on +86 138 0013 8000 before Friday.'),
    });
    const res = await share({
      sourceType: 'jira_issue',
      sourceRef: 'HW-2',
      fields: ['summary', 'description'],
      redactionRules: [{ pattern: '\\+?\\d[\\d ]{7,}\\d', replacement: '[phone]' }],
    }).expect(201);
    const v1 = await asPm.post(`/api/v1/items/${res.body.id}/publish`).send({}).expect(201);
    expect(v1.body.snapshot.fields[1].value).toContain('Call the tooling lead on [phone] before Friday.');
    expect(JSON.stringify(v1.body)).not.toContain('138');
    await asPm
      .patch(`/api/v1/items/${res.body.id}`)
      .send({ redactionRules: [{ pattern: '(\\d+)*$' }] })
      .expect(400);
  });

  it('publishes automatically in an auto-publish workspace, once per real change', async () => {
    const ws = await asPm
      .post('/api/v1/workspaces')
      .send({
        name: 'Acme auto',
        supplierOrgId: acmeId,
        jiraProjectKey: 'HW',
        autoPublish: true,
        defaultFields: ['summary', 'status'],
      })
      .expect(201);
    const item = await share({ sourceType: 'jira_issue', sourceRef: 'HW-3' }, ws.body.id).expect(201);
    expect(item.body.latestVersion).toBe(1);
    jira.control.transitionIssue('HW-3', 'Done');
    await sharing.refreshSource('jira_issue', 'HW-3');
    await sharing.refreshSource('jira_issue', 'HW-3');
    const versions = await asAna.get(`/api/v1/items/${item.body.id}/versions`).expect(200);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const v2 = await asAna.get(`/api/v1/items/${item.body.id}/versions/2`).expect(200);
    expect(v2.body.snapshot.status).toBe('Done');
  });

  it('produces a new document version when a shared Feishu document is edited', async () => {
    const docs = await asPm.get(`/api/v1/workspaces/${workspaceId}/sources/feishu`).expect(200);
    const doc = docs.body.items[0];
    expect(doc).toMatchObject({ ref: expect.any(String), sharedItemId: null });
    const noFolder = await asPm
      .post('/api/v1/workspaces')
      .send({ name: 'Acme no folder', supplierOrgId: acmeId })
      .expect(201);
    await share({ sourceType: 'feishu_doc', sourceRef: doc.ref }, noFolder.body.id).expect(422);
    const item = await share({
      sourceType: 'feishu_doc',
      sourceRef: doc.ref,
      fields: ['title', 'content'],
    }).expect(201);
    await asPm.post(`/api/v1/items/${item.body.id}/publish`).send({}).expect(201);
    await feishu.control.editDocument(doc.ref, { appendParagraph: 'Cell voltage tolerance is now ±5 mV.' });
    await sharing.refreshSource('feishu_doc', doc.ref);
    const draft = await asPm.get(`/api/v1/items/${item.body.id}/draft`).expect(200);
    expect(draft.body.changes[0]).toMatchObject({ field: 'content', change: 'changed' });
    expect(draft.body.changes[0].textDiff).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ op: 'insert', text: expect.stringContaining('±5') }),
      ]),
    );
    await asPm.post(`/api/v1/items/${item.body.id}/publish`).send({ note: 'Tolerance' }).expect(201);
    const list = await asAna.get(`/api/v1/workspaces/${workspaceId}/items?type=feishu_doc`).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: item.body.id, latestVersion: 2, type: 'feishu_doc' }),
    ]);
  });

  it('flags an item whose issue left the workspace scope instead of changing it for the supplier', async () => {
    jira.control.editIssue('HW-1', { labels: ['pcb'] });
    await sharing.refreshSource('jira_issue', 'HW-1');
    const item = await asPm.get(`/api/v1/items/${itemId}`).expect(200);
    expect(item.body).toMatchObject({ flag: 'out_of_scope', latestVersion: 3 });
    jira.control.editIssue('HW-1', { labels: ['pcb', 'supplier'] });
    await sharing.refreshSource('jira_issue', 'HW-1');
    expect((await asPm.get(`/api/v1/items/${itemId}`)).body.flag).toBeNull();
  });

  it('withdraws an item: Ana gets 404 at once, the PM keeps the history', async () => {
    await asPm.delete(`/api/v1/items/${itemId}`).expect(204);
    await asAna.get(`/api/v1/items/${itemId}`).expect(404);
    await asAna.get(`/api/v1/items/${itemId}/versions/1`).expect(404);
    const list = await asAna.get(`/api/v1/workspaces/${workspaceId}/items`).expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(itemId);
    const pmView = await asPm.get(`/api/v1/items/${itemId}`).expect(200);
    expect(pmView.body.withdrawnAt).toEqual(expect.any(String));
  });

  it('audits sharing, field changes, publications with their version, withdrawal and supplier views', async () => {
    const rows: { action: string; details: Record<string, unknown> }[] = await t.dataSource.query(
      `SELECT action, details FROM audit_event WHERE resource_id = $1 ORDER BY at, id`,
      [itemId],
    );
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'item.shared',
        'item.published',
        'item.version.viewed',
        'item.version.acknowledged',
        'item.withdrawn',
      ]),
    );
    expect(rows.filter((r) => r.action === 'item.published').map((r) => r.details.version)).toEqual([
      1, 2, 3,
    ]);
  });

  it('paginates the supplier list with a cursor, newest publication first', async () => {
    const ws = await asPm
      .post('/api/v1/workspaces')
      .send({ name: 'Acme pages', supplierOrgId: acmeId, jiraProjectKey: 'HW', autoPublish: true })
      .expect(201);
    for (const key of ['HW-5', 'HW-6', 'HW-7'])
      await share({ sourceType: 'jira_issue', sourceRef: key }, ws.body.id).expect(201);
    const first = await asAna.get(`/api/v1/workspaces/${ws.body.id}/items?limit=2`).expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await asAna
      .get(`/api/v1/workspaces/${ws.body.id}/items?limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const all = [...first.body.items, ...second.body.items].map((i: { title: string }) => i.title);
    expect(new Set(all).size).toBe(3);
    const dates = [...first.body.items, ...second.body.items].map(
      (i: { lastPublishedAt: string }) => i.lastPublishedAt,
    );
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('turns a signed Jira webhook into a draft, and a duplicated, reordered delivery into one auto-published version', async () => {
    const appUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    jira.control.setWebhookUrl(`${appUrl}/api/v1/webhooks/jira`);
    try {
      const manual = await share({
        sourceType: 'jira_issue',
        sourceRef: 'HW-8',
        fields: ['summary', 'status'],
      }).expect(201);
      await asPm.post(`/api/v1/items/${manual.body.id}/publish`).send({}).expect(201);
      jira.control.editIssue('HW-8', { summary: 'Drop test from 1.5 m' });
      const draft = await waitFor(
        async () => {
          const res = await asPm.get(`/api/v1/items/${manual.body.id}/draft`);
          return res.status === 200 ? res.body : undefined;
        },
        30000,
        'the webhook-driven draft',
      );
      expect(draft.changes).toEqual([
        expect.objectContaining({ field: 'summary', after: 'Drop test from 1.5 m' }),
      ]);

      const ws = await asPm
        .post('/api/v1/workspaces')
        .send({
          name: 'Acme webhooks',
          supplierOrgId: acmeId,
          jiraProjectKey: 'HW',
          autoPublish: true,
          defaultFields: ['summary'],
        })
        .expect(201);
      const auto = await share({ sourceType: 'jira_issue', sourceRef: 'HW-9' }, ws.body.id).expect(201);
      jira.control.injectWebhookFault({ duplicate: true, times: 2 });
      jira.control.editIssue('HW-9', { summary: 'First edit' });
      jira.control.editIssue('HW-9', { summary: 'Second edit' });
      await jira.control.flushWebhooks();
      await waitFor(
        async () => {
          const res = await asAna.get(`/api/v1/items/${auto.body.id}`);
          return res.body.title === 'Second edit' || undefined;
        },
        30000,
        'the auto-published edit',
      );
      await new Promise((r) => setTimeout(r, 1500)); // let any straggling duplicate run
      const versions = await asAna.get(`/api/v1/items/${auto.body.id}/versions`).expect(200);
      // v1 at share time; the edits collapse into at most one version per distinct source state, never a duplicate.
      const numbers = versions.body.items.map((v: { version: number }) => v.version);
      expect(numbers.length).toBeLessThanOrEqual(3);
      const snapshots = await t.dataSource.query(
        `SELECT snapshot->>'title' AS title FROM shared_item_version WHERE item_id = $1 ORDER BY version`,
        [auto.body.id],
      );
      const titles = snapshots.map((r: { title: string }) => r.title);
      expect(new Set(titles).size).toBe(titles.length);
      expect(titles[titles.length - 1]).toBe('Second edit');
    } finally {
      jira.control.setWebhookUrl(undefined);
    }
  });

  it('catches an edit whose webhook was lost on the next reconciliation tick', async () => {
    const item = await share({ sourceType: 'jira_issue', sourceRef: 'HW-5', fields: ['summary'] }).expect(
      201,
    );
    await asPm.post(`/api/v1/items/${item.body.id}/publish`).send({}).expect(201);
    const since = new Date().toISOString();
    jira.control.editIssue('HW-5', { summary: 'Edited while the webhook was down' });
    await asPm.get(`/api/v1/items/${item.body.id}/draft`).expect(404);
    await t.app.get(SharingRefreshHandlers).reconcile({ since, now: new Date().toISOString() });
    const draft = await asPm.get(`/api/v1/items/${item.body.id}/draft`).expect(200);
    expect(draft.body.snapshot.title).toBe('Edited while the webhook was down');
  });

  it('flags an item for the PM as soon as a signed jira:issue_deleted webhook arrives', async () => {
    const appUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const ws = (
      await asPm
        .post('/api/v1/workspaces')
        .send({ name: 'Acme deletion webhooks', supplierOrgId: acmeId, jiraProjectKey: 'HW' })
        .expect(201)
    ).body.id;
    const item = await share(
      { sourceType: 'jira_issue', sourceRef: 'HW-13', fields: ['summary'] },
      ws,
    ).expect(201);
    await asPm.post(`/api/v1/items/${item.body.id}/publish`).send({}).expect(201);
    jira.control.setWebhookUrl(`${appUrl}/api/v1/webhooks/jira`);
    try {
      jira.control.deleteIssue('HW-13');
      const flag = await waitFor(
        async () => {
          const res = await asPm.get(`/api/v1/items/${item.body.id}`).expect(200);
          return res.body.flag ?? undefined;
        },
        30000,
        'the deletion flag',
      );
      expect(flag).toBe('source_deleted');
      expect(jira.control.webhookDeliveries.map((d) => d.event)).toContain('jira:issue_deleted');
    } finally {
      jira.control.setWebhookUrl(undefined);
    }
  });

  it('flags an item whose issue was deleted without reaching Portico, and still reconciles the rest of its batch', async () => {
    const ws = (
      await asPm
        .post('/api/v1/workspaces')
        .send({ name: 'Acme deletions', supplierOrgId: acmeId, jiraProjectKey: 'HW' })
        .expect(201)
    ).body.id;
    const gone = await share({ sourceType: 'jira_issue', sourceRef: 'HW-6', fields: ['summary'] }, ws).expect(
      201,
    );
    const kept = await share({ sourceType: 'jira_issue', sourceRef: 'HW-7', fields: ['summary'] }, ws).expect(
      201,
    );
    for (const item of [gone, kept])
      await asPm.post(`/api/v1/items/${item.body.id}/publish`).send({}).expect(201);
    const seenBefore = (await asAna.get(`/api/v1/items/${gone.body.id}`).expect(200)).body;
    const since = new Date().toISOString();
    jira.control.deleteIssue('HW-6'); // no webhook is registered here: only reconciliation can notice
    jira.control.editIssue('HW-7', { summary: 'Edited in the same tick' });
    await t.app.get(SharingRefreshHandlers).reconcile({ since, now: new Date().toISOString() });

    expect((await asPm.get(`/api/v1/items/${gone.body.id}`).expect(200)).body.flag).toBe('source_deleted');
    // The supplier keeps the last published version: nothing changed for them silently.
    const seenAfter = (await asAna.get(`/api/v1/items/${gone.body.id}`).expect(200)).body;
    expect(seenAfter).toEqual(seenBefore);
    const draft = await asPm.get(`/api/v1/items/${kept.body.id}/draft`).expect(200);
    expect(draft.body.snapshot.title).toBe('Edited in the same tick');

    // Once flagged, the deleted issue is no longer asked for: no refused search, no read of it.
    jira.control.clearRecordedCalls();
    await t.app.get(SharingRefreshHandlers).reconcile({ since, now: new Date().toISOString() });
    const calls = jira.control.recordedCalls();
    expect(calls.filter((c) => c.status === 400)).toEqual([]);
    expect(calls.filter((c) => c.path.endsWith('/issue/HW-6'))).toEqual([]);
  });

  describe('attachments, served through Portico', () => {
    let attachmentsWs: string;
    let drawingItem: string;
    let drawingId: string;
    const drawing = Buffer.from('%PDF-1.7\nD-102 rev C hole pattern\n');
    const drawingName = '图纸 D-102 "rev C" 100%.pdf';

    beforeAll(async () => {
      attachmentsWs = (
        await asPm
          .post('/api/v1/workspaces')
          .send({ name: 'Acme drawings', supplierOrgId: acmeId, jiraProjectKey: 'HW' })
          .expect(201)
      ).body.id;
      const jiraClient = createJiraClient({
        baseUrl: jira.url,
        email: 'bot@example.com',
        apiToken: 'jira-token',
      });
      const [added] = await jiraClient.addAttachment('HW-8', {
        filename: drawingName,
        content: drawing,
        contentType: 'application/pdf',
      });
      drawingId = String(added.id);
      drawingItem = (
        await share(
          { sourceType: 'jira_issue', sourceRef: 'HW-8', fields: ['summary', 'attachments'] },
          attachmentsWs,
        ).expect(201)
      ).body.id;
      await asPm.post(`/api/v1/items/${drawingItem}/publish`).send({}).expect(201);
    });

    const download = (client: Client, item: string, attachment: string) =>
      client
        .get(`/api/v1/items/${item}/attachments/${attachment}`)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });

    it('lets Ana download an allowlisted attachment of the published version, under its real name, audited', async () => {
      const item = await asAna.get(`/api/v1/items/${drawingItem}`).expect(200);
      const listed = item.body.snapshot.fields.find((f: { name: string }) => f.name === 'attachments');
      expect(listed.value).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: drawingId, filename: drawingName })]),
      );
      expect(JSON.stringify(item.body)).not.toContain(jira.url);

      // A HEAD (a link checker) is not a download: refused, so it is neither fetched nor audited.
      const head = await asAna.head(`/api/v1/items/${drawingItem}/attachments/${drawingId}`).expect(405);
      expect(head.headers.allow).toBe('GET');
      const res = await download(asAna, drawingItem, drawingId).expect(200);
      expect((res.body as Buffer).equals(drawing)).toBe(true);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="__ D-102 _rev C_ 100_.pdf"; filename*=UTF-8''${encodeURIComponent(drawingName)}`,
      );
      expect(JSON.stringify(res.headers)).not.toContain(jira.url);
      const audit = await t.dataSource.query(
        `SELECT actor_id, workspace_id, details FROM audit_event WHERE action = 'item.attachment.downloaded' AND resource_id = $1`,
        [drawingItem],
      );
      expect(audit).toEqual([
        {
          actor_id: ana.id,
          workspace_id: attachmentsWs,
          details: { version: 1, attachmentId: drawingId, filename: drawingName },
        },
      ]);
    });

    it('answers 404 for another organisation, an attachment of another issue and a malformed id 400', async () => {
      const sara = await download(asSara, drawingItem, drawingId).expect(404);
      expect(sara.headers['content-type']).toMatch(/problem\+json/);
      // 10507 is HW-8's own seeded attachment, 10501 belongs to HW-2: only the former is part of the item.
      await download(asAna, drawingItem, '10507').expect(200);
      await download(asAna, drawingItem, '10501').expect(404);
      const bad = await asAna.get(`/api/v1/items/${drawingItem}/attachments/..%2F..%2Fmyself`).expect(400);
      expect(bad.body.errors).toEqual([{ field: 'attachmentId', message: expect.any(String) }]);
    });

    it('serves only what the latest published version lists: not a newer Jira attachment, not one dropped from the allowlist', async () => {
      const jiraClient = createJiraClient({
        baseUrl: jira.url,
        email: 'bot@example.com',
        apiToken: 'jira-token',
      });
      const [later] = await jiraClient.addAttachment('HW-8', {
        filename: 'internal-notes.txt',
        content: Buffer.from('not for suppliers yet'),
      });
      await sharing.refreshSource('jira_issue', 'HW-8');
      await download(asAna, drawingItem, String(later.id)).expect(404);
      await download(asPm, drawingItem, String(later.id)).expect(404);

      await asPm
        .patch(`/api/v1/items/${drawingItem}`)
        .send({ fields: ['summary'] })
        .expect(200);
      await asPm.post(`/api/v1/items/${drawingItem}/publish`).send({}).expect(201);
      await download(asAna, drawingItem, drawingId).expect(404);
      await download(asAna, drawingItem, String(later.id)).expect(404);
    });

    it('answers 404 when the file is gone from Jira, without leaking Jira', async () => {
      const item = (
        await share(
          { sourceType: 'jira_issue', sourceRef: 'HW-11', fields: ['attachments'] },
          attachmentsWs,
        ).expect(201)
      ).body.id;
      await asPm.post(`/api/v1/items/${item}/publish`).send({}).expect(201);
      jira.control.issue('HW-11').attachments = [];
      const res = await download(asAna, item, '10510').expect(404);
      expect(JSON.stringify(res.body)).not.toContain(jira.url);
    });
  });

  describe('co-owners', () => {
    it('lets a co-owner share, preview, see drafts and publish in the workspace; another PM only reads', async () => {
      const coOwner = await createUser(t, { role: 'pm', org: pm.organization });
      const asCoOwner = await clientFor(t, coOwner);
      const ws = (
        await asPm
          .post('/api/v1/workspaces')
          .send({
            name: 'Acme co-owned',
            supplierOrgId: acmeId,
            jiraProjectKey: 'HW',
            coOwnerIds: [coOwner.id],
          })
          .expect(201)
      ).body.id;
      await asCoOwner.get(`/api/v1/workspaces/${ws}/sources/jira`).expect(200);
      await asOtherPm.get(`/api/v1/workspaces/${ws}/sources/jira`).expect(403);
      await asOtherPm
        .post(`/api/v1/workspaces/${ws}/items`)
        .send({ sourceType: 'jira_issue', sourceRef: 'HW-14' })
        .expect(403);
      const item = (
        await asCoOwner
          .post(`/api/v1/workspaces/${ws}/items`)
          .send({ sourceType: 'jira_issue', sourceRef: 'HW-14', fields: ['summary'] })
          .expect(201)
      ).body.id;
      await asCoOwner.get(`/api/v1/items/${item}/preview`).expect(200);
      await asCoOwner.get(`/api/v1/items/${item}/draft`).expect(200);
      await asOtherPm.get(`/api/v1/items/${item}/preview`).expect(403);
      await asOtherPm.post(`/api/v1/items/${item}/publish`).send({}).expect(403);
      await asCoOwner.post(`/api/v1/items/${item}/publish`).send({ note: 'By the co-owner' }).expect(201);
      await asCoOwner
        .patch(`/api/v1/items/${item}`)
        .send({ fields: ['summary', 'status'] })
        .expect(200);
      await asCoOwner.get(`/api/v1/items/${item}/acknowledgements`).expect(200);
      // Internal users still read every workspace, so the other PM sees the item in the list.
      const list = await asOtherPm.get(`/api/v1/workspaces/${ws}/items`).expect(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([item]);
      await asCoOwner.delete(`/api/v1/items/${item}`).expect(204);
    });
  });
});
