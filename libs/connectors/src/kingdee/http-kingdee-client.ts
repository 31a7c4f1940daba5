import type { KingdeeBillQuery, KingdeeClient, KingdeeSaveData, KingdeeSaved } from './kingdee-client.port';
import {
  errorFromStatus,
  KingdeeAuthError,
  KingdeeError,
  KingdeeSessionLostError,
  KingdeeUnavailableError,
} from './kingdee-errors';
import { KingdeeAppCredentials, kingdeeSignatureHeaders } from './kingdee-signature';

export type KingdeeAuth =
  | ({ kind: 'signature' } & KingdeeAppCredentials)
  | { kind: 'password'; acctId: string; username: string; password: string; lcid: number };

export interface KingdeeClientOptions {
  /** The site's WebAPI root, e.g. `https://erp.example.com/k3cloud/`. */
  baseUrl: string;
  auth: KingdeeAuth;
  /** Per attempt. Default 15 000 ms. */
  timeoutMs?: number;
  /** Retries of queries and views after a transport failure or a call limit. Default 3. Saves are never retried. */
  maxRetries?: number;
  retryBaseDelayMs?: number;
  /** Seconds since the epoch, for the signature. */
  now?: () => number;
  /** The egress-checked fetch of the caller; the platform fetch by default. */
  fetch?: typeof fetch;
}

const SERVICE = 'Kingdee.BOS.WebApi.ServicesStub.';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface CallSpec {
  service: string;
  body: unknown;
  /** Queries and views: safe to send again after a timeout. */
  idempotent: boolean;
  operation: string;
  /** Turns the answer into the result, throwing the typed error a failed answer carries. */
  read: (body: unknown) => unknown;
}

/** Kingdee Cloud Galaxy WebAPI over HTTP (docs/integrations.md, "Kingdee"). */
export class HttpKingdeeClient implements KingdeeClient {
  private readonly root: URL;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly now: () => number;
  private readonly fetch: typeof fetch;
  /** Session cookies (password sign-in, or the session a signed call opened). */
  private cookies: string | undefined;
  private signingIn: Promise<void> | undefined;

  constructor(private readonly options: KingdeeClientOptions) {
    this.root = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
    this.fetch = options.fetch ?? fetch;
  }

  async executeBillQuery(
    query: KingdeeBillQuery,
    page: { startRow: number; limit: number },
  ): Promise<unknown[][]> {
    const operation = `ExecuteBillQuery ${query.formId}`;
    return this.call({
      service: 'DynamicFormService.ExecuteBillQuery',
      operation,
      idempotent: true,
      body: {
        data: {
          FormId: query.formId,
          FieldKeys: query.fieldKeys.join(','),
          FilterString: query.filter ?? '',
          OrderString: query.orderBy,
          // TopRowCount is an absolute end row: 0 while paging.
          TopRowCount: 0,
          StartRow: page.startRow,
          Limit: page.limit,
          SubSystemId: '',
        },
      },
      read: (result) => {
        if (!Array.isArray(result))
          throw new KingdeeError(`Kingdee ${operation} answered no row list`, undefined);
        // Errors come wrapped like rows: [[{"Result":{"ResponseStatus":…}}]].
        const first = (result[0] as unknown[] | undefined)?.[0] as
          { Result?: { ResponseStatus?: object } } | undefined;
        if (first && typeof first === 'object' && first.Result)
          throw errorFromStatus(first.Result.ResponseStatus ?? {}, operation);
        return result;
      },
    }) as Promise<unknown[][]>;
  }

  async queryAll(query: KingdeeBillQuery, pageSize = 2000): Promise<unknown[][]> {
    const rows: unknown[][] = [];
    for (let startRow = 0; ; startRow += pageSize) {
      const page = await this.executeBillQuery(query, { startRow, limit: pageSize });
      rows.push(...page);
      if (page.length < pageSize) return rows;
    }
  }

  async view(formId: string, key: { number: string } | { id: number }): Promise<Record<string, unknown>> {
    const outer = (await this.call({
      service: 'DynamicFormService.View',
      operation: `View ${formId}`,
      idempotent: true,
      body: {
        formid: formId,
        data: { CreateOrgId: 0, Number: 'number' in key ? key.number : '', Id: 'id' in key ? key.id : '' },
      },
      read: (body) => this.resultOf(body, `View ${formId}`),
    })) as Record<string, unknown>;
    return (outer.Result as Record<string, unknown> | undefined) ?? {};
  }

  async save(formId: string, data: KingdeeSaveData): Promise<KingdeeSaved> {
    // Without these Kingdee rewrites the whole bill, or deletes the entries not sent.
    if (!data.NeedUpDateFields?.length) throw new Error('A Kingdee Save must name NeedUpDateFields');
    if (data.IsDeleteEntry !== false) throw new Error('A Kingdee Save must set IsDeleteEntry to false');
    const outer = (await this.call({
      service: 'DynamicFormService.Save',
      operation: `Save ${formId}`,
      idempotent: false,
      body: { formid: formId, data },
      read: (body) => this.resultOf(body, `Save ${formId}`),
    })) as Record<string, unknown>;
    return { id: Number(outer.Id), number: String(outer.Number ?? '') };
  }

