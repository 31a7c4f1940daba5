import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JiraSimulatorControl } from './jira-simulator-control';
import type { MatchedOperation } from './openapi-request-validator';

/** A Jira error answer: `{ errorMessages, errors }` with this status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorMessages: string[] = [],
    readonly errors: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(errorMessages.join('; ') || `HTTP ${status}`);
  }
}

export const notFound = () =>
  new HttpError(404, ['Issue does not exist or you do not have permission to see it.']);
export const jiraTime = (iso: string) => iso.replace('Z', '+0000');

export async function readRaw(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, [`The request exceeds the maximum size of ${limit} bytes.`]);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function send(
  response: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent || response.destroyed) return;
  const payload =
    body === undefined ? '' : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  response.writeHead(status, {
    ...(body !== undefined && !Buffer.isBuffer(body)
      ? { 'Content-Type': 'application/json;charset=UTF-8' }
      : {}),
    ...headers,
  });
  response.end(payload);
}

export function credentialsMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface Result {
  status: number;
  body?: unknown;
  raw?: Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

/** What an operation handler gets: the matched operation, its query and (validated) body. */
export interface OperationContext {
  control: JiraSimulatorControl;
  op: MatchedOperation;
  q: Record<string, never>;
  /** The JSON body, `{}` when there is none. */
  input: Record<string, never>;
  /** The JSON body as sent (undefined when empty). */
  body: unknown;
  /** `{issueIdOrKey}` of the path. */
  issueRef: string;
  multipart: FormData | undefined;
  maxAttachmentBytes: number;
  dataCenter: boolean;
}

/** Handlers by the OpenAPI document's operationId. */
export type OperationHandlers = Record<string, (context: OperationContext) => Result | Promise<Result>>;
