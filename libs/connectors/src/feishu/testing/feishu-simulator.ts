import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import type { FeishuBlock } from '../docx-blocks';
import { adler32 } from '../adler32';
import { BlockType } from '../docx-blocks';
import {
  buildBlocks,
  DEFAULT_TENANT_KEY,
  defaultFeishuSeed,
  defaultFeishuUsers,
  SeedFolder,
  SeedNode,
  SeedUser,
} from './feishu-seed';

export interface FeishuSimulatorOptions {
  port?: number;
  host?: string;
  appId: string;
  appSecret: string;
  verificationToken: string;
  encryptKey?: string;
  /** Where edit events are POSTed, like the request URL configured in the Feishu console. */
  eventUrl?: string;
  /** JSON file the state is kept in across restarts (demo); in memory only when unset. */
  dataFile?: string;
  /** Folder + documents to start with; the demo folder by default, `false` for an empty drive. */
  seed?: SeedFolder | false;
  users?: SeedUser[];
  /**
   * Send edit events only for documents subscribed via `drive/v1/files/:token/subscribe`, as Feishu
   * does. Off by default so a demo shows events without the subscription step.
   */
  requireSubscription?: boolean;
  /** Waits before re-sending an event the receiver did not answer with 200. Default [2000, 10000]. */
  eventRetryDelaysMs?: number[];
  /** Redirect URLs registered in the app's security settings; any http(s) URL when unset. */
  redirectUris?: string[];
  /** Lifetime of tenant tokens issued; Feishu uses 7200 s. */
  tokenTtlSeconds?: number;
}

export interface FeishuRecordedCall {
  at: string;
  method: string;
  path: string;
  route: string;
  status: number;
  code?: number;
}

export interface FeishuRecordedMessage {
  message_id: string;
  chat_id: string;
  receive_id_type: string;
  receive_id: string;
  msg_type: string;
  /** As sent: a JSON-encoded string. */
  content: string;
  uuid?: string;
  create_time: string;
  /** open_ids of tenant users the message @-mentions (`<at id=…>` in a card's lark_md, `<at user_id=…>` in text). */
  mentions?: string[];
}

export interface FeishuRecordedUpload {
  file_token: string;
  name: string;
  parent_node: string;
  size: number;
  sha256: string;
  method: 'upload_all' | 'chunked';
  parts: number;
  created_time: string;
}

export interface FeishuRouteFault {
  /** Added before answering. */
  latencyMs?: number;
  /** 0..1: share of requests answered with HTTP 500. */
  errorRate?: number;
  /** Answer this many requests with 429 + code 99991400 (Infinity for all). */
  rateLimit?: number;
  rateLimitResetSeconds?: number;
  /** Answer this many requests with HTTP 200 and this `code` (Feishu's business-error style). */
  failWithCode?: { code: number; msg?: string; times?: number };
}

export interface FeishuEventFaults {
  /** Drop (never send) this many upcoming events. */
  drop?: number;
  /** Send each of this many upcoming events twice. */
  duplicate?: number;
}

export interface FeishuEventDelivery {
  eventId: string;
  eventType: string;
  attempts: number;
  status?: number;
  dropped: boolean;
  duplicated: boolean;
}

export interface FeishuDocumentEdit {
  /** New full content; by default a paragraph is appended to the current content. */
  content?: SeedNode[];
  appendParagraph?: string;
  title?: string;
  /** open_id reported as the editor in the event. */
  operatorOpenId?: string;
}

interface StoredDocument {
  documentId: string;
  title: string;
  folderToken: string;
  ownerId: string;
  createdTime: number;
  modifiedTime: number;
  /** Oldest first. */
  revisions: { revisionId: number; blocks: FeishuBlock[] }[];
}

interface StoredFolderEntry {
  token: string;
  name: string;
  type: string;
  parentToken: string;
  createdTime: number;
  modifiedTime: number;
}

interface PendingUpload {
  uploadId: string;
  fileName: string;
  parentNode: string;
  size: number;
  blockNum: number;
  parts: Map<number, Buffer>;
}

interface PersistedState {
  documents: StoredDocument[];
  folders: { token: string; name: string }[];
  files: StoredFolderEntry[];
  messages: FeishuRecordedMessage[];
  uploads: FeishuRecordedUpload[];
}

export interface FeishuSimulatorControl {
  calls(filter?: { route?: string }): FeishuRecordedCall[];
  messages(chatId?: string): FeishuRecordedMessage[];
  uploads(): FeishuRecordedUpload[];
  uploadedContent(fileToken: string): Buffer | undefined;
  events(): FeishuEventDelivery[];
  documents(): { documentId: string; title: string; revisionId: number; folderToken: string }[];
  /** Edits a document (bumping `revision_id`) and sends `drive.file.edit_v1` to the event URL. */
  editDocument(
    documentId: string,
    edit?: FeishuDocumentEdit,
  ): Promise<{ revisionId: number; delivery?: FeishuEventDelivery }>;
  /** Builds a callback request exactly as Feishu would send it (encrypted and signed when configured). */
  buildEventRequest(
    payload: Record<string, unknown>,
    options?: { timestamp?: string; nonce?: string },
  ): { headers: Record<string, string>; body: string };
  injectFault(route: string, fault: FeishuRouteFault): void;
  setEventFaults(faults: FeishuEventFaults): void;
  clearFaults(): void;
  setEventUrl(url: string | undefined): void;
  /** Makes every issued tenant token invalid, as if Feishu had rotated them. */
  revokeTenantTokens(): void;
  /** The user the OAuth authorize page signs in next. */
  setOAuthUser(openId: string): void;
  /** Adds a user to the tenant's directory (contact lookups, mentions, sign-in). */
  addUser(user: SeedUser): void;
  tokenRequests(): number;
  subscriptions(): string[];
}

