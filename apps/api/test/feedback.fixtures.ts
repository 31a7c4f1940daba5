import { createHash, randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  startDingTalkSimulator,
  DingTalkSimulator,
  DEFAULT_DINGTALK_ROBOT,
} from '@portico/connectors/dingtalk/testing/dingtalk-simulator';
import { startFeishuSimulator, FeishuSimulator } from '@portico/connectors/feishu/testing/feishu-simulator';
import { startJiraSimulator, JiraSimulator } from '@portico/connectors/jira/testing/jira-simulator';
import { StorageService } from '../src/storage/storage.service';
import { clientFor } from './support/auth-helpers';
import { createOrg, createUser, TestUser } from './support/factories';
import { FAST_QUEUE_ENV, waitFor } from './support/sync-queue';
import { createTestApp, TestApp } from './support/test-app';

export { waitFor };

export const FEISHU_APP = {
  appId: 'cli_portico_test',
  appSecret: 'feishu-secret',
  verificationToken: 'verify-token',
};
export const JIRA_AUTH = {
  email: 'portico-bot@example.test',
  apiToken: 'jira-token',
  webhookSecret: 'jira-webhook-secret',
};
export const FEISHU_FOLDER = 'fldcnPorticoSupplierShare01';
export const FEISHU_CHAT = 'oc_porticotestchat';

export type Client = Awaited<ReturnType<typeof clientFor>>;

/**
 * The cast of the stories: Acme (Ana), Borealis (Bo), a PM owning Acme's workspace, and the
 * real app talking over HTTP to the Jira, Feishu and DingTalk simulators.
 */
export interface FeedbackWorld {
  t: TestApp;
  jira: JiraSimulator;
  feishu: FeishuSimulator;
  dingtalk: DingTalkSimulator;
  pm: TestUser;
  ana: TestUser;
  bo: TestUser;
  asPm: Client;
  asAna: Client;
  asBo: Client;
  acmeWorkspaceId: string;
  borealisWorkspaceId: string;
  /** A published shared item of Acme's workspace mirroring Jira issue HW-1. */
  itemId: string;
  itemJiraKey: string;
  close(): Promise<void>;
}

export async function createFeedbackWorld(env: Record<string, string> = {}): Promise<FeedbackWorld> {
  const jira = await startJiraSimulator({ ...JIRA_AUTH, webhookRetryDelaysMs: [] });
  const feishu = await startFeishuSimulator(FEISHU_APP);
  const dingtalk = await startDingTalkSimulator({ ratePerMinute: 1000 });
  const t = await createTestApp({
    ...FAST_QUEUE_ENV,
    SYNC_MAX_ATTEMPTS: '12',
    SYNC_RETRY_MAX_SECONDS: '2',
    SYNC_RATE_LIMITS: '',
    PUBLIC_URL: 'http://portico.test',
    // The DingTalk simulator listens on loopback.
    EGRESS_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    JIRA_BASE_URL: jira.url,
    JIRA_EMAIL: JIRA_AUTH.email,
    JIRA_API_TOKEN: JIRA_AUTH.apiToken,
    JIRA_WEBHOOK_SECRET: JIRA_AUTH.webhookSecret,
    FEISHU_BASE_URL: feishu.url,
    FEISHU_APP_ID: FEISHU_APP.appId,
    FEISHU_APP_SECRET: FEISHU_APP.appSecret,
    ...env,
  });
  // Jira's webhooks reach the app's real receiver, which announces changes on the queue.
  await t.app.listen(0, '127.0.0.1');
  jira.control.setWebhookUrl(`${await t.app.getUrl()}/api/v1/webhooks/jira`.replace('[::1]', '127.0.0.1'));
  const internal = await createOrg(t, { kind: 'internal', name: 'Portico Internal' });
  const acme = await createOrg(t, { kind: 'supplier', name: 'Acme Precision Parts' });
  const borealis = await createOrg(t, { kind: 'supplier', name: 'Borealis Components' });
  const pm = await createUser(t, { org: internal, role: 'pm', displayName: 'Pat PM', locale: 'zh-CN' });
  const ana = await createUser(t, { org: acme, role: 'supplier_member', displayName: 'Ana Li' });
  const bo = await createUser(t, {
    org: borealis,
    role: 'supplier_member',
    displayName: 'Bo Berg',
    locale: 'zh-CN',
  });
  const [asPm, asAna, asBo] = await Promise.all([clientFor(t, pm), clientFor(t, ana), clientFor(t, bo)]);

  const workspace = (supplierOrgId: string, name: string) =>
    asPm
      .post('/api/v1/workspaces')
      .send({
        name,
        supplierOrgId,
        jiraProjectKey: 'HW',
        feishuFolderToken: FEISHU_FOLDER,
        feishuChatId: FEISHU_CHAT,
        dingtalkWebhook: dingtalk.control.webhookUrl(DEFAULT_DINGTALK_ROBOT.accessToken),
        dingtalkSecret: DEFAULT_DINGTALK_ROBOT.secret,
        statusMap: { 'In Progress': 'Being fixed', Done: 'Fixed' },
      })
      .expect(201)
      .then((res) => res.body.id as string);
  const acmeWorkspaceId = await workspace(acme.id, 'Acme — gearbox');
  const borealisWorkspaceId = await workspace(borealis.id, 'Borealis — housings');

  const itemJiraKey = 'HW-1';
  const [{ id: itemId }] = await t.dataSource.query(
    `INSERT INTO shared_item (workspace_id, source_type, source_ref, latest_version, latest_title) VALUES ($1, 'jira_issue', $2, 1, 'Gearbox housing spec') RETURNING id`,
    [acmeWorkspaceId, itemJiraKey],
  );
  return {
    t,
    jira,
    feishu,
    dingtalk,
    pm,
    ana,
    bo,
    asPm,
    asAna,
    asBo,
    acmeWorkspaceId,
    borealisWorkspaceId,
    itemId,
    itemJiraKey,
    async close() {
      await t.close();
      await Promise.all([jira.stop(), feishu.stop(), dingtalk.stop()]);
    },
  };
}