  /** View/Save answers: `{"Result":{"ResponseStatus":…,…}}`; a null status or IsSuccess true is success. */
  private resultOf(body: unknown, operation: string): Record<string, unknown> {
    const outer = (body as { Result?: Record<string, unknown> } | null)?.Result;
    if (!outer || typeof outer !== 'object')
      throw new KingdeeError(`Kingdee ${operation}: no Result`, undefined);
    const status = outer.ResponseStatus as { IsSuccess?: boolean } | null | undefined;
    if (status && status.IsSuccess !== true) throw errorFromStatus(status, operation);
    return outer;
  }

  /** One call: sign or sign in, send, and on a lost session sign in again and retry once. */
  private async call(spec: CallSpec): Promise<unknown> {
    try {
      return await this.withRetries(spec);
    } catch (error) {
      if (!(error instanceof KingdeeSessionLostError)) throw error;
      this.cookies = undefined;
      return this.withRetries(spec);
    }
  }

  private async withRetries(spec: CallSpec): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.send(spec);
      } catch (error) {
        const retry =
          spec.idempotent && error instanceof KingdeeError && error.retryable && attempt < this.maxRetries;
        if (!retry) throw error;
        await sleep(Math.random() * this.retryBaseDelayMs * 2 ** attempt);
      }
    }
  }

  private async send(spec: CallSpec): Promise<unknown> {
    if (this.options.auth.kind === 'password' && !this.cookies) await this.signIn();
    const url = new URL(`${SERVICE}${spec.service}.common.kdsvc`, this.root);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (this.options.auth.kind === 'signature')
      Object.assign(
        headers,
        kingdeeSignatureHeaders(this.options.auth, url.pathname + url.search, this.now()),
      );
    if (this.cookies) headers.Cookie = this.cookies;
    const response = await this.post(url, headers, spec.body, spec.operation);
    this.keepCookies(response);
    return spec.read(await this.parse(response, spec.operation));
  }

  /** ValidateUser: a password session whose cookies go with every later call. */
  private signIn(): Promise<void> {
    this.signingIn ??= (async () => {
      const auth = this.options.auth as Extract<KingdeeAuth, { kind: 'password' }>;
      const url = new URL(`${SERVICE}AuthService.ValidateUser.common.kdsvc`, this.root);
      const response = await this.post(
        url,
        { 'Content-Type': 'application/json' },
        { acctID: auth.acctId, username: auth.username, password: auth.password, lcid: auth.lcid },
        'ValidateUser',
      );
      const body = (await this.parse(response, 'ValidateUser')) as {
        LoginResultType?: number;
        Message?: string | null;
        KDSVCSessionId?: string;
      };
      if (body.LoginResultType !== 1)
        throw new KingdeeAuthError(
          `Kingdee refused the sign-in of ${auth.username} (LoginResultType ${body.LoginResultType ?? '?'})` +
            (body.Message ? `: ${body.Message}` : ''),
        );
      this.keepCookies(response);
      this.cookies ??= `kdservice-sessionid=${body.KDSVCSessionId}`;
    })().finally(() => (this.signingIn = undefined));
    return this.signingIn;
  }

  private async post(url: URL, headers: Record<string, string>, body: unknown, operation: string) {
    try {
      return await this.fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      const why =
        name === 'TimeoutError' ? `no response within ${this.timeoutMs} ms` : (error as Error).message;
      throw new KingdeeUnavailableError(`Kingdee ${operation}: ${why}`);
    }
  }

  private keepCookies(response: Response): void {
    const set = response.headers.getSetCookie?.() ?? [];
    const pairs = set
      .map((cookie) => cookie.split(';')[0])
      .filter((pair) => /^(kdservice-sessionid|ASP\.NET_SessionId)=/.test(pair));
    if (pairs.length) this.cookies = pairs.join('; ');
  }

  private async parse(response: Response, operation: string): Promise<unknown> {
    const text = await response.text().catch(() => '');
    if (response.status !== 200) {
      if (/Fail to verify/i.test(text))
        throw new KingdeeAuthError(`Kingdee ${operation}: ${text.slice(0, 200)}`);
      if (response.status === 429 || response.status >= 500)
        throw new KingdeeUnavailableError(`Kingdee ${operation}: HTTP ${response.status}`, response.status);
      throw new KingdeeError(
        `Kingdee ${operation}: HTTP ${response.status} ${text.slice(0, 200)}`,
        undefined,
      );
    }
    if (text.startsWith('response_error:'))
      throw new KingdeeUnavailableError(`Kingdee ${operation}: ${text.slice(0, 200)}`, response.status);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new KingdeeUnavailableError(`Kingdee ${operation}: unreadable answer`, response.status);
    }
    // A lost session can also come unwrapped at the top level.
    const top = body as { MsgCode?: number; IsSuccess?: boolean; Message?: string } | null;
    if (top && !Array.isArray(top) && top.IsSuccess === false) throw errorFromStatus(top, operation);
    return body;
  }
}
