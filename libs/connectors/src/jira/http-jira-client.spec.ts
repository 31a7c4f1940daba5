import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { textToAdf } from '../adf/text-to-adf';
import { createJiraClient } from './http-jira-client';
import type { JiraClient } from './jira-client.port';
import {
  JiraForbiddenError,
  JiraNotFoundError,
  JiraRateLimitedError,
  JiraUnavailableError,
  JiraValidationError,
} from './jira-errors';
import { startJiraSimulator, type JiraSimulator } from './testing/jira-simulator';

const credentials = {
  email: 'pm@example.com',
  apiToken: 'api-token-1',
  pat: 'dc-pat-1',
  webhookSecret: 'hook-secret',
};

describe('Jira client against the Jira simulator (contract)', () => {
  let jira: JiraSimulator;
  let client: JiraClient;

  beforeAll(async () => {
    jira = await startJiraSimulator({ ...credentials, checkResponses: true });
  });
  afterAll(() => jira.stop());
  beforeEach(() => {
    jira.control.clearFaults();
    jira.control.clearRecordedCalls();
    client = createJiraClient({
      baseUrl: jira.url,
      email: credentials.email,
      apiToken: credentials.apiToken,
      retryBaseDelayMs: 10,
    });
  });

  describe('authentication', () => {
    it('authenticates a Cloud account with email and API token (Basic)', async () => {
      const me = await client.getMyself();
      expect(me.emailAddress).toBe(credentials.email);
    });

    it('reports a wrong API token as a non-retryable JiraForbiddenError with status 401', async () => {
      const wrong = createJiraClient({ baseUrl: jira.url, email: credentials.email, apiToken: 'guess' });
      const error = await wrong.getMyself().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JiraForbiddenError);
      expect(error).toMatchObject({ status: 401, retryable: false });
    });

    it('refuses to build a client without credentials', () => {
      expect(() => createJiraClient({ baseUrl: jira.url })).toThrow(/token/);
    });
  });

  describe('enhanced JQL search', () => {
    it('streams every matching issue across pages using nextPageToken', async () => {
      const keys: string[] = [];
      for await (const issue of client.searchIssues({
        jql: 'project = HW ORDER BY key ASC',
        fields: ['summary', 'status'],
        pageSize: 7,
      }))
        keys.push(issue.key);
      expect(keys).toHaveLength(30);
      expect(new Set(keys).size).toBe(30);
      expect(keys.slice(0, 3)).toEqual(['HW-1', 'HW-2', 'HW-3']);
      const pages = jira.control.recordedCalls('searchAndReconsileIssuesUsingJqlPost');
      expect(pages).toHaveLength(5);
      expect(pages[1].body).toMatchObject({ nextPageToken: expect.any(String) });
    });

    it('returns only the requested fields, and only the id when no fields are requested', async () => {
      const page = await client.searchPage({ jql: 'key = HW-3', fields: ['summary', 'customfield_10051'] });
      expect(Object.keys(page.issues[0].fields).sort()).toEqual(['customfield_10051', 'summary']);
      const bare = await client.searchPage({ jql: 'key = HW-3' });
      expect(bare.issues[0]).toEqual({ id: '10003' });
    });

    it.each([
      [
        'project = HW AND status = "In Testing"',
        (i: { fields: Record<string, any> }) => i.fields.status.name === 'In Testing',
      ],
      [
        'project = HW AND labels in (quality) AND priority = Highest',
        (i: { fields: Record<string, any> }) =>
          i.fields.labels.includes('quality') && i.fields.priority.name === 'Highest',
      ],
      [
        'key in (HW-1, HW-2) OR (status = Done AND labels = supplier)',
        (i: { key: string; fields: Record<string, any> }) =>
          ['HW-1', 'HW-2'].includes(i.key) ||
          (i.fields.status.name === 'Done' && i.fields.labels.includes('supplier')),
      ],
      [
        'project = HW AND updated >= "2026-10-05"',
        // Midnight in the account's time zone (the simulator's default, Asia/Shanghai), as Jira reads it.
        (i: { fields: Record<string, any> }) =>
          Date.parse(i.fields.updated) >= Date.parse('2026-10-05T00:00:00+08:00'),
      ],
      [
        'project = HW AND text ~ "solder"',
        (i: { fields: Record<string, any> }) => /solder/i.test(i.fields.summary),
      ],
    ])('filters with the JQL subset Portico sends: %s', async (jql, predicate) => {
      const all = [];
      for await (const issue of client.searchIssues({
        jql: 'project = HW',
        fields: ['summary', 'status', 'labels', 'priority', 'updated'],
      }))
        all.push(issue);
      const found = [];
      for await (const issue of client.searchIssues({
        jql,
        fields: ['summary', 'status', 'labels', 'priority', 'updated'],
      }))
        found.push(issue);
      expect(found.length).toBeGreaterThan(0);
      expect(found.map((i) => i.key).sort()).toEqual(
        all
          .filter(predicate as never)
          .map((i) => i.key)
          .sort(),
      );
    });

    it('rejects unparseable JQL with a JiraValidationError carrying Jira errorMessages', async () => {
      const error = await client.searchPage({ jql: 'project = = HW' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JiraValidationError);
      expect((error as JiraValidationError).status).toBe(400);
      expect((error as JiraValidationError).errorMessages[0]).toMatch(/Error in the JQL Query/);
      expect((error as JiraValidationError).retryable).toBe(false);
    });

    it('rejects unbounded JQL as Jira Cloud does', async () => {
      await expect(client.searchPage({ jql: 'order by key desc' })).rejects.toThrow(/Unbounded JQL/);
    });

    it('cannot search by issue property, which Jira indexes only for installed apps', async () => {
      await expect(
        client.searchPage({ jql: 'issue.property[portico.ref].defectId = "x"' }),
      ).rejects.toBeInstanceOf(JiraValidationError);
    });
  });

  describe('issues', () => {
    it('gets an issue with rendered HTML, field names and custom fields', async () => {
      const issue = await client.getIssue('HW-2', { expand: ['renderedFields', 'names'] });
      expect(issue.fields.customfield_10051).toBe('ENC-2001');
      expect(issue.names?.customfield_10050).toBe('Supplier due date');
      expect(issue.renderedFields?.description).toContain('<h3>');
    });

    it('reports an unknown issue as JiraNotFoundError', async () => {
      await expect(client.getIssue('HW-9999')).rejects.toBeInstanceOf(JiraNotFoundError);
    });

    it('lists fields so custom fields can be picked by name', async () => {
      const fields = await client.listFields();
      expect(fields).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: 'customfield_10050', name: 'Supplier due date', custom: true }),
        ]),
      );
    });

    it('creates an issue with an ADF description and an idempotency property in one request', async () => {
      const created = await client.createIssue({
        projectKey: 'HW',
        issueType: { id: '10004' },
        summary: 'Drawing D-102 rev C: hole pattern off by 2 mm',
        description: textToAdf('Reported by ACME via Portico.'),
        labels: ['portico-7b1e'],
        fields: { customfield_10051: 'ENC-2102-C' },
        properties: { 'portico.ref': { defectId: '7b1e' } },
      });
      expect(created.key).toMatch(/^HW-\d+$/);
      await expect(client.getIssueProperty(created.key, 'portico.ref')).resolves.toEqual({
        defectId: '7b1e',
      });
      const found = await client.searchPage({ jql: 'labels = portico-7b1e', fields: ['summary'] });
      expect(found.issues.map((i) => i.key)).toEqual([created.key]);
    });

    it('finds its own new issue despite search lag only when reconciling it', async () => {
      jira.control.searchLagMs = 60_000;
      try {
        const created = await client.createIssue({
          projectKey: 'HW',
          issueType: { name: 'Bug' },
          summary: 'Lagging',
          labels: ['portico-lag-1'],
        });
        const unreconciled = await client.searchPage({ jql: 'labels = portico-lag-1' });
        expect(unreconciled.issues).toEqual([]);
        const reconciled = await client.searchPage({
          jql: 'labels = portico-lag-1',
          reconcileIssues: [Number(created.id)],
        });
        expect(reconciled.issues).toEqual([{ id: created.id }]);
      } finally {
        jira.control.searchLagMs = 0;
      }
    });

    it('names every invalid field when Jira refuses a create', async () => {
      const error = await client
        .createIssue({
          projectKey: 'HW',
          issueType: { id: '10004' },
          summary: '',
          fields: { customfield_10050: '31/12/2026' },
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JiraValidationError);
      expect((error as JiraValidationError).errors).toEqual(
        expect.objectContaining({ summary: expect.any(String), customfield_10050: expect.any(String) }),
      );
    });
  });

  describe('comments, attachments, transitions, properties, remote links', () => {
    it('adds an ADF comment', async () => {
      const comment = await client.addComment('HW-5', textToAdf('ACME: samples shipped.'));
      expect(comment.id).toBeDefined();
      const issue = await client.getIssue('HW-5', { fields: ['comment'] });
      const bodies = (issue.fields.comment as { comments: { id: string }[] }).comments.map((c) => c.id);
      expect(bodies).toContain(comment.id);
    });

    it('pages through an issue’s comments with startAt/maxResults/total and reads one by id', async () => {
      const key = (
        await client.createIssue({ projectKey: 'HW', issueType: { name: 'Task' }, summary: 'Chatty' })
      ).key;
      for (let n = 0; n < 5; n++) await client.addComment(key, textToAdf(`note ${n}`));
      const first = await client.listComments(key, { maxResults: 2 });
      expect(first).toMatchObject({ startAt: 0, maxResults: 2, total: 5 });
      const last = await client.listComments(key, { startAt: 4, maxResults: 2, expand: ['renderedBody'] });
      expect(last.comments).toHaveLength(1);
      expect((last.comments[0] as { renderedBody?: string }).renderedBody).toContain('note 4');
      const one = await client.getComment(key, first.comments[1].id!);
      expect(JSON.stringify(one.body)).toContain('note 1');
      await expect(client.getComment(key, '999999')).rejects.toBeInstanceOf(JiraNotFoundError);
    });

    it('streams an attachment as multipart with the XSRF header, byte for byte', async () => {
      const size = 3 * 1024 * 1024 + 17;
      const chunk = Buffer.alloc(64 * 1024, 7);
      let sent = 0;
      const content = new Readable({
        read() {
          if (sent >= size) return this.push(null);
          const next = chunk.subarray(0, Math.min(chunk.length, size - sent));
          sent += next.length;
          this.push(next);
        },
      });
      const [attachment] = await client.addAttachment('HW-6', {
        filename: '图纸 D-102 rev C.pdf',
        content,
        contentType: 'application/pdf',
      });
      expect(attachment).toMatchObject({
        filename: '图纸 D-102 rev C.pdf',
        size,
        mimeType: 'application/pdf',
      });
      const download = await fetch(attachment.content!, {
        headers: { Authorization: `Bearer ${credentials.pat}` },
      });
      const bytes = Buffer.from(await download.arrayBuffer());
      expect(bytes.length).toBe(size);
      expect(bytes.every((b) => b === 7)).toBe(true);
    });

    it('is refused by Jira without X-Atlassian-Token: no-check (why the client always sends it)', async () => {
      const form = new FormData();
      form.append('file', new Blob(['x']), 'a.txt');
      const response = await fetch(`${jira.url}/rest/api/3/issue/HW-6/attachments`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${credentials.pat}` },
        body: form,
      });
      expect(response.status).toBe(403);
    });

    it('lists transitions and performs one with a comment', async () => {
      const transitions = await client.listTransitions('HW-1');
      const done = transitions.find((t) => t.to?.name === 'Done');
      expect(done).toBeDefined();
      await client.transitionIssue('HW-1', done!.id!, { comment: textToAdf('Closed from Portico') });
      const issue = await client.getIssue('HW-1', { fields: ['status'] });
      expect((issue.fields.status as { name: string }).name).toBe('Done');
    });

    it('reports a transition that is not available as JiraValidationError', async () => {
      await expect(client.transitionIssue('HW-1', '999')).rejects.toBeInstanceOf(JiraValidationError);
    });

    it('sets and reads issue properties, and reads an unset one as undefined', async () => {
      await client.setIssueProperty('HW-7', 'portico.ref', { itemId: 'abc' });
      await expect(client.getIssueProperty('HW-7', 'portico.ref')).resolves.toEqual({ itemId: 'abc' });
      await expect(client.getIssueProperty('HW-7', 'portico.other')).resolves.toBeUndefined();
    });

    it('does not mistake an unknown issue for an unset property', async () => {
      await expect(client.getIssueProperty('HW-9999', 'portico.ref')).rejects.toBeInstanceOf(
        JiraNotFoundError,
      );
    });

    it('upserts a remote link by globalId instead of duplicating it', async () => {
      const first = await client.createRemoteLink('HW-8', {
        globalId: 'portico:defect:1',
        url: 'https://portico.example.com/defects/1',
        title: 'Defect 1',
      });
      const second = await client.createRemoteLink('HW-8', {
        globalId: 'portico:defect:1',
        url: 'https://portico.example.com/defects/1',
        title: 'Defect 1 (fixed)',
        resolved: true,
      });
      expect(second.id).toBe(first.id);
      expect(jira.control.issue('HW-8').remoteLinks).toHaveLength(1);
      expect(jira.control.issue('HW-8').remoteLinks[0].object.title).toBe('Defect 1 (fixed)');
    });
  });

  describe('attachment downloads', () => {
    it("streams an attachment's content, following Jira's 303 to the media store", async () => {
      const content = Buffer.from('%PDF-1.7 drawing D-102 rev C\n'.repeat(1000));
      const [attachment] = await client.addAttachment('HW-6', {
        filename: 'D-102.pdf',
        content,
        contentType: 'application/pdf',
      });
      jira.control.clearRecordedCalls();
      const download = await client.downloadAttachment(String(attachment.id));
      expect(download).toMatchObject({ contentType: 'application/pdf', size: content.length });
      const chunks: Buffer[] = [];
      for await (const chunk of download.stream) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).equals(content)).toBe(true);
      expect(jira.control.recordedCalls().map((c) => [c.operationId, c.status])).toEqual([
        ['getAttachmentContent', 303],
        ['getMediaFile', 200],
      ]);
    });

    it('reports an unknown attachment as JiraNotFoundError, and never sends a non-numeric id to Jira', async () => {
      await expect(client.downloadAttachment('987654')).rejects.toBeInstanceOf(JiraNotFoundError);
      jira.control.clearRecordedCalls();
      await expect(client.downloadAttachment('../../myself')).rejects.toBeInstanceOf(JiraNotFoundError);
      expect(jira.control.recordedCalls()).toEqual([]);
    });

    it('does not send the Jira credentials to a media store on another origin', async () => {
      let mediaAuthorization: string | undefined = 'not called';
      const media = createServer((request, response) => {
        mediaAuthorization = request.headers.authorization;
        response.writeHead(200, { 'Content-Type': 'text/plain' }).end('drawing');
      });
      await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
      const mediaUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}/file/1/binary?token=t`;
      const site = createServer((request, response) => {
        if (request.headers.authorization && request.url === '/rest/api/3/attachment/content/10')
          response.writeHead(303, { Location: mediaUrl }).end();
        else response.writeHead(401).end();
      });
      // "localhost" against the media's 127.0.0.1: another origin, as api.media.atlassian.com is for a site.
      await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
      try {
        const remote = createJiraClient({
          baseUrl: `http://localhost:${(site.address() as AddressInfo).port}`,
          email: credentials.email,
          apiToken: credentials.apiToken,
        });
        const download = await remote.downloadAttachment('10');
        const chunks: Buffer[] = [];
        for await (const chunk of download.stream) chunks.push(chunk as Buffer);
        expect(Buffer.concat(chunks).toString()).toBe('drawing');
        expect(mediaAuthorization).toBeUndefined();
      } finally {
        await Promise.all([site, media].map((s) => new Promise((resolve) => s.close(resolve))));
      }
    });
  });

  describe('retries and failures', () => {
    it('retries a 429 after the Retry-After delay and then succeeds', async () => {
      jira.control.injectFault({
        route: 'GET /rest/api/3/issue/{issueIdOrKey}',
        status: 429,
        retryAfterSeconds: 1,
        times: 1,
      });
      const started = Date.now();
      await expect(client.getIssue('HW-3', { fields: ['summary'] })).resolves.toMatchObject({ key: 'HW-3' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(
        jira.control
          .recordedCalls()
          .filter((c) => c.path === '/rest/api/3/issue/HW-3')
          .map((c) => c.status),
      ).toEqual([429, 200]);
    });

    it('leaves retries to the caller when maxRetries is 0, exposing retryAfterSeconds', async () => {
      const queueClient = createJiraClient({
        baseUrl: jira.url,
        email: credentials.email,
        apiToken: credentials.apiToken,
        maxRetries: 0,
      });
      jira.control.injectFault({
        route: 'POST /rest/api/3/issue/{issueIdOrKey}/comment',
        status: 429,
        retryAfterSeconds: 7,
        times: 1,
      });
      const error = await queueClient.addComment('HW-4', textToAdf('x')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JiraRateLimitedError);
      expect(error).toMatchObject({ retryable: true, retryAfterSeconds: 7 });
    });

    it('gives up after maxRetries on persistent 503 with a retryable JiraUnavailableError', async () => {
      const bounded = createJiraClient({
        baseUrl: jira.url,
        email: credentials.email,
        apiToken: credentials.apiToken,
        maxRetries: 2,
        retryBaseDelayMs: 5,
      });
      jira.control.injectFault({ route: 'GET /rest/api/3/field', status: 503 });
      const error = await bounded.listFields().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JiraUnavailableError);
      expect(error).toMatchObject({ status: 503, retryable: true });
      expect(jira.control.recordedCalls().filter((c) => c.path === '/rest/api/3/field')).toHaveLength(3);
    });

    it('does not repeat a create after a 502, since Jira may have applied it', async () => {
      jira.control.injectFault({ route: 'POST /rest/api/3/issue', status: 502, times: 1 });
      await expect(
        client.createIssue({ projectKey: 'HW', issueType: { name: 'Task' }, summary: 'once' }),
      ).rejects.toBeInstanceOf(JiraUnavailableError);
      expect(jira.control.recordedCalls().filter((c) => c.path === '/rest/api/3/issue')).toHaveLength(1);
    });

    it('resends a buffered attachment after 429 but never after 502, which may hide a stored file', async () => {
      jira.control.injectFault({
        route: 'POST /rest/api/3/issue/{issueIdOrKey}/attachments',
        status: 429,
        retryAfterSeconds: 0,
        times: 1,
      });
      await client.addAttachment('HW-9', { filename: 'a.txt', content: Buffer.from('first') });
      jira.control.injectFault({
        route: 'POST /rest/api/3/issue/{issueIdOrKey}/attachments',
        status: 502,
        times: 1,
      });
      await expect(
        client.addAttachment('HW-9', { filename: 'b.txt', content: Buffer.from('second') }),
      ).rejects.toBeInstanceOf(JiraUnavailableError);
      const attempts = jira.control
        .recordedCalls()
        .filter((c) => c.path === '/rest/api/3/issue/HW-9/attachments');
      expect(attempts.map((c) => c.status)).toEqual([429, 200, 502]);
      expect(jira.control.issue('HW-9').attachments.map((a) => a.filename)).toEqual(['a.txt']);
    });

    it('sends a one-shot stream once and leaves the retry to the caller', async () => {
      jira.control.injectFault({
        route: 'POST /rest/api/3/issue/{issueIdOrKey}/attachments',
        status: 429,
        retryAfterSeconds: 0,
        times: 1,
      });
      const error = await client
        .addAttachment('HW-10', { filename: 'c.txt', content: Readable.from([Buffer.from('x')]) })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JiraRateLimitedError);
      await expect(
        client.addAttachment('HW-10', {
          filename: 'c.txt',
          content: () => Readable.from([Buffer.from('x')]),
        }),
      ).resolves.toHaveLength(1);
    });

    it('times out a call that gets no answer and retries it when idempotent', async () => {
      const impatient = createJiraClient({
        baseUrl: jira.url,
        email: credentials.email,
        apiToken: credentials.apiToken,
        timeoutMs: 300,
        maxRetries: 1,
        retryBaseDelayMs: 5,
      });
      jira.control.injectFault({ route: 'GET /rest/api/3/myself', timeout: true, times: 1 });
      await expect(impatient.getMyself()).resolves.toMatchObject({ emailAddress: credentials.email });
      jira.control.injectFault({ route: 'GET /rest/api/3/myself', timeout: true, times: 2 });
      const error = await impatient.getMyself().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JiraUnavailableError);
      expect((error as Error).message).toMatch(/no response within 300 ms/);
    });

    it('reports a 200 whose body is not JSON (a proxy page) as JiraUnavailableError, not a SyntaxError', async () => {
      const proxy = createServer((_, response) =>
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('<html>'),
      );
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      try {
        const behindProxy = createJiraClient({
          baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
          email: 'a@b.c',
          apiToken: 't',
        });
        await expect(behindProxy.getMyself()).rejects.toBeInstanceOf(JiraUnavailableError);
      } finally {
        await new Promise((resolve) => proxy.close(resolve));
      }
    });

    it('reports a refused connection as JiraUnavailableError', async () => {
      const nowhere = createJiraClient({
        baseUrl: 'http://127.0.0.1:9',
        email: 'a@b.c',
        apiToken: 't',
        maxRetries: 0,
      });
      await expect(nowhere.getMyself()).rejects.toBeInstanceOf(JiraUnavailableError);
    });
  });
});

