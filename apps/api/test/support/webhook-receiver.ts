import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: { type: string; timestamp: string; data: Record<string, unknown> };
}

type Answer = { status: number; body?: string; headers?: Record<string, string> };

/** A supplier's webhook receiver on loopback: records every POST and answers as told per path. */
export async function startWebhookReceiver(): Promise<{
  url: (path: string) => string;
  received: ReceivedWebhook[];
  answer: Map<string, Answer>;
  close(): Promise<void>;
}> {
  const received: ReceivedWebhook[] = [];
  const answer = new Map<string, Answer>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      let json: ReceivedWebhook['json'];
      try {
        json = JSON.parse(body);
      } catch {
        json = { type: '(not json)', timestamp: '', data: {} };
      }
      received.push({ path, headers: req.headers, body, json });
      const a = answer.get(path) ?? { status: 204 };
      res.writeHead(a.status, a.headers).end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    answer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Verifies as the Standard Webhooks specification describes, written independently of the API's code:
 * which of `secrets` produced a signature in the header.
 */
export function verifiedBy(secrets: string[], hook: Pick<ReceivedWebhook, 'headers' | 'body'>): string[] {
  const id = String(hook.headers['webhook-id']);
  const ts = String(hook.headers['webhook-timestamp']);
  const given = String(hook.headers['webhook-signature'] ?? '')
    .split(' ')
    .map((s) => s.split(','))
    .filter(([v]) => v === 'v1')
    .map(([, mac]) => Buffer.from(mac, 'base64'));
  return secrets.filter((secret) => {
    const key = Buffer.from(secret.split('_')[1], 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${ts}.${hook.body}`).digest();
    return given.some((g) => g.length === expected.length && timingSafeEqual(g, expected));
  });
}

/** Polls until `check` returns something truthy (deliveries are made by the queue worker). */
export async function eventually<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 20_000,
): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
