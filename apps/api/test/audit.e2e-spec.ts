import { AuditService } from '../src/audit/audit.service';
import { authed, loginAs } from './support/auth-helpers';
import { createOrg, createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

describe('Audit trail', () => {
  let t: TestApp;
  let admin: TestUser;
  let pm: TestUser;
  let supplierAdmin: TestUser;
  let ownWorkspace: string;
  let otherWorkspace: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, { role: 'admin' });
    pm = await createUser(t, { role: 'pm', org: admin.organization });
    const otherPm = await createUser(t, { role: 'pm', org: admin.organization });
    const supplier = await createOrg(t);
    supplierAdmin = await createUser(t, { role: 'supplier_admin', org: supplier });
    const insert = `INSERT INTO workspace (name, supplier_org_id, owner_id) VALUES ($1, $2, $3) RETURNING id`;
    [{ id: ownWorkspace }] = await t.dataSource.query(insert, ['Own', supplier.id, pm.id]);
    [{ id: otherWorkspace }] = await t.dataSource.query(insert, ['Other', supplier.id, otherPm.id]);
    const audit = t.app.get(AuditService);
    await audit.record({
      action: 'item.published',
      actor: pm,
      workspaceId: ownWorkspace,
      resourceType: 'SharedItem',
      resourceId: 'i-1',
    });
    await audit.record({
      action: 'item.published',
      actor: otherPm,
      workspaceId: otherWorkspace,
      resourceType: 'SharedItem',
      resourceId: 'i-2',
    });
    await audit.record({
      action: 'file.downloaded',
      actor: supplierAdmin,
      workspaceId: ownWorkspace,
      resourceType: 'File',
      resourceId: 'f-1',
      meta: { ip: '203.0.113.9', userAgent: '=cmd|calc' },
    });
  });
  afterAll(() => t.close());

  it('shows admins every event, newest first, with actor, ip and user agent', async () => {
    const res = await authed(t, await loginAs(t, admin))
      .get('/api/v1/audit-events?resourceType=File')
      .expect(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        action: 'file.downloaded',
        actorId: supplierAdmin.id,
        actorOrgId: supplierAdmin.orgId,
        ip: '203.0.113.9',
        userAgent: '=cmd|calc',
        workspaceId: ownWorkspace,
      }),
    ]);
    const all = await authed(t, await loginAs(t, admin))
      .get('/api/v1/audit-events?limit=200')
      .expect(200);
    const seqOrder = all.body.items.map((e: { at: string }) => e.at);
    expect([...seqOrder].sort().reverse()).toEqual(seqOrder);
    expect(all.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['auth.login.succeeded', 'item.published']),
    );
  });

  it('shows a pm only the events of workspaces they own', async () => {
    const res = await authed(t, await loginAs(t, pm))
      .get('/api/v1/audit-events')
      .expect(200);
    expect(res.body.items.map((e: { resourceId: string }) => e.resourceId).sort()).toEqual(['f-1', 'i-1']);
  });

  it('refuses supplier users', async () => {
    await authed(t, await loginAs(t, supplierAdmin))
      .get('/api/v1/audit-events')
      .expect(403);
    await authed(t, await loginAs(t, supplierAdmin))
      .get('/api/v1/audit-events/export.csv')
      .expect(403);
  });

  it('filters by action prefix, actor and time, and pages with a cursor', async () => {
    const client = authed(t, await loginAs(t, admin));
    const prefix = await client.get('/api/v1/audit-events?action=item.*').expect(200);
    expect(prefix.body.items).toHaveLength(2);
    const byActor = await client
      .get(`/api/v1/audit-events?actorId=${pm.id}&action=item.published`)
      .expect(200);
    expect(byActor.body.items.map((e: { resourceId: string }) => e.resourceId)).toEqual(['i-1']);
    const future = await client
      .get(`/api/v1/audit-events?from=${new Date(Date.now() + 60_000).toISOString()}`)
      .expect(200);
    expect(future.body.items).toEqual([]);
    const first = await client.get('/api/v1/audit-events?action=item.*&limit=1').expect(200);
    const second = await client
      .get(`/api/v1/audit-events?action=item.*&limit=1&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect([first.body.items[0].resourceId, second.body.items[0].resourceId]).toEqual(['i-2', 'i-1']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('rejects bad filters with 400 naming the field', async () => {
    const client = authed(t, await loginAs(t, admin));
    expect((await client.get('/api/v1/audit-events?actorId=nope').expect(400)).body.errors[0].field).toBe(
      'actorId',
    );
    expect((await client.get('/api/v1/audit-events?from=yesterday').expect(400)).body.errors[0].field).toBe(
      'from',
    );
    expect((await client.get('/api/v1/audit-events?cursor=abc').expect(400)).body.errors[0].field).toBe(
      'cursor',
    );
  });

  it('exports CSV with formula-like cells neutralised, and records the export', async () => {
    const res = await authed(t, await loginAs(t, admin))
      .get('/api/v1/audit-events/export.csv?resourceType=File')
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="portico-audit-/);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'at,action,actor_id,actor_org_id,org_id,workspace_id,resource_type,resource_id,ip,user_agent,details',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'=cmd|calc"`);
    const [row] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'audit.exported' AND actor_id = $1`,
      [admin.id],
    );
    expect(row.n).toBe(1);
  });

  it('is append-only: the database refuses updates and deletes', async () => {
    await expect(t.dataSource.query(`UPDATE audit_event SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
  });
});
