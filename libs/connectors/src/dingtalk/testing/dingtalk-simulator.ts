import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { dirname } from 'node:path';

export interface SimulatedRobot {
  accessToken: string;
  /** 加签 secret; when set, every request must be signed. */
  secret?: string;
  /** Custom-keyword security setting: every message must contain one of these. */
  keywords?: string[];
}

export interface DingTalkSimulatorOptions {
  port?: number;
  host?: string;
  robots?: SimulatedRobot[];
  /** Messages per minute per robot before 130101 (DingTalk: 20). */
  ratePerMinute?: number;
  dataFile?: string;
  now?: () => number;
}

export interface RecordedRobotMessage {
  accessToken: string;
  at: string;
  msgtype: string;
  body: Record<string, unknown>;
  /**
   * Mobiles and user ids DingTalk actually notifies: those of `at` whose `@<id>` is in the text of a
   * text or markdown message (the robot ignores the others).
   */
  mentioned: string[];
}

export interface RecordedRobotCall {
  at: string;
  accessToken: string;
  errcode: number;
  errmsg: string;
}

export interface DingTalkSimulatorControl {
  /** The webhook URL to configure for a robot, as DingTalk shows it in the group settings. */
  webhookUrl(accessToken: string): string;
  addRobot(robot: SimulatedRobot): void;
  messages(accessToken?: string): RecordedRobotMessage[];
  calls(): RecordedRobotCall[];
  /** Answer the next `times` requests with this errcode (e.g. 130101) or an HTTP 500. */
  injectFault(fault: {
    errcode?: number;
    errmsg?: string;
    httpStatus?: number;
    latencyMs?: number;
    times?: number;
  }): void;
  clearFaults(): void;
}

export interface DingTalkSimulator {
  url: string;
  stop(): Promise<void>;
  control: DingTalkSimulatorControl;
}

export const DEFAULT_DINGTALK_ROBOT: SimulatedRobot = {
  accessToken: 'portico-demo-robot',
  secret: 'SECportico0demo0robot0secret0000000000000000000000000000000000',
};

const TIMESTAMP_WINDOW_MS = 3600_000;
const THROTTLE_MS = 10 * 60_000;
const MSG_TYPES = ['text', 'link', 'markdown', 'actionCard', 'feedCard'];

function contentText(body: Record<string, unknown>, msgtype: string): string {
  return JSON.stringify(body[msgtype] ?? '');
}

