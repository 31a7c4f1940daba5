import { startJiraSimulator, JiraSimulator } from '@portico/connectors/jira/testing';
import {
  FEISHU_SIMULATOR_DEMO_APP,
  FeishuSimulator,
  startFeishuSimulator,
} from '@portico/connectors/feishu/testing';
import { ConsoleSummaryService } from '../src/console';
import { JIRA_SIMULATOR_DEMO } from '../src/embedded/embedded-services';
import { DEMO_ACME_WORKSPACE, DEMO_BOREALIS_WORKSPACE, DemoDataService } from '../src/seed/demo-data.service';
import { clientFor } from './support/auth-helpers';
import { createUser } from './support/factories';
import { FAST_QUEUE_ENV } from './support/sync-queue';
import { createTestApp, TestApp } from './support/test-app';

const PASSWORD = 'portico-demo-2026';

/** The demo of `npm start`, seeded through the real services against the simulators `npm start` embeds. */
describe('Demo data', () => {
  let t: TestApp;
  let jira: JiraSimulator;
  let feishu: FeishuSimulator;
  let seconds: number;
  type Client = Awaited<ReturnType<typeof clientFor>>;
  let asAna: Client;
  let asPm: Client;

  beforeAll(async () => {
    jira = await startJiraSimulator({ ...JIRA_SIMULATOR_DEMO });
    feishu = await startFeishuSimulator({ ...FEISHU_SIMULATOR_DEMO_APP });
    t = await createTestApp({
      NODE_ENV: 'development',
      JIRA_BASE_URL: jira.url,
      JIRA_EMAIL: JIRA_SIMULATOR_DEMO.email,
      JIRA_API_TOKEN: JIRA_SIMULATOR_DEMO.apiToken,
      JIRA_WEBHOOK_SECRET: JIRA_SIMULATOR_DEMO.webhookSecret,
      FEISHU_BASE_URL: feishu.url,
      FEISHU_APP_ID: FEISHU_SIMULATOR_DEMO_APP.appId,
      FEISHU_APP_SECRET: FEISHU_SIMULATOR_DEMO_APP.appSecret,
      FEISHU_VERIFICATION_TOKEN: FEISHU_SIMULATOR_DEMO_APP.verificationToken,
      FEISHU_ENCRYPT_KEY: FEISHU_SIMULATOR_DEMO_APP.encryptKey,
      DEMO_PASSWORD: PASSWORD,
      ...FAST_QUEUE_ENV,
    });
    await t.app.listen(0, '127.0.0.1');
    jira.control.setWebhookUrl(`${await t.app.getUrl()}/api/v1/webhooks/jira`.replace('[::1]', '127.0.0.1'));
    const result = await t.app.get(DemoDataService).seed();
    expect(result.created).toBe(true);
    seconds = result.seconds;
    asAna = await clientFor(t, { email: 'ana@acme.example', password: PASSWORD });
    asPm = await clientFor(t, { email: 'pm@portico.example', password: PASSWORD });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await jira?.stop();
    await feishu?.stop();
  });

  it('seeds once: a second run changes nothing', async () => {
    expect(seconds).toBeGreaterThan(0);
    const again = await t.app.get(DemoDataService).seed();
    expect(again.created).toBe(false);
    const list = await asPm.get('/api/v1/workspaces').expect(200);
    expect(list.body.items.map((w: { name: string }) => w.name).sort()).toEqual(
      [DEMO_ACME_WORKSPACE, DEMO_BOREALIS_WORKSPACE].sort(),
    );
  });

  it("gives Ana news: new versions, the defect's status change in Jira and the drawing review", async () => {
    const changes = await asAna.get('/api/v1/changes').expect(200);
    const kinds = new Set(changes.body.items.map((c: { kind: string }) => c.kind));
    expect([...kinds].sort()).toEqual(['defect_status', 'file_review', 'new_item', 'new_version']);
    const unread = await asAna.get('/api/v1/notifications?unread=true').expect(200);
    expect(unread.body.items.length).toBeGreaterThan(0);
    const transmittals = await asAna.get('/api/v1/transmittals?state=unread').expect(200);
    expect(transmittals.body.items).toEqual([
      expect.objectContaining({ number: 'ACME-T-0001', purpose: 'for_approval', contentCount: 2 }),
    ]);
  });

  it('shows an item whose versions differ in real content, one acknowledged, and a draft for the PM', async () => {
    const ws = (await asAna.get('/api/v1/workspaces').expect(200)).body.items[0];
    expect(ws.name).toBe(DEMO_ACME_WORKSPACE);
    const items = (await asAna.get(`/api/v1/workspaces/${ws.id}/items?limit=50`).expect(200)).body.items;
    expect(items.length).toBeGreaterThanOrEqual(6);
    const hw1 = items.find((i: { title: string }) => i.title.startsWith('Main PCB rev B'));
    expect(hw1.latestVersion).toBe(3);
    const diff = await asAna.get(`/api/v1/items/${hw1.id}/diff?from=1&to=2`).expect(200);
    expect(JSON.stringify(diff.body)).toContain('±0.10 mm');
    const acks = await asPm.get(`/api/v1/items/${hw1.id}/acknowledgements`).expect(200);
    expect(acks.body).toEqual([expect.objectContaining({ version: 1 })]);
    const pmItems = (await asPm.get(`/api/v1/workspaces/${ws.id}/items?limit=50`).expect(200)).body.items;
    expect(pmItems.filter((i: { hasDraft: boolean }) => i.hasDraft)).toHaveLength(1);
  });

  it("delivers Ben's defect to Jira, where it is now In Testing, and the drawing's revision B is approved", async () => {
    const defects = (await asAna.get('/api/v1/defects').expect(200)).body.items;
    expect(defects).toHaveLength(2);
    const moved = defects.filter((d: { status: string }) => d.status !== 'Reported');
    expect(moved).toHaveLength(1);
    defects.splice(0, defects.length, ...moved);
    expect(defects[0]).toMatchObject({ status: 'Fix being verified', sync: { state: 'delivered' } });
    // Suppliers never see Jira keys; the PM's view of the same defect has it.
    const internal = (await asPm.get(`/api/v1/defects/${defects[0].id}`).expect(200)).body;
    const inJira = jira.control.issueJson(jira.control.issue(internal.sync.jiraKey), {
      fields: ['status'],
    });
    expect((inJira.fields as { status: { name: string } }).status.name).toBe('In Testing');
    const { timeline } = (await asAna.get(`/api/v1/defects/${defects[0].id}`).expect(200)).body;
    expect(timeline.length).toBeGreaterThanOrEqual(2);
    const ws = (await asAna.get('/api/v1/workspaces').expect(200)).body.items[0];
    const files = (await asAna.get(`/api/v1/workspaces/${ws.id}/files`).expect(200)).body.items;
    const drawing = files.find((f: { documentNumber: string }) => f.documentNumber === 'D-102');
    const revisions = (await asAna.get(`/api/v1/files/${drawing.id}`).expect(200)).body.revisions;
    expect(
      revisions.map((r: { label: string; state: string; reviewState: string }) => [
        r.label,
        r.state,
        r.reviewState,
      ]),
    ).toEqual([
      ['B', 'available', 'approved'],
      ['A', 'superseded', 'submitted'],
    ]);
  });

  it("answers the PM's console home with what waits, and refuses suppliers", async () => {
    const summary = (await asPm.get('/api/v1/console/summary').expect(200)).body;
    expect(summary).toEqual({
      workspaces: 2,
      draftsToPublish: 1,
      uploadsToReview: 1,
      newDefects: 1,
      failedSyncJobs: 0,
      unacknowledgedVersions: 0,
      accessEndingSoon: 1,
      accessEndingWithinDays: 14,
    });
    const asOtherPm = await clientFor(t, await createUser(t, { role: 'pm' }));
    expect((await asOtherPm.get('/api/v1/console/summary').expect(200)).body).toMatchObject({
      workspaces: 0,
      draftsToPublish: 0,
    });
    await asAna.get('/api/v1/console/summary').expect(403);
  });

  it('keeps Borealis apart: Sara sees her workspace only', async () => {
    const asSara = await clientFor(t, { email: 'sara@borealis.example', password: PASSWORD });
    const list = await asSara.get('/api/v1/workspaces').expect(200);
    expect(list.body.items.map((w: { name: string }) => w.name)).toEqual([DEMO_BOREALIS_WORKSPACE]);
    expect((await asSara.get('/api/v1/defects').expect(200)).body.items).toEqual([]);
  });

  it("counts a version as unacknowledged after its workspace's window, 5 days unless set", async () => {
    const ws = (await asAna.get('/api/v1/workspaces').expect(200)).body.items[0];
    const items = (await asAna.get(`/api/v1/workspaces/${ws.id}/items?limit=50`).expect(200)).body.items;
    const standoffs = items.find((i: { title: string }) => i.title.startsWith('EMC pre-compliance'));
    await t.dataSource.query(
      `UPDATE shared_item_version SET published_at = now() - interval '6 days' WHERE item_id = $1`,
      [standoffs.id],
    );
    // Six days pass behind the app's back: the PM's counts kept from the test above are out of date.
    const pm = (await asPm.get('/api/v1/me').expect(200)).body;
    t.app.get(ConsoleSummaryService).forget(pm.id);
    const summary = async () => (await asPm.get('/api/v1/console/summary').expect(200)).body;
    expect((await summary()).unacknowledgedVersions).toBe(1);
    const patched = await asPm
      .patch(`/api/v1/workspaces/${ws.id}`)
      .send({ acknowledgeWithinDays: 7 })
      .expect(200);
    expect(patched.body.acknowledgeWithinDays).toBe(7);
    expect((await summary()).unacknowledgedVersions).toBe(0);
    const bad = await asPm
      .patch(`/api/v1/workspaces/${ws.id}`)
      .send({ acknowledgeWithinDays: 0 })
      .expect(400);
    expect(bad.body.errors[0].field).toBe('acknowledgeWithinDays');
  });
});
