import { setTimeout as sleep } from 'node:timers/promises';
import { adler32 } from './adler32';
import { larkSdk, type Lark } from './lark-sdk';
import type { FeishuBlock } from './docx-blocks';
import { renderDocxBlocksToHtml } from './docx-html-renderer';
import {
  FeishuAuthorizeUrlInput,
  FeishuClient,
  FeishuDocumentMeta,
  FeishuDriveFile,
  FeishuFolderPage,
  FeishuRenderedDocument,
  FeishuSendMessageInput,
  FeishuSentMessage,
  FeishuUploadInput,
  FeishuUploadResult,
  FeishuUserInfo,
  FeishuUserToken,
} from './feishu-client.port';
import { FeishuApiError, FeishuRateLimitedError, feishuError } from './feishu-errors';
import { FeishuEnvelope, httpInstanceWithTimeout, toFeishuError, unwrapEnvelope } from './feishu-http';
import { blocksOf, partBody, readAll, streamedRequest } from './feishu-upload-content';
import { TenantTokenCache } from './tenant-token-cache';

export interface FeishuClientOptions {
  /** OpenAPI base: https://open.feishu.cn, https://open.larksuite.com or a test server. */
  baseUrl: string;
  appId: string;
  appSecret: string;
  /** Host of the OAuth authorize page; derived for the two official hosts, else `baseUrl`. */
  oauthBaseUrl?: string;
  /** Per HTTP request; default 15 s. */
  timeoutMs?: number;
  /** Extra attempts for reads that failed retryably (429, 5xx, timeouts); writes are never repeated here. */
  readRetries?: number;
}

/** Feishu's single-request upload limit (upload_all); larger files must use prepare/part/finish. */
export const FEISHU_UPLOAD_ALL_MAX_BYTES = 20 * 1024 * 1024;
const BLOCK_PAGE_SIZE = 500;
const FOLDER_PAGE_SIZE = 200;
/** A rate-limit wait longer than this is not slept through in-process; the job queue reschedules instead. */
const MAX_INLINE_WAIT_MS = 10_000;
const MAX_RENDER_ATTEMPTS = 3;

const INVALID_TENANT_TOKEN = 99991663;

const SILENT_LOGGER: Lark.Logger = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

function deriveOauthBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.hostname === 'open.feishu.cn' || url.hostname === 'open.larksuite.com') {
    url.hostname = url.hostname.replace(/^open\./, 'accounts.');
  }
  return url.origin + url.pathname.replace(/\/$/, '');
}

function toDate(seconds: string | undefined): Date | undefined {
  if (!seconds || !/^\d+$/.test(seconds)) return undefined;
  return new Date(Number(seconds) * 1000);
}

/** The Feishu/Lark client on the official SDK; the same code talks to Feishu, Lark and the simulator. */
export class LarkFeishuClient implements FeishuClient {
  private client?: Lark.Client;
  private readonly http: Lark.HttpInstance;
  private readonly tokens: TenantTokenCache;
  private readonly baseUrl: string;
  private readonly oauthBaseUrl: string;
  private readonly readRetries: number;

