import { randomUUID } from 'node:crypto';
import { computeFeishuSignature, signJiraWebhook } from '@portico/connectors';
import { JobQueue } from '../src/sync/queue/job-queue.service';
import { SyncEvents } from '../src/sync/sync-events';
import { createTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/sync-queue';

const JIRA_SECRET = 'jira-webhook-secret-for-tests';
const FEISHU = { token: 'feishu-verification-token', encryptKey: 'feishu-encrypt-key' };

function jiraBody(key: string, event = 'jira:issue_updated') {
  return JSON.stringify({
    webhookEvent: event,
    timestamp: Date.now(),
    issue: { id: '100' + key.slice(3), key, fields: {} },
  });
}

function feishuEvent(eventId: string, fileToken: string) {
  const plain = JSON.stringify({
    schema: '2.0',
    header: {
      event_id: eventId,
      event_type: 'drive.file.edit_v1',
      create_time: String(Date.now()),
      token: FEISHU.token,
      app_id: 'cli_x',
    },
    event: { file_token: fileToken, file_type: 'docx', operator_id_list: [] },
  });
  const encrypt = encryptForFeishu(plain, FEISHU.encryptKey);
  const body = JSON.stringify({ encrypt });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomUUID();
  return {
    body,
    headers: {
      'X-Lark-Request-Timestamp': timestamp,
      'X-Lark-Request-Nonce': nonce,
      'X-Lark-Signature': computeFeishuSignature(timestamp, nonce, FEISHU.encryptKey, body),
    },
  };
}

/** Feishu's scheme: AES-256-CBC, key SHA-256(encrypt key), random IV prefixed, base64. */
function encryptForFeishu(plain: string, key: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const crypto = require('node:crypto') as typeof import('node:crypto');
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv('aes-256-cbc', crypto.createHash('sha256').update(key).digest(), iv);
  return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

describe('Webhooks in (Jira, Feishu)', () => {
  let t: TestApp;
  let queue: JobQueue;
  const issueEvents: unknown[] = [];
  const docEvents: unknown[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      JIRA_WEBHOOK_SECRET: JIRA_SECRET,
      FEISHU_VERIFICATION_TOKEN: FEISHU.token,
      FEISHU_ENCRYPT_KEY: FEISHU.encryptKey,
      SYNC_POLL_INTERVAL_MS: '100',
      // Nothing here calls them; other modules just need connectors configured.
      JIRA_BASE_URL: 'http://127.0.0.1:9',
      JIRA_EMAIL: 'bot@example.test',
      JIRA_API_TOKEN: 'unused',
      FEISHU_BASE_URL: 'http://127.0.0.1:9',
      FEISHU_APP_ID: 'cli_unused',
      FEISHU_APP_SECRET: 'unused',
    });
    queue = t.app.get(JobQueue);
    await queue.register('test.issue-listener', async (job) => void issueEvents.push(job.data), {
      target: 'internal',
    });
    await queue.subscribe(SyncEvents.jiraIssueChanged, 'test.issue-listener');
    await queue.register('test.doc-listener', async (job) => void docEvents.push(job.data), {
      target: 'internal',
    });
    await queue.subscribe(SyncEvents.feishuDocChanged, 'test.doc-listener');
  });
  afterAll(() => t.close());

  it('publishes jira.issue.changed with identifiers only for a correctly signed delivery', async () => {
    const body = jiraBody('HW-1');
    const res = await t
      .http()
      .post('/api/v1/webhooks/jira')
      .set('Content-Type', 'application/json')
      .set('X-Hub-Signature', signJiraWebhook(JIRA_SECRET, body))
      .set('X-Atlassian-Webhook-Identifier', 'delivery-1')
      .send(body)
      .expect(200);
    expect(res.body).toEqual({ status: 'accepted', published: [SyncEvents.jiraIssueChanged] });
    await waitFor(async () => issueEvents.length === 1, 30000, 'the issue event');
    expect(issueEvents[0]).toEqual({ issueId: '1001', issueKey: 'HW-1', webhookEvent: 'jira:issue_updated' });
  });

  it('publishes one event when Jira delivers the same webhook twice', async () => {
    const body = jiraBody('HW-2');
    const send = () =>
      t
        .http()
        .post('/api/v1/webhooks/jira')
        .set('Content-Type', 'application/json')
        .set('X-Hub-Signature', signJiraWebhook(JIRA_SECRET, body))
        .set('X-Atlassian-Webhook-Identifier', 'delivery-2')
        .set('X-Atlassian-Webhook-Retry', '1')
        .send(body);
    const [first, second] = await Promise.all([send(), send()]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.body.status, second.body.status].sort()).toEqual(['accepted', 'duplicate']);
    const jobs = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'test.issue-listener' AND data->'payload'->>'issueKey' = 'HW-2'`,
    );
    expect(jobs[0].n).toBe(1);
  });

  it('refuses a delivery whose signature does not match with 401 and publishes nothing', async () => {
    const body = jiraBody('HW-3');
    const res = await t
      .http()
      .post('/api/v1/webhooks/jira')
      .set('Content-Type', 'application/json')
      .set('X-Hub-Signature', signJiraWebhook('someone-elses-secret', body))
      .set('X-Atlassian-Webhook-Identifier', 'delivery-3')
      .send(body)
      .expect(401);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    const unsigned = await t
      .http()
      .post('/api/v1/webhooks/jira')
      .set('Content-Type', 'application/json')
      .send(body);
    expect(unsigned.status).toBe(401);
    const jobs = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE data->'payload'->>'issueKey' = 'HW-3'`,
    );
    expect(jobs[0].n).toBe(0);
  });

  it('treats a signed body that was altered in transit as unsigned', async () => {
    const body = jiraBody('HW-4');
    await t
      .http()
      .post('/api/v1/webhooks/jira')
      .set('Content-Type', 'application/json')
      .set('X-Hub-Signature', signJiraWebhook(JIRA_SECRET, body))
      .send(body.replace('HW-4', 'HW-5'))
      .expect(401);
  });

  it('answers Feishu URL verification with the challenge', async () => {
    const res = await t
      .http()
      .post('/api/v1/webhooks/feishu')
      .set('Content-Type', 'application/json')
      .send({
        encrypt: encryptForFeishu(
          JSON.stringify({ type: 'url_verification', challenge: 'ch-42', token: FEISHU.token }),
          FEISHU.encryptKey,
        ),
      })
      .expect(200);
    expect(res.body).toEqual({ challenge: 'ch-42' });
  });

  it('publishes feishu.doc.changed once for a signed event delivered twice', async () => {
    const first = feishuEvent('ev-1', 'doxcnAAA');
    await t
      .http()
      .post('/api/v1/webhooks/feishu')
      .set(first.headers)
      .set('Content-Type', 'application/json')
      .send(first.body)
      .expect(200);
    // Feishu's retry: same event id, new timestamp, nonce and signature.
    const again = feishuEvent('ev-1', 'doxcnAAA');
    const res = await t
      .http()
      .post('/api/v1/webhooks/feishu')
      .set(again.headers)
      .set('Content-Type', 'application/json')
      .send(again.body)
      .expect(200);
    expect(res.body).toEqual({ status: 'duplicate' });
    await waitFor(async () => docEvents.length === 1, 30000, 'the doc event');
    expect(docEvents[0]).toEqual({
      fileToken: 'doxcnAAA',
      fileType: 'docx',
      eventType: 'drive.file.edit_v1',
    });
  });

  it('refuses a Feishu event with a wrong signature or a replayed request', async () => {
    const event = feishuEvent('ev-2', 'doxcnBBB');
    await t
      .http()
      .post('/api/v1/webhooks/feishu')
      .set({ ...event.headers, 'X-Lark-Signature': '0'.repeat(64) })
      .set('Content-Type', 'application/json')
      .send(event.body)
      .expect(401);
    await t
      .http()
      .post('/api/v1/webhooks/feishu')
      .set(event.headers)
      .set('Content-Type', 'application/json')
      .send(event.body)
      .expect(200);
    await t
      .http()
      .post('/api/v1/webhooks/feishu')
      .set(event.headers)
      .set('Content-Type', 'application/json')
      .send(event.body)
      .expect(401);
  });

  it('records when the last webhook of each source arrived, for the connector status page', async () => {
    const rows = await t.dataSource.query(`SELECT name, detail FROM sync_marker ORDER BY name`);
    expect(rows.map((r: { name: string }) => r.name)).toEqual(['webhook.feishu', 'webhook.jira']);
  });

  it('exports webhook deliveries and job counts on /metrics', async () => {
    const res = await t.http().get('/metrics').expect(200);
    expect(res.text).toMatch(/portico_webhook_deliveries_total\{source="jira",outcome="accepted"\} \d+/);
    expect(res.text).toMatch(/portico_webhook_deliveries_total\{source="jira",outcome="rejected"\} \d+/);
    expect(res.text).toMatch(/portico_sync_jobs\{queue="test.issue-listener",state="completed"\} \d+/);
  });
});
