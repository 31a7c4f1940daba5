import { randomUUID } from 'node:crypto';
import { authed, loginAs } from './support/auth-helpers';
import { createUser } from './support/factories';
import { Client, createTwoTenantWorld, TwoTenantWorld } from './support/two-tenant-world';

interface Row {
  id: string;
  workspaceId: string;
  title: string;
  status: string;
  severity: string;
  sync: { state: string };
  createdAt: string;
}

const ids = (rows: Row[]) => rows.map((r) => r.id);

/** Every page of `GET defects?<query>`, walked with `limit` rows a page. */
async function walk(client: Client, query: string, limit: number): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i += 1) {
    const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const res = await client
      .get(`/api/v1/defects?limit=${limit}${query ? `&${query}` : ''}${after}`)
      .expect(200);
    rows.push(...(res.body.items as Row[]));
    cursor = res.body.nextCursor;
    if (!cursor) return rows;
  }
  throw new Error('paging did not end');
}

async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('GET defects: every defect the caller may read, across workspaces', () => {
  let w: TwoTenantWorld;
  let acmeCritical: string;
  let borealisMinor: string;

  beforeAll(async () => {
    w = await createTwoTenantWorld();
    const report = (client: Client, workspaceId: string, title: string, severity: string) =>
      client
        .post(`/api/v1/workspaces/${workspaceId}/defects`)
        .send({ title, description: `${title} description`, severity })
        .expect(201)
        .then((res) => res.body.id as string);
    acmeCritical = await report(w.as.acmeMember, w.acme.workspaceId, 'Acme cracked housing', 'critical');
    borealisMinor = await report(w.as.borealisAdmin, w.borealis.workspaceId, 'Borealis scratch', 'minor');
    // Let the Jira deliveries settle, so the sync states below are not changed by the worker meanwhile.
    await waitUntil(async () => {
      const [{ pending }] = await w.t.dataSource.query(
        `SELECT count(*)::int AS pending FROM defect WHERE sync_state = 'pending'`,
      );
      return pending === 0;
    }, 'the defects to reach Jira');
  }, 180_000);
  afterAll(() => w?.close());

  it('gives the PM both suppliers’ defects newest first, and the same rows page by page', async () => {
    const all = await walk(w.as.pm, '', 100);
    expect(ids(all)).toEqual(
      expect.arrayContaining([w.acme.defectId, w.borealis.defectId, acmeCritical, borealisMinor]),
    );
    const created = all.map((r) => r.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    expect(ids(await walk(w.as.pm, '', 1))).toEqual(ids(all));
  });

  it('filters by workspace, severity, status and sync state, alone and together', async () => {
    const acme = await walk(w.as.pm, `workspaceId=${w.acme.workspaceId}`, 100);
    expect(ids(acme).sort()).toEqual([w.acme.defectId, acmeCritical].sort());

    const critical = await walk(w.as.pm, 'severity=critical', 100);
    expect(ids(critical)).toEqual([acmeCritical]);
    expect(await walk(w.as.pm, `severity=critical&workspaceId=${w.borealis.workspaceId}`, 100)).toEqual([]);

    await w.t.dataSource.query(`UPDATE defect SET supplier_status = 'In progress' WHERE id = $1`, [
      borealisMinor,
    ]);
    expect(ids(await walk(w.as.pm, 'status=In%20progress', 100))).toEqual([borealisMinor]);

    await w.t.dataSource.query(
      `UPDATE defect SET sync_state = 'failed', sync_error = 'Jira said no' WHERE id = $1`,
      [w.borealis.defectId],
    );
    const failed = await walk(w.as.pm, 'syncState=failed', 100);
    expect(ids(failed)).toEqual([w.borealis.defectId]);
    const delivered = await walk(w.as.pm, 'syncState=delivered', 100);
    expect(delivered.length).toBeGreaterThanOrEqual(3);
    expect(delivered.every((r) => r.sync.state === 'delivered')).toBe(true);
  });

  it('gives a supplier only its own organisation’s defects, whatever it filters by', async () => {
    for (const client of [w.as.acmeMember, w.as.acmeAdmin]) {
      const rows = await walk(client, '', 1);
      expect(ids(rows).sort()).toEqual([w.acme.defectId, acmeCritical].sort());
    }
    const own = await walk(w.as.borealisAdmin, '', 100);
    expect(ids(own).sort()).toEqual([w.borealis.defectId, borealisMinor].sort());
    const text = JSON.stringify(own);
    for (const secret of [...w.acmeSecrets, 'Acme cracked housing', acmeCritical])
      expect(text).not.toContain(secret);
  });

  it('answers a Borealis filter on Acme’s workspace exactly like one on a made-up workspace', async () => {
    const foreign = await w.as.borealisAdmin
      .get(`/api/v1/defects?workspaceId=${w.acme.workspaceId}`)
      .expect(200);
    const madeUp = await w.as.borealisAdmin.get(`/api/v1/defects?workspaceId=${randomUUID()}`).expect(200);
    expect(foreign.body).toEqual({ items: [], nextCursor: null });
    expect(madeUp.body).toEqual(foreign.body);
    const critical = await w.as.borealisAdmin.get('/api/v1/defects?severity=critical').expect(200);
    expect(critical.body.items).toEqual([]);
  });

  it('with managed=true keeps only the workspaces the caller owns or co-owns', async () => {
    const otherPm = await createUser(w.t, { role: 'pm', displayName: 'Olive Other-PM' });
    const other = authed(w.t, await loginAs(w.t, otherPm));
    expect((await walk(other, '', 100)).length).toBeGreaterThanOrEqual(4);
    expect(await walk(other, 'managed=true', 100)).toEqual([]);
    await w.as.pm
      .patch(`/api/v1/workspaces/${w.acme.workspaceId}`)
      .send({ coOwnerIds: [otherPm.id] })
      .expect(200);
    const coOwned = await walk(other, 'managed=true', 100);
    expect(ids(coOwned).sort()).toEqual([w.acme.defectId, acmeCritical].sort());
    expect(await walk(w.as.pm, 'managed=true', 100)).toHaveLength((await walk(w.as.pm, '', 100)).length);
    expect(await walk(w.as.acmeMember, 'managed=true', 100)).toEqual([]);
  });

  it('refuses bad filters with 400 naming the field, and anonymous callers with 401', async () => {
    for (const [query, field] of [
      ['workspaceId=not-a-uuid', 'workspaceId'],
      ['severity=catastrophic', 'severity'],
      ['syncState=lost', 'syncState'],
      [`status=${'x'.repeat(101)}`, 'status'],
      ['managed=yes', 'managed'],
      ['limit=0', 'limit'],
      ['cursor=garbage', 'cursor'],
    ]) {
      const res = await w.as.pm.get(`/api/v1/defects?${query}`);
      expect([query, res.status, res.type]).toEqual([query, 400, 'application/problem+json']);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    await w.t.http().get('/api/v1/defects').expect(401);
  });
});
