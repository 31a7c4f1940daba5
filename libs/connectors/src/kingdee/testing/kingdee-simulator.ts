import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { gatewaySecret, kingdeeHmac, encodeSignedPath } from '../kingdee-signature';
import { FilterSyntaxError, parseFilter } from './kingdee-filter-parser';
import {
  canonicalKey,
  PURCHASE_ORDER_FIELDS,
  purchaseOrderRows,
  seedOrders,
  seedSuppliers,
  SimOrder,
  SimSupplier,
  SUPPLIER_FIELDS,
} from './kingdee-simulator-state';

export interface SimulatedKingdeeApp {
  appId: string;
  appSecret: string;
  username: string;
}

export interface KingdeeSimulatorOptions {
  port?: number;
  host?: string;
  /** The data centre (acctID) the site serves. */
  acctId?: string;
  apps?: SimulatedKingdeeApp[];
  /** ValidateUser accounts. */
  users?: { username: string; password: string }[];
  /** Orders' dates are seeded around this day (YYYY-MM-DD); today by default. */
  today?: string;
}

export interface KingdeeFault {
  httpStatus?: number;
  msgCode?: number;
  message?: string;
  latencyMs?: number;
  /** Only calls to this service (e.g. `Save`); every service when unset. */
  service?: string;
  times?: number;
}

export interface RecordedKingdeeCall {
  at: string;
  service: string;
  formId?: string;
  msgCode: number;
  data?: unknown;
}

export interface OrderChange {
  documentStatus?: SimOrder['documentStatus'];
  closeStatus?: SimOrder['closeStatus'];
  entries?: {
    entryId: number;
    deliveryDate?: string;
    qty?: number;
    receiveQty?: number;
    note?: string;
    mrpCloseStatus?: 'A' | 'B';
  }[];
}

export interface KingdeeSimulatorControl {
  orders(): SimOrder[];
  addOrder(order: SimOrder): void;
  changeOrder(billNo: string, change: OrderChange): SimOrder;
  injectFault(fault: KingdeeFault): void;
  clearFaults(): void;
  /** Every open session is forgotten, as after a server restart or a timeout. */
  expireSessions(): void;
  calls(): RecordedKingdeeCall[];
}

export interface KingdeeSimulator {
  /** The WebAPI root to configure as KINGDEE_BASE_URL. */
  url: string;
  acctId: string;
  stop(): Promise<void>;
  control: KingdeeSimulatorControl;
}

export const DEFAULT_KINGDEE_APP: SimulatedKingdeeApp = {
  appId: '226688_E/4PPBI9s2iRDr/vEdF2HUi/8K9P+HVB',
  appSecret: 'a3f1c9e07b5d4e2f8c6a1b0d9e7f5c3a',
  username: 'portico-api',
};
export const DEFAULT_KINGDEE_ACCT_ID = '66a1c2d3e4f5a6';

const SESSION_LOST = '会话信息已丢失，请重新登录';
const SAVE_FIELDS = new Set(['FPOOrderEntry', 'FDeliveryDate', 'FEntryNote']);

