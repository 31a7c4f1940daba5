import { startJiraSimulator, JiraSimulator } from '@portico/connectors/jira/testing';
import { FeishuSimulator, startFeishuSimulator } from '@portico/connectors/feishu/testing/feishu-simulator';
import { clientFor } from './support/auth-helpers';
import { createOrg, createUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const FOLDER = 'fldcnPorticoSupplierShare01';

/** What a PM new to Portico ran into: defaults per source type, and clients that send an empty JSON body. */
describe('Sharing fields per source type, and empty JSON bodies', () => {
  let t: TestApp;
  let jira: JiraSimulator;
  let feishu: FeishuSimulator;
  type Client = Awaited<ReturnType<typeof clientFor>>;
  let asPm: Client;
  let workspaceId: string;
  let docRef: string;

  beforeAll(async () => {
    jira = await startJiraSimulator({
      email: 'bot@example.com',
      apiToken: 'jira-token',
      webhookSecret: 'whs',
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
      FEISHU_BASE_URL: feishu.url,
      FEISHU_APP_ID: 'cli_test',
      FEISHU_APP_SECRET: 'feishu-secret',
    });
    await t.app.listen(0, '127.0.0.1');
    const internal = await createOrg(t, { kind: 'internal' });
    const acme = await createOrg(t, { kind: 'supplier', name: 'Acme' });
    asPm = await clientFor(t, await createUser(t, { role: 'pm', org: internal }));
    const ws = await asPm
      .post('/api/v1/workspaces')
      .send({
        name: 'Acme PCB',
        supplierOrgId: acme.id,
        jiraProjectKey: 'HW',
        feishuFolderToken: FOLDER,
        // What the console's workspace form suggests: Jira fields only.
        defaultFields: ['summary', 'description', 'status', 'dueDate'],
      })
      .expect(201);
    workspaceId = ws.body.id;
    const docs = await asPm.get(`/api/v1/workspaces/${workspaceId}/sources/feishu`).expect(200);
    docRef = docs.body.items[0].ref;
  });
  afterAll(async () => {
    await t?.close();
    await jira?.stop();
    await feishu?.stop();
  });

  const share = (body: Record<string, unknown>) =>
    asPm.post(`/api/v1/workspaces/${workspaceId}/items`).send(body);

  it('shares a document with its title and content when no fields are named, whatever the workspace defaults', async () => {
    const item = await share({ sourceType: 'feishu_doc', sourceRef: docRef }).expect(201);
    const preview = await asPm.get(`/api/v1/items/${item.body.id}/preview`).expect(200);
    expect(preview.body.fields.map((f: { name: string }) => f.name)).toEqual(['title', 'content']);
    expect(preview.body.fields[1].value.length).toBeGreaterThan(20);
  });

  it('gives a Jira issue the workspace default fields, without the document-only ones', async () => {
    const older = await asPm
      .post('/api/v1/workspaces')
      .send({
        name: 'Older defaults',
        supplierOrgId: (await createOrg(t, { kind: 'supplier' })).id,
        jiraProjectKey: 'HW',
      })
      .expect(201);
    expect(older.body.defaultFields).toEqual(expect.arrayContaining(['title', 'content']));
    const item = await asPm
      .post(`/api/v1/workspaces/${older.body.id}/items`)
      .send({ sourceType: 'jira_issue', sourceRef: 'HW-2' })
      .expect(201);
    expect(item.body.fields).toEqual(['summary', 'status', 'dueDate']);
  });

  it('refuses an explicit field list that does not apply to the source type, naming the fields', async () => {
    const doc = await share({
      sourceType: 'feishu_doc',
      sourceRef: docRef,
      fields: ['title', 'summary', 'dueDate'],
    });
    expect(doc.status).toBe(400);
    expect(doc.body.detail).toContain('summary, dueDate');
    expect(doc.body.errors).toEqual([
      { field: 'fields', message: 'summary is not a field of a document' },
      { field: 'fields', message: 'dueDate is not a field of a document' },
    ]);
    const issue = await share({
      sourceType: 'jira_issue',
      sourceRef: 'HW-1',
      fields: ['summary', 'content'],
    });
    expect(issue.status).toBe(400);
    expect(issue.body.errors).toEqual([
      { field: 'fields', message: 'content is not a field of a Jira issue' },
    ]);

    const shared = await share({ sourceType: 'jira_issue', sourceRef: 'HW-1', fields: ['summary'] }).expect(
      201,
    );
    const patch = await asPm.patch(`/api/v1/items/${shared.body.id}`).send({ fields: ['title'] });
    expect(patch.status).toBe(400);
    expect(patch.body.errors[0].message).toBe('title is not a field of a Jira issue');
  });

  it('takes Content-Type: application/json with an empty body as no body (bodiless POST and DELETE)', async () => {
    const item = await share({ sourceType: 'jira_issue', sourceRef: 'HW-3', fields: ['summary'] }).expect(
      201,
    );
    const published = await asPm
      .post(`/api/v1/items/${item.body.id}/publish`)
      .set('Content-Type', 'application/json')
      .send('');
    expect(published.status).toBe(201);
    expect(published.body.version).toBe(1);
    await asPm
      .delete(`/api/v1/items/${item.body.id}`)
      .set('Content-Type', 'application/json')
      .send('')
      .expect(204);
    // A body that is there must still be JSON.
    const broken = await asPm
      .post(`/api/v1/items/${item.body.id}/publish`)
      .set('Content-Type', 'application/json')
      .send('{"note":');
    expect(broken.status).toBe(400);
  });
});
