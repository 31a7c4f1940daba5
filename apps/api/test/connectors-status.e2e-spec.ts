import request from 'supertest';
import { FeishuSimulator, startFeishuSimulator } from '@portico/connectors/feishu/testing';
import { JiraSimulator, startJiraSimulator } from '@portico/connectors/jira/testing';
import { createApp } from '../src/app.setup';
import { startEmbeddedServices } from '../src/embedded/embedded-services';
import { JobQueue } from '../src/sync/queue/job-queue.service';
import { PermanentJobError } from '../src/sync/queue/job-queue.types';
import { RECONCILE_MARKER } from '../src/sync/reconcile/reconcile.service';
import { SyncMarkersService } from '../src/sync/webhooks/sync-markers.service';
import { webhookMarker } from '../src/sync/webhooks/webhooks.service';
import { authed, loginAs } from './support/auth-helpers';
import { createOrg, createUser, TestUser } from './support/factories';
import { waitFor } from './support/sync-queue';
import { createTestApp, TestApp } from './support/test-app';

const JIRA = {
  email: 'bot@portico.test',
  apiToken: 'jira-token-s3cr3t-value',
  webhookSecret: 'jira-hook-s3cr3t',
};
const FEISHU = {
  appId: 'cli_status_test',
  appSecret: 'feishu-app-s3cr3t-value',
  verificationToken: 'feishu-verif-s3cr3t',
};
const SECRETS = [
  JIRA.apiToken,
  JIRA.webhookSecret,
  Buffer.from(`${JIRA.email}:${JIRA.apiToken}`).toString('base64'),
  FEISHU.appSecret,
  FEISHU.verificationToken,
  'wrong-jira-token-value',
  'wrong-feishu-secret-value',
];