export interface FeishuSimulator {
  url: string;
  stop(): Promise<void>;
  control: FeishuSimulatorControl;
}

const UPLOAD_ALL_LIMIT = 20 * 1024 * 1024;
const BLOCK_SIZE = 4 * 1024 * 1024;
const MAX_BODY = 64 * 1024 * 1024;
const OAUTH_CODE_TTL_MS = 5 * 60_000;

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.msg ?? status));
  }
}

/** Feishu-style business error: HTTP 200 (or the given status) with `code != 0`. */
function fail(code: number, msg: string, status = 200): never {
  throw new HttpFailure(status, { code, msg });
}

function randomId(prefix: string, length = 22): string {
  return prefix + randomBytes(32).toString('base64url').replace(/[-_]/g, '').slice(0, length);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () =>
      size > MAX_BODY
        ? reject(new HttpFailure(413, { code: 1061043, msg: 'request too large' }))
        : resolve(Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

function parseJson(body: Buffer): Record<string, unknown> {
  try {
    const value = JSON.parse(body.toString('utf8') || '{}');
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below like Feishu: a parameter error
  }
  return fail(9499, 'Bad Request: invalid JSON body', 400);
}

async function parseMultipart(req: IncomingMessage, body: Buffer): Promise<FormData> {
  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.startsWith('multipart/form-data'))
    fail(1061002, 'params error: multipart/form-data expected', 400);
  try {
    // The WHATWG Request parser is built into Node: no extra dependency for the simulator.
    return await new Request('http://simulator.local/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    }).formData();
  } catch {
    return fail(1061002, 'params error: malformed multipart body', 400);
  }
}

async function fileField(form: FormData, name: string): Promise<Buffer | undefined> {
  const value = form.get(name);
  if (value === null) return undefined;
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  return Buffer.from(await value.arrayBuffer());
}

function textField(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

function pageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function offsetOf(token: string | null): number {
  if (!token) return 0;
  try {
    const o = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown }).o;
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through
  }
  return fail(1770001, 'invalid param: page_token');
}

function pageSize(raw: string | null, def: number, max: number): number {
  if (raw === null) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) fail(1770001, `invalid param: page_size must be 1..${max}`);
  return n;
}

/**
 * A stand-in for the Feishu/Lark Open Platform: same paths, envelopes, error codes and quirks as
 * contracts/feishu.md describes, with in-memory state and a control API for tests and demos.
 */
