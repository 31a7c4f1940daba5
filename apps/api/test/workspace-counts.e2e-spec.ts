import { JiraSimulator, startJiraSimulator } from '@portico/connectors/jira/testing';
import { SourceRefreshService } from '../src/sharing/source-refresh.service';
import { JobQueue } from '../src/sync/queue/job-queue.service';
import { PermanentJobError } from '../src/sync/queue/job-queue.types';
import { clientFor } from './support/auth-helpers';
import { createOrg, createUser } from './support/factories';
import { FAST_QUEUE_ENV, waitFor } from './support/sync-queue';
import { createTestApp, TestApp } from './support/test-app';

interface ListedWorkspace {
  id: string;
  pendingDrafts?: number;
  failedSyncJobs?: number | null;
}

describe('Workspace list counts (pending drafts, failed sync jobs)', () => {
  let t: TestApp;
  let jira: JiraSimulator;
  type Client = Awaited<ReturnType<typeof clientFor>>;
  let as: { admin: Client; owner: Client; otherPm: Client; ana: Client; sara: Client };
  let workspaceId: string;
  let otherWorkspaceId: string;

  const listed = async (client: Client): Promise<Map<string, ListedWorkspace>> => {
    const res = await client.get('/api/v1/workspaces?limit=100').expect(200);
    return new Map((res.body.items as ListedWorkspace[]).map((ws) => [ws.id, ws]));
  };

  beforeAll(async () => {
    jira = await startJiraSimulator({
      email: 'bot@example.test',
      apiToken: 'jira-token',
      webhookSecret: 'jira-webhook-secret',
    });
    t = await createTestApp({
      LOG_LEVEL: 'error',
      JIRA_BASE_URL: jira.url,
      JIRA_EMAIL: 'bot@example.test',
      JIRA_API_TOKEN: 'jira-token',
      SYNC_RECONCILE_CRON: '0 0 1 1 *',
      ...FAST_QUEUE_ENV,
    });
    const internal = await createOrg(t, { kind: 'internal' });
    const acme = await createOrg(t, { kind: 'supplier', name: 'Acme' });
    const borealis = await createOrg(t, { kind: 'supplier', name: 'Borealis' });
    const users = {
      admin: await createUser(t, { role: 'admin', org: internal }),
      owner: await createUser(t, { role: 'pm', org: internal }),
      otherPm: await createUser(t, { role: 'pm', org: internal }),
      ana: await createUser(t, { role: 'supplier_member', org: acme }),
      sara: await createUser(t, { role: 'supplier_admin', org: borealis }),
    };
    as = {
      admin: await clientFor(t, users.admin),
      owner: await clientFor(t, users.owner),
      otherPm: await clientFor(t, users.otherPm),
      ana: await clientFor(t, users.ana),
      sara: await clientFor(t, users.sara),
    };
    const create = (client: Client, name: string) =>
      client
        .post('/api/v1/workspaces')
        .send({ name, supplierOrgId: acme.id, jiraProjectKey: 'HW', defaultFields: ['summary'] })
        .expect(201);
    workspaceId = (await create(as.owner, 'Acme housings')).body.id;
    otherWorkspaceId = (await create(as.otherPm, 'Acme fasteners')).body.id;

    // Three items with drafts; only the published, live one is a pending change.
    const share = async (ref: string) =>
      (
        await as.owner
          .post(`/api/v1/workspaces/${workspaceId}/items`)
          .send({ sourceType: 'jira_issue', sourceRef: ref })
          .expect(201)
      ).body.id as string;
    const changed = await share('HW-14');
    const withdrawn = await share('HW-15');
    await share('HW-16'); // never published: a new share, not a source change
    for (const id of [changed, withdrawn]) await as.owner.post(`/api/v1/items/${id}/publish`).send({});
    jira.control.editIssue('HW-14', { summary: 'Housing, rev 2' });
    jira.control.editIssue('HW-15', { summary: 'Cover, rev 2' });
    const sharing = t.app.get(SourceRefreshService);
    await sharing.refreshSource('jira_issue', 'HW-14');
    await sharing.refreshSource('jira_issue', 'HW-15');
    await as.owner.delete(`/api/v1/items/${withdrawn}`).expect(204);

    // Two dead letters of the owner's workspace, through the real queue.
    const queue = t.app.get(JobQueue);
    await queue.register(
      'test.counts-delivery',
      () => {
        throw new PermanentJobError('Jira refused it');
      },
      { target: 'jira' },
    );
    for (const id of ['d-1', 'd-2'])
      await t.dataSource.transaction((manager) =>
        queue.enqueue(manager, {
          name: 'test.counts-delivery',
          data: { id },
          ref: { type: 'defect', id, workspaceId },
        }),
      );
    await waitFor(
      async () =>
        (
          await t.dataSource.query(
            `SELECT 1 FROM pgboss.job WHERE name = 'test.counts-delivery.dead' AND state = 'created'`,
          )
        ).length === 2 || undefined,
      30000,
      'the dead letters',
    );
  });
  afterAll(async () => {
    await t?.close();
    await jira?.stop();
  });

  it("gives the owner both counts of their workspace, and no failed-job count of another PM's", async () => {
    const list = await listed(as.owner);
    expect(list.get(workspaceId)).toMatchObject({ pendingDrafts: 1, failedSyncJobs: 2 });
    expect(list.get(otherWorkspaceId)).toMatchObject({ pendingDrafts: 0, failedSyncJobs: null });
  });

  it('gives an admin every count, and another PM the drafts but not the sync jobs they cannot see', async () => {
    expect((await listed(as.admin)).get(workspaceId)).toMatchObject({ pendingDrafts: 1, failedSyncJobs: 2 });
    expect((await listed(as.otherPm)).get(workspaceId)).toMatchObject({
      pendingDrafts: 1,
      failedSyncJobs: null,
    });
  });

  it('gives suppliers no counts, and Borealis not even the workspace', async () => {
    const ana = (await listed(as.ana)).get(workspaceId);
    expect(ana).toBeDefined();
    expect(ana).not.toHaveProperty('pendingDrafts');
    expect(ana).not.toHaveProperty('failedSyncJobs');
    expect((await listed(as.sara)).size).toBe(0);
  });
});
