import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JiraWebhookError, parseJiraWebhookEvent, signJiraWebhook, verifyJiraWebhook } from './jira-webhook';
import { startJiraSimulator, type JiraSimulator } from './testing/jira-simulator';

const secret = 'jira-secret';

function signedDelivery(payload: object, overrides: Record<string, string | undefined> = {}) {
  const rawBody = Buffer.from(JSON.stringify(payload));
  return {
    rawBody,
    headers: {
      'x-hub-signature': signJiraWebhook(secret, rawBody),
      'x-atlassian-webhook-identifier': 'delivery-1',
      ...overrides,
    } as Record<string, string | undefined>,
  };
}

const issueUpdated = (timestamp = Date.now()) => ({
  webhookEvent: 'jira:issue_updated',
  timestamp,
  issue_event_type_name: 'issue_generic',
  issue: { id: '10001', key: 'HW-1', fields: {} },
  changelog: {
    id: '1',
    items: [{ field: 'status', from: '3', fromString: 'In Progress', to: '10002', toString: 'Done' }],
  },
});

describe('Jira webhook verification', () => {
  it('matches the signature test vector from the Jira contract notes', () => {
    expect(
      signJiraWebhook('jira-secret', '{"webhookEvent":"jira:issue_updated","timestamp":1700000000000}'),
    ).toBe('sha256=8cda5014b1ba2f237f276d3cf91d97be4815a1ad568aebbcfe6715e60f5a5132');
  });

  it('accepts a correctly signed delivery and returns its delivery id and typed event', async () => {
    const delivery = signedDelivery(issueUpdated());
    const verified = await verifyJiraWebhook({ secret, ...delivery });
    expect(verified.deliveryId).toBe('delivery-1');
    expect(verified.retryCount).toBe(0);
    expect(verified.event).toMatchObject({
      type: 'jira:issue_updated',
      issue: { key: 'HW-1' },
      issueEventTypeName: 'issue_generic',
    });
  });

  it('rejects a delivery without X-Hub-Signature', async () => {
    const delivery = signedDelivery(issueUpdated(), { 'x-hub-signature': undefined });
    await expect(verifyJiraWebhook({ secret, ...delivery })).rejects.toMatchObject({
      reason: 'missing-signature',
    });
  });

  it('rejects a signature made with another secret', async () => {
    const delivery = signedDelivery(issueUpdated());
    await expect(verifyJiraWebhook({ secret: 'other-secret', ...delivery })).rejects.toMatchObject({
      reason: 'bad-signature',
    });
  });

  it('rejects a body changed after signing, even by one byte', async () => {
    const delivery = signedDelivery(issueUpdated());
    const tampered = Buffer.from(delivery.rawBody.toString().replace('HW-1', 'HW-2'));
    await expect(
      verifyJiraWebhook({ secret, headers: delivery.headers, rawBody: tampered }),
    ).rejects.toMatchObject({ reason: 'bad-signature' });
  });

  it('rejects a signature of the wrong length without throwing from the comparison', async () => {
    const delivery = signedDelivery(issueUpdated(), { 'x-hub-signature': 'sha256=abc' });
    await expect(verifyJiraWebhook({ secret, ...delivery })).rejects.toBeInstanceOf(JiraWebhookError);
  });

  it('refuses every delivery while no secret is configured, even one signed with the empty key', async () => {
    const rawBody = Buffer.from(JSON.stringify(issueUpdated()));
    const headers = { 'x-hub-signature': signJiraWebhook('', rawBody) };
    await expect(verifyJiraWebhook({ secret: '', rawBody, headers })).rejects.toMatchObject({
      reason: 'bad-signature',
    });
  });

  it('rejects a stale delivery whose signed timestamp is older than the allowed age', async () => {
    const delivery = signedDelivery(issueUpdated(Date.now() - 2 * 3_600_000));
    await expect(verifyJiraWebhook({ secret, ...delivery })).rejects.toMatchObject({ reason: 'stale' });
    await expect(verifyJiraWebhook({ secret, ...delivery, maxAgeMs: 3 * 3_600_000 })).resolves.toBeDefined();
  });

  it('rejects a replayed delivery id through the dedupe hook', async () => {
    const seen = new Set<string>();
    const isReplay = (id: string) => {
      const replay = seen.has(id);
      seen.add(id);
      return replay;
    };
    const delivery = signedDelivery(issueUpdated());
    await expect(verifyJiraWebhook({ secret, ...delivery, isReplay })).resolves.toBeDefined();
    await expect(verifyJiraWebhook({ secret, ...delivery, isReplay })).rejects.toMatchObject({
      reason: 'replay',
    });
  });

  it('rejects a signed body that is not JSON as malformed', async () => {
    const rawBody = Buffer.from('not json');
    const headers = { 'x-hub-signature': signJiraWebhook(secret, rawBody) };
    await expect(verifyJiraWebhook({ secret, rawBody, headers })).rejects.toMatchObject({
      reason: 'malformed',
    });
  });

  it('parses comment events and keeps unknown events as "other"', () => {
    expect(
      parseJiraWebhookEvent({
        webhookEvent: 'comment_created',
        timestamp: 1,
        issue: { id: '1', key: 'HW-1' },
        comment: { id: '9' },
      }),
    ).toMatchObject({ type: 'comment_created', comment: { id: '9' } });
    expect(parseJiraWebhookEvent({ webhookEvent: 'worklog_updated', timestamp: 1 })).toEqual({
      type: 'other',
      webhookEvent: 'worklog_updated',
      timestamp: 1,
    });
    expect(() =>
      parseJiraWebhookEvent({
        webhookEvent: 'comment_updated',
        timestamp: 1,
        issue: { id: '1', key: 'HW-1' },
      }),
    ).toThrow(JiraWebhookError);
  });
});