  constructor(private readonly options: FeishuClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/$/, '');
    this.oauthBaseUrl = (options.oauthBaseUrl ?? deriveOauthBaseUrl(this.baseUrl)).replace(/\/$/, '');
    this.readRetries = options.readRetries ?? 2;
    this.http = httpInstanceWithTimeout(options.timeoutMs ?? 15_000);
    this.tokens = new TenantTokenCache(() => this.fetchTenantToken());
  }

  /** The SDK client, built on the first Feishu call: an API that has not talked to Feishu yet does not load the SDK. */
  private get sdk(): Lark.Client {
    return (this.client ??= new (larkSdk().Client)({
      appId: this.options.appId,
      appSecret: this.options.appSecret,
      domain: this.baseUrl,
      // Token caching is ours: the SDK's cache has no single-flight refresh and no retry on 99991663.
      disableTokenCache: true,
      httpInstance: this.http,
      // Failures reach callers as typed errors; the SDK's own logging would only duplicate them.
      // (A custom logger, because `loggerLevel: fatal` is 0 and the SDK treats it as unset.)
      logger: SILENT_LOGGER,
    }));
  }

  async getDocumentMeta(documentId: string): Promise<FeishuDocumentMeta> {
    const data = await this.call('docx.document.get', true, (opts) =>
      this.sdk.docx.document.get({ path: { document_id: documentId } }, opts),
    );
    const doc = data.document;
    if (!doc?.document_id)
      throw new FeishuApiError('unknown', false, 'Feishu docx.document.get returned no document');
    return { documentId: doc.document_id, revisionId: doc.revision_id ?? 0, title: doc.title ?? '' };
  }

  async listDocumentBlocks(documentId: string): Promise<FeishuBlock[]> {
    const blocks: FeishuBlock[] = [];
    let pageToken: string | undefined;
    do {
      const data = await this.call('docx.documentBlock.list', true, (opts) =>
        this.sdk.docx.documentBlock.list(
          {
            path: { document_id: documentId },
            params: {
              page_size: BLOCK_PAGE_SIZE,
              document_revision_id: -1,
              ...(pageToken ? { page_token: pageToken } : {}),
            },
          },
          opts,
        ),
      );
      blocks.push(...((data.items ?? []) as FeishuBlock[]));
      pageToken = data.has_more ? data.page_token : undefined;
    } while (pageToken);
    return blocks;
  }

  async renderDocument(documentId: string): Promise<FeishuRenderedDocument> {
    // Blocks are read page by page from "latest"; an edit in between would mix two revisions.
    // Reading meta before and after and retrying on a change yields one consistent revision.
    for (let attempt = 1; ; attempt++) {
      const before = await this.getDocumentMeta(documentId);
      const blocks = await this.listDocumentBlocks(documentId);
      const after = await this.getDocumentMeta(documentId);
      if (before.revisionId === after.revisionId || attempt >= MAX_RENDER_ATTEMPTS) {
        return { ...after, html: renderDocxBlocksToHtml(blocks, documentId) };
      }
    }
  }

  async listFolderPage(
    folderToken: string,
    options: { pageToken?: string; pageSize?: number } = {},
  ): Promise<FeishuFolderPage> {
    const data = await this.call('drive.file.list', true, (opts) =>
      this.sdk.drive.file.list(
        {
          params: {
            folder_token: folderToken,
            page_size: options.pageSize ?? FOLDER_PAGE_SIZE,
            ...(options.pageToken ? { page_token: options.pageToken } : {}),
          },
        },
        opts,
      ),
    );
    const files: FeishuDriveFile[] = (data.files ?? []).map((f) => ({
      token: f.token ?? '',
      name: f.name ?? '',
      type: f.type ?? '',
      parentToken: f.parent_token,
      url: f.url,
      createdTime: toDate(f.created_time),
      modifiedTime: toDate(f.modified_time),
      ownerId: f.owner_id,
    }));
    return { files, nextPageToken: data.has_more && data.next_page_token ? data.next_page_token : undefined };
  }

  async *listFolder(folderToken: string): AsyncIterable<FeishuDriveFile> {
    let pageToken: string | undefined;
    do {
      const page = await this.listFolderPage(folderToken, { pageToken });
      yield* page.files;
      pageToken = page.nextPageToken;
    } while (pageToken);
  }

  async subscribeToFileEvents(
    fileToken: string,
    fileType: 'docx' | 'doc' | 'sheet' | 'bitable' | 'file' = 'docx',
  ): Promise<void> {
    await this.call('drive.file.subscribe', true, (opts) =>
      this.sdk.drive.file.subscribe(
        { path: { file_token: fileToken }, params: { file_type: fileType } },
        opts,
      ),
    );
  }

  async uploadFile(input: FeishuUploadInput): Promise<FeishuUploadResult> {
    if (input.size <= 0)
      throw new FeishuApiError('invalid_request', false, 'Feishu does not accept empty files');
    if (input.size <= FEISHU_UPLOAD_ALL_MAX_BYTES) {
      const content = await readAll(input.content);
      if (content.length !== input.size) {
        throw new FeishuApiError(
          'invalid_request',
          false,
          `Upload content is ${content.length} bytes, declared ${input.size}`,
        );
      }
      const form = new FormData();
      form.append('file_name', input.fileName);
      form.append('parent_type', 'explorer');
      form.append('parent_node', input.folderToken);
      form.append('size', String(input.size));
      form.append('file', new Blob([content]), input.fileName);
      const data = await this.call<{ file_token?: string }>('drive.file.uploadAll', false, (opts) =>
        this.postMultipart('/open-apis/drive/v1/files/upload_all', form, opts),
      );
      return {
        fileToken: this.required(data.file_token, 'drive.file.uploadAll', 'file_token'),
        method: 'upload_all',
      };
    }
    return this.uploadChunked(input);
  }

  async sendMessage(input: FeishuSendMessageInput): Promise<FeishuSentMessage> {
    const { message } = input;
    const content = message.type === 'text' ? { text: message.text } : message.card;
    const data = await this.call('im.message.create', false, (opts) =>
      this.sdk.im.message.create(
        {
          params: { receive_id_type: input.receiveIdType ?? 'chat_id' },
          data: {
            receive_id: input.receiveId,
            msg_type: message.type,
            // Feishu wants the content as a JSON-encoded string, not an object.
            content: JSON.stringify(content),
            ...(input.uuid ? { uuid: input.uuid } : {}),
          },
        },
        opts,
      ),
    );
    return {
      messageId: this.required(data.message_id, 'im.message.create', 'message_id'),
      chatId: data.chat_id,
    };
  }

  async findOpenIdsByEmail(emails: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const unique = [...new Set(emails.map((e) => e.toLowerCase()))];
    for (let i = 0; i < unique.length; i += 50) {
      const data = await this.call('contact.user.batchGetId', true, (opts) =>
        this.sdk.contact.user.batchGetId(
          { params: { user_id_type: 'open_id' }, data: { emails: unique.slice(i, i + 50) } },
          opts,
        ),
      );
      for (const user of data?.user_list ?? [])
        if (user.email && user.user_id) found.set(user.email.toLowerCase(), user.user_id);
    }
    return found;
  }

  buildAuthorizeUrl(input: FeishuAuthorizeUrlInput): string {
    const url = new URL(`${this.oauthBaseUrl}/open-apis/authen/v1/authorize`);
    url.searchParams.set('client_id', this.options.appId);
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('state', input.state);
    if (input.scope) url.searchParams.set('scope', input.scope);
    if (input.codeChallenge) {
      url.searchParams.set('code_challenge', input.codeChallenge);
      url.searchParams.set('code_challenge_method', 'S256');
    }
    return url.toString();
  }

  async exchangeOAuthCode(input: {
    code: string;
    redirectUri: string;
    codeVerifier?: string;
  }): Promise<FeishuUserToken> {
    const operation = 'authen.oauth.token';
    let body: {
      code?: number;
      msg?: string;
      error?: string;
      error_description?: string;
      access_token?: string;
      expires_in?: number;
      refresh_token?: string;
      refresh_token_expires_in?: number;
      scope?: string;
    };
    try {
      body = await this.sdk.request({
        method: 'POST',
        url: '/open-apis/authen/v2/oauth/token',
        data: {
          grant_type: 'authorization_code',
          client_id: this.options.appId,
          client_secret: this.options.appSecret,
          code: input.code,
          redirect_uri: input.redirectUri,
          ...(input.codeVerifier ? { code_verifier: input.codeVerifier } : {}),
        },
      });
    } catch (error) {
      throw toFeishuError(operation, error);
    }
    // This endpoint answers in OAuth style (flat body, `error`), not in the usual `data` envelope.
    if (!body || body.code !== 0 || !body.access_token) {
      throw feishuError(operation, {
        httpStatus: 200,
        code: body?.code,
        msg: body?.error_description ?? body?.error ?? body?.msg ?? 'no access_token',
      });
    }
    return {
      accessToken: body.access_token,
      expiresIn: body.expires_in ?? 0,
      refreshToken: body.refresh_token,
      refreshExpiresIn: body.refresh_token_expires_in,
      scope: body.scope,
    };
  }

  async getUserInfo(userAccessToken: string): Promise<FeishuUserInfo> {
    const operation = 'authen.userInfo.get';
    let body: FeishuEnvelope<{
      open_id?: string;
      union_id?: string;
      user_id?: string;
      tenant_key?: string;
      name?: string;
      en_name?: string;
      email?: string;
      enterprise_email?: string;
      avatar_url?: string;
    }>;
    try {
      body = await this.sdk.authen.userInfo.get({}, larkSdk().withUserAccessToken(userAccessToken));
    } catch (error) {
      throw toFeishuError(operation, error);
    }
    const data = unwrapEnvelope(operation, body);
    return {
      openId: this.required(data.open_id, operation, 'open_id'),
      unionId: data.union_id,
      userId: data.user_id,
      tenantKey: this.required(data.tenant_key, operation, 'tenant_key'),
      name: data.name ?? '',
      enName: data.en_name,
      email: data.email,
      enterpriseEmail: data.enterprise_email,
      avatarUrl: data.avatar_url,
    };
  }

  private async uploadChunked(input: FeishuUploadInput): Promise<FeishuUploadResult> {
    const prepared = await this.call('drive.file.uploadPrepare', false, (opts) =>
      this.sdk.drive.file.uploadPrepare(
        {
          data: {
            file_name: input.fileName,
            parent_type: 'explorer',
            parent_node: input.folderToken,
            size: input.size,
          },
        },
        opts,
      ),
    );
    const uploadId = this.required(prepared.upload_id, 'drive.file.uploadPrepare', 'upload_id');
    const blockSize = prepared.block_size ?? 4 * 1024 * 1024;
    const blockNum = prepared.block_num ?? Math.ceil(input.size / blockSize);
    let seq = 0;
    let sent = 0;
    // Parts must go one after another: Feishu rejects concurrent parts of one upload. Each carries its
    // Adler-32, so Feishu refuses a part damaged on the way.
    for await (const block of blocksOf(input.content, blockSize)) {
      const fields = {
        upload_id: uploadId,
        seq: String(seq),
        size: String(block.length),
        checksum: String(adler32(block)),
      };
      await this.call('drive.file.uploadPart', false, (opts) => {
        // Built per attempt: a stream is read once, and the call is sent again after a token refresh.
        const part = partBody(fields, input.fileName, block);
        return this.http.request<FeishuEnvelope<unknown>>(
          streamedRequest(`${this.baseUrl}/open-apis/drive/v1/files/upload_part`, part, opts),
        );
      });
      seq++;
      sent += block.length;
    }
    if (sent !== input.size || seq !== blockNum) {
      throw new FeishuApiError(
        'invalid_request',
        false,
        `Upload content is ${sent} bytes in ${seq} parts, declared ${input.size} bytes in ${blockNum} parts`,
      );
    }
    const finished = await this.call('drive.file.uploadFinish', false, (opts) =>
      this.sdk.drive.file.uploadFinish({ data: { upload_id: uploadId, block_num: blockNum } }, opts),
    );
    return {
      fileToken: this.required(finished.file_token, 'drive.file.uploadFinish', 'file_token'),
      method: 'chunked',
    };
  }

  /**
   * Multipart through the SDK's HTTP instance: the generated upload methods drop the envelope
   * (a failed upload comes back as `null`, its code lost) and cannot name the file part.
   */
  private postMultipart<T>(path: string, form: FormData, opts: ReturnType<typeof Lark.withTenantToken>) {
    return this.http.request<FeishuEnvelope<T>>({
      url: `${this.baseUrl}${path}`,
      method: 'POST',
      data: form,
      headers: { ...(opts.headers ?? {}) },
    });
  }

  private async fetchTenantToken() {
    const operation = 'auth.tenantAccessToken.internal';
    let body: { code?: number; msg?: string; tenant_access_token?: string; expire?: number };
    try {
      body = (await this.sdk.auth.tenantAccessToken.internal({
        data: { app_id: this.options.appId, app_secret: this.options.appSecret },
      })) as typeof body;
    } catch (error) {
      throw toFeishuError(operation, error);
    }
    if (!body || body.code !== 0 || !body.tenant_access_token) {
      throw feishuError(operation, { httpStatus: 200, code: body?.code, msg: body?.msg });
    }
    return { token: body.tenant_access_token, expireSeconds: body.expire ?? 0 };
  }

  /**
   * Runs one API call with the tenant token: unwraps the envelope, refreshes the token once when
   * Feishu says it is invalid, and retries reads that failed retryably.
   */
  private async call<T>(
    operation: string,
    idempotent: boolean,
    send: (opts: ReturnType<typeof Lark.withTenantToken>) => Promise<FeishuEnvelope<T> | null | undefined>,
  ): Promise<T> {
    let attempt = 0;
    let tokenRefreshed = false;
    for (;;) {
      const token = await this.tokens.get();
      try {
        let body: FeishuEnvelope<T> | null | undefined;
        try {
          body = await send(larkSdk().withTenantToken(token));
        } catch (error) {
          throw toFeishuError(operation, error);
        }
        return unwrapEnvelope(operation, body);
      } catch (error) {
        const err = error as FeishuApiError;
        if (err.code === INVALID_TENANT_TOKEN && !tokenRefreshed) {
          this.tokens.invalidate(token);
          tokenRefreshed = true;
          continue;
        }
        if (!idempotent || !err.retryable || attempt >= this.readRetries) throw err;
        const waitMs =
          err instanceof FeishuRateLimitedError ? err.retryAfterMs : 200 * 2 ** attempt + Math.random() * 100;
        if (waitMs > MAX_INLINE_WAIT_MS) throw err;
        attempt++;
        await sleep(waitMs);
      }
    }
  }

  private required<V>(value: V | undefined | null, operation: string, field: string): V {
    if (value === undefined || value === null || value === '') {
      throw new FeishuApiError('unknown', false, `Feishu ${operation} returned no ${field}`);
    }
    return value;
  }
}

/** Builds a Feishu/Lark client without Nest (scripts, workers, tests). */
export function createFeishuClient(options: FeishuClientOptions): FeishuClient {
  return new LarkFeishuClient(options);
}