describe('Jira client against a Data Center simulator (REST v2, wiki markup, PAT)', () => {
  let jira: JiraSimulator;
  let client: JiraClient;

  beforeAll(async () => {
    jira = await startJiraSimulator({ ...credentials, deployment: 'datacenter', checkResponses: true });
    client = createJiraClient({ baseUrl: jira.url, pat: credentials.pat });
  });
  afterAll(() => jira.stop());
  beforeEach(() => jira.control.clearRecordedCalls());

  it('authenticates with a personal access token (Bearer) on the v2 API', async () => {
    await expect(client.getMyself()).resolves.toMatchObject({ emailAddress: credentials.email });
    expect(jira.control.recordedCalls().map((c) => c.path)).toEqual(['/rest/api/2/myself']);
  });

  it('pages through the offset search, since Data Center has no enhanced search', async () => {
    const keys: string[] = [];
    for await (const issue of client.searchIssues({
      jql: 'project = HW ORDER BY key ASC',
      fields: ['summary'],
      pageSize: 7,
    }))
      keys.push(issue.key);
    expect(keys).toHaveLength(30);
    expect(new Set(keys).size).toBe(30);
    expect(
      jira.control.recordedCalls().map((c) => `${c.path} ${(c.body as { startAt: number }).startAt}`),
    ).toEqual([
      '/rest/api/2/search 0',
      '/rest/api/2/search 7',
      '/rest/api/2/search 14',
      '/rest/api/2/search 21',
      '/rest/api/2/search 28',
    ]);
  });

  it('sends descriptions, comments and transition comments as wiki markup', async () => {
    const created = await client.createIssue({
      projectKey: 'HW',
      issueType: { name: 'Bug' },
      summary: 'DC defect',
      description: textToAdf('Hole *pattern* off'),
    });
    await client.addComment(created.key, textToAdf('ACME: [see] drawing'));
    const transition = (await client.listTransitions(created.key)).find((t) => t.to?.name === 'Done');
    await client.transitionIssue(created.key, transition!.id!, { comment: textToAdf('closed') });
    const bodies = jira.control.recordedCalls().map((c) => c.body as Record<string, any>);
    expect(bodies[0].fields.description).toBe('Hole \\*pattern\\* off');
    expect(bodies[1].body).toBe('ACME: \\[see\\] drawing');
    expect(bodies[3].update.comment[0].add.body).toBe('closed');
    const issue = await client.getIssue(created.key, { fields: ['description', 'status'] });
    expect(issue.fields.description).toBe('Hole \\*pattern\\* off');
    expect((issue.fields.status as { name: string }).name).toBe('Done');
  });

  it('is refused when sending ADF, which Data Center does not understand', async () => {
    const response = await fetch(`${jira.url}/rest/api/2/issue/HW-1/comment`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${credentials.pat}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ body: textToAdf('x') }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: { comment: expect.any(String) } });
  });

  it('downloads an attachment from the file URL in its metadata, since Data Center has no content operation', async () => {
    const [added] = await client.addAttachment('HW-3', {
      filename: 'Prüfplan D-102.txt',
      content: Buffer.from('Prüfplan\n'),
      contentType: 'text/plain',
    });
    jira.control.clearRecordedCalls();
    const download = await client.downloadAttachment(String(added.id));
    const chunks: Buffer[] = [];
    for await (const chunk of download.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('Prüfplan\n');
    expect(download).toMatchObject({ contentType: 'text/plain', size: Buffer.byteLength('Prüfplan\n') });
    expect(jira.control.recordedCalls().map((c) => [c.path.replace(/\/[^/]+$/, '/…'), c.status])).toEqual([
      [`/rest/api/2/attachment/…`, 200],
      [`/secure/attachment/${added.id}/…`, 200],
    ]);
    const direct = await fetch(`${jira.url}/rest/api/2/attachment/content/${added.id}`, {
      headers: { Authorization: `Bearer ${credentials.pat}` },
    });
    expect(direct.status).toBe(404);
    await expect(client.downloadAttachment('987654')).rejects.toBeInstanceOf(JiraNotFoundError);
  });

  it('is refused on Cloud-only v3 paths, which Data Center does not have', async () => {
    const response = await fetch(`${jira.url}/rest/api/3/myself`, {
      headers: { Authorization: `Bearer ${credentials.pat}` },
    });
    expect(response.status).toBe(404);
  });
});
