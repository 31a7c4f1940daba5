import { HttpKingdeeClient, KingdeeAuth } from './http-kingdee-client';
import {
  KingdeeAuthError,
  KingdeeError,
  KingdeeSessionLostError,
  KingdeeUnavailableError,
} from './kingdee-errors';
import { KingdeeAppCredentials, kingdeeSignatureHeaders } from './kingdee-signature';
import { findSupplier, readPurchaseOrderLines, saveDeliveryDates } from './purchase-orders';
import {
  DEFAULT_KINGDEE_ACCT_ID,
  DEFAULT_KINGDEE_APP,
  KingdeeSimulator,
  startKingdeeSimulator,
} from './testing';

const signature: KingdeeAuth = {
  kind: 'signature',
  ...DEFAULT_KINGDEE_APP,
  acctId: DEFAULT_KINGDEE_ACCT_ID,
  lcid: 2052,
  orgNumber: '0',
};
const password: KingdeeAuth = {
  kind: 'password',
  acctId: DEFAULT_KINGDEE_ACCT_ID,
  username: 'portico-api',
  password: 'kingdee-demo-password',
  lcid: 2052,
};

describe('HttpKingdeeClient against the Kingdee simulator', () => {
  let sim: KingdeeSimulator;
  const client = (
    auth: KingdeeAuth = signature,
    extra: Partial<ConstructorParameters<typeof HttpKingdeeClient>[0]> = {},
  ) => new HttpKingdeeClient({ baseUrl: sim.url, auth, retryBaseDelayMs: 1, ...extra });
  const callsTo = (service: string) => sim.control.calls().filter((c) => c.service === service);

  beforeEach(async () => {
    sim = await startKingdeeSimulator({ today: '2026-12-07' });
  });
  afterEach(() => sim.stop());

  it('signs requests exactly as the contract test vector says', async () => {
    const sent: Record<string, string>[] = [];
    const capture: typeof fetch = (url, init) => {
      sent.push(Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>)));
      return fetch(url, init);
    };
    await client(signature, { now: () => 1767225600, fetch: capture }).executeBillQuery(
      { formId: 'BD_Supplier', fieldKeys: ['FNumber'], orderBy: 'FNumber ASC' },
      { startRow: 0, limit: 10 },
    );
    expect(sent[0]['X-Api-Signature']).toBe(
      'ZjA3ZTllZjIzMWMyYWQyNDkwMjg3MjQ1NWM1ZWRhZWNhYzA2MzRjNmUzNTllMzc3ZDUxMDhkODhhZmIzM2NkNw==',
    );
    expect(sent[0]['X-Kd-Signature']).toBe(
      'ZWM3NDNlOWNmN2ExYjU2ZjRiNGJjMGFmNjliMjU2N2Q4YmMwZjE0NjgxOWRjMTJiMmI0MzEzM2YzMzgwMmJlMg==',
    );
    expect(sent[0]['X-Api-ClientID']).toBe('226688');
  });

  it("reads one supplier's order lines with Chinese and English material names", async () => {
    const lines = await readPurchaseOrderLines(client(), 'VEN00101');
    expect(lines.map((l) => `${l.orderNumber}/${l.lineNumber}`)).toEqual([
      'CGDD000099/1',
      'CGDD000118/1',
      'CGDD000118/2',
      'CGDD000118/3',
      'CGDD000124/1',
      'CGDD000124/2',
    ]);
    const bracket = lines.find((l) => l.orderNumber === 'CGDD000118' && l.lineNumber === 1)!;
    expect(bracket).toMatchObject({
      materialName: '支架 Mounting bracket',
      quantity: 500,
      receivedQuantity: 200,
      remainingQuantity: 300,
      deliveryDate: '2026-12-12',
      documentStatus: 'C',
      orderDate: '2026-11-17',
    });
  });

  it('pages until a short page', async () => {
    const lines = await readPurchaseOrderLines(client(), 'VEN00101', { pageSize: 2 });
    expect(lines).toHaveLength(6);
    expect(callsTo('executebillquery')).toHaveLength(4);
  });

  it('never lets a supplier number widen the filter', async () => {
    expect(await readPurchaseOrderLines(client(), "VEN00101' or '1'='1")).toEqual([]);
    expect(await readPurchaseOrderLines(client(), 'VEN00102')).toHaveLength(1);
  });

  it('finds a supplier by number and answers null for an unknown one', async () => {
    expect(await findSupplier(client(), 'VEN00102')).toEqual({
      number: 'VEN00102',
      name: 'Borealis Castings 北极光铸造',
    });
    expect(await findSupplier(client(), 'VEN99999')).toBeNull();
  });

  it('types business errors: unknown field key, unparseable filter, unknown form', async () => {
    const query = (fieldKeys: string[], filter?: string, formId = 'PUR_PurchaseOrder') =>
      client().executeBillQuery(
        { formId, fieldKeys, filter, orderBy: 'FID ASC' },
        { startRow: 0, limit: 10 },
      );
    await expect(query(['FBillNo', 'FNoSuchKey'])).rejects.toMatchObject({
      msgCode: 9,
      errors: [{ field: 'FNoSuchKey', message: expect.stringContaining('FNoSuchKey') }],
    });
    await expect(query(['FBillNo'], "FBillNo = = 'x'")).rejects.toMatchObject({
      msgCode: 4,
      message: expect.stringContaining('GetRealExpress'),
    });
    await expect(query(['FBillNo'], undefined, 'PUR_Nothing')).rejects.toMatchObject({ msgCode: 4 });
    await expect(query([])).rejects.toMatchObject({ msgCode: 8 });
  });

  it('treats IsSuccess false inside HTTP 200 as an error, never as data', async () => {
    sim.control.injectFault({ service: 'View', msgCode: 11, message: '校验失败' });
    const error = await client()
      .view('PUR_PurchaseOrder', { number: 'CGDD000118' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KingdeeError);
    expect(error).toMatchObject({ msgCode: 11, retryable: false });
  });

  it('refuses a signature made with the wrong secret as a lost session, after one new attempt', async () => {
    const wrong = client({ ...signature, appSecret: 'b'.repeat(32) } as KingdeeAuth);
    await expect(readPurchaseOrderLines(wrong, 'VEN00101')).rejects.toBeInstanceOf(KingdeeSessionLostError);
    expect(callsTo('executebillquery').map((c) => c.msgCode)).toEqual([1, 1]);
  });

  it('reports a wrong data centre as an authentication failure', async () => {
    const wrong = client({ ...signature, acctId: 'nope' } as KingdeeAuth);
    await expect(readPurchaseOrderLines(wrong, 'VEN00101')).rejects.toBeInstanceOf(KingdeeAuthError);
  });

  it('signs in with ValidateUser, and signs in again once when the session is lost', async () => {
    const kingdee = client(password);
    expect(await readPurchaseOrderLines(kingdee, 'VEN00102')).toHaveLength(1);
    sim.control.expireSessions();
    expect(await readPurchaseOrderLines(kingdee, 'VEN00102')).toHaveLength(1);
    expect(callsTo('validateuser')).toHaveLength(2);
    expect(callsTo('executebillquery').map((c) => c.msgCode)).toEqual([0, 1, 0]);
  });

  it('refuses a wrong password', async () => {
    await expect(
      readPurchaseOrderLines(client({ ...password, password: 'wrong' } as KingdeeAuth), 'VEN00101'),
    ).rejects.toBeInstanceOf(KingdeeAuthError);
  });

  it('retries queries through an outage but never re-sends a Save', async () => {
    sim.control.injectFault({ httpStatus: 503, times: 2 });
    expect(await readPurchaseOrderLines(client(), 'VEN00102')).toHaveLength(1);
    sim.control.injectFault({ service: 'Save', httpStatus: 503 });
    await expect(
      saveDeliveryDates(client(), 100002, [{ entryId: 200011, deliveryDate: '2027-01-05', note: 'x' }]),
    ).rejects.toBeInstanceOf(KingdeeUnavailableError);
    expect(sim.control.orders().find((o) => o.fid === 100002)!.entries[0].deliveryDate).not.toBe(
      '2027-01-05',
    );
  });

  it('writes delivery dates to an order Kingdee lets change, and nothing else', async () => {
    const saved = await saveDeliveryDates(client(), 100002, [
      { entryId: 200012, deliveryDate: '2027-01-08', note: '供应商确认 / confirmed by supplier' },
    ]);
    expect(saved).toEqual({ id: 100002, number: 'CGDD000124' });
    const order = sim.control.orders().find((o) => o.fid === 100002)!;
    expect(order.entries.map((e) => [e.entryId, e.deliveryDate, e.note])).toEqual([
      [200011, '2026-12-28', ''],
      [200012, '2027-01-08', '供应商确认 / confirmed by supplier'],
    ]);
  });

  it('gets a typed refusal for a Save of an approved order', async () => {
    await expect(
      saveDeliveryDates(client(), 100001, [{ entryId: 200001, deliveryDate: '2027-01-05', note: '' }]),
    ).rejects.toMatchObject({ msgCode: 12, retryable: false });
    expect(callsTo('save')).toHaveLength(1);
  });

  it('will not send a Save that would rewrite the bill or delete entries, and the simulator refuses one', async () => {
    const kingdee = client();
    const model = { FID: 100002, FPOOrderEntry: [{ FEntryID: 200011, FDeliveryDate: '2027-01-05' }] };
    await expect(
      kingdee.save('PUR_PurchaseOrder', { NeedUpDateFields: [], IsDeleteEntry: false, Model: model }),
    ).rejects.toThrow(/NeedUpDateFields/);
    await expect(
      kingdee.save('PUR_PurchaseOrder', {
        NeedUpDateFields: ['FDeliveryDate'],
        IsDeleteEntry: true as false,
        Model: model,
      }),
    ).rejects.toThrow(/IsDeleteEntry/);
    expect(callsTo('save')).toHaveLength(0);

    const path = '/k3cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.Save.common.kdsvc';
    const raw = async (data: object, signed = true) => {
      const headers = signed
        ? kingdeeSignatureHeaders(signature as KingdeeAppCredentials, path, 1767225600)
        : {};
      const response = await fetch(new URL(path, sim.url), {
        method: 'POST',
        headers,
        body: JSON.stringify({ formid: 'PUR_PurchaseOrder', data }),
      });
      return (
        (await response.json()) as {
          Result: { ResponseStatus: { MsgCode: number; Errors: { FieldName: string }[] } };
        }
      ).Result.ResponseStatus;
    };
    expect(await raw({ IsDeleteEntry: false, Model: model })).toMatchObject({
      MsgCode: 8,
      Errors: [{ FieldName: 'NeedUpDateFields' }],
    });
    expect(await raw({ NeedUpDateFields: ['FDeliveryDate'], Model: model })).toMatchObject({
      MsgCode: 8,
      Errors: [{ FieldName: 'IsDeleteEntry' }],
    });
    // Unsigned and without a session: a lost session, before anything else is looked at.
    expect(
      await raw({ NeedUpDateFields: ['FDeliveryDate'], IsDeleteEntry: false, Model: model }, false),
    ).toMatchObject({
      MsgCode: 1,
    });
    expect(sim.control.orders().find((o) => o.fid === 100002)!.entries[0].deliveryDate).toBe('2026-12-28');
  });
});
