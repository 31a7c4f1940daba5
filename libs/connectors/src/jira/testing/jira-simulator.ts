import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { attachmentOperations, serveMedia, serveSecureAttachment } from './jira-attachment-routes';
import { commentOperations } from './jira-comment-routes';
import { adfToWikiDeep, wikiRequestToAdf } from './jira-data-center';
import { issueOperations } from './jira-issue-routes';
import { remoteLinkOperations } from './jira-remote-link-routes';
import { readOperationBody } from './jira-request-body';
import { searchOperations } from './jira-search-routes';
import { JiraSimulatorControl } from './jira-simulator-control';
import { handleControl } from './jira-simulator-control-api';
import {
  credentialsMatch,
  HttpError,
  send,
  type OperationHandlers,
  type Result,
} from './jira-simulator-http';
import { emptyState, seedState, type SimState, type SimUser } from './jira-simulator-state';
import type { JiraSimulator, JiraSimulatorOptions } from './jira-simulator-types';
import { transitionOperations } from './jira-transition-routes';
import { userAndFieldOperations } from './jira-user-field-routes';
import {
  describeViolation,
  OpenApiRequestValidator,
  type MatchedOperation,
} from './openapi-request-validator';

export { MAX_COMMENTS_PAGE } from './jira-comment-routes';
export { JiraSimulatorControl } from './jira-simulator-control';
export type {
  JiraFault,
  JiraSimulator,
  JiraSimulatorOptions,
  JiraWebhookFault,
  RecordedCall,
  WebhookDelivery,
} from './jira-simulator-types';

/**
 * Starts an in-memory Jira Cloud that speaks the REST v3 subset Portico uses, validates every request against the
 * official OpenAPI document, and fires signed admin webhooks on every change.
 *
 * ```ts
 * const jira = await startJiraSimulator({ email: 'pm@example.com', apiToken: 'token', webhookSecret: 'secret',
 *   webhookUrl: 'http://127.0.0.1:3000/api/webhooks/jira' });
 * jira.url;                                   // JIRA_BASE_URL
 * jira.control.transitionIssue('HW-3', 'Done'); // fires a signed jira:issue_updated
 * await jira.stop();
 * ```
 */
