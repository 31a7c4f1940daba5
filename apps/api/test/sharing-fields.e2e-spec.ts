import { startJiraSimulator, JiraSimulator } from '@portico/connectors/jira/testing';
import { ResolveSharedFieldNames1765090000000 } from '../../../migrations/1765090000000-ResolveSharedFieldNames';
import { clientFor } from './support/auth-helpers';
import { createOrg, createUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

/** yyyy-mm-dd, `days` from today (UTC, as the database's CURRENT_DATE on a UTC server). */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe("Shared fields: Jira's ids, refused unknown names, due dates and priorities for suppliers", () => {
  let t: TestApp;
  let jira: JiraSimulator;
  type Client = Awaited<ReturnType<typeof clientFor>>;
  let asPm: Client;
  let asAna: Client;
  let asSara: Client;
  let acmeId: string;
  let workspaceId: string;
  const items: Record<string, string> = {};

  beforeAll(async () => {
    jira = await startJiraSimulator({ email: 'bot@example.com', apiToken: 'jira-token', webhookSecret: 's' });
    t = await createTestApp({
      JIRA_BASE_URL: jira.url,
      JIRA_EMAIL: 'bot@example.com',
      JIRA_API_TOKEN: 'jira-token',
      JIRA_WEBHOOK_SECRET: 's',
    });
    await t.app.listen(0, '127.0.0.1');
    const internal = await createOrg(t, { kind: 'internal' });
    const acme = await createOrg(t, { kind: 'supplier', name: 'Acme' });
    const borealis = await createOrg(t, { kind: 'supplier', name: 'Borealis' });
    acmeId = acme.id;
    const pm = await createUser(t, { role: 'pm', org: internal });
    const ana = await createUser(t, { role: 'supplier_member', org: acme });
    const sara = await createUser(t, { role: 'supplier_member', org: borealis });
    [asPm, asAna, asSara] = await Promise.all([pm, ana, sara].map((u) => clientFor(t, u)));
    jira.control.clearRecordedCalls();
  });
  afterAll(async () => {
    await t?.close();
    await jira?.stop();
  });

  const fieldCalls = () => jira.control.recordedCalls().filter((c) => c.path === '/rest/api/3/field').length;

  it("accepts Jira's own ids and stores Portico's canonical names for workspace defaults", async () => {
    const ws = await asPm
      .post('/api/v1/workspaces')
      .send({
        name: 'Acme schedule',
        supplierOrgId: acmeId,
        jiraProjectKey: 'HW',
        defaultFields: ['summary', 'status', 'duedate', 'priority', 'description', 'Supplier due date'],
      })
      .expect(201);
    workspaceId = ws.body.id;
    expect(ws.body.defaultFields).toEqual([
      'summary',
      'status',
      'dueDate',
      'priority',
      'description',
      'customfield_10050',
    ]);
    const patched = await asPm
      .patch(`/api/v1/workspaces/${workspaceId}`)
      .send({ defaultFields: ['SUMMARY', 'Due date', 'issuetype', 'fixVersions', 'customfield_10051'] })
      .expect(200);
    expect(patched.body.defaultFields).toEqual([
      'summary',
      'dueDate',
      'issueType',
      'fixVersions',
      'customfield_10051',
    ]);
  });

  it('refuses with 400 naming each unknown field, in defaults, item fields and bulk sharing, storing nothing', async () => {
    const created = await asPm
      .post('/api/v1/workspaces')
      .send({ name: 'Typos', supplierOrgId: acmeId, defaultFields: ['summary', 'dueDat', 'Part nummer'] })
      .expect(400);
    expect(created.body.errors).toEqual([
      { field: 'defaultFields[1]', message: expect.stringContaining('"dueDat"') },
      { field: 'defaultFields[2]', message: expect.stringContaining('"Part nummer"') },
    ]);
    const patched = await asPm
      .patch(`/api/v1/workspaces/${workspaceId}`)
      .send({ defaultFields: ['summary', 'customfield_99999'] })
      .expect(400);
    expect(patched.body.errors[0]).toMatchObject({ field: 'defaultFields[1]' });
    expect(patched.body.errors[0].message).toContain('customfield_99999');
    const shared = await asPm
      .post(`/api/v1/workspaces/${workspaceId}/items`)
      .send({ sourceType: 'jira_issue', sourceRef: 'HW-2', fields: ['summary', 'Project', 'nope'] })
      .expect(400);
    expect(shared.body.errors.map((e: { field: string }) => e.field)).toEqual(['fields[1]', 'fields[2]']);
    expect(shared.body.errors[0].message).toContain('does not share');
    const ws = await asPm.get(`/api/v1/workspaces/${workspaceId}`).expect(200);
    expect(ws.body.defaultFields).toContain('customfield_10051');
    const list = await asPm.get(`/api/v1/workspaces/${workspaceId}/items`).expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('shares duedate and a customfield id, and the supplier sees their values with Jira’s labels', async () => {
    jira.control.editIssue('HW-1', { duedate: day(-3) });
    const res = await asPm
      .post(`/api/v1/workspaces/${workspaceId}/items`)
      .send({
        sourceType: 'jira_issue',
        sourceRef: 'HW-1',
        fields: ['summary', 'status', 'duedate', 'priority', 'customfield_10050', 'part number'],
      })
      .expect(201);
    items.overdue = res.body.id;
    expect(res.body.fields).toEqual([
      'summary',
      'status',
      'dueDate',
      'priority',
      'customfield_10050',
      'customfield_10051',
    ]);
    await asPm.post(`/api/v1/items/${items.overdue}/publish`).send({}).expect(201);
    const seen = await asAna.get(`/api/v1/items/${items.overdue}`).expect(200);
    const byName = Object.fromEntries(
      seen.body.snapshot.fields.map((f: { name: string }) => [f.name, f] as const),
    );
    expect(byName.dueDate).toMatchObject({ label: 'Due date', kind: 'date', value: day(-3) });
    expect(byName.customfield_10050).toMatchObject({ label: 'Supplier due date', value: expect.any(String) });
    expect(byName.customfield_10051).toMatchObject({ label: 'Part number', value: expect.any(String) });
    expect(seen.body).toMatchObject({ dueDate: day(-3), priority: expect.any(String), overdue: true });
  });

  it('asks Jira for its field list once per cache period (JIRA_FIELDS_CACHE_SECONDS, 60 s here)', async () => {
    const patch = (fields: string[]) =>
      asPm.patch(`/api/v1/workspaces/${workspaceId}`).send({ defaultFields: fields });
    await patch(['summary', 'Part number']).expect(200);
    await patch(['summary', 'customfield_10050']).expect(200);
    // Every check of this file so far ran within the cache period: one read of the list in all.
    expect(fieldCalls()).toBe(1);
    await patch(['summary', 'dueDate']).expect(200); // Portico's own names need no Jira at all
  });

  it('lists the shareable fields with Jira’s name and id for the field picker, only for the workspace’s PMs', async () => {
    const res = await asPm.get(`/api/v1/workspaces/${workspaceId}/sources/jira/fields`).expect(200);
    expect(res.body).toEqual(
      expect.arrayContaining([
        { name: 'dueDate', label: 'Due date', jiraId: 'duedate', jiraName: 'Due date', custom: false },
        {
          name: 'customfield_10050',
          label: 'Supplier due date',
          jiraId: 'customfield_10050',
          jiraName: 'Supplier due date',
          custom: true,
        },
      ]),
    );
    const names = res.body.map((f: { name: string }) => f.name);
    expect(names).not.toContain('project');
    expect(names).not.toContain('comment');
    await asAna.get(`/api/v1/workspaces/${workspaceId}/sources/jira/fields`).expect(403);
    await asSara.get(`/api/v1/workspaces/${workspaceId}/sources/jira/fields`).expect(403);
  });

  it('sorts the supplier’s list by due date and filters overdue and due-within-N-days items', async () => {
    const dates: Record<string, string | null> = { soon: day(2), later: day(20), undated: null };
    const refs: Record<string, string> = { soon: 'HW-5', later: 'HW-6', undated: 'HW-7' };
    for (const [name, due] of Object.entries(dates)) {
      jira.control.editIssue(refs[name], { duedate: due });
      const res = await asPm
        .post(`/api/v1/workspaces/${workspaceId}/items`)
        .send({ sourceType: 'jira_issue', sourceRef: refs[name], fields: ['summary', 'duedate', 'priority'] })
        .expect(201);
      items[name] = res.body.id;
      await asPm.post(`/api/v1/items/${res.body.id}/publish`).send({}).expect(201);
    }
    const list = (query: string) =>
      asAna
        .get(`/api/v1/workspaces/${workspaceId}/items?${query}`)
        .expect(200)
        .then(
          (r) => r.body as { items: { id: string; dueDate: string | null }[]; nextCursor: string | null },
        );
    const byDue = await list('sort=dueDate');
    expect(byDue.items.map((i) => i.id)).toEqual([items.overdue, items.soon, items.later, items.undated]);
    expect(byDue.items.map((i) => i.dueDate)).toEqual([day(-3), day(2), day(20), null]);
    expect((await list('overdue=true')).items.map((i) => i.id)).toEqual([items.overdue]);
    expect((await list('dueWithinDays=7&sort=dueDate')).items.map((i) => i.id)).toEqual([items.soon]);
    expect((await list('dueWithinDays=0')).items).toEqual([]);
    // Page by page, the due-date order is the same.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`sort=dueDate&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(byDue.items.map((i) => i.id));
    // A cursor of the other order cannot continue this one.
    const newest = await list('limit=1');
    const refused = await asAna
      .get(`/api/v1/workspaces/${workspaceId}/items?sort=dueDate&cursor=${newest.nextCursor}`)
      .expect(400);
    expect(refused.body.errors[0].field).toBe('cursor');
    await asSara.get(`/api/v1/workspaces/${workspaceId}/items?sort=dueDate&overdue=true`).expect(404);
  });

  it('shows a changed due date old → new in the diff of a new version and on "What changed"', async () => {
    await asAna.get(`/api/v1/items/${items.soon}/versions/1`).expect(200); // Ana has seen v1
    jira.control.editIssue('HW-5', { duedate: day(9) });
    await asPm.patch(`/api/v1/items/${items.soon}`).send({ fields: ['summary', 'dueDate', 'priority'] });
    await asPm.post(`/api/v1/items/${items.soon}/publish`).send({}).expect(201);
    const diff = await asAna.get(`/api/v1/items/${items.soon}/diff?from=1&to=2`).expect(200);
    expect(diff.body.changes ?? diff.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'dueDate', change: 'changed', before: day(2), after: day(9) }),
      ]),
    );
    const row = (await asAna.get(`/api/v1/items/${items.soon}`).expect(200)).body;
    expect(row).toMatchObject({ dueDate: day(9), overdue: false });
    const changes = (await asAna.get('/api/v1/changes').expect(200)).body;
    const entries = changes.items ?? changes.changes;
    expect(entries.find((c: { link: string }) => c.link === `/items/${items.soon}`)).toMatchObject({
      kind: 'new_version',
      dueDate: day(9),
      overdue: false,
      dueDateChange: { from: day(2), to: day(9) },
    });
    const overdue = entries.find((c: { link: string }) => c.link === `/items/${items.overdue}`);
    expect(overdue).toMatchObject({ kind: 'new_item', dueDate: day(-3), overdue: true });
    expect(overdue).not.toHaveProperty('dueDateChange');
  });

  it('does not count a finished item (Jira status category Done) as overdue', async () => {
    jira.control.transitionIssue('HW-1', 'Done');
    await asPm.post(`/api/v1/items/${items.overdue}/publish`).send({}).expect(201);
    const row = (await asAna.get(`/api/v1/items/${items.overdue}`).expect(200)).body;
    expect(row).toMatchObject({ dueDate: day(-3), overdue: false });
    const overdue = await asAna.get(`/api/v1/workspaces/${workspaceId}/items?overdue=true`).expect(200);
    expect(overdue.body.items).toEqual([]);
  });

  it('maps known aliases of stored rows to canonical names and lists the rest in a workspace notice', async () => {
    const [legacy] = await t.dataSource.query(
      `INSERT INTO workspace (name, supplier_org_id, owner_id, jira_project_key, default_fields)
       SELECT 'Legacy', $1, owner_id, 'HW', ARRAY['summary','duedate','Due Date','issuetype','Supplier due date']
         FROM workspace WHERE id = $2 RETURNING id`,
      [acmeId, workspaceId],
    );
    const insertItem = (ref: string, fields: string[]) =>
      t.dataSource
        .query(
          `INSERT INTO shared_item (workspace_id, source_type, source_ref, field_allowlist, source_revision)
           VALUES ($1, 'jira_issue', $2, $3, 'r1') RETURNING id`,
          [legacy.id, ref, fields],
        )
        .then((rows: { id: string }[]) => rows[0].id);
    const mapped = await insertItem('HW-8', [
      'summary',
      'DUEDATE',
      'fix versions',
      'attachment',
      'CUSTOMFIELD_10050',
    ]);
    const unknown = await insertItem('HW-9', ['summary', 'Budget code', 'status']);
    const untouched = await insertItem('HW-10', ['summary', 'dueDate']);
    const runner = t.dataSource.createQueryRunner();
    try {
      await new ResolveSharedFieldNames1765090000000().up(runner);
    } finally {
      await runner.release();
    }
    const rows: { id: string; fields: string[]; rev: string | null }[] = await t.dataSource.query(
      `SELECT id, field_allowlist AS fields, source_revision AS rev FROM shared_item WHERE workspace_id = $1`,
      [legacy.id],
    );
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[mapped]).toEqual({
      id: mapped,
      fields: ['summary', 'dueDate', 'fixVersions', 'attachments', 'customfield_10050'],
      rev: null,
    });
    expect(byId[unknown].fields).toEqual(['summary', 'Budget code', 'status']); // kept, never dropped
    expect(byId[untouched]).toMatchObject({ fields: ['summary', 'dueDate'], rev: 'r1' });
    const ws = (await asPm.get(`/api/v1/workspaces/${legacy.id}`).expect(200)).body;
    expect(ws.defaultFields).toEqual(['summary', 'dueDate', 'issueType', 'Supplier due date']);
    expect(ws.fieldNotice.unmatched).toEqual([
      { itemId: null, sourceRef: null, names: ['Supplier due date'] },
      { itemId: unknown, sourceRef: 'HW-9', names: ['Budget code'] },
    ]);
    // Workspaces whose names were all canonical get no notice; the PM dismisses one once dealt with.
    expect((await asPm.get(`/api/v1/workspaces/${workspaceId}`).expect(200)).body.fieldNotice).toBeNull();
    const dismissed = await asPm
      .patch(`/api/v1/workspaces/${legacy.id}`)
      .send({ dismissFieldNotice: true })
      .expect(200);
    expect(dismissed.body.fieldNotice).toBeNull();
    expect(
      JSON.stringify((await asAna.get(`/api/v1/workspaces/${legacy.id}`).expect(200)).body),
    ).not.toContain('Budget code');
  });
});