/** Waits until the defect's Jira issue exists and returns its key, as the owning PM sees it (suppliers never do). */
export async function jiraKeyOf(
  w: FeedbackWorld,
  defectId: string,
  client: Client = w.asPm,
): Promise<string> {
  return (await waitFor(
    async () => (await client.get(`/api/v1/defects/${defectId}`).expect(200)).body.sync.jiraKey,
    30000,
    'the Jira key',
  )) as string;
}

/** An available drawing revision stored in the app's object storage, as the files module leaves it. */
export async function storeRevision(
  w: FeedbackWorld,
  options: {
    workspaceId: string;
    documentNumber?: string;
    label?: string;
    /** The uploaded file name; bracket.pdf unless given. */
    originalName?: string;
    content?: Buffer;
    linkedItemId?: string | null;
    uploader?: TestUser;
  },
): Promise<{ revisionId: string; fileId: string; content: Buffer }> {
  const content = options.content ?? Buffer.from(`%PDF-1.7\n% drawing ${randomUUID()}\n`);
  const uploader = options.uploader ?? w.ana;
  const objectKey = `test/${randomUUID()}`;
  const storage = w.t.app.get(StorageService);
  await storage.client.send(
    new PutObjectCommand({
      Bucket: storage.bucket,
      Key: objectKey,
      Body: content,
      ContentType: 'application/pdf',
    }),
  );
  const [{ id: fileId }] = await w.t.dataSource.query(
    `INSERT INTO file (workspace_id, document_number, title, linked_item_id, current_revision, created_by) VALUES ($1, $2, 'Bracket', $3, 1, $4) RETURNING id`,
    [
      options.workspaceId,
      options.documentNumber ?? `D-${Math.floor(Math.random() * 1e6)}`,
      options.linkedItemId ?? null,
      uploader.id,
    ],
  );
  const [{ id: revisionId }] = await w.t.dataSource.query(
    `INSERT INTO file_revision (file_id, seq, label, object_key, part_size, size, sha256, content_type, original_name, uploaded_by, uploader_org_id, state, completed_at)
     VALUES ($1, 1, $2, $3, $4, $4, $5, 'application/pdf', $8, $6, $7, 'available', now()) RETURNING id`,
    [
      fileId,
      options.label ?? 'A',
      objectKey,
      content.length,
      createHash('sha256').update(content).digest('hex'),
      uploader.id,
      uploader.orgId,
      options.originalName ?? 'bracket.pdf',
    ],
  );
  return { revisionId, fileId, content };
}