export async function startJiraSimulator(options: JiraSimulatorOptions): Promise<JiraSimulator> {
  const state: SimState =
    options.dataFile && existsSync(options.dataFile)
      ? (JSON.parse(readFileSync(options.dataFile, 'utf8')) as SimState)
      : options.seed === false
        ? emptyState()
        : seedState();
  const apiUser: SimUser = {
    accountId: `712020:${Buffer.from(options.email).toString('hex').slice(0, 24).padEnd(24, '0')}`,
    displayName: options.email
      .split('@')[0]
      .replace(/[._-]+/g, ' ')
      .replace(/\b\w/g, (c) => c.toUpperCase()),
    emailAddress: options.email,
  };
  const control = new JiraSimulatorControl(state, apiUser, options, options.webhookUrl);
  const validator = new OpenApiRequestValidator();
  const basic = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString('base64')}`;
  const maxAttachmentBytes = options.maxAttachmentBytes ?? 50 * 1024 * 1024;
  const sockets = new Set<Socket>();

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const method = (request.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/_sim/')) return handleControl(control, method, url, request, response);
    if (url.pathname.startsWith('/media/')) return serveMedia(control, method, url, response);

    const authorization = request.headers.authorization ?? '';
    const authenticated =
      credentialsMatch(authorization, basic) ||
      (!!options.pat && credentialsMatch(authorization, `Bearer ${options.pat}`));
    if (!authenticated) {
      control.record({ method, path: url.pathname, status: 401 });
      return send(
        response,
        401,
        { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} },
        { 'WWW-Authenticate': 'Basic realm="Jira"' },
      );
    }

    const dataCenter = options.deployment === 'datacenter';
    if (url.pathname.startsWith('/secure/attachment/'))
      return serveSecureAttachment(control, method, url, response);
    if (
      url.pathname.startsWith('/rest/api/') &&
      !url.pathname.startsWith(dataCenter ? '/rest/api/2/' : '/rest/api/3/')
    ) {
      control.record({ method, path: url.pathname, status: 404 });
      return send(response, 404, {
        errorMessages: [`This Jira does not serve ${url.pathname}.`],
        errors: {},
      });
    }
    // Data Center's v2 has the same operations and parameters; only rich text and search paging differ.
    const apiPath = dataCenter ? url.pathname.replace('/rest/api/2/', '/rest/api/3/') : url.pathname;
    const matched = validator.match(method, apiPath, url.searchParams);
    const template = matched && 'operation' in matched ? matched.operation.template : undefined;
    const operationId = matched && 'operation' in matched ? matched.operation.operationId : undefined;
    const fault = control.takeFault(method, template, url.pathname);
    if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (fault?.timeout) {
      control.record({ method, path: url.pathname, operationId, status: 0 });
      return; // the socket stays open until the client gives up or the simulator stops
    }
    if (fault?.status) {
      control.record({ method, path: url.pathname, operationId, status: fault.status });
      return send(
        response,
        fault.status,
        { errorMessages: [fault.status === 429 ? 'Rate limit exceeded.' : 'Injected failure.'], errors: {} },
        fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {},
      );
    }

    if (!matched) {
      control.record({ method, path: url.pathname, status: 404 });
      return send(response, 404, {
        errorMessages: [`No operation ${method} ${url.pathname} in this Jira.`],
        errors: {},
      });
    }
    if ('violation' in matched) {
      control.record({ method, path: url.pathname, status: 400 });
      return send(response, 400, matched.violation);
    }
    const operation = matched.operation;
    let status = 500;
    let recordedBody: unknown;
    try {
      const {
        body,
        multipart,
        recordedBody: recorded,
      } = await readOperationBody(request, validator, method, operation.template, maxAttachmentBytes);
      recordedBody = recorded;
      const handled = dataCenter ? wikiRequestToAdf(operation.operationId, body) : body;
      const result = await dispatch(control, operation, handled, multipart, maxAttachmentBytes, dataCenter);
      if (dataCenter && result.body !== undefined) result.body = adfToWikiDeep(result.body);
      if (options.checkResponses && result.body !== undefined) {
        const drift = validator.validateResponse(method, operation.template, result.status, result.body);
        if (drift)
          throw new HttpError(500, [
            `Simulator response to ${operation.operationId} violates the Jira OpenAPI document: ${describeViolation(drift)}`,
          ]);
      }
      status = result.status;
      control.record({
        method,
        path: url.pathname,
        operationId: operation.operationId,
        status,
        body: recordedBody,
      });
      if (result.raw)
        return send(response, status, result.raw, {
          'Content-Type': result.contentType ?? 'application/octet-stream',
        });
      return send(response, status, result.body, result.headers);
    } catch (error) {
      const failure =
        error instanceof HttpError
          ? error
          : new HttpError(500, [`Internal simulator error: ${(error as Error).message}`]);
      control.record({
        method,
        path: url.pathname,
        operationId: operation.operationId,
        status: failure.status,
        body: recordedBody,
      });
      return send(
        response,
        failure.status,
        { errorMessages: failure.errorMessages, errors: failure.errors },
        failure.headers,
      );
    }
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) =>
      send(response, 500, { errorMessages: [String(error)], errors: {} }),
    );
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'}:${address.port}`;
  control.baseUrl = url;
  control.flushState();
  return {
    url,
    control,
    stop: async () => {
      await control.flushWebhooks().catch(() => undefined);
      control.flushState();
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const operations: OperationHandlers = {
  ...userAndFieldOperations,
  ...searchOperations,
  ...issueOperations,
  ...commentOperations,
  ...attachmentOperations,
  ...transitionOperations,
  ...remoteLinkOperations,
};

/** Runs the handler of the matched operation (one file per area of the REST API). */
async function dispatch(
  control: JiraSimulatorControl,
  op: MatchedOperation,
  body: unknown,
  multipart: FormData | undefined,
  maxAttachmentBytes: number,
  dataCenter: boolean,
): Promise<Result> {
  const handler = Object.hasOwn(operations, op.operationId) ? operations[op.operationId] : undefined;
  if (!handler) throw new HttpError(404, [`${op.operationId} is not implemented by the simulator.`]);
  return handler({
    control,
    op,
    q: op.query as Record<string, never>,
    input: (body ?? {}) as Record<string, never>,
    body,
    issueRef: op.pathParams.issueIdOrKey,
    multipart,
    maxAttachmentBytes,
    dataCenter,
  });
}
