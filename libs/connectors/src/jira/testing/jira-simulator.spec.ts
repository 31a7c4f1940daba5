import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startJiraSimulator, type JiraSimulator } from './jira-simulator';

const email = 'pm@example.com';
const apiToken = 'sim-token';
const auth = { Authorization: `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}` };

async function call(
  jira: JiraSimulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = auth,
) {
  const response = await fetch(jira.url + path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

describe('Jira simulator', () => {
  let jira: JiraSimulator;

  beforeAll(async () => {
    jira = await startJiraSimulator({ email, apiToken, webhookSecret: 's', checkResponses: true });
  });
  afterAll(() => jira.stop());
  beforeEach(() => jira.control.clearFaults());

  it('seeds project HW "Hardware launch" with 30 issues of several types, statuses and priorities', async () => {
    const { body } = await call(
      jira,
      'GET',
      '/rest/api/3/search/jql?jql=project%3DHW&fields=issuetype,status,priority,project&maxResults=100',
    );
    expect(body.issues).toHaveLength(30);
    expect(body.issues[0].fields.project).toMatchObject({ key: 'HW', name: 'Hardware launch' });
    for (const field of ['issuetype', 'status', 'priority'])
      expect(
        new Set(body.issues.map((i: { fields: Record<string, { name: string }> }) => i.fields[field].name))
          .size,
      ).toBeGreaterThanOrEqual(3);
  });

  it('answers 401 with Jira error shape for missing or wrong credentials', async () => {
    expect((await call(jira, 'GET', '/rest/api/3/myself', undefined, {})).status).toBe(401);
    const wrong = await call(jira, 'GET', '/rest/api/3/myself', undefined, {
      Authorization: `Basic ${Buffer.from(`${email}:nope`).toString('base64')}`,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.errorMessages).toHaveLength(1);
  });

  it('answers 410 on the removed /rest/api/3/search, as Jira Cloud does now', async () => {
    const removed = await call(jira, 'GET', '/rest/api/3/search?jql=project%3DHW');
    expect(removed.status).toBe(410);
    expect(removed.body.errorMessages[0]).toMatch(/search\/jql/);
  });

  it('rejects a body that violates the OpenAPI document with 400 naming the field', async () => {
    const response = await call(jira, 'POST', '/rest/api/3/issue/HW-1/remotelink', {
      globalId: 'g',
      relationship: 'links to',
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errorMessages: expect.any(Array),
      errors: { object: expect.stringMatching(/required/) },
    });
    expect(jira.control.issue('HW-1').remoteLinks).toHaveLength(0);
  });

  it('rejects a query parameter of the wrong type per the OpenAPI document', async () => {
    const response = await call(jira, 'GET', '/rest/api/3/search/jql?jql=project%3DHW&maxResults=lots');
    expect(response.status).toBe(400);
    expect(response.body.errors).toHaveProperty('maxResults');
  });

  it('rejects a body field of the wrong type per the OpenAPI document', async () => {
    const response = await call(jira, 'POST', '/rest/api/3/search/jql', {
      jql: 'project = HW',
      maxResults: 'ten',
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toHaveProperty('maxResults');
  });

  it('rejects malformed JSON with 400 rather than failing', async () => {
    const response = await fetch(`${jira.url}/rest/api/3/issue`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: '{"fields":',
    });
    expect(response.status).toBe(400);
  });

  it('answers 415 to a JSON operation sent with another content type, as Jira does', async () => {
    const response = await fetch(`${jira.url}/rest/api/3/issue/HW-1/comment`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'text/plain' },
      body: JSON.stringify({ body: { type: 'doc', version: 1, content: [] } }),
    });
    expect(response.status).toBe(415);
  });

  it('answers 400, not 500, to a badly percent-encoded issue key', async () => {
    expect((await call(jira, 'GET', '/rest/api/3/issue/%E0%A4%A')).status).toBe(400);
  });

  it('rejects a page token that belongs to another query', async () => {
    const first = await call(jira, 'GET', '/rest/api/3/search/jql?jql=project%3DHW&maxResults=5');
    const other = await call(
      jira,
      'GET',
      `/rest/api/3/search/jql?jql=project%3DHW%20AND%20labels%3Dpcb&nextPageToken=${first.body.nextPageToken}`,
    );
    expect(other.status).toBe(400);
  });

  it('accepts fields as a comma list or repeated parameters', async () => {
    const comma = await call(jira, 'GET', '/rest/api/3/search/jql?jql=key%3DHW-1&fields=summary,labels');
    const repeated = await call(
      jira,
      'GET',
      '/rest/api/3/search/jql?jql=key%3DHW-1&fields=summary&fields=labels',
    );
    expect(Object.keys(comma.body.issues[0].fields).sort()).toEqual(['labels', 'summary']);
    expect(repeated.body.issues[0].fields).toEqual(comma.body.issues[0].fields);
  });

  it('answers 404 for an operation outside the document', async () => {
    expect((await call(jira, 'GET', '/rest/api/3/dashboard')).status).toBe(404);
  });

  it('injects faults per route over its control API, limited to a number of requests', async () => {
    const inject = await fetch(`${jira.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ route: 'GET /rest/api/3/myself', status: 429, retryAfterSeconds: 3, times: 1 }),
    });
    expect(inject.status).toBe(204);
    const limited = await call(jira, 'GET', '/rest/api/3/myself');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await call(jira, 'GET', '/rest/api/3/myself')).status).toBe(200);
  });

  it('adds latency when asked to', async () => {
    jira.control.injectFault({ route: 'GET /rest/api/3/field', latencyMs: 200, times: 1 });
    const started = Date.now();
    expect((await call(jira, 'GET', '/rest/api/3/field')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("lists system and custom fields as GET /field does, and keeps an issue's due date under its id", async () => {
    const { status, body } = await call(jira, 'GET', '/rest/api/3/field');
    expect(status).toBe(200);
    const byId = new Map((body as { id: string; name: string; custom: boolean }[]).map((f) => [f.id, f]));
    expect(byId.get('duedate')).toMatchObject({ name: 'Due date', custom: false });
    expect(byId.get('fixVersions')).toMatchObject({ name: 'Fix versions', custom: false });
    expect(byId.get('customfield_10050')).toMatchObject({ name: 'Supplier due date', custom: true });
    await call(jira, 'PUT', '/rest/api/3/issue/HW-4', { fields: { duedate: '2026-12-24' } });
    const issue = await call(jira, 'GET', '/rest/api/3/issue/HW-4?fields=duedate');
    expect(issue.body.fields).toEqual({ duedate: '2026-12-24' });
    const refused = await call(jira, 'PUT', '/rest/api/3/issue/HW-4', { fields: { duedate: '24.12.2026' } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toHaveProperty('duedate');
  });

  it('records write calls for inspection', async () => {
    jira.control.clearRecordedCalls();
    await call(jira, 'PUT', '/rest/api/3/issue/HW-2/properties/portico.ref', { itemId: 'x' });
    const calls = await (await fetch(`${jira.url}/_sim/calls?operationId=setIssueProperty`)).json();
    expect(calls).toEqual([expect.objectContaining({ method: 'PUT', status: 201, body: { itemId: 'x' } })]);
  });

  it('keeps comments with visibility restrictions so Portico can be tested hiding them', async () => {
    const { body } = await call(jira, 'GET', '/rest/api/3/issue/HW-1/comment');
    expect(body.comments.some((c: { visibility?: unknown }) => c.visibility)).toBe(true);
  });

  it('refuses an issue type the project does not have, naming the field as Jira does', async () => {
    const unknown = await call(jira, 'POST', '/rest/api/3/issue', {
      fields: { project: { key: 'HW' }, issuetype: { name: 'Defect' }, summary: 'x' },
    });
    expect(unknown).toMatchObject({
      status: 400,
      body: { errors: { issuetype: 'The issue type selected is invalid.' } },
    });
    const missing = await call(jira, 'POST', '/rest/api/3/issue', {
      fields: { project: { key: 'HW' }, summary: 'x' },
    });
    expect(missing.body.errors.issuetype).toBe('Specify an issue type');
  });

  it('pages comments like Jira (startAt, maxResults capped by the server, total) and fires comment events', async () => {
    const key = jira.control.createIssue({ summary: 'Many comments' }).key;
    for (let n = 0; n < 105; n++) jira.control.addComment(key, `c${n}`);
    const page = await call(jira, 'GET', `/rest/api/3/issue/${key}/comment?maxResults=500`);
    expect(page.body).toMatchObject({ startAt: 0, maxResults: 100, total: 105 });
    expect(page.body.comments).toHaveLength(100);
    const rest = await call(jira, 'GET', `/rest/api/3/issue/${key}/comment?startAt=100&maxResults=100`);
    expect(rest.body.comments.map((c: { body: unknown }) => JSON.stringify(c.body))).toEqual(
      ['c100', 'c101', 'c102', 'c103', 'c104'].map((t) => expect.stringContaining(t)),
    );
    const id = rest.body.comments[0].id as string;
    const edited = await call(jira, 'PUT', `/rest/api/3/issue/${key}/comment/${id}`, {
      body: {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'edited' }] }],
      },
    });
    expect(edited.status).toBe(200);
    expect(
      JSON.stringify((await call(jira, 'GET', `/rest/api/3/issue/${key}/comment/${id}`)).body.body),
    ).toContain('edited');
    expect((await call(jira, 'DELETE', `/rest/api/3/issue/${key}/comment/${id}`)).status).toBe(204);
    expect((await call(jira, 'GET', `/rest/api/3/issue/${key}/comment/${id}`)).status).toBe(404);
    expect((await call(jira, 'GET', `/rest/api/3/issue/${key}/comment`)).body.total).toBe(104);
  });

  it('serves attachment content as Jira Cloud does: a 303 to a tokened media URL, or the bytes with redirect=false', async () => {
    const asked = await fetch(`${jira.url}/rest/api/3/attachment/content/10501`, {
      headers: auth,
      redirect: 'manual',
    });
    expect(asked.status).toBe(303);
    const location = asked.headers.get('location')!;
    // The media URL is its own credential: no Jira authentication goes with it.
    const media = await fetch(location);
    expect(media.status).toBe(200);
    expect(media.headers.get('content-type')).toBe('text/plain');
    expect(await media.text()).toBe('Drawing ENC-2001\n');
    const direct = await fetch(`${jira.url}/rest/api/3/attachment/content/10501?redirect=false`, {
      headers: auth,
    });
    expect(direct.status).toBe(200);
    expect(await direct.text()).toBe('Drawing ENC-2001\n');

    expect((await call(jira, 'GET', '/rest/api/3/attachment/content/99999')).status).toBe(404);
    expect((await call(jira, 'GET', '/rest/api/3/attachment/content/10501', undefined, {})).status).toBe(401);
    const forged = location.replace(/token=[^&]+/, `token=${Math.floor(Date.now() / 1000) + 60}.forged`);
    expect((await fetch(forged)).status).toBe(401);
    const otherFile = location.replace('/file/10501/', '/file/10504/');
    expect((await fetch(otherFile)).status).toBe(401);

    // Attachment metadata names where the file is; the site path needs authentication like any other call.
    const metadata = await call(jira, 'GET', '/rest/api/3/attachment/10501');
    expect(metadata.body).toMatchObject({ id: 10501, filename: 'ENC-2001-drawing.txt' });
    expect((await fetch(`${jira.url}/secure/attachment/10501/ENC-2001-drawing.txt`)).status).toBe(401);
    const viaSite = await fetch(`${jira.url}/secure/attachment/10501/ENC-2001-drawing.txt`, {
      headers: auth,
    });
    expect(await viaSite.text()).toBe('Drawing ENC-2001\n');
  });

  it('persists its state to the data file and restores it on restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jira-sim-'));
    const dataFile = join(dir, 'jira.json');
    try {
      const first = await startJiraSimulator({ email, apiToken, webhookSecret: 's', dataFile });
      const created = await call(first, 'POST', '/rest/api/3/issue', {
        fields: { project: { key: 'HW' }, issuetype: { id: '10004' }, summary: 'Persist me' },
      });
      await first.stop();
      const second = await startJiraSimulator({ email, apiToken, webhookSecret: 's', dataFile });
      try {
        const fetched = await call(second, 'GET', `/rest/api/3/issue/${created.body.key}?fields=summary`);
        expect(fetched.body.fields.summary).toBe('Persist me');
        const next = await call(second, 'POST', '/rest/api/3/issue', {
          fields: { project: { key: 'HW' }, issuetype: { id: '10004' }, summary: 'Next' },
        });
        expect(next.body.key).not.toBe(created.body.key);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts empty when seeding is turned off', async () => {
    const empty = await startJiraSimulator({ email, apiToken, webhookSecret: 's', seed: false });
    try {
      const { body } = await call(empty, 'GET', '/rest/api/3/search/jql?jql=project%3DHW');
      expect(body.issues).toEqual([]);
    } finally {
      await empty.stop();
    }
  });
});
