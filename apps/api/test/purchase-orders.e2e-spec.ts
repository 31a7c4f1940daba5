import { Client, createTwoTenantWorld, TwoTenantWorld } from './support/two-tenant-world';

interface Line {
  id: string;
  lineNumber: number;
  materialName: string;
  deliveryDate: string | null;
  remainingQuantity: number;
  overdue: boolean;
  confirmation: { id: string; kind: string; state: string; writeBack: string } | null;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Kingdee purchase orders in the supplier workspace', () => {
  let w: TwoTenantWorld;
  const orderIdOf = async (client: Client, workspaceId: string, number: string) => {
    const res = await client.get(`/api/v1/workspaces/${workspaceId}/purchase-orders?status=all`).expect(200);
    return (res.body.items as { id: string; number: string }[]).find((o) => o.number === number)!.id;
  };
  const lineOf = async (client: Client, orderId: string, lineNumber: number): Promise<Line> => {
    const res = await client.get(`/api/v1/purchase-orders/${orderId}`).expect(200);
    return (res.body.lines as Line[]).find((l) => l.lineNumber === lineNumber)!;
  };
  const saves = () => w.kingdee.control.calls().filter((c) => c.service === 'save');

  beforeAll(async () => {
    w = await createTwoTenantWorld();
  }, 120_000);
  afterAll(() => w?.close());

  it('lists only approved open orders by default, every order on request, and none of another supplier', async () => {
    const open = await w.as.acmeMember
      .get(`/api/v1/workspaces/${w.acme.workspaceId}/purchase-orders`)
      .expect(200);
    expect(open.body.items.map((o: { number: string }) => o.number)).toEqual(['CGDD000118']);
    expect(open.body.items[0]).toMatchObject({ lineCount: 3, overdueLines: 1, documentStatus: 'C' });
    const all = await w.as.acmeMember
      .get(`/api/v1/workspaces/${w.acme.workspaceId}/purchase-orders?status=all`)
      .expect(200);
    expect(all.body.items.map((o: { number: string }) => o.number).sort()).toEqual([
      'CGDD000099',
      'CGDD000118',
      'CGDD000124',
    ]);
    const borealis = await w.as.borealisAdmin
      .get(`/api/v1/workspaces/${w.borealis.workspaceId}/purchase-orders?status=all`)
      .expect(200);
    expect(borealis.body.items.map((o: { number: string }) => o.number)).toEqual(['CGDD000120']);
  });

  it('shows an order with its lines, material names in both languages, and the overdue line marked', async () => {
    const order = await w.as.acmeMember.get(`/api/v1/purchase-orders/${w.acme.purchaseOrderId}`).expect(200);
    expect(order.body.number).toBe('CGDD000118');
    expect(order.body.lines.map((l: Line) => [l.lineNumber, l.materialName, l.overdue])).toEqual([
      [1, '支架 Mounting bracket', false],
      [2, '传动轴 Drive shaft', false],
      [3, '外壳盖板 Housing cover', true],
    ]);
    expect(order.body.lines[0]).toMatchObject({
      quantity: 500,
      receivedQuantity: 200,
      remainingQuantity: 300,
    });
    expect(order.body.lines[0].confirmation).toMatchObject({ kind: 'confirm', state: 'pending' });
  });

