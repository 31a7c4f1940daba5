import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AdfDocument } from '../adf/adf.types';

export type JiraWebhookRejection = 'missing-signature' | 'bad-signature' | 'malformed' | 'stale' | 'replay';

/** The delivery must be refused (401 for signature problems, 400 malformed; a replay can be acknowledged and ignored). */
export class JiraWebhookError extends Error {
  constructor(
    readonly reason: JiraWebhookRejection,
    message: string,
  ) {
    super(message);
    this.name = 'JiraWebhookError';
  }
}

export interface JiraWebhookUser {
  accountId?: string;
  displayName?: string;
}

export interface JiraWebhookComment {
  id: string;
  body?: AdfDocument | string;
  author?: JiraWebhookUser;
  created?: string;
  updated?: string;
  visibility?: { type: string; value: string };
  jsdPublic?: boolean;
}

export interface JiraWebhookIssue {
  id: string;
  key: string;
  fields?: Record<string, unknown>;
}

export interface JiraChangelogItem {
  field: string;
  fieldId?: string;
  fieldtype?: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export type JiraWebhookEvent =
  | {
      type: 'jira:issue_created' | 'jira:issue_updated';
      timestamp: number;
      /** Finer reason, e.g. `issue_generic`, `issue_commented`, `issue_assigned`. */
      issueEventTypeName?: string;
      user?: JiraWebhookUser;
      issue: JiraWebhookIssue;
      changelog?: { id: string; items: JiraChangelogItem[] };
      comment?: JiraWebhookComment;
    }
  | {
      type: 'comment_created' | 'comment_updated';
      timestamp: number;
      issue: JiraWebhookIssue;
      comment: JiraWebhookComment;
    }
  /** Events Portico does not act on are still acknowledged. */
  | { type: 'other'; webhookEvent: string; timestamp: number };

export interface VerifiedJiraWebhook {
  /** `X-Atlassian-Webhook-Identifier`: the same across Jira's retries, so it is the dedupe key. */
  deliveryId: string | undefined;
  /** `X-Atlassian-Webhook-Retry`: 0 on the first attempt. */
  retryCount: number;
  event: JiraWebhookEvent;
}

export interface VerifyJiraWebhookOptions {
  secret: string;
  /** Exact bytes received; the signature is over these, not over re-serialised JSON. */
  rawBody: Buffer | string;
  /** Request headers (any case). */
  headers: Record<string, string | string[] | undefined>;
  /** Deliveries whose (signed) `timestamp` is older than this are refused. Default 1 hour: Jira retries for ~30 minutes. */
  maxAgeMs?: number;
  /** Answers whether this delivery id was already processed (e.g. a lookup in `webhook_delivery`). */
  isReplay?: (deliveryId: string) => boolean | Promise<boolean>;
  now?: () => number;
}

/** `sha256=<hex>` as Jira puts it in `X-Hub-Signature`: HMAC-SHA256 of the raw body keyed by the webhook secret. */
export function signJiraWebhook(secret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

function header(headers: VerifyJiraWebhookOptions['headers'], name: string): string | undefined {
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  const value = entry?.[1];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Verifies and parses a signed Jira admin webhook. Checks, in order: signature present, signature matches (constant
 * time), body parses, timestamp fresh, delivery not seen before. Throws JiraWebhookError naming the failed check.
 */
export async function verifyJiraWebhook(options: VerifyJiraWebhookOptions): Promise<VerifiedJiraWebhook> {
  // An empty key would make any sender able to compute a "valid" signature.
  if (!options.secret) throw new JiraWebhookError('bad-signature', 'no Jira webhook secret is configured');
  const signature = header(options.headers, 'x-hub-signature');
  if (!signature) throw new JiraWebhookError('missing-signature', 'X-Hub-Signature header is missing');
  const expected = Buffer.from(signJiraWebhook(options.secret, options.rawBody));
  const given = Buffer.from(signature.trim());
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new JiraWebhookError('bad-signature', 'X-Hub-Signature does not match the body');

  let payload: unknown;
  try {
    payload = JSON.parse(
      Buffer.isBuffer(options.rawBody) ? options.rawBody.toString('utf8') : options.rawBody,
    );
  } catch {
    throw new JiraWebhookError('malformed', 'body is not JSON');
  }
  const event = parseJiraWebhookEvent(payload);

  const now = options.now?.() ?? Date.now();
  const maxAge = options.maxAgeMs ?? 3_600_000;
  if (now - event.timestamp > maxAge)
    throw new JiraWebhookError('stale', `delivery is older than ${maxAge} ms`);

  const deliveryId = header(options.headers, 'x-atlassian-webhook-identifier');
  if (deliveryId && options.isReplay && (await options.isReplay(deliveryId)))
    throw new JiraWebhookError('replay', `delivery ${deliveryId} was already received`);
  const retry = Number(header(options.headers, 'x-atlassian-webhook-retry') ?? 0);
  return { deliveryId, retryCount: Number.isFinite(retry) ? retry : 0, event };
}

/** Turns a webhook payload into a typed event; throws JiraWebhookError('malformed') when required parts are missing. */
export function parseJiraWebhookEvent(payload: unknown): JiraWebhookEvent {
  const body = payload as Record<string, unknown> | null;
  if (
    !body ||
    typeof body !== 'object' ||
    typeof body.webhookEvent !== 'string' ||
    typeof body.timestamp !== 'number'
  )
    throw new JiraWebhookError('malformed', 'payload needs webhookEvent and a numeric timestamp');
  const issue = body.issue as JiraWebhookIssue | undefined;
  const validIssue = !!issue && typeof issue.id === 'string' && typeof issue.key === 'string';
  const comment = body.comment as JiraWebhookComment | undefined;
  switch (body.webhookEvent) {
    case 'jira:issue_created':
    case 'jira:issue_updated':
      if (!validIssue)
        throw new JiraWebhookError('malformed', `${body.webhookEvent} without issue id and key`);
      return {
        type: body.webhookEvent,
        timestamp: body.timestamp,
        issueEventTypeName:
          typeof body.issue_event_type_name === 'string' ? body.issue_event_type_name : undefined,
        user: body.user as JiraWebhookUser | undefined,
        issue: issue!,
        changelog: body.changelog as { id: string; items: JiraChangelogItem[] } | undefined,
        comment,
      };
    case 'comment_created':
    case 'comment_updated':
      if (!validIssue || !comment || typeof comment.id !== 'string')
        throw new JiraWebhookError('malformed', `${body.webhookEvent} without issue or comment id`);
      return { type: body.webhookEvent, timestamp: body.timestamp, issue: issue!, comment };
    default:
      return { type: 'other', webhookEvent: body.webhookEvent, timestamp: body.timestamp };
  }
}
