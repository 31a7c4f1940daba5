import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { JiraAttachmentUpload } from './jira-client.port';
import {
  JiraError,
  JiraForbiddenError,
  JiraNotFoundError,
  JiraRateLimitedError,
  JiraUnavailableError,
  JiraValidationError,
} from './jira-errors';

export interface JiraClientOptions {
  /** Site root, e.g. `https://acme.atlassian.net` (no `/rest/...`). */
  baseUrl: string;
  /** Jira Cloud: account email, used with `apiToken` for Basic auth. */
  email?: string;
  /** Jira Cloud: API token from id.atlassian.com. */
  apiToken?: string;
  /** Jira Data Center: personal access token, sent as Bearer. Takes precedence over email + apiToken. */
  pat?: string;
  /**
   * `cloud`: REST v3, ADF rich text, enhanced JQL search. `datacenter`: REST v2, wiki-markup rich text (ADF arguments
   * are converted), offset-paged search. Default: `datacenter` when a personal access token is given, else `cloud`.
   */
  deployment?: 'cloud' | 'datacenter';
  /** Per attempt. Default 15 000 ms. */
  timeoutMs?: number;
  /**
   * Retries after the first attempt for 429/502/503/504 (and timeouts of idempotent calls). Default 3.
   * A job queue that does its own retries can pass 0 and act on the error's `retryable`/`retryAfterSeconds`.
   */
  maxRetries?: number;
  /** First backoff step; doubles per attempt, with full jitter. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Longest single wait. A `Retry-After` beyond it is not slept on but surfaced as the error. Default 30 000 ms. */
  maxRetryDelayMs?: number;
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Query;
  json?: unknown;
  /** Builds a fresh body per attempt. */
  body?: () => { stream: ReadableStream<Uint8Array>; contentType: string };
  /** `body` can be built again (a buffer or a stream factory, not a one-shot stream). */
  bodyRebuildable?: boolean;
  /** A POST whose repetition has no further effect (searches, upserts), so it may be retried after a timeout. */
  idempotent?: boolean;
  headers?: Record<string, string>;
  /**
   * The body is handed on as a stream: the timeout then covers only the wait for the response head, since a
   * large file may take longer than any sensible request timeout (undici's own idle limit still applies).
   */
  stream?: boolean;
}

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `Retry-After` is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * Jira Cloud REST v3 over the platform `fetch`. Shapes come from jira.js' models of the official OpenAPI document;
 * the transport is our own because jira.js buffers attachment streams into memory and hides `Retry-After`.

/** Sends requests to Jira with its credentials, retries what may be retried, and turns failures into JiraErrors. */
export class JiraHttpTransport {
  readonly baseUrl: string;
  private readonly authorization: string;
  readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly maxRetryDelayMs: number;

