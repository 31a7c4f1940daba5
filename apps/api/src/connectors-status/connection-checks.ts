import { performance } from 'node:perf_hooks';
import { larkSdk, type Lark } from '@portico/connectors/feishu/lark-sdk';
import { FeishuApiError, feishuError } from '@portico/connectors/feishu/feishu-errors';
import { httpInstanceWithTimeout, toFeishuError } from '@portico/connectors/feishu/feishu-http';
import { createJiraClient } from '@portico/connectors/jira/http-jira-client';
import { JiraError, JiraForbiddenError, JiraRateLimitedError } from '@portico/connectors/jira/jira-errors';
import type { ConnectionProblem } from './dto/connectors-status-response.dto';

/** The outcome of one cheap authenticated call to an external system. */
export interface ConnectionCheck {
  reachable: boolean | null;
  credentialsValid: boolean | null;
  latencyMs: number | null;
  error: { kind: ConnectionProblem; message: string } | null;
}

export interface JiraSettings {
  baseUrl: string;
  email?: string;
  apiToken?: string;
  pat?: string;
}

export interface FeishuSettings {
  baseUrl: string;
  appId?: string;
  appSecret?: string;
}

const SILENT_LOGGER: Lark.Logger = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

/**
 * `GET /rest/api/3/myself` (v2 on Data Center) with the configured credentials: the cheapest call
 * that proves both the connection and the credentials. One attempt, no retries: a status page must
 * answer quickly and show the failure as it is.
 */
export async function checkJiraConnection(
  settings: JiraSettings,
  timeoutMs: number,
): Promise<ConnectionCheck> {
  const basic =
    settings.email && settings.apiToken
      ? Buffer.from(`${settings.email}:${settings.apiToken}`).toString('base64')
      : undefined;
  const secrets = [settings.apiToken, settings.pat, basic];
  let client;
  try {
    client = createJiraClient({ ...settings, timeoutMs, maxRetries: 0 });
  } catch {
    return missingCredentials('JIRA_EMAIL with JIRA_API_TOKEN, or JIRA_PAT, must be set');
  }
  const started = performance.now();
  try {
    await client.getMyself();
    return { reachable: true, credentialsValid: true, latencyMs: since(started), error: null };
  } catch (error) {
    const latencyMs = since(started);
    if (!(error instanceof JiraError)) throw error;
    const message = redact(error.message, secrets);
    if (error instanceof JiraForbiddenError)
      return failed(true, false, latencyMs, 'rejected_credentials', message);
    if (error instanceof JiraRateLimitedError) return failed(true, null, latencyMs, 'rate_limited', message);
    if (error.status === undefined) {
      const kind = isTimeout(error) ? 'timeout' : 'unreachable';
      return failed(false, null, latencyMs, kind, message);
    }
    if (error.status >= 500) return failed(true, null, latencyMs, 'unavailable', message);
    return failed(true, null, latencyMs, 'unexpected_answer', message);
  }
}

/**
 * Asks for a tenant access token with the app id and secret, which is what every other Feishu
 * call starts with. The SDK returns Feishu's `code != 0` as a normal result, so it is checked here.
 */
export async function checkFeishuConnection(
  settings: FeishuSettings,
  timeoutMs: number,
): Promise<ConnectionCheck> {
  const { appId, appSecret } = settings;
  if (!appId || !appSecret) return missingCredentials('FEISHU_APP_ID and FEISHU_APP_SECRET must be set');
  const sdk = new (larkSdk().Client)({
    appId,
    appSecret,
    domain: settings.baseUrl.replace(/\/$/, ''),
    disableTokenCache: true,
    httpInstance: httpInstanceWithTimeout(timeoutMs),
    logger: SILENT_LOGGER,
  });
  const operation = 'auth.tenantAccessToken.internal';
  const started = performance.now();
  let error: FeishuApiError;
  try {
    const body = (await sdk.auth.tenantAccessToken.internal({
      data: { app_id: appId, app_secret: appSecret },
    })) as { code?: number; msg?: string; tenant_access_token?: string };
    if (body?.code === 0 && body.tenant_access_token)
      return { reachable: true, credentialsValid: true, latencyMs: since(started), error: null };
    error = feishuError(operation, { httpStatus: 200, code: body?.code, msg: body?.msg });
  } catch (thrown) {
    error = toFeishuError(operation, thrown);
  }
  const latencyMs = since(started);
  const message = redact(error.message, [appSecret]);
  switch (error.kind) {
    case 'unauthorized':
    case 'forbidden':
      return failed(true, false, latencyMs, 'rejected_credentials', message);
    case 'rate_limited':
      return failed(true, null, latencyMs, 'rate_limited', message);
    case 'timeout':
      return failed(false, null, latencyMs, 'timeout', message);
    case 'unavailable':
      return error.httpStatus === undefined
        ? failed(false, null, latencyMs, 'unreachable', message)
        : failed(true, null, latencyMs, 'unavailable', message);
    default:
      return failed(true, null, latencyMs, 'unexpected_answer', message);
  }
}

function missingCredentials(message: string): ConnectionCheck {
  return {
    reachable: null,
    credentialsValid: false,
    latencyMs: null,
    error: { kind: 'missing_credentials', message },
  };
}

function failed(
  reachable: boolean,
  credentialsValid: boolean | null,
  latencyMs: number,
  kind: ConnectionProblem,
  message: string,
): ConnectionCheck {
  return { reachable, credentialsValid, latencyMs, error: { kind, message } };
}

function since(started: number): number {
  return Math.round(performance.now() - started);
}

function isTimeout(error: JiraError): boolean {
  // fetch's abort reason is a DOMException, not an Error in every realm: compare names.
  const name = (error.cause as { name?: unknown } | undefined)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** Error texts come from remote systems and libraries; a credential echoed in one must not reach a browser. */
function redact(message: string, secrets: Array<string | undefined>): string {
  return secrets.reduce<string>(
    (text, secret) => (secret && secret.length >= 4 ? text.split(secret).join('[redacted]') : text),
    message,
  );
}