class KingdeeRefusal extends Error {
  constructor(
    readonly msgCode: number,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

const status = (msgCode: number, message: string, field: string | null = null) => ({
  ErrorCode: 500,
  IsSuccess: false,
  Errors: [{ FieldName: field, Message: message, DIndex: 0 }],
  SuccessEntitys: [],
  SuccessMessages: [],
  MsgCode: msgCode,
});

const equal = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Reads a key of Kingdee's JSON case-insensitively, as the server does. */
function pick(object: unknown, key: string): unknown {
  if (!object || typeof object !== 'object') return undefined;
  const found = Object.keys(object).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : (object as Record<string, unknown>)[found];
}

/** A Kingdee Cloud Galaxy site: signature and ValidateUser sessions, ExecuteBillQuery, View and Save. */
export async function startKingdeeSimulator(
  options: KingdeeSimulatorOptions = {},
): Promise<KingdeeSimulator> {
  const acctId = options.acctId ?? DEFAULT_KINGDEE_ACCT_ID;
  const apps = options.apps ?? [DEFAULT_KINGDEE_APP];
  const users = options.users ?? [{ username: 'portico-api', password: 'kingdee-demo-password' }];
  const suppliers = new Map<string, SimSupplier>(seedSuppliers().map((s) => [s.number, s]));
  const orders = seedOrders(options.today ?? new Date().toISOString().slice(0, 10));
  const sessions = new Set<string>();
  const faults: KingdeeFault[] = [];
  const calls: RecordedKingdeeCall[] = [];

  const touch = (order: SimOrder) => (order.modifyDate = new Date().toISOString().slice(0, 19));

  const control: KingdeeSimulatorControl = {
    orders: () => structuredClone(orders),
    addOrder: (order) => void orders.push(structuredClone(order)),
    changeOrder(billNo, change) {
      const order = orders.find((o) => o.billNo === billNo);
      if (!order) throw new Error(`No order ${billNo}`);
      if (change.documentStatus) order.documentStatus = change.documentStatus;
      if (change.closeStatus) order.closeStatus = change.closeStatus;
      for (const edit of change.entries ?? []) {
        const entry = order.entries.find((e) => e.entryId === edit.entryId);
        if (!entry) throw new Error(`No entry ${edit.entryId} on ${billNo}`);
        Object.assign(
          entry,
          Object.fromEntries(Object.entries(edit).filter(([k, v]) => k !== 'entryId' && v !== undefined)),
        );
      }
      touch(order);
      return structuredClone(order);
    },
    injectFault: (fault) => void faults.push({ times: 1, ...fault }),
    clearFaults: () => void faults.splice(0),
    expireSessions: () => sessions.clear(),
    calls: () => [...calls],
  };

  /** A live session cookie, or a valid signature (which opens one). Wrong data centre: not even an answer. */
  function authenticate(
    request: IncomingMessage,
    path: string,
    response: ServerResponse,
  ): 'ok' | 'lost' | 'refused' {
    const cookie = /kdservice-sessionid=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
    const session = cookie ?? (request.headers['kdservice-sessionid'] as string | undefined);
    if (session && sessions.has(session)) return 'ok';
    const appKey = request.headers['x-kd-appkey'] as string | undefined;
    if (!appKey) return 'lost';
    const appData = Buffer.from(String(request.headers['x-kd-appdata'] ?? ''), 'base64').toString('utf8');
    const [acct, username] = appData.split(',');
    if (acct !== acctId) return 'refused';
    const app = apps.find((a) => a.appId === appKey);
    if (!app || app.username !== username) return 'lost';
    const timestamp = String(request.headers['x-api-timestamp'] ?? '');
    const canonical = `POST\n${encodeSignedPath(path)}\n\nx-api-nonce:${request.headers['x-api-nonce']}\nx-api-timestamp:${timestamp}\n`;
    const apiSignature = kingdeeHmac(gatewaySecret(app.appId), canonical);
    const kdSignature = kingdeeHmac(app.appSecret, app.appId + appData);
    if (
      !equal(String(request.headers['x-api-signature'] ?? ''), apiSignature) ||
      !equal(String(request.headers['x-kd-signature'] ?? ''), kdSignature)
    )
      return 'lost';
    openSession(response);
    return 'ok';
  }

  function openSession(response: ServerResponse): string {
    const id = randomUUID();
    sessions.add(id);
    response.setHeader('Set-Cookie', [
      `kdservice-sessionid=${id}; path=/`,
      `ASP.NET_SessionId=${randomUUID().slice(0, 24)}; path=/; HttpOnly`,
    ]);
    return id;
  }

  function dataOf(body: unknown): Record<string, unknown> {
    const parameters = pick(body, 'parameters');
    let data = Array.isArray(parameters) ? parameters[parameters.length - 1] : pick(body, 'data');
    if (typeof data === 'string') data = JSON.parse(data);
    if (!data || typeof data !== 'object') throw new KingdeeRefusal(8, 'data 数据包不能为空');
    return data as Record<string, unknown>;
  }

  function formIdOf(body: unknown, data: Record<string, unknown>): string {
    const parameters = pick(body, 'parameters');
    return String(
      (Array.isArray(parameters) && parameters.length > 1 ? parameters[0] : pick(body, 'formid')) ??
        pick(data, 'FormId') ??
        '',
    );
  }

  function executeBillQuery(data: Record<string, unknown>): unknown[][] {
    const formId = String(pick(data, 'FormId') ?? '');
    const fieldKeys = String(pick(data, 'FieldKeys') ?? '').trim();
    if (!fieldKeys) throw new KingdeeRefusal(8, 'data 数据包中的参数 FieldKeys 的值不能为空');
    const known: string[] =
      formId === 'PUR_PurchaseOrder'
        ? Object.keys(PURCHASE_ORDER_FIELDS)
        : formId === 'BD_Supplier'
          ? Object.keys(SUPPLIER_FIELDS)
          : [];
    if (!known.length) throw new KingdeeRefusal(4, `标识为“${formId}”的业务对象不存在，或者被删除`);
    const keys = fieldKeys.split(',').map((key) => {
      const canonical = canonicalKey(known, key);
      if (!canonical) throw new KingdeeRefusal(9, `元数据中标识为${key.trim()}的字段不存在`, key.trim());
      return canonical;
    });
    let predicate;
    try {
      predicate = parseFilter(String(pick(data, 'FilterString') ?? ''), (key) => canonicalKey(known, key));
    } catch (error) {
      if (error instanceof FilterSyntaxError)
        throw new KingdeeRefusal(4, `GetRealExpress error: ${error.message}`);
      throw error;
    }
    let rows =
      formId === 'PUR_PurchaseOrder'
        ? purchaseOrderRows(orders, suppliers, keys)
        : [...suppliers.values()].map((s) =>
            Object.fromEntries(known.map((k) => [k, SUPPLIER_FIELDS[k](s)])),
          );
    rows = rows.filter(predicate);
    const order = String(pick(data, 'OrderString') ?? '')
      .split(',')
      .map((part) => part.trim().split(/\s+/))
      .filter(([key]) => key)
      .map(([key, direction]) => {
        const canonical = canonicalKey(known, key);
        if (!canonical) throw new KingdeeRefusal(4, `GetRealExpress error: unknown order key ${key}`);
        return { key: canonical, sign: direction?.toLowerCase() === 'desc' ? -1 : 1 };
      });
    rows.sort((a, b) => {
      for (const { key, sign } of order) {
        const x = a[key] as string | number;
        const y = b[key] as string | number;
        if (x !== y) return (x < y ? -1 : 1) * sign;
      }
      return 0;
    });
    const start = Number(pick(data, 'StartRow') ?? 0);
    const limit = Number(pick(data, 'Limit') ?? 0) || 2000;
    const top = Number(pick(data, 'TopRowCount') ?? 0);
    if (top > 0) rows = rows.slice(0, top);
    return rows.slice(start, start + Math.min(limit, 10_000)).map((row) => keys.map((key) => row[key]));
  }

  function view(data: Record<string, unknown>) {
    const number = String(pick(data, 'Number') ?? '');
    const id = Number(pick(data, 'Id') || 0);
    const order = orders.find((o) => (number ? o.billNo === number : o.fid === id));
    if (!order) throw new KingdeeRefusal(10, '单据不存在或已被删除');
    const supplier = suppliers.get(order.supplierNumber);
    return {
      Id: order.fid,
      BillNo: order.billNo,
      DocumentStatus: order.documentStatus,
      CloseStatus: order.closeStatus,
      SupplierId: {
        Id: 100000,
        Number: order.supplierNumber,
        Name: [{ Key: 2052, Value: supplier?.name ?? '' }],
      },
      POOrderEntry: order.entries.map((e) => ({
        Id: e.entryId,
        Seq: e.seq,
        MaterialId: { Number: e.materialNumber, Name: [{ Key: 2052, Value: e.materialName }] },
        Qty: e.qty,
        DeliveryDate: `${e.deliveryDate}T00:00:00`,
        Note: e.note,
      })),
    };
  }

  function save(formId: string, data: Record<string, unknown>) {
    if (formId !== 'PUR_PurchaseOrder')
      throw new KingdeeRefusal(4, `标识为“${formId}”的业务对象不存在，或者被删除`);
    const fields = pick(data, 'NeedUpDateFields');
    // Real Kingdee would overwrite the whole bill, or delete unsent entries: the simulator refuses both.
    if (!Array.isArray(fields) || fields.length === 0)
      throw new KingdeeRefusal(
        8,
        'NeedUpDateFields is required: without it the whole bill is rewritten',
        'NeedUpDateFields',
      );
    if (pick(data, 'IsDeleteEntry') !== false)
      throw new KingdeeRefusal(
        8,
        'IsDeleteEntry must be false: true deletes every entry missing from Model',
        'IsDeleteEntry',
      );
    for (const field of fields)
      if (!SAVE_FIELDS.has(String(field)))
        throw new KingdeeRefusal(9, `元数据中标识为${field}的字段不存在`, String(field));
    const model = pick(data, 'Model') as Record<string, unknown> | undefined;
    const order = orders.find((o) => o.fid === Number(pick(model, 'FID')));
    if (!order) throw new KingdeeRefusal(11, '单据不存在或已被删除', 'FID');
    if (order.documentStatus === 'B' || order.documentStatus === 'C')
      throw new KingdeeRefusal(12, `单据${order.billNo}已审核或正在审核，不允许修改`);
    const entries = (pick(model, 'FPOOrderEntry') as Record<string, unknown>[] | undefined) ?? [];
    const updates = entries.map((edit) => {
      const entry = order.entries.find((e) => e.entryId === Number(pick(edit, 'FEntryID')));
      if (!entry) throw new KingdeeRefusal(11, `分录${String(pick(edit, 'FEntryID'))}不存在`, 'FEntryID');
      const date = pick(edit, 'FDeliveryDate');
      if (date !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(String(date)))
        throw new KingdeeRefusal(11, `交货日期格式不正确: ${String(date)}`, 'FDeliveryDate');
      return { entry, date, note: pick(edit, 'FEntryNote') };
    });
    for (const { entry, date, note } of updates) {
      if (date !== undefined && fields.includes('FDeliveryDate'))
        entry.deliveryDate = String(date).slice(0, 10);
      if (note !== undefined && fields.includes('FEntryNote')) entry.note = String(note);
    }
    touch(order);
    return {
      ResponseStatus: {
        IsSuccess: true,
        Errors: [],
        SuccessEntitys: [{ Id: order.fid, Number: order.billNo, DIndex: 0 }],
        SuccessMessages: [],
        MsgCode: 0,
      },
      Id: order.fid,
      Number: order.billNo,
      NeedReturnData: [{}],
    };
  }

  async function handleService(
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
    raw: string,
  ) {
    const service = /([A-Za-z]+\.[A-Za-z]+)\.common\.kdsvc$/i.exec(path)?.[1]?.toLowerCase() ?? '';
    const shortName = service.split('.')[1] ?? '';
    const fault = faults.find(
      (f) => (f.times ?? 1) > 0 && (!f.service || f.service.toLowerCase() === shortName),
    );
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
      if (fault.httpStatus) return send(response, fault.httpStatus, 'Service Unavailable');
    }
    const wrap = (body: object) =>
      shortName === 'executebillquery' ? [[{ Result: body }]] : { Result: body };
    const record = (msgCode: number, formId?: string, data?: unknown) =>
      calls.push({ at: new Date().toISOString(), service: shortName, formId, msgCode, data });
    let body: unknown;
    try {
      body = JSON.parse(raw || '{}');
    } catch {
      return send(response, 200, wrap({ ResponseStatus: status(8, 'JSON 格式错误') }));
    }
    if (service === 'authservice.validateuser') {
      const parameters = pick(body, 'parameters') as unknown[] | undefined;
      const [acct, username, password] = parameters ?? [
        pick(body, 'acctID'),
        pick(body, 'username'),
        pick(body, 'password'),
      ];
      const ok = acct === acctId && users.some((u) => u.username === username && u.password === password);
      record(ok ? 0 : 1);
      if (!ok)
        return send(response, 200, {
          Message: '用户名或密码错误',
          LoginResultType: 0,
          IsSuccessByAPI: false,
        });
      const id = openSession(response);
      return send(response, 200, {
        Message: null,
        MessageCode: 'CheckPasswordPolicy',
        LoginResultType: 1,
        Context: { UserId: 100008, UserName: username },
        KDSVCSessionId: id,
        IsSuccessByAPI: true,
      });
    }
    const auth = authenticate(request, path, response);
    if (auth === 'refused') return send(response, 500, 'Fail to verify thirty passport');
    if (fault?.msgCode) {
      record(fault.msgCode);
      return send(
        response,
        200,
        wrap({ ResponseStatus: status(fault.msgCode, fault.message ?? 'injected') }),
      );
    }
    if (auth === 'lost') {
      record(1);
      return send(response, 200, wrap({ ResponseStatus: status(1, SESSION_LOST) }));
    }
    let formId: string | undefined;
    let data: Record<string, unknown> | undefined;
    try {
      data = dataOf(body);
      formId = formIdOf(body, data);
      let result: unknown;
      if (shortName === 'executebillquery') result = executeBillQuery(data);
      else if (shortName === 'view') result = { Result: { ResponseStatus: null, Result: view(data) } };
      else if (shortName === 'save') result = { Result: save(formId, data) };
      else throw new KingdeeRefusal(4, `未知的服务 ${service}`);
      record(0, formId, data);
      return send(response, 200, result);
    } catch (error) {
      if (!(error instanceof KingdeeRefusal)) throw error;
      record(error.msgCode, formId, data);
      return send(response, 200, wrap({ ResponseStatus: status(error.msgCode, error.message, error.field) }));
    }
  }

  async function handleControl(
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
    raw: string,
  ) {
    const body = raw ? JSON.parse(raw) : {};
    const orderPath = /^\/_control\/orders\/([^/]+)$/.exec(path);
    if (request.method === 'GET' && path === '/_control/calls') return send(response, 200, control.calls());
    if (request.method === 'GET' && path === '/_control/orders') return send(response, 200, control.orders());
    if (request.method === 'POST' && path === '/_control/orders')
      return send(response, 201, (control.addOrder(body), body));
    if (request.method === 'PATCH' && orderPath)
      return send(response, 200, control.changeOrder(decodeURIComponent(orderPath[1]), body));
    if (request.method === 'POST' && path === '/_control/faults')
      return send(response, 204, (control.injectFault(body), ''));
    if (request.method === 'DELETE' && path === '/_control/faults')
      return send(response, 204, (control.clearFaults(), ''));
    if (request.method === 'POST' && path === '/_control/sessions/expire')
      return send(response, 204, (control.expireSessions(), ''));
    return send(response, 404, { error: 'not found' });
  }

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = (request.url ?? '/').split('?')[0];
      const handled = path.startsWith('/_control/')
        ? handleControl(request, response, path, raw)
        : request.method === 'POST'
          ? handleService(request, response, request.url ?? path, raw)
          : Promise.resolve(send(response, 405, 'POST only'));
      handled.catch((error: Error) => send(response, 500, `response_error: ${error.message}`));
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/k3cloud/`,
    acctId,
    control,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function send(response: ServerResponse, statusCode: number, body: unknown): void {
  if (response.headersSent) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(statusCode, {
    'Content-Type':
      typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
  });
  response.end(text);
}
