import { randomBytes } from 'node:crypto';
import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { registerAuthRoutes } from './feishu-auth-routes';
import { registerContactRoutes } from './feishu-contact-routes';
import { registerDocxRoutes } from './feishu-docx-routes';
import { registerDriveRoutes } from './feishu-drive-routes';
import { registerDriveUploadRoutes } from './feishu-drive-upload-routes';
import { registerMessageRoutes } from './feishu-message-routes';
import { applyFault, createControl, registerControlRoutes } from './feishu-simulator-control';
import { createEventSender } from './feishu-simulator-events';
import { Handler, HttpFailure, Route } from './feishu-simulator-http';
import { FeishuSimulatorState } from './feishu-simulator-state';
import type { FeishuSimulator, FeishuSimulatorOptions } from './feishu-simulator-types';

export type {
  FeishuDocumentEdit,
  FeishuEventDelivery,
  FeishuEventFaults,
  FeishuRecordedCall,
  FeishuRecordedMessage,
  FeishuRecordedUpload,
  FeishuRouteFault,
  FeishuSimulator,
  FeishuSimulatorControl,
  FeishuSimulatorOptions,
} from './feishu-simulator-types';

/**
 * A stand-in for the Feishu/Lark Open Platform: same paths, envelopes, error codes and quirks as
 * contracts/feishu.md describes, with in-memory state and a control API for tests and demos.
 */
export async function startFeishuSimulator(options: FeishuSimulatorOptions): Promise<FeishuSimulator> {
  const state = new FeishuSimulatorState(options);
  const events = createEventSender(options, state);
  const control = createControl(options, state, events);

  // One file per area of the Open Platform; a new endpoint joins the file of its area.
  const routes: Route[] = [];
  const route = (name: string, method: string, pattern: RegExp, handler: Handler, raw = false) => {
    routes.push({ name, method, pattern, handler, raw });
  };
  registerAuthRoutes(route, options, state);
  registerDocxRoutes(route, state);
  registerDriveRoutes(route, state);
  registerDriveUploadRoutes(route, state);
  registerMessageRoutes(route, options, state);
  registerContactRoutes(route, state);
  registerControlRoutes(route, state, control);

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
      state.calls.push({
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
      if (!match.r.raw) await applyFault(state, match.r.name);
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
      state.timers.forEach((t) => clearTimeout(t));
      state.timers.clear();
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