function expectNoSecrets(body: unknown): void {
  const text = JSON.stringify(body);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

async function statusAs(t: TestApp, user: TestUser) {
  const res = await authed(t, await loginAs(t, user))
    .get('/api/v1/connectors/status')
    .expect(200);
  const byName = Object.fromEntries(
    (res.body.connectors as Array<{ name: string }>).map((c) => [c.name, c]),
  ) as unknown as Record<'jira' | 'feishu', Record<string, unknown>>;
  return { body: res.body, ...byName };
}

async function adminOf(t: TestApp): Promise<TestUser> {
  return createUser(t, { role: 'admin', org: await createOrg(t, { kind: 'internal' }) });
}

describe('GET /api/v1/connectors/status', () => {
  let jira: JiraSimulator;
  let feishu: FeishuSimulator;

  beforeAll(async () => {
    jira = await startJiraSimulator({ ...JIRA, seed: false });
    feishu = await startFeishuSimulator({ ...FEISHU, seed: false });
  });
  afterAll(async () => {
    await jira.stop().catch(() => undefined);
    await feishu.stop().catch(() => undefined);
  });

  describe('with working credentials', () => {
    let t: TestApp;
    let admin: TestUser;

    beforeAll(async () => {
      t = await createTestApp({
        SYNC_POLL_INTERVAL_MS: '100',
        CONNECTOR_CHECK_TIMEOUT_MS: '800',
        JIRA_BASE_URL: `${jira.url}/`,
        JIRA_EMAIL: JIRA.email,
        JIRA_API_TOKEN: JIRA.apiToken,
        JIRA_WEBHOOK_SECRET: JIRA.webhookSecret,
        FEISHU_BASE_URL: feishu.url,
        FEISHU_APP_ID: FEISHU.appId,
        FEISHU_APP_SECRET: FEISHU.appSecret,
        FEISHU_VERIFICATION_TOKEN: FEISHU.verificationToken,
      });
      admin = await adminOf(t);
    });
    afterAll(() => t.close());

    it('reports both systems configured, reachable and with valid credentials, without any secret', async () => {
      const { body, jira: j, feishu: f } = await statusAs(t, admin);
      expect(j).toMatchObject({
        configured: true,
        mode: 'external',
        baseUrl: jira.url,
        credentialType: 'basic',
        reachable: true,
        credentialsValid: true,
        error: null,
      });
      expect(j.latencyMs).toEqual(expect.any(Number));
      expect(f).toMatchObject({
        configured: true,
        mode: 'external',
        baseUrl: feishu.url,
        credentialType: 'app_secret',
        reachable: true,
        credentialsValid: true,
        error: null,
      });
      expectNoSecrets(body);
    });

    it('makes one authenticated call to each system per request', async () => {
      jira.control.clearRecordedCalls();
      const feishuCalls = feishu.control.calls({ route: 'auth.tenant_access_token' }).length;
      await statusAs(t, admin);
      expect(jira.control.recordedCalls().map((c) => `${c.method} ${c.path}`)).toEqual([
        'GET /rest/api/3/myself',
      ]);
      expect(feishu.control.calls({ route: 'auth.tenant_access_token' })).toHaveLength(feishuCalls + 1);
    });

    it('shows the last webhook per source and the last reconciliation', async () => {
      const markers = t.app.get(SyncMarkersService);
      await markers.set(webhookMarker('jira'), new Date('2026-11-20T08:00:00Z'), {
        eventType: 'jira:issue_updated',
      });
      await markers.set(RECONCILE_MARKER, new Date('2026-11-20T09:00:00Z'));
      const { body, jira: j, feishu: f } = await statusAs(t, admin);
      expect(j).toMatchObject({
        lastWebhookReceivedAt: '2026-11-20T08:00:00.000Z',
        lastWebhookEventType: 'jira:issue_updated',
      });
      expect(f).toMatchObject({ lastWebhookReceivedAt: null, lastWebhookEventType: null });
      expect(body.lastReconciledAt).toBe('2026-11-20T09:00:00.000Z');
    });

    it('counts failed jobs per target', async () => {
      const queue = t.app.get(JobQueue);
      await queue.register(
        'test.status-jira',
        async () => {
          throw new PermanentJobError('issue HW-404 does not exist');
        },
        { target: 'jira' },
      );
      for (const n of [1, 2]) await queue.enqueue(undefined, { name: 'test.status-jira', data: { n } });
      await waitFor(
        async () =>
          (await t.dataSource.query(`SELECT 1 FROM pgboss.job WHERE name = 'test.status-jira.dead'`))
            .length === 2,
        10000,
        'two dead letters',
      );
      const { body, jira: j, feishu: f } = await statusAs(t, admin);
      expect(j.jobs).toEqual({ target: 'jira', failedLast24h: 2, awaitingRedrive: 2, retrying: 0 });
      expect(f.jobs).toEqual({ target: 'feishu', failedLast24h: 0, awaitingRedrive: 0, retrying: 0 });
      expect(body.jobs.map((j: { target: string }) => j.target)).toEqual([
        'jira',
        'feishu',
        'dingtalk',
        'kingdee',
        'email',
        'internal',
        'webhook',
      ]);
    });

    it('reports a Jira that does not answer in time as unreachable by timeout', async () => {
      jira.control.injectFault({ route: 'GET /rest/api/3/myself', timeout: true, times: 1 });
      const started = Date.now();
      const { jira: j, feishu: f } = await statusAs(t, admin);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(j).toMatchObject({ reachable: false, credentialsValid: null, error: { kind: 'timeout' } });
      expect(f).toMatchObject({ reachable: true, credentialsValid: true });
    });

    it('reports a Jira outage answer as reachable but unavailable', async () => {
      jira.control.injectFault({ route: 'GET /rest/api/3/myself', status: 503, times: 1 });
      const { jira: j } = await statusAs(t, admin);
      expect(j).toMatchObject({ reachable: true, credentialsValid: null, error: { kind: 'unavailable' } });
    });

    it('refuses everyone but admins', async () => {
      const pm = await createUser(t, { role: 'pm' });
      const supplier = await createUser(t, { role: 'supplier_admin' });
      await authed(t, await loginAs(t, pm))
        .get('/api/v1/connectors/status')
        .expect(403);
      await authed(t, await loginAs(t, supplier))
        .get('/api/v1/connectors/status')
        .expect(403);
      await t.http().get('/api/v1/connectors/status').expect(401);
    });

    it('is documented in the OpenAPI document', async () => {
      const doc = await t.http().get('/api/docs-json').expect(200);
      const op = doc.body.paths['/api/v1/connectors/status']?.get;
      expect(op).toBeDefined();
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '401', '403']));
      expect(op.security).toEqual([{ bearer: [] }]);
    });
  });

  describe('with wrong credentials', () => {
    let t: TestApp;
    let admin: TestUser;

    beforeAll(async () => {
      t = await createTestApp({
        JIRA_BASE_URL: jira.url,
        JIRA_EMAIL: JIRA.email,
        JIRA_API_TOKEN: 'wrong-jira-token-value',
        FEISHU_BASE_URL: feishu.url,
        FEISHU_APP_ID: FEISHU.appId,
        FEISHU_APP_SECRET: 'wrong-feishu-secret-value',
      });
      admin = await adminOf(t);
    });
    afterAll(() => t.close());

    it('reports the systems reachable but the credentials rejected, without echoing them', async () => {
      const { body, jira: j, feishu: f } = await statusAs(t, admin);
      expect(j).toMatchObject({
        configured: true,
        reachable: true,
        credentialsValid: false,
        error: { kind: 'rejected_credentials' },
      });
      expect(f).toMatchObject({
        configured: true,
        reachable: true,
        credentialsValid: false,
        error: { kind: 'rejected_credentials' },
      });
      expectNoSecrets(body);
    });

    it('reports the systems unreachable once the simulators are stopped', async () => {
      await jira.stop();
      await feishu.stop();
      const { jira: j, feishu: f } = await statusAs(t, admin);
      expect(j).toMatchObject({ reachable: false, credentialsValid: null, error: { kind: 'unreachable' } });
      expect(f).toMatchObject({ reachable: false, credentialsValid: null, error: { kind: 'unreachable' } });
    });
  });

  describe('when nothing is configured', () => {
    let t: TestApp;
    let admin: TestUser;

    beforeAll(async () => {
      t = await createTestApp();
      admin = await adminOf(t);
    });
    afterAll(() => t.close());

    it('reports both systems off without calling anything', async () => {
      const { jira: j, feishu: f } = await statusAs(t, admin);
      for (const c of [j, f])
        expect(c).toMatchObject({
          configured: false,
          mode: 'off',
          baseUrl: null,
          credentialType: 'none',
          reachable: null,
          credentialsValid: null,
          error: { kind: 'not_configured' },
        });
    });

    it('reports the built-in simulators the launcher starts in development', async () => {
      const embedded = await startEmbeddedServices({ ...t.config, env: 'development' });
      const app = await createApp(embedded.config, { portalDir: '/nonexistent' });
      try {
        await app.init();
        await app.getHttpAdapter().getInstance().ready();
        const res = await request(app.getHttpServer())
          .get('/api/v1/connectors/status')
          .set('Authorization', `Bearer ${await loginAs(t, admin)}`)
          .expect(200);
        for (const c of res.body.connectors)
          expect(c).toMatchObject({
            configured: true,
            mode: 'simulator',
            reachable: true,
            credentialsValid: true,
          });
        expectNoSecrets(res.body);
      } finally {
        await app.close();
        await embedded.stop();
      }
    });
  });
});