  it('filters orders due within N days and overdue ones, and lays out the delivery schedule by week', async () => {
    const base = `/api/v1/workspaces/${w.acme.workspaceId}/purchase-orders?status=all`;
    const overdue = await w.as.acmeMember.get(`${base}&overdue=true`).expect(200);
    expect(overdue.body.items.map((o: { number: string }) => o.number)).toEqual(['CGDD000118']);
    const soon = await w.as.acmeMember.get(`${base}&dueWithinDays=14`).expect(200);
    expect(soon.body.items.map((o: { number: string }) => o.number)).toEqual(['CGDD000118']);
    const later = await w.as.acmeMember.get(`${base}&dueWithinDays=30`).expect(200);
    expect(later.body.items.map((o: { number: string }) => o.number).sort()).toEqual([
      'CGDD000118',
      'CGDD000124',
    ]);

    const schedule = await w.as.acmeMember
      .get(`/api/v1/workspaces/${w.acme.workspaceId}/delivery-schedule?weeks=4`)
      .expect(200);
    expect(
      schedule.body.map((l: { orderNumber: string; deliveryDate: string }) => [
        l.orderNumber,
        l.deliveryDate,
      ]),
    ).toEqual([
      ['CGDD000118', day(-2)],
      ['CGDD000118', day(5)],
      ['CGDD000118', day(12)],
    ]);
    expect(schedule.body[0].week).toMatch(/^\d{4}-W\d{2}$/);
  });

  it('refuses a supplier number Kingdee does not know, or one that is not a number, naming the field', async () => {
    const unknown = await w.as.pm
      .put(`/api/v1/workspaces/${w.acme.workspaceId}/kingdee-supplier`)
      .send({ supplierNumber: 'VEN99999' })
      .expect(400);
    expect(unknown.body.errors).toEqual([
      { field: 'supplierNumber', message: expect.stringContaining('VEN99999') },
    ]);
    const injected = await w.as.pm
      .put(`/api/v1/workspaces/${w.acme.workspaceId}/kingdee-supplier`)
      .send({ supplierNumber: "VEN00101' or '1'='1" })
      .expect(400);
    expect(injected.body.errors[0].field).toBe('supplierNumber');
    await w.as.acmeAdmin
      .put(`/api/v1/workspaces/${w.acme.workspaceId}/kingdee-supplier`)
      .send({ supplierNumber: 'VEN00101' })
      .expect(403);
    const link = await w.as.acmeMember
      .get(`/api/v1/workspaces/${w.acme.workspaceId}/kingdee-supplier`)
      .expect(200);
    expect(link.body).toMatchObject({ configured: true, link: { supplierNumber: 'VEN00101' } });
  });

