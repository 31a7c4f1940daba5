import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { adler32 } from './adler32';
import { FeishuClient } from './feishu-client.port';
import { FeishuApiError, FeishuRateLimitedError } from './feishu-errors';
import { createFeishuClient, FEISHU_UPLOAD_ALL_MAX_BYTES } from './lark-feishu-client';
import { defaultFeishuSeed } from './testing/feishu-seed';
import { FeishuSimulator, startFeishuSimulator } from './testing/feishu-simulator';

const APP = {
  appId: 'cli_a1b2c3d4e5f60001',
  appSecret: 'sim-secret-0123456789',
  verificationToken: 'vt-sim',
};
const seed = defaultFeishuSeed();
const FOLDER = seed.folderToken;
const SPEC = seed.documents[0].documentId;

describe('Feishu client against the Feishu simulator', () => {
  let sim: FeishuSimulator;
  let client: FeishuClient;

  beforeAll(async () => {
    sim = await startFeishuSimulator(APP);
  });
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.control.clearFaults();
    client = createFeishuClient({
      baseUrl: sim.url,
      appId: APP.appId,
      appSecret: APP.appSecret,
      timeoutMs: 5000,
    });
  });

  describe('tenant access token', () => {
    it('fetches one token for many concurrent calls and reuses it afterwards', async () => {
      const before = sim.control.tokenRequests();
      await Promise.all(Array.from({ length: 8 }, () => client.getDocumentMeta(SPEC)));
      await client.getDocumentMeta(SPEC);
      expect(sim.control.tokenRequests() - before).toBe(1);
    });

    it('fetches a new token and retries once when Feishu rejects the cached one (99991663)', async () => {
      await client.getDocumentMeta(SPEC);
      const before = sim.control.tokenRequests();
      sim.control.revokeTenantTokens();
      await expect(client.getDocumentMeta(SPEC)).resolves.toMatchObject({ documentId: SPEC });
      expect(sim.control.tokenRequests() - before).toBe(1);
    });

    it('refreshes the token before it expires', async () => {
      const shortLived = await startFeishuSimulator({ ...APP, tokenTtlSeconds: 1 });
      try {
        const c = createFeishuClient({ baseUrl: shortLived.url, appId: APP.appId, appSecret: APP.appSecret });
        await c.getDocumentMeta(SPEC);
        await new Promise((r) => setTimeout(r, 700));
        await c.getDocumentMeta(SPEC);
        expect(shortLived.control.tokenRequests()).toBe(2);
        expect(shortLived.control.calls().filter((call) => call.code === 99991663)).toHaveLength(0);
      } finally {
        await shortLived.stop();
      }
    });

    it('turns refused app credentials (HTTP 200, code != 0) into a permanent unauthorized error', async () => {
      const wrong = createFeishuClient({ baseUrl: sim.url, appId: APP.appId, appSecret: 'not-the-secret' });
      const error = await wrong.getDocumentMeta(SPEC).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FeishuApiError);
      expect(error).toMatchObject({ code: 10014, kind: 'unauthorized', retryable: false });
    });
  });

  describe('errors', () => {
    it('maps a business error returned with HTTP 200 to a typed not-found error', async () => {
      const error = await client.getDocumentMeta('doxcnDoesNotExist000000000').catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'not_found', code: 1770002, retryable: false, httpStatus: 200 });
    });

    it('retries a rate-limited read after the reset Feishu asks for, then succeeds', async () => {
      sim.control.injectFault('docx.document.get', { rateLimit: 1, rateLimitResetSeconds: 0.2 });
      const started = Date.now();
      await expect(client.getDocumentMeta(SPEC)).resolves.toMatchObject({ documentId: SPEC });
      expect(Date.now() - started).toBeGreaterThanOrEqual(180);
      expect(sim.control.calls({ route: 'docx.document.get' }).some((c) => c.status === 429)).toBe(true);
    });

    it('reports a persistent rate limit as FeishuRateLimitedError with the wait time', async () => {
      sim.control.injectFault('docx.document.get', { rateLimit: Infinity, rateLimitResetSeconds: 30 });
      const error = await client.getDocumentMeta(SPEC).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FeishuRateLimitedError);
      expect(error).toMatchObject({ retryAfterMs: 30_000, retryable: true, code: 99991400, httpStatus: 429 });
    });

    it('does not repeat a write that failed retryably (the job queue decides)', async () => {
      sim.control.injectFault('im.messages.create', { errorRate: 1 });
      const error = await client
        .sendMessage({ receiveId: 'oc_retrycheck', message: { type: 'text', text: 'x' } })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'unavailable', retryable: true, httpStatus: 500 });
      expect(sim.control.calls({ route: 'im.messages.create' })).toHaveLength(1);
    });

    it('times out a slow call with a retryable timeout error', async () => {
      sim.control.injectFault('drive.files.list', { latencyMs: 500 });
      const impatient = createFeishuClient({ ...APP, baseUrl: sim.url, timeoutMs: 100, readRetries: 0 });
      await expect(impatient.listFolderPage(FOLDER)).rejects.toMatchObject({
        kind: 'timeout',
        retryable: true,
      });
    });
  });

  describe('documents', () => {
    it('reads document meta with its revision id', async () => {
      const meta = await client.getDocumentMeta(SPEC);
      expect(meta).toEqual({
        documentId: SPEC,
        title: seed.documents[0].title,
        revisionId: expect.any(Number),
      });
      expect(meta.revisionId).toBeGreaterThan(1);
    });

    it('follows page_token until every block is read', async () => {
      const blocks = await client.listDocumentBlocks(SPEC);
      // 500 per page: force paging by asking the simulator's own listing count.
      expect(blocks[0]).toMatchObject({ block_id: SPEC, block_type: 1 });
      const edited = await sim.control.editDocument(seed.documents[2].documentId, {
        content: Array.from({ length: 260 }, (_, i) => ({ bullets: [`item ${i}`, `second ${i}`] })),
      });
      const many = await client.listDocumentBlocks(seed.documents[2].documentId);
      expect(many).toHaveLength(521);
      expect(new Set(many.map((b) => b.block_id)).size).toBe(521);
      expect(sim.control.calls({ route: 'docx.blocks.list' }).length).toBeGreaterThanOrEqual(3);
      expect(edited.revisionId).toBeGreaterThan(0);
    });

    it('renders a document to sanitised HTML of one consistent revision', async () => {
      const doc = await client.renderDocument(SPEC);
      expect(doc.revisionId).toBe((await client.getDocumentMeta(SPEC)).revisionId);
      expect(doc.html).toContain('<h1>Scope</h1>');
      expect(doc.html).toContain('<strong>BP-48V battery pack</strong>');
      expect(doc.html).toContain(
        '<a href="https://example.com/cells/21700.pdf" rel="noopener noreferrer nofollow">',
      );
      expect(doc.html).toContain('<th><p>Parameter</p></th>');
      expect(doc.html).toContain('<div class="feishu-callout">');
      expect(doc.html).toContain('<pre><code>ID 0x18FF50E5');
    });

    it('renders the revision an edit produced when the edit lands while blocks are being read', async () => {
      const id = seed.documents[4].documentId;
      sim.control.injectFault('docx.blocks.list', { latencyMs: 300 });
      const rendering = client.renderDocument(id);
      await new Promise((r) => setTimeout(r, 100));
      const { revisionId } = await sim.control.editDocument(id, { appendParagraph: '并发修改' });
      sim.control.clearFaults();
      const doc = await rendering;
      expect(doc.revisionId).toBe(revisionId);
      expect(doc.html).toContain('并发修改');
    });

    it('renders Chinese documents unchanged', async () => {
      const doc = await client.renderDocument(seed.documents[1].documentId);
      expect(doc.title).toBe('MC-300 电机控制器外壳技术规格书');
      expect(doc.html).toContain('<li>防护等级：IP67</li>');
    });

    it('sees a new revision id after the document is edited', async () => {
      const id = seed.documents[3].documentId;
      const before = await client.getDocumentMeta(id);
      await sim.control.editDocument(id, { appendParagraph: 'Tooling confirmed.' });
      const after = await client.renderDocument(id);
      expect(after.revisionId).toBeGreaterThan(before.revisionId);
      expect(after.html).toContain('<p>Tooling confirmed.</p>');
    });
  });

  describe('drive', () => {
    it('lists the seeded folder across pages', async () => {
      const first = await client.listFolderPage(FOLDER, { pageSize: 2 });
      expect(first.files).toHaveLength(2);
      expect(first.nextPageToken).toBeDefined();
      const all = [];
      for await (const f of client.listFolder(FOLDER)) all.push(f);
      expect(all.filter((f) => f.type === 'docx').map((f) => f.token)).toEqual(
        expect.arrayContaining(seed.documents.map((d) => d.documentId)),
      );
      expect(all[0].modifiedTime).toBeInstanceOf(Date);
    });

    it('reports an unknown folder as a typed error', async () => {
      await expect(client.listFolderPage('fldcnNope')).rejects.toMatchObject({
        kind: 'not_found',
        code: 1061007,
      });
    });

    it('uploads a small file in one request with its name', async () => {
      const content = Buffer.from('%PDF-1.7 drawing D-102 rev C');
      const result = await client.uploadFile({
        folderToken: FOLDER,
        fileName: 'D-102_C.pdf',
        size: content.length,
        content,
      });
      expect(result.method).toBe('upload_all');
      const stored = sim.control.uploads().find((u) => u.file_token === result.fileToken);
      expect(stored).toMatchObject({
        name: 'D-102_C.pdf',
        size: content.length,
        method: 'upload_all',
        parent_node: FOLDER,
      });
      expect(sim.control.uploadedContent(result.fileToken)).toEqual(content);
    });

    it('uploads a file of exactly 20 MB in one request', async () => {
      const content = randomBytes(FEISHU_UPLOAD_ALL_MAX_BYTES);
      const result = await client.uploadFile({
        folderToken: FOLDER,
        fileName: 'edge.bin',
        size: content.length,
        content,
      });
      expect(result.method).toBe('upload_all');
      expect(sim.control.uploadedContent(result.fileToken)?.equals(content)).toBe(true);
    });

    it('uploads a file over 20 MB from a stream in sequential 4 MiB parts', async () => {
      const size = FEISHU_UPLOAD_ALL_MAX_BYTES + 1_500_000;
      const content = randomBytes(size);
      const stream = Readable.from(
        (function* () {
          for (let o = 0; o < size; o += 1_000_003) yield content.subarray(o, o + 1_000_003);
        })(),
      );
      const result = await client.uploadFile({
        folderToken: FOLDER,
        fileName: 'big-assembly.step',
        size,
        content: stream,
      });
      expect(result.method).toBe('chunked');
      const stored = sim.control.uploads().find((u) => u.file_token === result.fileToken)!;
      expect(stored).toMatchObject({ size, method: 'chunked', parts: 6 });
      expect(stored.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    });

    it('sends every part with its Adler-32; the simulator refuses a part whose checksum differs', async () => {
      const size = FEISHU_UPLOAD_ALL_MAX_BYTES + 4096;
      const content = randomBytes(size);
      const result = await client.uploadFile({
        folderToken: FOLDER,
        fileName: 'checked.step',
        size,
        content: Readable.from([content]),
      });
      expect(sim.control.uploadedContent(result.fileToken)?.equals(content)).toBe(true);

      const token = (await (
        await fetch(`${sim.url}/open-apis/auth/v3/tenant_access_token/internal`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ app_id: APP.appId, app_secret: APP.appSecret }),
        })
      ).json()) as { tenant_access_token: string };
      const authorization = `Bearer ${token.tenant_access_token}`;
      const prepared = (await (
        await fetch(`${sim.url}/open-apis/drive/v1/files/upload_prepare`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify({
            file_name: 'x.bin',
            parent_type: 'explorer',
            parent_node: FOLDER,
            size: 10,
          }),
        })
      ).json()) as { data: { upload_id: string } };
      const part = (checksum: string) => {
        const form = new FormData();
        form.append('upload_id', prepared.data.upload_id);
        form.append('seq', '0');
        form.append('size', '10');
        form.append('checksum', checksum);
        form.append('file', new Blob([Buffer.from('0123456789')]), 'x.bin');
        return fetch(`${sim.url}/open-apis/drive/v1/files/upload_part`, {
          method: 'POST',
          headers: { authorization },
          body: form,
        }).then((res) => res.json());
      };
      expect(await part('12345')).toMatchObject({ code: 1062008 });
      expect(await part(String(adler32(Buffer.from('0123456789'))))).toMatchObject({ code: 0 });
    });

    it('refuses an upload whose content is shorter than declared before sending it', async () => {
      await expect(
        client.uploadFile({
          folderToken: FOLDER,
          fileName: 'x.pdf',
          size: 10,
          content: Buffer.from('short'),
        }),
      ).rejects.toMatchObject({ kind: 'invalid_request' });
    });

    it('surfaces Feishu refusing an upload into a missing folder (the SDK would return null)', async () => {
      const error = await client
        .uploadFile({ folderToken: 'fldcnMissing', fileName: 'a.txt', size: 1, content: Buffer.from('a') })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 1061044, retryable: false });
    });

    it('the simulator enforces the 20 MB limit of a single-request upload', async () => {
      const token = (await (
        await fetch(`${sim.url}/open-apis/auth/v3/tenant_access_token/internal`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ app_id: APP.appId, app_secret: APP.appSecret }),
        })
      ).json()) as { tenant_access_token: string };
      const form = new FormData();
      form.append('file_name', 'too-big.bin');
      form.append('parent_type', 'explorer');
      form.append('parent_node', FOLDER);
      form.append('size', String(FEISHU_UPLOAD_ALL_MAX_BYTES + 1));
      form.append('file', new Blob([Buffer.alloc(FEISHU_UPLOAD_ALL_MAX_BYTES + 1)]), 'too-big.bin');
      const res = await fetch(`${sim.url}/open-apis/drive/v1/files/upload_all`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token.tenant_access_token}` },
        body: form,
      });
      expect(await res.json()).toMatchObject({ code: 1061043 });
    });
  });

  describe('messages', () => {
    it('sends a text message as a JSON-encoded content string', async () => {
      const sent = await client.sendMessage({
        receiveId: 'oc_portico01',
        message: { type: 'text', text: 'New defect D-17' },
      });
      expect(sent.messageId).toMatch(/^om_/);
      const [recorded] = sim.control.messages('oc_portico01');
      expect(recorded.msg_type).toBe('text');
      expect(JSON.parse(recorded.content)).toEqual({ text: 'New defect D-17' });
    });

    it('sends an interactive card', async () => {
      const card = {
        config: { wide_screen_mode: true },
        header: { title: { tag: 'plain_text', content: 'Defect D-17' }, template: 'red' },
        elements: [{ tag: 'div', text: { tag: 'lark_md', content: '**Severity:** high' } }],
      };
      await client.sendMessage({ receiveId: 'oc_portico02', message: { type: 'interactive', card } });
      expect(JSON.parse(sim.control.messages('oc_portico02')[0].content)).toEqual(card);
    });

    it('sends a message only once per uuid, so a retried job does not post twice', async () => {
      const input = {
        receiveId: 'oc_portico03',
        uuid: 'job-42',
        message: { type: 'text' as const, text: 'once' },
      };
      const a = await client.sendMessage(input);
      const b = await client.sendMessage(input);
      expect(b.messageId).toBe(a.messageId);
      expect(sim.control.messages('oc_portico03')).toHaveLength(1);
    });

    it('maps an invalid chat id to a permanent error', async () => {
      await expect(
        client.sendMessage({ receiveId: 'not-a-chat', message: { type: 'text', text: 'x' } }),
      ).rejects.toMatchObject({ code: 230001, retryable: false });
    });
  });

  describe('OAuth sign-in', () => {
    const redirectUri = 'http://localhost:3000/api/v1/auth/feishu/callback';

    async function authorize(url: string): Promise<URL> {
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(302);
      return new URL(res.headers.get('location')!);
    }

    it('builds the authorize URL on the accounts host for the official domains', () => {
      const feishu = createFeishuClient({ baseUrl: 'https://open.feishu.cn', ...APP });
      const url = new URL(feishu.buildAuthorizeUrl({ redirectUri, state: 's1' }));
      expect(url.origin + url.pathname).toBe('https://accounts.feishu.cn/open-apis/authen/v1/authorize');
      expect(url.searchParams.get('client_id')).toBe(APP.appId);
      const lark = createFeishuClient({ baseUrl: 'https://open.larksuite.com', ...APP });
      expect(lark.buildAuthorizeUrl({ redirectUri, state: 's' })).toMatch(
        /^https:\/\/accounts\.larksuite\.com\//,
      );
    });

    it('signs a user in: authorize, exchange the code (PKCE), read open_id, name and email', async () => {
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const callback = await authorize(
        client.buildAuthorizeUrl({ redirectUri, state: 'csrf-1', codeChallenge: challenge }),
      );
      expect(callback.searchParams.get('state')).toBe('csrf-1');
      const token = await client.exchangeOAuthCode({
        code: callback.searchParams.get('code')!,
        redirectUri,
        codeVerifier: verifier,
      });
      const user = await client.getUserInfo(token.accessToken);
      expect(user).toMatchObject({
        openId: 'ou_demo_pm_liwei',
        name: '李伟',
        email: 'li.wei@portico.example',
        tenantKey: expect.any(String),
      });
    });

    it('refuses a code used twice, saying why', async () => {
      const callback = await authorize(client.buildAuthorizeUrl({ redirectUri, state: 's' }));
      const code = callback.searchParams.get('code')!;
      await client.exchangeOAuthCode({ code, redirectUri });
      const error = await client.exchangeOAuthCode({ code, redirectUri }).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'invalid_request', retryable: false, httpStatus: 400 });
      expect((error as Error).message).toContain('invalid, expired or used');
    });

    it('refuses a wrong PKCE verifier', async () => {
      const challenge = createHash('sha256').update('right').digest('base64url');
      const callback = await authorize(
        client.buildAuthorizeUrl({ redirectUri, state: 's', codeChallenge: challenge }),
      );
      await expect(
        client.exchangeOAuthCode({
          code: callback.searchParams.get('code')!,
          redirectUri,
          codeVerifier: 'wrong',
        }),
      ).rejects.toBeInstanceOf(FeishuApiError);
    });

    it('the authorize page refuses an unregistered redirect URL and a foreign app id', async () => {
      const strict = await startFeishuSimulator({ ...APP, redirectUris: [redirectUri] });
      try {
        const c = createFeishuClient({ baseUrl: strict.url, ...APP });
        const evil = c.buildAuthorizeUrl({ redirectUri: 'https://evil.example/cb', state: 's' });
        expect((await fetch(evil, { redirect: 'manual' })).status).toBe(400);
        const foreign = createFeishuClient({ baseUrl: strict.url, ...APP, appId: 'cli_other' });
        expect(
          (await fetch(foreign.buildAuthorizeUrl({ redirectUri, state: 's' }), { redirect: 'manual' }))
            .status,
        ).toBe(400);
        expect(
          (await fetch(c.buildAuthorizeUrl({ redirectUri, state: 's' }), { redirect: 'manual' })).status,
        ).toBe(302);
      } finally {
        await strict.stop();
      }
    });

    it('refuses user info for an unknown user token', async () => {
      await expect(client.getUserInfo('u-forged')).rejects.toMatchObject({
        kind: 'unauthorized',
        code: 99991677,
      });
    });
  });
});
