import { createHmac } from 'node:crypto';
import { DingTalkRobotError, dingTalkError } from './dingtalk-errors';

/** Injection token for the factory that builds a robot client per workspace webhook. */
export const DINGTALK_ROBOT_FACTORY = Symbol('DINGTALK_ROBOT_FACTORY');

export interface DingTalkAt {
  atMobiles?: string[];
  atUserIds?: string[];
  isAtAll?: boolean;
}

export interface DingTalkMarkdown {
  /** Shown in the chat list and notification, not in the message body. */
  title: string;
  text: string;
  at?: DingTalkAt;
}

export type DingTalkActionCard =
  | { title: string; text: string; singleTitle: string; singleURL: string }
  | { title: string; text: string; btnOrientation?: '0' | '1'; btns: { title: string; actionURL: string }[] };

/** A DingTalk custom group robot (webhook): one-way messages into one group. */
export interface DingTalkRobot {
  sendMarkdown(message: DingTalkMarkdown): Promise<void>;
  sendActionCard(card: DingTalkActionCard): Promise<void>;
}

export interface DingTalkRobotOptions {
  /** The full webhook URL including `access_token`; it is the credential, never log it. */
  webhookUrl: string;
  /** The 加签 secret (starts with `SEC`); requests are signed when set. */
  secret?: string;
  timeoutMs?: number;
  now?: () => number;
  /**
   * How the request is sent; the API passes one that applies its egress policy (the webhook URL is
   * user-supplied). A DingTalkRobotError it throws is passed on as it is.
   */
  fetch?: (
    url: string,
    init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal },
  ) => Promise<Response>;
}

export interface DingTalkRobotFactory {
  forWebhook(options: DingTalkRobotOptions): DingTalkRobot;
}

/**
 * DingTalk's request signature: Base64(HMAC-SHA256(key = secret, `${timestamp}\n${secret}`)),
 * with the timestamp in milliseconds. Returned unencoded; URLSearchParams encodes it.
 */
export function signDingTalkRequest(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** The webhook URL with `timestamp` and `sign` added; computed afresh for every attempt. */
export function signedDingTalkUrl(
  webhookUrl: string,
  secret: string | undefined,
  timestampMs: number,
): string {
  const url = new URL(webhookUrl);
  if (secret) {
    url.searchParams.set('timestamp', String(timestampMs));
    url.searchParams.set('sign', signDingTalkRequest(secret, timestampMs));
  }
  return url.toString();
}

/** Hides the access token and signature, for logs and audit details. */
export function redactDingTalkUrl(webhookUrl: string): string {
  try {
    const url = new URL(webhookUrl);
    for (const name of ['access_token', 'sign'])
      if (url.searchParams.has(name)) url.searchParams.set(name, '***');
    return url.toString();
  } catch {
    return '(invalid webhook URL)';
  }
}

class HttpDingTalkRobot implements DingTalkRobot {
  constructor(private readonly options: DingTalkRobotOptions) {
    const url = new URL(options.webhookUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new DingTalkRobotError('rejected', false, 'DingTalk webhook must be an http(s) URL');
    }
  }

  sendMarkdown(message: DingTalkMarkdown): Promise<void> {
    return this.send({
      msgtype: 'markdown',
      markdown: { title: message.title, text: message.text },
      ...(message.at ? { at: message.at } : {}),
    });
  }

  sendActionCard(card: DingTalkActionCard): Promise<void> {
    return this.send({ msgtype: 'actionCard', actionCard: card });
  }

  private async send(body: Record<string, unknown>): Promise<void> {
    const now = this.options.now ?? Date.now;
    const url = signedDingTalkUrl(this.options.webhookUrl, this.options.secret, now());
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      if (error instanceof DingTalkRobotError) throw error;
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new DingTalkRobotError(
        timedOut ? 'timeout' : 'unavailable',
        true,
        `DingTalk robot ${redactDingTalkUrl(this.options.webhookUrl)} ${timedOut ? 'timed out' : 'unreachable'}`,
      );
    }
    const text = await response.text();
    if (response.status >= 500 || response.status === 429) {
      throw new DingTalkRobotError('unavailable', true, `DingTalk robot answered HTTP ${response.status}`);
    }
    let parsed: { errcode?: unknown; errmsg?: unknown };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      throw new DingTalkRobotError(
        'invalid_response',
        false,
        `DingTalk robot answered HTTP ${response.status} without JSON`,
      );
    }
    if (typeof parsed.errcode !== 'number') {
      throw new DingTalkRobotError(
        'invalid_response',
        false,
        `DingTalk robot answered HTTP ${response.status} without errcode`,
      );
    }
    if (parsed.errcode !== 0) throw dingTalkError(parsed.errcode, String(parsed.errmsg ?? ''));
  }
}

export function createDingTalkRobot(options: DingTalkRobotOptions): DingTalkRobot {
  return new HttpDingTalkRobot(options);
}

export const httpDingTalkRobotFactory: DingTalkRobotFactory = { forWebhook: createDingTalkRobot };