describe('Jira simulator webhooks (signed, retried, faulty on demand)', () => {
  let receiver: Server;
  let receiverUrl: string;
  let received: { headers: IncomingHttpHeaders; body: Buffer }[];
  let answer: () => number;
  let jira: JiraSimulator;

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks) });
        response.writeHead(answer()).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/jira`;
    jira = await startJiraSimulator({
      email: 'pm@example.com',
      apiToken: 't',
      webhookSecret: secret,
      webhookUrl: receiverUrl,
      webhookRetryDelaysMs: [20, 20],
    });
  });
  afterAll(async () => {
    await jira.stop();
    await new Promise((resolve) => receiver.close(resolve));
  });
  beforeEach(() => {
    received = [];
    answer = () => 200;
    jira.control.clearFaults();
    jira.control.clearRecordedCalls();
  });

  async function verifiedEvents() {
    await jira.control.flushWebhooks();
    return Promise.all(
      received.map((r) => verifyJiraWebhook({ secret, rawBody: r.body, headers: r.headers })),
    );
  }

  it('fires a signed jira:issue_updated with a status changelog when an issue is transitioned', async () => {
    jira.control.transitionIssue('HW-2', 'In Progress');
    const events = await verifiedEvents();
    expect(events).toHaveLength(1);
    expect(events[0].event).toMatchObject({
      type: 'jira:issue_updated',
      issue: { key: 'HW-2' },
      changelog: { items: [expect.objectContaining({ field: 'status', toString: 'In Progress' })] },
    });
  });

  it('fires comment_created and jira:issue_updated (issue_commented) for a new comment', async () => {
    jira.control.addComment('HW-3', 'Please confirm the gasket material.');
    const types = (await verifiedEvents()).map((e) => e.event.type);
    expect(types.sort()).toEqual(['comment_created', 'jira:issue_updated']);
  });

  it('fires jira:issue_created for issues created through the API too, as Jira does', async () => {
    const response = await fetch(`${jira.url}/rest/api/3/issue`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('pm@example.com:t').toString('base64')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        fields: { project: { key: 'HW' }, issuetype: { name: 'Bug' }, summary: 'From API' },
      }),
    });
    expect(response.status).toBe(201);
    const events = await verifiedEvents();
    expect(events.map((e) => e.event.type)).toEqual(['jira:issue_created']);
  });

  it('re-delivers with the same identifier and a retry counter when the receiver fails', async () => {
    let calls = 0;
    answer = () => (++calls === 1 ? 503 : 200);
    jira.control.editIssue('HW-4', { summary: 'Renamed' });
    await jira.control.flushWebhooks();
    expect(received).toHaveLength(2);
    expect(received[1].headers['x-atlassian-webhook-identifier']).toBe(
      received[0].headers['x-atlassian-webhook-identifier'],
    );
    expect(received[1].headers['x-atlassian-webhook-retry']).toBe('1');
  });

  it('duplicates or drops webhooks on demand', async () => {
    jira.control.injectWebhookFault({ duplicate: true, times: 1 });
    jira.control.editIssue('HW-5', { labels: ['x'] });
    await jira.control.flushWebhooks();
    expect(received).toHaveLength(2);
    expect(new Set(received.map((r) => r.headers['x-atlassian-webhook-identifier'])).size).toBe(1);

    received = [];
    jira.control.injectWebhookFault({ dropRate: 1 });
    jira.control.editIssue('HW-5', { labels: ['y'] });
    await jira.control.flushWebhooks();
    expect(received).toHaveLength(0);
    expect(jira.control.webhookDeliveries.some((d) => d.dropped)).toBe(true);
  });

  it('fires only for issues matching the webhook JQL filter, as an admin webhook does', async () => {
    jira.control.setWebhookJql('project = HW AND labels = supplier');
    try {
      jira.control.editIssue('HW-4', { summary: 'Standoffs (no supplier label)' });
      jira.control.editIssue('HW-2', { description: 'Updated tooling plan' });
      const events = await verifiedEvents();
      expect(events.map((e) => (e.event as { issue: { key: string } }).issue.key)).toEqual(['HW-2']);
    } finally {
      jira.control.setWebhookJql(undefined);
    }
  });

  it('can be driven over its HTTP control API', async () => {
    const response = await fetch(`${jira.url}/_sim/issues/HW-6/transition`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ to: 'Done' }),
    });
    expect(response.status).toBe(204);
    const events = await verifiedEvents();
    expect(events[0].event).toMatchObject({ type: 'jira:issue_updated', issue: { key: 'HW-6' } });
  });
});