  it('shows a change made in Kingdee as old → new after a refresh', async () => {
    w.kingdee.control.changeOrder('CGDD000118', {
      entries: [{ entryId: 200002, deliveryDate: day(15), qty: 140 }],
    });
    const refreshed = await w.as.acmeMember
      .post(`/api/v1/workspaces/${w.acme.workspaceId}/purchase-orders/refresh`)
      .expect(200);
    expect(refreshed.body).toMatchObject({ orders: 3, lines: 6, changes: 2 });
    const changes = await w.t.dataSource.query(
      `SELECT field, old_value, new_value FROM purchase_order_change c JOIN purchase_order_line l ON l.id = c.line_id
        WHERE c.workspace_id = $1 AND l.entry_id = 200002 ORDER BY field`,
      [w.acme.workspaceId],
    );
    expect(changes).toEqual([
      { field: 'deliveryDate', old_value: day(12), new_value: day(15) },
      { field: 'quantity', old_value: '120', new_value: '140' },
    ]);
    // The supplier's "What changed" shows it, old → new; the other supplier's does not.
    const news = await w.as.acmeMember.get('/api/v1/changes').expect(200);
    expect(news.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'order_change',
          title: 'CGDD000118 / 2 传动轴 Drive shaft',
          link: `/purchase-orders/${w.acme.purchaseOrderId}`,
          orderChange: { field: 'deliveryDate', from: day(12), to: day(15) },
        }),
      ]),
    );
    const theirs = await w.as.borealisAdmin.get('/api/v1/changes').expect(200);
    expect(JSON.stringify(theirs.body)).not.toContain('CGDD000118');
    // Nothing changed since: a second refresh records nothing.
    const again = await w.as.acmeMember
      .post(`/api/v1/workspaces/${w.acme.workspaceId}/purchase-orders/refresh`)
      .expect(200);
    expect(again.body.changes).toBe(0);
  });

  it('validates answers: a proposal needs a date and a reason; one open answer per line; closed lines take none', async () => {
    const orderId = w.acme.purchaseOrderId;
    const line2 = await lineOf(w.as.acmeMember, orderId, 2);
    const path = `/api/v1/purchase-orders/${orderId}/lines/${line2.id}/confirmations`;
    const missing = await w.as.acmeMember.post(path).send({ kind: 'propose' }).expect(400);
    expect(new Set(missing.body.errors.map((e: { field: string }) => e.field))).toEqual(
      new Set(['date', 'reason']),
    );
    await w.as.acmeMember.post(path).send({ kind: 'propose', date: '2026-02-30x', reason: 'r' }).expect(400);
    // The world already confirmed line 1: a second answer waits for the buyer's decision.
    const line1 = await lineOf(w.as.acmeMember, orderId, 1);
    await w.as.acmeMember
      .post(`/api/v1/purchase-orders/${orderId}/lines/${line1.id}/confirmations`)
      .send({ kind: 'confirm' })
      .expect(409);
    const closed = await orderIdOf(w.as.acmeMember, w.acme.workspaceId, 'CGDD000099');
    const closedLine = await lineOf(w.as.acmeMember, closed, 1);
    await w.as.acmeMember
      .post(`/api/v1/purchase-orders/${closed}/lines/${closedLine.id}/confirmations`)
      .send({ kind: 'confirm' })
      .expect(409);
    await w.as.pm.post(path).send({ kind: 'confirm' }).expect(403);
    await w.as.acmeAdmin
      .post(`/api/v1/delivery-confirmations/${w.acme.deliveryConfirmationId}/accept`)
      .send({})
      .expect(403);
  });

  it('accepting a date on an approved order sends no Save: the buyer is told, and the next refresh confirms it', async () => {
    const orderId = w.acme.purchaseOrderId;
    const line = await lineOf(w.as.acmeMember, orderId, 2);
    const proposed = await w.as.acmeMember
      .post(`/api/v1/purchase-orders/${orderId}/lines/${line.id}/confirmations`)
      .send({ kind: 'propose', date: day(20), reason: 'Heat treatment capacity 热处理产能' })
      .expect(201);
    const pending = await w.as.pm
      .get(`/api/v1/delivery-confirmations?state=pending&workspaceId=${w.acme.workspaceId}`)
      .expect(200);
    // The row names the order line for the buyer's list.
    expect(pending.body.items.find((c: { id: string }) => c.id === proposed.body.id)).toMatchObject({
      orderId,
      lineNumber: 2,
      materialName: line.materialName,
    });
    const accepted = await w.as.pm
      .post(`/api/v1/delivery-confirmations/${proposed.body.id}/accept`)
      .send({})
      .expect(200);
    expect(accepted.body).toMatchObject({ state: 'accepted', writeBack: 'buyer_to_change' });
    await w.as.pm
      .post(`/api/v1/delivery-confirmations/${proposed.body.id}/reject`)
      .send({ note: 'late' })
      .expect(409);
    expect(saves()).toHaveLength(0);

    w.kingdee.control.changeOrder('CGDD000118', { entries: [{ entryId: 200002, deliveryDate: day(20) }] });
    await w.as.pm.post(`/api/v1/workspaces/${w.acme.workspaceId}/purchase-orders/refresh`).expect(200);
    expect((await lineOf(w.as.acmeMember, orderId, 2)).confirmation).toMatchObject({
      writeBack: 'confirmed',
    });
  });

  it('writes an accepted date into an order Kingdee lets change, exactly once through an outage', async () => {
    const orderId = await orderIdOf(w.as.acmeMember, w.acme.workspaceId, 'CGDD000124');
    const line = await lineOf(w.as.acmeMember, orderId, 1);
    const proposed = await w.as.acmeMember
      .post(`/api/v1/purchase-orders/${orderId}/lines/${line.id}/confirmations`)
      .send({ kind: 'propose', date: day(25), reason: 'Tooling arrives later' })
      .expect(201);
    w.kingdee.control.injectFault({ service: 'Save', httpStatus: 503, times: 1 });
    const accepted = await w.as.pm
      .post(`/api/v1/delivery-confirmations/${proposed.body.id}/accept`)
      .send({})
      .expect(200);
    expect(accepted.body.writeBack).toBe('queued');
    await waitUntil(
      async () => (await lineOf(w.as.acmeMember, orderId, 1)).confirmation?.writeBack === 'written',
      'the write-back',
    );
    const order = w.kingdee.control.orders().find((o) => o.billNo === 'CGDD000124')!;
    expect(order.entries[0]).toMatchObject({
      deliveryDate: day(25),
      note: expect.stringContaining('Tooling arrives later'),
    });
    expect(saves().filter((c) => c.msgCode === 0)).toHaveLength(1);
    expect((await lineOf(w.as.acmeMember, orderId, 1)).deliveryDate).toBe(day(25));
  });

  it('falls back to the buyer when the order was approved in Kingdee before the write', async () => {
    const orderId = await orderIdOf(w.as.acmeMember, w.acme.workspaceId, 'CGDD000124');
    const line = await lineOf(w.as.acmeMember, orderId, 2);
    const proposed = await w.as.acmeMember
      .post(`/api/v1/purchase-orders/${orderId}/lines/${line.id}/confirmations`)
      .send({ kind: 'propose', date: day(35), reason: 'Gasket compound' })
      .expect(201);
    w.kingdee.control.changeOrder('CGDD000124', { documentStatus: 'C' });
    const accepted = await w.as.pm
      .post(`/api/v1/delivery-confirmations/${proposed.body.id}/accept`)
      .send({})
      .expect(200);
    expect(accepted.body.writeBack).toBe('queued');
    await waitUntil(
      async () => (await lineOf(w.as.acmeMember, orderId, 2)).confirmation?.writeBack === 'buyer_to_change',
      'the refused write-back',
    );
    expect(
      w.kingdee.control.orders().find((o) => o.billNo === 'CGDD000124')!.entries[1].deliveryDate,
    ).not.toBe(day(35));
  });

  it('rejects with a reason, and tells the buyer of every answer', async () => {
    const orderId = w.borealis.purchaseOrderId;
    await w.as.pm
      .post(`/api/v1/delivery-confirmations/${w.borealis.deliveryConfirmationId}/reject`)
      .send({})
      .expect(400);
    const rejected = await w.as.pm
      .post(`/api/v1/delivery-confirmations/${w.borealis.deliveryConfirmationId}/reject`)
      .send({ note: 'We need it a week earlier' })
      .expect(200);
    expect(rejected.body).toMatchObject({ state: 'rejected', writeBack: 'none' });
    expect((await lineOf(w.as.borealisAdmin, orderId, 1)).confirmation).toMatchObject({ state: 'rejected' });
    await waitUntil(async () => {
      const rows = await w.t.dataSource.query(
        `SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND event = 'delivery.confirmation_submitted'`,
        [w.pm.id],
      );
      return rows[0].n >= 2;
    }, 'the buyer notices');
  });

  it('links an order to shared items of its own workspace, shown on both pages', async () => {
    const orderId = w.acme.purchaseOrderId;
    const linked = await w.as.pm
      .put(`/api/v1/purchase-orders/${orderId}/items`)
      .send({ itemIds: [w.acme.itemId] })
      .expect(200);
    expect(linked.body.items.map((i: { id: string }) => i.id)).toEqual([w.acme.itemId]);
    const fromItem = await w.as.acmeMember.get(`/api/v1/items/${w.acme.itemId}/purchase-orders`).expect(200);
    expect(fromItem.body.map((o: { id: string }) => o.id)).toEqual([orderId]);
    const foreign = await w.as.pm
      .put(`/api/v1/purchase-orders/${orderId}/items`)
      .send({ itemIds: [w.acme.itemId, w.borealis.itemId] })
      .expect(400);
    expect(foreign.body.errors).toEqual([{ field: 'itemIds[1]', message: expect.any(String) }]);
  });
});