  constructor(options: JiraClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    if (options.pat) this.authorization = `Bearer ${options.pat}`;
    else if (options.email && options.apiToken)
      this.authorization = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString('base64')}`;
    else throw new Error('Jira client needs either a personal access token or an email with an API token');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
  }

  async request<T>(spec: RequestSpec): Promise<T> {
    const response = await this.exchange(spec);
    try {
      return (await readBody(response)) as T;
    } catch (error) {
      // The body timed out mid-way or was not JSON (a proxy page): the call's outcome is unknown.
      throw new JiraUnavailableError(
        `${spec.method} ${spec.path}: unreadable response (${describeNetworkError(error, this.timeoutMs)})`,
        response.status,
        undefined,
        { cause: error },
      );
    }
  }

  /** Sends the request, retrying as the options allow, and returns the successful response unread. */
  async exchange(spec: RequestSpec): Promise<Response> {
    const idempotent = spec.method !== 'POST' || spec.idempotent === true;
    const canResend = spec.body === undefined || spec.bodyRebuildable === true;
    for (let attempt = 0; ; attempt++) {
      const mayRetry = attempt < this.maxRetries && canResend;
      let response: Response;
      try {
        response = await this.send(spec);
      } catch (error) {
        const failure =
          error instanceof JiraError
            ? error
            : new JiraUnavailableError(
                `${spec.method} ${spec.path}: ${describeNetworkError(error, this.timeoutMs)}`,
                undefined,
                undefined,
                {
                  cause: error,
                },
              );
        // A POST that timed out may have been applied; let the caller check its idempotency marker first.
        if (mayRetry && idempotent && failure.retryable) {
          await sleep(this.backoff(attempt));
          continue;
        }
        throw failure;
      }
      if (response.ok) return response;

      const failure = await toJiraError(spec, response);
      // 429 and 503 mean "not processed"; 502/504 may hide an applied write, so only idempotent calls repeat them.
      const safeToRepeat = response.status === 429 || response.status === 503 || idempotent;
      if (mayRetry && safeToRepeat && RETRYABLE_STATUSES.has(response.status)) {
        const wait =
          failure.retryAfterSeconds !== undefined ? failure.retryAfterSeconds * 1000 : this.backoff(attempt);
        if (wait <= this.maxRetryDelayMs) {
          await sleep(wait);
          continue;
        }
      }
      throw failure;
    }
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.maxRetryDelayMs, this.retryBaseDelayMs * 2 ** attempt);
    return Math.round(Math.random() * ceiling);
  }

  private async send(spec: RequestSpec): Promise<Response> {
    const url = new URL(this.baseUrl + spec.path);
    for (const [name, value] of Object.entries(spec.query ?? {}))
      if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
    const headers: Record<string, string> = {
      Authorization: this.authorization,
      Accept: 'application/json',
      ...spec.headers,
    };
    let body: RequestInit['body'];
    if (spec.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(spec.json);
    } else if (spec.body) {
      const built = spec.body();
      headers['Content-Type'] = built.contentType;
      body = built.stream as RequestInit['body'];
    }
    const init = {
      method: spec.method,
      headers,
      body,
      // Required by fetch for streamed request bodies.
      ...(spec.body ? { duplex: 'half' } : {}),
    } as RequestInit;
    if (!spec.stream) return fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    const headWait = new AbortController();
    const timer = setTimeout(() => headWait.abort(), this.timeoutMs);
    try {
      return await fetch(url, { ...init, signal: headWait.signal });
    } finally {
      clearTimeout(timer);
    }
  }
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  // fetch rejects with a DOMException, which is not an Error in every realm (e.g. under jest), so test the name.
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no response within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  return (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
}

async function toJiraError(spec: RequestSpec, response: Response): Promise<JiraError> {
  let errorMessages: string[] = [];
  let errors: Record<string, string> = {};
  try {
    const parsed = (await readBody(response)) as
      { errorMessages?: unknown; errors?: unknown } | string | undefined;
    if (parsed && typeof parsed === 'object') {
      if (Array.isArray(parsed.errorMessages)) errorMessages = parsed.errorMessages.map(String);
      if (parsed.errors && typeof parsed.errors === 'object')
        errors = parsed.errors as Record<string, string>;
    }
  } catch {
    // A proxy's HTML error page carries nothing Jira-specific; the status says enough.
  }
  const detail = [
    ...errorMessages,
    ...Object.entries(errors).map(([field, message]) => `${field}: ${message}`),
  ].join('; ');
  const message = `Jira ${spec.method} ${spec.path} answered ${response.status}${detail ? `: ${detail}` : ''}`;
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  const status = response.status;
  if (status === 404) return new JiraNotFoundError(message, errorMessages, errors);
  if (status === 401 || status === 403) return new JiraForbiddenError(message, status, errorMessages, errors);
  if (status === 429) return new JiraRateLimitedError(message, retryAfter, errorMessages);
  if (status >= 500) return new JiraUnavailableError(message, status, retryAfter);
  return new JiraValidationError(message, status, errorMessages, errors);
}

/** A multipart body with one part named `file`, streamed from the upload's content. */
export function multipartBody(file: JiraAttachmentUpload): {
  stream: ReadableStream<Uint8Array>;
  contentType: string;
} {
  const boundary = `----portico-${randomBytes(12).toString('hex')}`;
  // RFC 7578: the filename goes as UTF-8 inside quotes; quotes and line breaks must not break the header.
  const filename = file.filename.replace(/[\r\n]/g, ' ').replace(/"/g, '%22');
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const source =
    typeof file.content === 'function'
      ? file.content()
      : Buffer.isBuffer(file.content)
        ? [file.content]
        : file.content;
  async function* parts(): AsyncGenerator<Buffer> {
    yield head;
    for await (const chunk of source as AsyncIterable<Buffer | string>)
      yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    yield tail;
  }
  return {
    stream: Readable.toWeb(Readable.from(parts())) as ReadableStream<Uint8Array>,
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}