export async function startFeishuSimulator(options: FeishuSimulatorOptions): Promise<FeishuSimulator> {
  const tokenTtlMs = (options.tokenTtlSeconds ?? 7200) * 1000;
  const users = [...(options.users ?? defaultFeishuUsers())];
  let eventUrl = options.eventUrl;
  let oauthUser = users[0]?.openId;

  const documents = new Map<string, StoredDocument>();
  const folders = new Map<string, { token: string; name: string }>();
  const files = new Map<string, StoredFolderEntry>();
  const uploadContent = new Map<string, Buffer>();
  let messages: FeishuRecordedMessage[] = [];
  let uploads: FeishuRecordedUpload[] = [];
  const calls: FeishuRecordedCall[] = [];
  const deliveries: FeishuEventDelivery[] = [];
  const faults = new Map<string, FeishuRouteFault>();
  let eventFaults: FeishuEventFaults = {};
  const tenantTokens = new Map<string, number>();
  let currentTenantToken: { token: string; expiresAt: number } | undefined;
  let tokenRequestCount = 0;
  const pendingUploads = new Map<string, PendingUpload>();
  const oauthCodes = new Map<
    string,
    { openId: string; redirectUri: string; expiresAt: number; challenge?: string }
  >();
  const userTokens = new Map<string, { openId: string; expiresAt: number }>();
  const timers = new Set<NodeJS.Timeout>();
  const subscriptions = new Set<string>();

  const persist = () => {
    if (!options.dataFile) return;
    const state: PersistedState = {
      documents: [...documents.values()],
      folders: [...folders.values()],
      files: [...files.values()],
      messages,
      uploads,
    };
    mkdirSync(dirname(options.dataFile), { recursive: true });
    const tmp = `${options.dataFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, options.dataFile);
  };

  const seedFolder = (seed: SeedFolder) => {
    folders.set(seed.folderToken, { token: seed.folderToken, name: seed.name });
    const start = Date.UTC(2026, 9, 1);
    seed.documents.forEach((doc, i) => {
      let revisionId = 1;
      const revisions = doc.revisions.map((nodes, r) => {
        revisionId += r === 0 ? 0 : 3 + r;
        return { revisionId, blocks: buildBlocks(doc.documentId, doc.title, nodes) };
      });
      const created = start + i * 86_400_000;
      documents.set(doc.documentId, {
        documentId: doc.documentId,
        title: doc.title,
        folderToken: seed.folderToken,
        ownerId: users[0]?.openId ?? 'ou_owner',
        createdTime: created,
        modifiedTime: created + revisions.length * 3_600_000,
        revisions,
      });
    });
  };

  if (options.dataFile && existsSync(options.dataFile)) {
    const state = JSON.parse(readFileSync(options.dataFile, 'utf8')) as PersistedState;
    state.documents.forEach((d) => documents.set(d.documentId, d));
    state.folders.forEach((f) => folders.set(f.token, f));
    state.files.forEach((f) => files.set(f.token, f));
    messages = state.messages;
    uploads = state.uploads;
  } else {
    if (options.seed !== false) seedFolder(options.seed ?? defaultFeishuSeed());
    persist();
  }

  const latest = (doc: StoredDocument) => doc.revisions[doc.revisions.length - 1];

  // ---- events -------------------------------------------------------------------------------

  const encrypt = (plain: string): string => {
    const key = createHash('sha256').update(options.encryptKey!, 'utf8').digest();
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-cbc', key, iv);
    return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
  };

  const buildEventRequest: FeishuSimulatorControl['buildEventRequest'] = (payload, opts = {}) => {
    const plain = JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (!options.encryptKey) return { headers, body: plain };
    const body = JSON.stringify({ encrypt: encrypt(plain) });
    const timestamp = opts.timestamp ?? String(Math.floor(Date.now() / 1000));
    const nonce = opts.nonce ?? randomBytes(8).toString('hex');
    const signature = createHash('sha256')
      .update(timestamp + nonce + options.encryptKey + body, 'utf8')
      .digest('hex');
    return {
      headers: {
        ...headers,
        'x-lark-request-timestamp': timestamp,
        'x-lark-request-nonce': nonce,
        'x-lark-signature': signature,
      },
      body,
    };
  };

  const post = async (payload: Record<string, unknown>): Promise<number> => {
    // Each attempt is signed afresh, as Feishu does for retries.
    const { headers, body } = buildEventRequest(payload);
    const res = await fetch(eventUrl!, { method: 'POST', headers, body, signal: AbortSignal.timeout(3000) });
    await res.arrayBuffer();
    return res.status;
  };

  const sendEvent = async (
    eventType: string,
    event: Record<string, unknown>,
  ): Promise<FeishuEventDelivery | undefined> => {
    if (!eventUrl) return undefined;
    const eventId = randomUUID().replace(/-/g, '');
    const payload = {
      schema: '2.0',
      header: {
        event_id: eventId,
        event_type: eventType,
        create_time: String(Date.now()),
        token: options.verificationToken,
        app_id: options.appId,
        tenant_key: DEFAULT_TENANT_KEY,
      },
      event,
    };
    const delivery: FeishuEventDelivery = {
      eventId,
      eventType,
      attempts: 0,
      dropped: false,
      duplicated: false,
    };
    deliveries.push(delivery);
    if ((eventFaults.drop ?? 0) > 0) {
      eventFaults.drop!--;
      delivery.dropped = true;
      return delivery;
    }
    const attempt = async () => {
      delivery.attempts++;
      try {
        delivery.status = await post(payload);
      } catch {
        delivery.status = 0;
      }
    };
    await attempt();
    if ((eventFaults.duplicate ?? 0) > 0) {
      eventFaults.duplicate!--;
      delivery.duplicated = true;
      await attempt();
    }
    if (delivery.status !== 200) {
      // Feishu retries failed deliveries a few times (over hours); shortened so demos and tests see it.
      (options.eventRetryDelaysMs ?? [2000, 10_000]).forEach((delay) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (delivery.status !== 200 && eventUrl) void attempt();
        }, delay);
        timer.unref();
        timers.add(timer);
      });
    }
    return delivery;
  };

  // ---- auth ---------------------------------------------------------------------------------

  const requireTenantToken = (req: IncomingMessage) => {
    const auth = req.headers.authorization;
    if (!auth)
      fail(
        99991661,
        'Missing access token for authorization. Please make a request with token attached.',
        400,
      );
    const token = auth.replace(/^Bearer\s+/i, '');
    const expiresAt = tenantTokens.get(token);
    if (expiresAt === undefined || expiresAt <= Date.now()) {
      fail(
        99991663,
        'Invalid access token for authorization. Please make a request with token attached.',
        400,
      );
    }
  };

  const issueTenantToken = (body: Record<string, unknown>) => {
    tokenRequestCount++;
    if (typeof body.app_id !== 'string' || typeof body.app_secret !== 'string') fail(10003, 'invalid param');
    if (body.app_id !== options.appId) fail(10003, 'invalid app_id');
    if (body.app_secret !== options.appSecret) fail(10014, 'app secret invalid');
    const now = Date.now();
    // Like Feishu: the same token while >= 30 min remain, a new one (old one still valid) after that.
    if (!currentTenantToken || currentTenantToken.expiresAt - now < Math.min(30 * 60_000, tokenTtlMs / 2)) {
      currentTenantToken = { token: randomId('t-g1044', 40), expiresAt: now + tokenTtlMs };
      tenantTokens.set(currentTenantToken.token, currentTenantToken.expiresAt);
    }
    return {
      code: 0,
      msg: 'ok',
      tenant_access_token: currentTenantToken.token,
      expire: Math.floor((currentTenantToken.expiresAt - now) / 1000),
    };
  };

  /**
   * Who a message @-mentions: Feishu notifies tenant users named by `<at id=…>` in a card's lark_md
   * texts (or `<at user_id=…>` in a text message); other tags and unknown ids notify nobody.
   */
  const mentionsOf = (msgType: string, content: unknown): string[] => {
    const texts: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.tag === 'lark_md' && typeof n.content === 'string') texts.push(n.content);
      Object.values(n).forEach(walk);
    };
    if (msgType === 'interactive') walk(content);
    if (msgType === 'text') texts.push(String((content as { text?: unknown }).text ?? ''));
    const pattern = msgType === 'text' ? /<at user_id="?([^"\s>]+)"?>/g : /<at id=([^\s>]+)><\/at>/g;
    const ids = texts.flatMap((t) => [...t.matchAll(pattern)].map((m) => m[1]));
    return [...new Set(ids)].filter((id) => users.some((u) => u.openId === id));
  };

  // ---- routes -------------------------------------------------------------------------------

  type Handler = (req: IncomingMessage, url: URL, params: string[]) => Promise<unknown>;
  interface Route {
    name: string;
    method: string;
    pattern: RegExp;
    handler: Handler;
    raw?: boolean;
  }

  const routes: Route[] = [];
  const route = (name: string, method: string, pattern: RegExp, handler: Handler, raw = false) =>
    routes.push({ name, method, pattern, handler, raw });

  const getDocument = (id: string) => {
    const doc = documents.get(id);
    if (!doc) fail(1770002, 'not found');
    return doc;
  };

  route(
    'auth.tenant_access_token',
    'POST',
    /^\/open-apis\/auth\/v3\/tenant_access_token\/internal$/,
    async (req) => issueTenantToken(parseJson(await readBody(req))),
  );

  route(
    'docx.document.get',
    'GET',
    /^\/open-apis\/docx\/v1\/documents\/([^/]+)$/,
    async (req, _url, [id]) => {
      requireTenantToken(req);
      const doc = getDocument(id);
      return {
        code: 0,
        msg: 'success',
        data: {
          document: { document_id: doc.documentId, revision_id: latest(doc).revisionId, title: doc.title },
        },
      };
    },
  );

  route(
    'docx.document.raw_content',
    'GET',
    /^\/open-apis\/docx\/v1\/documents\/([^/]+)\/raw_content$/,
    async (req, _u, [id]) => {
      requireTenantToken(req);
      const doc = getDocument(id);
      const text = latest(doc)
        .blocks.flatMap((b) => Object.values(b))
        .flatMap((v) => (v as { elements?: { text_run?: { content?: string } }[] })?.elements ?? [])
        .map((e) => e.text_run?.content ?? '')
        .join('\n');
      return { code: 0, msg: 'success', data: { content: text } };
    },
  );

  route(
    'docx.blocks.list',
    'GET',
    /^\/open-apis\/docx\/v1\/documents\/([^/]+)\/blocks$/,
    async (req, url, [id]) => {
      requireTenantToken(req);
      const doc = getDocument(id);
      const size = pageSize(url.searchParams.get('page_size'), 500, 500);
      const wanted = Number(url.searchParams.get('document_revision_id') ?? '-1');
      const revision = wanted === -1 ? latest(doc) : doc.revisions.find((r) => r.revisionId === wanted);
      if (!revision) fail(1770001, 'invalid param: document_revision_id');
      const offset = offsetOf(url.searchParams.get('page_token'));
      const items = revision.blocks.slice(offset, offset + size);
      const hasMore = offset + size < revision.blocks.length;
      return {
        code: 0,
        msg: 'success',
        data: { items, has_more: hasMore, ...(hasMore ? { page_token: pageToken(offset + size) } : {}) },
      };
    },
  );

  route(
    'drive.files.subscribe',
    'POST',
    /^\/open-apis\/drive\/v1\/files\/([^/]+)\/subscribe$/,
    async (req, url, [token]) => {
      requireTenantToken(req);
      await readBody(req);
      const fileType = url.searchParams.get('file_type') ?? '';
      if (!['doc', 'docx', 'sheet', 'bitable', 'file', 'folder', 'slides'].includes(fileType)) {
        fail(99992402, 'field validation failed: file_type', 400);
      }
      if (!documents.has(token) && !files.has(token)) fail(1061007, 'file has been delete.');
      subscriptions.add(token);
      return { code: 0, msg: 'success', data: {} };
    },
  );

  route('drive.files.list', 'GET', /^\/open-apis\/drive\/v1\/files$/, async (req, url) => {
    requireTenantToken(req);
    const folderToken = url.searchParams.get('folder_token') ?? '';
    if (!folders.has(folderToken)) fail(1061007, 'file has been delete.');
    const size = pageSize(url.searchParams.get('page_size'), 100, 200);
    const offset = offsetOf(url.searchParams.get('page_token'));
    const entries: StoredFolderEntry[] = [
      ...[...documents.values()]
        .filter((d) => d.folderToken === folderToken)
        .map((d) => ({
          token: d.documentId,
          name: d.title,
          type: 'docx',
          parentToken: folderToken,
          createdTime: d.createdTime,
          modifiedTime: d.modifiedTime,
        })),
      ...[...files.values()].filter((f) => f.parentToken === folderToken),
    ].sort((a, b) => a.createdTime - b.createdTime || a.token.localeCompare(b.token));
    const page = entries.slice(offset, offset + size);
    const hasMore = offset + size < entries.length;
    const base = `http://${req.headers.host}`;
    return {
      code: 0,
      msg: 'success',
      data: {
        files: page.map((f) => ({
          token: f.token,
          name: f.name,
          type: f.type,
          parent_token: f.parentToken,
          url: `${base}/${f.type === 'docx' ? 'docx' : 'file'}/${f.token}`,
          created_time: String(Math.floor(f.createdTime / 1000)),
          modified_time: String(Math.floor(f.modifiedTime / 1000)),
          owner_id: users[0]?.openId,
        })),
        has_more: hasMore,
        ...(hasMore ? { next_page_token: pageToken(offset + size) } : {}),
      },
    };
  });

  const storeUpload = (
    name: string,
    parentNode: string,
    content: Buffer,
    method: FeishuRecordedUpload['method'],
    parts: number,
  ) => {
    const token = randomId('boxcn');
    const now = Date.now();
    files.set(token, {
      token,
      name,
      type: 'file',
      parentToken: parentNode,
      createdTime: now,
      modifiedTime: now,
    });
    uploadContent.set(token, content);
    uploads.push({
      file_token: token,
      name,
      parent_node: parentNode,
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      method,
      parts,
      created_time: String(Math.floor(now / 1000)),
    });
    persist();
    return token;
  };

  const checkUploadTarget = (fileName: string, parentType: string, parentNode: string, size: number) => {
    if (!fileName || fileName.length > 250) fail(1061002, 'params error: file_name');
    if (parentType !== 'explorer') fail(1061002, 'params error: parent_type');
    if (!folders.has(parentNode)) fail(1061044, 'parent node not exist.');
    if (!Number.isInteger(size) || size <= 0) fail(1061002, 'params error: size');
  };

  route('drive.files.upload_all', 'POST', /^\/open-apis\/drive\/v1\/files\/upload_all$/, async (req) => {
    requireTenantToken(req);
    const body = await readBody(req);
    const form = await parseMultipart(req, body);
    const size = Number(textField(form, 'size'));
    checkUploadTarget(
      textField(form, 'file_name'),
      textField(form, 'parent_type'),
      textField(form, 'parent_node'),
      size,
    );
    if (size > UPLOAD_ALL_LIMIT)
      fail(1061043, 'file size beyond limit. use upload_prepare for files over 20 MB');
    const content = await fileField(form, 'file');
    if (!content || content.length === 0) fail(1061002, 'params error: file');
    if (content.length !== size) fail(1062008, 'checksum param Invalid: size does not match file');
    return {
      code: 0,
      msg: 'success',
      data: {
        file_token: storeUpload(
          textField(form, 'file_name'),
          textField(form, 'parent_node'),
          content,
          'upload_all',
          1,
        ),
      },
    };
  });

  route(
    'drive.files.upload_prepare',
    'POST',
    /^\/open-apis\/drive\/v1\/files\/upload_prepare$/,
    async (req) => {
      requireTenantToken(req);
      const body = parseJson(await readBody(req));
      const size = Number(body.size);
      checkUploadTarget(
        String(body.file_name ?? ''),
        String(body.parent_type ?? ''),
        String(body.parent_node ?? ''),
        size,
      );
      const uploadId = randomId('upl', 30);
      const blockNum = Math.ceil(size / BLOCK_SIZE);
      pendingUploads.set(uploadId, {
        uploadId,
        fileName: String(body.file_name),
        parentNode: String(body.parent_node),
        size,
        blockNum,
        parts: new Map(),
      });
      return {
        code: 0,
        msg: 'success',
        data: { upload_id: uploadId, block_size: BLOCK_SIZE, block_num: blockNum },
      };
    },
  );

  route('drive.files.upload_part', 'POST', /^\/open-apis\/drive\/v1\/files\/upload_part$/, async (req) => {
    requireTenantToken(req);
    const body = await readBody(req);
    const form = await parseMultipart(req, body);
    const upload = pendingUploads.get(textField(form, 'upload_id'));
    if (!upload) fail(1061002, 'params error: upload_id');
    const seq = Number(textField(form, 'seq'));
    if (!Number.isInteger(seq) || seq < 0 || seq >= upload.blockNum) fail(1061002, 'params error: seq');
    // Parts must arrive one after another; a part ahead of the next expected one means parallel sending.
    // Re-sending an earlier part (a retry) is allowed.
    if (seq > upload.parts.size) fail(1061002, `params error: part ${seq} before part ${upload.parts.size}`);
    const content = await fileField(form, 'file');
    const expected =
      seq === upload.blockNum - 1 ? upload.size - BLOCK_SIZE * (upload.blockNum - 1) : BLOCK_SIZE;
    if (!content || content.length !== expected || Number(textField(form, 'size')) !== expected) {
      fail(1062008, `checksum param Invalid: part ${seq} must be ${expected} bytes`);
    }
    // The optional Adler-32 of the part: one that does not match its bytes is refused.
    const checksum = textField(form, 'checksum');
    if (checksum && checksum !== String(adler32(content))) {
      fail(1062008, `checksum param Invalid: part ${seq} does not match its checksum`);
    }
    upload.parts.set(seq, content);
    return { code: 0, msg: 'success', data: {} };
  });

  route(
    'drive.files.upload_finish',
    'POST',
    /^\/open-apis\/drive\/v1\/files\/upload_finish$/,
    async (req) => {
      requireTenantToken(req);
      const body = parseJson(await readBody(req));
      const upload = pendingUploads.get(String(body.upload_id ?? ''));
      if (!upload) fail(1061002, 'params error: upload_id');
      if (Number(body.block_num) !== upload.blockNum || upload.parts.size !== upload.blockNum) {
        fail(1061041, 'upload not complete: missing parts');
      }
      const content = Buffer.concat([...Array(upload.blockNum).keys()].map((i) => upload.parts.get(i)!));
      pendingUploads.delete(upload.uploadId);
      return {
        code: 0,
        msg: 'success',
        data: {
          file_token: storeUpload(upload.fileName, upload.parentNode, content, 'chunked', upload.blockNum),
        },
      };
    },
  );

  route('im.messages.create', 'POST', /^\/open-apis\/im\/v1\/messages$/, async (req, url) => {
    requireTenantToken(req);
    const body = parseJson(await readBody(req));
    const idType = url.searchParams.get('receive_id_type') ?? '';
    if (!['chat_id', 'open_id', 'user_id', 'union_id', 'email'].includes(idType)) {
      fail(99992402, 'field validation failed: receive_id_type', 400);
    }
    const receiveId = typeof body.receive_id === 'string' ? body.receive_id : '';
    if (!receiveId) fail(99992402, 'field validation failed: receive_id', 400);
    if (idType === 'chat_id' && !/^oc_[A-Za-z0-9]+$/.test(receiveId)) fail(230001, 'invalid receive_id');
    const msgType = typeof body.msg_type === 'string' ? body.msg_type : '';
    if (typeof body.content !== 'string')
      fail(230001, 'invalid message content: content must be a JSON string');
    let content: unknown;
    try {
      content = JSON.parse(body.content);
    } catch {
      fail(230001, 'invalid message content: not JSON');
    }
    const size = Buffer.byteLength(body.content);
    if (msgType === 'text') {
      if (typeof (content as { text?: unknown })?.text !== 'string')
        fail(230001, 'invalid message content: text');
      if (size > 150 * 1024) fail(230025, 'message content too long');
    } else if (msgType === 'interactive' || msgType === 'post') {
      if (!content || typeof content !== 'object') fail(230001, 'invalid message content');
      if (size > 30 * 1024) fail(230025, 'message content too long');
    } else {
      fail(230001, `unsupported msg_type: ${msgType || '(none)'}`);
    }
    const uuid = typeof body.uuid === 'string' && body.uuid ? body.uuid : undefined;
    const existing = uuid ? messages.find((m) => m.uuid === uuid) : undefined;
    const message =
      existing ??
      ({
        message_id: randomId('om_', 32),
        chat_id:
          idType === 'chat_id'
            ? receiveId
            : `oc_p2p${createHash('sha1').update(receiveId).digest('hex').slice(0, 20)}`,
        receive_id_type: idType,
        receive_id: receiveId,
        msg_type: msgType,
        content: body.content,
        uuid,
        create_time: String(Date.now()),
        mentions: mentionsOf(msgType, content),
      } satisfies FeishuRecordedMessage);
    if (!existing) {
      messages.push(message);
      persist();
    }
    return {
      code: 0,
      msg: 'success',
      data: {
        message_id: message.message_id,
        chat_id: message.chat_id,
        msg_type: message.msg_type,
        create_time: message.create_time,
        sender: { id: options.appId, id_type: 'app_id', sender_type: 'app' },
        body: { content: message.content },
      },
    };
  });

  route('im.messages.list', 'GET', /^\/open-apis\/im\/v1\/messages$/, async (req, url) => {
    requireTenantToken(req);
    if (url.searchParams.get('container_id_type') !== 'chat')
      fail(99992402, 'field validation failed: container_id_type', 400);
    const chatId = url.searchParams.get('container_id') ?? '';
    const size = pageSize(url.searchParams.get('page_size'), 20, 50);
    const offset = offsetOf(url.searchParams.get('page_token'));
    const inChat = messages.filter((m) => m.chat_id === chatId);
    const hasMore = offset + size < inChat.length;
    return {
      code: 0,
      msg: 'success',
      data: {
        items: inChat.slice(offset, offset + size).map((m) => ({
          message_id: m.message_id,
          chat_id: m.chat_id,
          msg_type: m.msg_type,
          create_time: m.create_time,
          body: { content: m.content },
        })),
        has_more: hasMore,
        ...(hasMore ? { page_token: pageToken(offset + size) } : {}),
      },
    };
  });

  route(
    'contact.users.batch_get_id',
    'POST',
    /^\/open-apis\/contact\/v3\/users\/batch_get_id$/,
    async (req, url) => {
      requireTenantToken(req);
      const idType = url.searchParams.get('user_id_type') ?? 'open_id';
      if (!['open_id', 'union_id', 'user_id'].includes(idType))
        fail(99992402, 'field validation failed: user_id_type', 400);
      const body = parseJson(await readBody(req));
      const list = (field: string): string[] => {
        const value = body[field];
        if (value === undefined) return [];
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string') || value.length > 50)
          fail(99992402, `field validation failed: ${field} must be at most 50 strings`, 400);
        return value as string[];
      };
      const emails = list('emails');
      const mobiles = list('mobiles');
      if (!emails.length && !mobiles.length)
        fail(99992402, 'field validation failed: emails or mobiles', 400);
      const idOf = (u: SeedUser) =>
        idType === 'open_id' ? u.openId : idType === 'union_id' ? u.unionId : u.openId.slice(3);
      const status = {
        is_frozen: false,
        is_resigned: false,
        is_activated: true,
        is_exited: false,
        is_unjoin: false,
      };
      // Unknown addresses come back without user_id, as Feishu answers them.
      const user_list = [
        ...emails.map((email) => {
          const user = users.find((u) => u.email.toLowerCase() === email.toLowerCase());
          return user ? { user_id: idOf(user), email, status } : { email };
        }),
        ...mobiles.map((mobile) => ({ mobile })),
      ];
      return { code: 0, msg: 'success', data: { user_list } };
    },
  );

  route('oauth.authorize', 'GET', /^\/open-apis\/authen\/v1\/authorize$/, async (_req, url) => {
    const clientId = url.searchParams.get('client_id');
    const redirectUri = url.searchParams.get('redirect_uri');
    if (clientId !== options.appId) throw new HttpFailure(400, { code: 20029, msg: 'invalid client_id' });
    if (!redirectUri || !/^https?:\/\//.test(redirectUri))
      throw new HttpFailure(400, { code: 20029, msg: 'invalid redirect_uri' });
    if (options.redirectUris && !options.redirectUris.includes(redirectUri)) {
      throw new HttpFailure(400, { code: 20029, msg: 'redirect_uri is not registered for this app' });
    }
    const requested = url.searchParams.get('user');
    const user =
      users.find((u) => u.openId === requested || u.email === requested) ??
      users.find((u) => u.openId === oauthUser);
    if (!user) throw new HttpFailure(400, { code: 20029, msg: 'no user to sign in' });
    const code = randomId('', 32);
    oauthCodes.set(code, {
      openId: user.openId,
      redirectUri,
      expiresAt: Date.now() + OAUTH_CODE_TTL_MS,
      challenge: url.searchParams.get('code_challenge') ?? undefined,
    });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    const state = url.searchParams.get('state');
    if (state !== null) target.searchParams.set('state', state);
    // The real page asks the user to approve; the simulator approves at once.
    return { redirect: target.toString() };
  });

  function oauthError(error: string, description: string, code = 20003): never {
    throw new HttpFailure(400, { code, error, error_description: description });
  }

  route('oauth.token', 'POST', /^\/open-apis\/authen\/v2\/oauth\/token$/, async (req) => {
    const body = parseJson(await readBody(req));
    if (body.client_id !== options.appId || body.client_secret !== options.appSecret) {
      oauthError('invalid_client', 'client authentication failed', 20002);
    }
    if (body.grant_type !== 'authorization_code')
      oauthError('unsupported_grant_type', 'only authorization_code', 20001);
    const code = String(body.code ?? '');
    const grant = oauthCodes.get(code);
    oauthCodes.delete(code);
    if (!grant || grant.expiresAt <= Date.now())
      oauthError('invalid_grant', 'the code is invalid, expired or used');
    if (body.redirect_uri !== undefined && body.redirect_uri !== grant.redirectUri) {
      oauthError('invalid_grant', 'redirect_uri does not match the authorization request');
    }
    if (grant.challenge) {
      const verifier = String(body.code_verifier ?? '');
      if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
        oauthError('invalid_grant', 'code_verifier does not match code_challenge');
      }
    }
    const accessToken = randomId('u-', 40);
    userTokens.set(accessToken, { openId: grant.openId, expiresAt: Date.now() + 7200_000 });
    return { code: 0, access_token: accessToken, expires_in: 7200, token_type: 'Bearer', scope: '' };
  });

  route('authen.user_info', 'GET', /^\/open-apis\/authen\/v1\/user_info$/, async (req) => {
    const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const grant = userTokens.get(token);
    if (!grant || grant.expiresAt <= Date.now()) {
      fail(99991677, 'user access token expired or invalid', 400);
    }
    const user = users.find((u) => u.openId === grant.openId)!;
    return {
      code: 0,
      msg: 'success',
      data: {
        open_id: user.openId,
        union_id: user.unionId,
        tenant_key: DEFAULT_TENANT_KEY,
        name: user.name,
        en_name: user.enName,
        email: user.email,
        enterprise_email: user.email,
        avatar_url: '',
      },
    };
  });

  // ---- control API over HTTP (for `npm run simulators` and the running app) -------------------

  route(
    'control',
    'GET',
    /^\/_control\/(calls|messages|uploads|events|documents)$/,
    async (_req, _url, [what]) => {
      const lists: Record<string, () => unknown> = {
        calls: () => control.calls(),
        messages: () => control.messages(),
        uploads: () => control.uploads(),
        events: () => control.events(),
        documents: () => control.documents(),
      };
      return lists[what]();
    },
    true,
  );
  route(
    'control',
    'POST',
    /^\/_control\/documents\/([^/]+)\/edit$/,
    async (req, _url, [id]) => {
      const body = parseJson(await readBody(req));
      if (!documents.has(id)) throw new HttpFailure(404, { error: 'unknown document' });
      return control.editDocument(id, body as FeishuDocumentEdit);
    },
    true,
  );
  route(
    'control',
    'POST',
    /^\/_control\/faults$/,
    async (req) => {
      const body = parseJson(await readBody(req)) as { route?: string } & FeishuRouteFault;
      if (!body.route) throw new HttpFailure(400, { error: 'route is required' });
      control.injectFault(body.route, body);
      return { ok: true };
    },
    true,
  );
  route(
    'control',
    'POST',
    /^\/_control\/event-faults$/,
    async (req) => {
      control.setEventFaults(parseJson(await readBody(req)) as FeishuEventFaults);
      return { ok: true };
    },
    true,
  );
  route(
    'control',
    'DELETE',
    /^\/_control\/faults$/,
    async () => {
      control.clearFaults();
      return { ok: true };
    },
    true,
  );

  const applyFault = async (name: string) => {
    const fault = faults.get(name);
    if (!fault) return;
    if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
    if (fault.rateLimit && fault.rateLimit > 0) {
      fault.rateLimit--;
      throw new HttpFailure(
        429,
        { code: 99991400, msg: 'request trigger frequency limit' },
        { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': String(fault.rateLimitResetSeconds ?? 1) },
      );
    }
    if (fault.failWithCode && (fault.failWithCode.times ?? Infinity) > 0) {
      if (fault.failWithCode.times !== undefined) fault.failWithCode.times--;
      fail(fault.failWithCode.code, fault.failWithCode.msg ?? 'injected failure');
    }
    if (fault.errorRate && Math.random() < fault.errorRate) {
      throw new HttpFailure(500, { code: 1, msg: 'internal error' });
    }
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'x-tt-logid': randomBytes(12).toString('hex'),
      ...headers,
    });
    res.end(text);
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    const match = routes
      .filter((r) => r.method === req.method)
      .map((r) => ({ r, m: url.pathname.match(r.pattern) }))
      .find((x) => x.m !== null);
    const record = (status: number, code?: number) => {
      if (match?.r.raw) return;
      calls.push({
        at: new Date().toISOString(),
        method: req.method ?? '',
        path: url.pathname,
        route: match?.r.name ?? 'unknown',
        status,
        code,
      });
    };
    if (!match) {
      req.resume();
      record(404);
      send(res, 404, { code: 404, msg: 'page not found' });
      return;
    }
    (async () => {
      if (!match.r.raw) await applyFault(match.r.name);
      const result = await match.r.handler(req, url, match.m!.slice(1).map(decodeURIComponent));
      if (result && typeof result === 'object' && 'redirect' in result) {
        record(302);
        res.writeHead(302, { location: String((result as { redirect: string }).redirect) });
        res.end();
        return;
      }
      const code = (result as { code?: number })?.code;
      record(200, code);
      send(res, 200, result);
    })().catch((error: unknown) => {
      req.resume();
      if (error instanceof HttpFailure) {
        record(error.status, typeof error.body.code === 'number' ? error.body.code : undefined);
        send(res, error.status, error.body, error.headers);
      } else {
        record(500);
        send(res, 500, { code: 1, msg: `simulator error: ${(error as Error).message}` });
      }
    });
  });

  const control: FeishuSimulatorControl = {
    calls: (filter) => calls.filter((c) => !filter?.route || c.route === filter.route),
    messages: (chatId) => messages.filter((m) => !chatId || m.chat_id === chatId),
    uploads: () => [...uploads],
    uploadedContent: (token) => uploadContent.get(token),
    events: () => [...deliveries],
    documents: () =>
      [...documents.values()].map((d) => ({
        documentId: d.documentId,
        title: d.title,
        revisionId: latest(d).revisionId,
        folderToken: d.folderToken,
      })),
    async editDocument(documentId, edit = {}) {
      const doc = documents.get(documentId);
      if (!doc) throw new Error(`Unknown document ${documentId}`);
      if (edit.title) doc.title = edit.title;
      const current = latest(doc);
      let blocks: FeishuBlock[];
      if (edit.content) {
        blocks = buildBlocks(doc.documentId, doc.title, edit.content);
      } else {
        blocks = structuredClone(current.blocks);
        const root = blocks[0];
        const id = randomId('doxcn');
        const text = edit.appendParagraph ?? `Edited at ${new Date().toISOString()}`;
        root.children = [...(root.children ?? []), id];
        blocks.push({
          block_id: id,
          parent_id: root.block_id,
          block_type: BlockType.Text,
          text: { elements: [{ text_run: { content: text, text_element_style: {} } }] },
        });
      }
      const revisionId = current.revisionId + 1 + Math.floor(Math.random() * 3);
      doc.revisions.push({ revisionId, blocks });
      doc.modifiedTime = Date.now();
      persist();
      if (options.requireSubscription && !subscriptions.has(documentId)) return { revisionId };
      const delivery = await sendEvent('drive.file.edit_v1', {
        file_type: 'docx',
        file_token: documentId,
        operator_id_list: [
          { open_id: edit.operatorOpenId ?? users[0]?.openId ?? 'ou_editor', union_id: '', user_id: '' },
        ],
        subscriber_id_list: [],
      });
      return { revisionId, delivery };
    },
    buildEventRequest,
    injectFault: (name, fault) => faults.set(name, { ...fault }),
    setEventFaults: (f) => {
      eventFaults = { ...f };
    },
    clearFaults: () => {
      faults.clear();
      eventFaults = {};
    },
    setEventUrl: (url) => {
      eventUrl = url;
    },
    revokeTenantTokens: () => {
      tenantTokens.clear();
      currentTenantToken = undefined;
    },
    setOAuthUser: (openId) => {
      if (!users.some((u) => u.openId === openId)) throw new Error(`Unknown user ${openId}`);
      oauthUser = openId;
    },
    addUser: (user) => {
      users.push(user);
    },
    tokenRequests: () => tokenRequestCount,
    subscriptions: () => [...subscriptions],
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    control,
    stop: async () => {
      timers.forEach((t) => clearTimeout(t));
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * Credentials the demo simulator accepts when FEISHU_* are unset; the app must use the same ones
 * (and refuses nothing else), exactly as a real Feishu app would.
 */
export const FEISHU_SIMULATOR_DEMO_APP = {
  appId: 'cli_portico0demo0001',
  appSecret: 'portico-demo-feishu-app-secret',
  verificationToken: 'portico-demo-verification-token',
  encryptKey: 'portico-demo-encrypt-key',
} as const;