/** The receiving end of DingTalk custom robots: checks 加签, the time window, keywords and the rate limit. */
export async function startDingTalkSimulator(
  options: DingTalkSimulatorOptions = {},
): Promise<DingTalkSimulator> {
  const now = options.now ?? Date.now;
  const ratePerMinute = options.ratePerMinute ?? 20;
  const robots = new Map<string, SimulatedRobot>();
  (options.robots ?? [DEFAULT_DINGTALK_ROBOT]).forEach((r) => robots.set(r.accessToken, r));
  let messages: RecordedRobotMessage[] = [];
  const calls: RecordedRobotCall[] = [];
  const recent = new Map<string, number[]>();
  const throttledUntil = new Map<string, number>();
  let fault:
    { errcode?: number; errmsg?: string; httpStatus?: number; latencyMs?: number; times: number } | undefined;

  if (options.dataFile && existsSync(options.dataFile)) {
    messages = (JSON.parse(readFileSync(options.dataFile, 'utf8')) as { messages: RecordedRobotMessage[] })
      .messages;
  }
  const persist = () => {
    if (!options.dataFile) return;
    mkdirSync(dirname(options.dataFile), { recursive: true });
    writeFileSync(`${options.dataFile}.tmp`, JSON.stringify({ messages }));
    renameSync(`${options.dataFile}.tmp`, options.dataFile);
  };

  const mentionedIn = (body: Record<string, unknown>): string[] => {
    const msgtype = String(body.msgtype);
    if (msgtype !== 'text' && msgtype !== 'markdown') return [];
    const at = (body.at ?? {}) as { atMobiles?: unknown; atUserIds?: unknown };
    const ids = [at.atMobiles, at.atUserIds].flatMap((v) => (Array.isArray(v) ? v.map(String) : []));
    const content = body[msgtype] as { text?: unknown; content?: unknown };
    const text = String((msgtype === 'markdown' ? content.text : content.content) ?? '');
    return ids.filter((id) => text.includes(`@${id}`));
  };

  const check = (
    req: IncomingMessage,
    url: URL,
    raw: Buffer,
  ): { errcode: number; errmsg: string; token: string; body?: Record<string, unknown> } => {
    const token = url.searchParams.get('access_token') ?? '';
    const robot = robots.get(token);
    if (!robot) return { errcode: 300001, errmsg: 'token is not exist', token };
    if (robot.secret) {
      const timestamp = url.searchParams.get('timestamp') ?? '';
      const sign = url.searchParams.get('sign') ?? '';
      if (!/^\d{13}$/.test(timestamp) || Math.abs(now() - Number(timestamp)) > TIMESTAMP_WINDOW_MS) {
        return { errcode: 310000, errmsg: 'invalid timestamp', token };
      }
      const expected = createHmac('sha256', robot.secret).update(`${timestamp}\n${robot.secret}`).digest();
      const given = Buffer.from(sign, 'base64');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { errcode: 310000, errmsg: 'sign not match', token };
      }
    }
    if (!(req.headers['content-type'] ?? '').includes('application/json')) {
      return { errcode: 43004, errmsg: 'invalid content-type, expected application/json', token };
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return { errcode: 40035, errmsg: 'invalid json', token };
    }
    const msgtype = typeof body?.msgtype === 'string' ? body.msgtype : '';
    if (!MSG_TYPES.includes(msgtype) || typeof body[msgtype] !== 'object') {
      return { errcode: 40035, errmsg: 'invalid msgtype or missing content', token };
    }
    if (robot.keywords?.length && !robot.keywords.some((k) => contentText(body, msgtype).includes(k))) {
      return { errcode: 310000, errmsg: 'keywords not in content', token };
    }
    const t = now();
    if ((throttledUntil.get(token) ?? 0) > t) {
      return { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute', token };
    }
    const window = (recent.get(token) ?? []).filter((at) => at > t - 60_000);
    if (window.length >= ratePerMinute) {
      throttledUntil.set(token, t + THROTTLE_MS);
      return { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute', token };
    }
    window.push(t);
    recent.set(token, window);
    return { errcode: 0, errmsg: 'ok', token, body };
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://simulator.local');
        const reply = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify(body));
        };
        if (url.pathname.startsWith('/_control/') && req.method === 'GET') {
          return reply(200, url.pathname === '/_control/messages' ? messages : calls);
        }
        if (req.method !== 'POST' || url.pathname !== '/robot/send')
          return reply(404, { errcode: 404, errmsg: 'not found' });
        if (fault && fault.times > 0) {
          fault.times--;
          if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault!.latencyMs));
          if (fault.httpStatus) return reply(fault.httpStatus, { errcode: -1, errmsg: 'system busy' });
          if (fault.errcode !== undefined) {
            calls.push({
              at: new Date(now()).toISOString(),
              accessToken: '***',
              errcode: fault.errcode,
              errmsg: fault.errmsg ?? '',
            });
            return reply(200, { errcode: fault.errcode, errmsg: fault.errmsg ?? 'injected' });
          }
        }
        const result = check(req, url, Buffer.concat(chunks));
        calls.push({
          at: new Date(now()).toISOString(),
          accessToken: result.token,
          errcode: result.errcode,
          errmsg: result.errmsg,
        });
        if (result.errcode === 0 && result.body) {
          messages.push({
            accessToken: result.token,
            at: new Date(now()).toISOString(),
            msgtype: String(result.body.msgtype),
            body: result.body,
            mentioned: mentionedIn(result.body),
          });
          persist();
        }
        // DingTalk answers 200 even when it refuses the message.
        reply(200, { errcode: result.errcode, errmsg: result.errmsg });
      })();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    control: {
      webhookUrl: (accessToken) => `${url}/robot/send?access_token=${encodeURIComponent(accessToken)}`,
      addRobot: (robot) => robots.set(robot.accessToken, robot),
      messages: (accessToken) => messages.filter((m) => !accessToken || m.accessToken === accessToken),
      calls: () => [...calls],
      injectFault: (f) => {
        fault = { ...f, times: f.times ?? 1 };
      },
      clearFaults: () => {
        fault = undefined;
      },
    },
  };
}
