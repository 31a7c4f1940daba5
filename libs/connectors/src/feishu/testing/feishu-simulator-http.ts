import { randomBytes } from 'node:crypto';
import { IncomingMessage } from 'node:http';

/** Plumbing shared by the simulator's route files: errors, bodies, paging, the route table. */

const MAX_BODY = 64 * 1024 * 1024;

export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.msg ?? status));
  }
}

/** Feishu-style business error: HTTP 200 (or the given status) with `code != 0`. */
export function fail(code: number, msg: string, status = 200): never {
  throw new HttpFailure(status, { code, msg });
}

export function randomId(prefix: string, length = 22): string {
  return prefix + randomBytes(32).toString('base64url').replace(/[-_]/g, '').slice(0, length);
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
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

export function parseJson(body: Buffer): Record<string, unknown> {
  try {
    const value = JSON.parse(body.toString('utf8') || '{}');
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below like Feishu: a parameter error
  }
  return fail(9499, 'Bad Request: invalid JSON body', 400);
}

export async function parseMultipart(req: IncomingMessage, body: Buffer): Promise<FormData> {
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

export async function fileField(form: FormData, name: string): Promise<Buffer | undefined> {
  const value = form.get(name);
  if (value === null) return undefined;
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  return Buffer.from(await value.arrayBuffer());
}

export function textField(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

export function pageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

export function offsetOf(token: string | null): number {
  if (!token) return 0;
  try {
    const o = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown }).o;
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through
  }
  return fail(1770001, 'invalid param: page_token');
}

export function pageSize(raw: string | null, def: number, max: number): number {
  if (raw === null) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) fail(1770001, `invalid param: page_size must be 1..${max}`);
  return n;
}

/**
 * A stand-in for the Feishu/Lark Open Platform: same paths, envelopes, error codes and quirks as
 * contracts/feishu.md describes, with in-memory state and a control API for tests and demos.
 */
export type Handler = (req: IncomingMessage, url: URL, params: string[]) => Promise<unknown>;

export interface Route {
  name: string;
  method: string;
  pattern: RegExp;
  handler: Handler;
  /** Control routes: not recorded, never faulted. */
  raw?: boolean;
}

/** Adds a route; routes are matched in the order they were added. */
export type RouteRegistrar = (
  name: string,
  method: string,
  pattern: RegExp,
  handler: Handler,
  raw?: boolean,
) => void;
