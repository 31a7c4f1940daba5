import { clientFor } from './support/auth-helpers';
import { createOrg, createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';
import { Workspace } from '../src/workspaces/entities/workspace.entity';
import { WorkspacesService } from '../src/workspaces/workspaces.service';

describe('Workspaces API', () => {
  let t: TestApp;
  let pm: TestUser;
  let otherPm: TestUser;
  let ana: TestUser;
  let sara: TestUser;
  let admin: TestUser;
  let acmeId: string;
  let borealisId: string;
  type Client = Awaited<ReturnType<typeof clientFor>>;
  let asPm: Client;
  let asOtherPm: Client;
  let asAna: Client;
  let asSara: Client;
  let asAdmin: Client;

  beforeAll(async () => {
    t = await createTestApp();
    const internal = await createOrg(t, { kind: 'internal', name: 'Portico' });
    const acme = await createOrg(t, { kind: 'supplier', name: 'Acme' });
    const borealis = await createOrg(t, { kind: 'supplier', name: 'Borealis' });
    acmeId = acme.id;
    borealisId = borealis.id;
    pm = await createUser(t, { role: 'pm', org: internal });
    otherPm = await createUser(t, { role: 'pm', org: internal });
    admin = await createUser(t, { role: 'admin', org: internal });
    ana = await createUser(t, { role: 'supplier_member', org: acme });
    sara = await createUser(t, { role: 'supplier_member', org: borealis });
    [asPm, asOtherPm, asAna, asSara, asAdmin] = await Promise.all(
      [pm, otherPm, ana, sara, admin].map((u) => clientFor(t, u)),
    );
  });
  afterAll(() => t.close());

  const create = (client: Client, body: Record<string, unknown>) =>
    client.post('/api/v1/workspaces').send(body);

  it('lets a PM create a workspace for a supplier organisation and owns it', async () => {
    const res = await create(asPm, {
      name: 'Acme gearbox',
      supplierOrgId: acmeId,
      jiraProjectKey: 'HW',
      statusMap: { 'Code Review': 'In progress' },
      dingtalkSecret: 'SEC123',
    }).expect(201);
    expect(res.body).toMatchObject({
      name: 'Acme gearbox',
      ownerId: pm.id,
      supplierOrgId: acmeId,
      dingtalkSecretSet: true,
      autoPublish: false,
    });
    expect(JSON.stringify(res.body)).not.toContain('SEC123');
  });

  it('shows a supplier only live workspaces of its own organisation, in the narrow shape', async () => {
    const acmeWs = (
      await create(asPm, { name: 'Acme visible', supplierOrgId: acmeId, jiraScopeJql: 'labels = acme' })
    ).body;
    const borealisWs = (await create(asPm, { name: 'Borealis brakes', supplierOrgId: borealisId })).body;
    const list = await asAna.get('/api/v1/workspaces').expect(200);
    const ids = list.body.items.map((w: { id: string }) => w.id);
    expect(ids).toContain(acmeWs.id);
    expect(ids).not.toContain(borealisWs.id);
    expect(Object.keys(list.body.items[0]).sort()).toEqual(['accessExpiresAt', 'id', 'name']);
    await asAna.get(`/api/v1/workspaces/${acmeWs.id}`).expect(200);
  });

  it("answers 404 to another supplier organisation's workspace, and 400 to a malformed id", async () => {
    const acmeWs = (await create(asPm, { name: 'Acme private', supplierOrgId: acmeId })).body;
    const res = await asSara.get(`/api/v1/workspaces/${acmeWs.id}`).expect(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    await asSara.patch(`/api/v1/workspaces/${acmeWs.id}`).send({ name: 'x' }).expect(403);
    await asAna.get('/api/v1/workspaces/not-a-uuid').expect(400);
  });

  it('cuts supplier access at once when a workspace is archived or expires', async () => {
    const ws = (await create(asPm, { name: 'Acme closing', supplierOrgId: acmeId })).body;
    await asAna.get(`/api/v1/workspaces/${ws.id}`).expect(200);
    await asPm.patch(`/api/v1/workspaces/${ws.id}`).send({ archived: true }).expect(200);
    await asAna.get(`/api/v1/workspaces/${ws.id}`).expect(404);
    await asPm.get(`/api/v1/workspaces/${ws.id}`).expect(200);
    await asPm
      .patch(`/api/v1/workspaces/${ws.id}`)
      .send({ archived: false, accessExpiresAt: new Date(Date.now() - 1000).toISOString() })
      .expect(200);
    await asAna.get(`/api/v1/workspaces/${ws.id}`).expect(404);
    const list = await asAna.get('/api/v1/workspaces').expect(200);
    expect(list.body.items.map((w: { id: string }) => w.id)).not.toContain(ws.id);
  });

  it('lets only the owner (or an admin) change a workspace; another PM may read it', async () => {
    const ws = (await create(asPm, { name: 'Acme owned', supplierOrgId: acmeId })).body;
    await asOtherPm.get(`/api/v1/workspaces/${ws.id}`).expect(200);
    await asOtherPm.patch(`/api/v1/workspaces/${ws.id}`).send({ name: 'hijack' }).expect(403);
    await asAdmin.patch(`/api/v1/workspaces/${ws.id}`).send({ autoPublish: true }).expect(200);
    const res = await asPm
      .patch(`/api/v1/workspaces/${ws.id}`)
      .send({ name: 'Acme renamed', defaultFields: ['summary', 'status'] })
      .expect(200);
    expect(res.body).toMatchObject({
      name: 'Acme renamed',
      defaultFields: ['summary', 'status'],
      autoPublish: true,
    });
  });

  it('lets a co-owner change the settings but not the co-owners; a PM who is neither only reads', async () => {
    const coOwner = await createUser(t, { role: 'pm', org: pm.organization });
    const asCoOwner = await clientFor(t, coOwner);
    const ws = (await create(asPm, { name: 'Acme shared', supplierOrgId: acmeId, coOwnerIds: [coOwner.id] }))
      .body;
    const renamed = await asCoOwner
      .patch(`/api/v1/workspaces/${ws.id}`)
      .send({ name: 'Acme co-owned', statusMap: { 'Code Review': 'In progress' } })
      .expect(200);
    expect(renamed.body).toMatchObject({ name: 'Acme co-owned', coOwnerIds: [coOwner.id] });
    const refused = await asCoOwner
      .patch(`/api/v1/workspaces/${ws.id}`)
      .send({ name: 'Sneaky', coOwnerIds: [coOwner.id, otherPm.id] })
      .expect(403);
    expect(refused.body.errors).toEqual([{ field: 'coOwnerIds', message: expect.any(String) }]);
    await asOtherPm.get(`/api/v1/workspaces/${ws.id}`).expect(200);
    await asOtherPm.patch(`/api/v1/workspaces/${ws.id}`).send({ name: 'hijack' }).expect(403);
    expect((await asPm.get(`/api/v1/workspaces/${ws.id}`)).body.name).toBe('Acme co-owned');

    // The owner can take the co-ownership back, and the co-owner loses the right to change at once.
    await asPm.patch(`/api/v1/workspaces/${ws.id}`).send({ coOwnerIds: [] }).expect(200);
    await asCoOwner.patch(`/api/v1/workspaces/${ws.id}`).send({ name: 'Too late' }).expect(403);
  });

  it('filters in SQL the workspaces a PM may change, and the audit trail they see, to those they own or co-own', async () => {
    const coOwner = await createUser(t, { role: 'pm', org: pm.organization });
    const coOwned = (
      await create(asPm, { name: 'Co-owned', supplierOrgId: acmeId, coOwnerIds: [otherPm.id, coOwner.id] })
    ).body;
    const owned = (await create(asPm, { name: 'Owned only', supplierOrgId: acmeId })).body;
    const asUser = (u: TestUser) => ({
      id: u.id,
      orgId: u.organization.id,
      orgKind: 'internal' as const,
      role: 'pm' as const,
      email: u.email,
      displayName: 'PM',
      locale: 'en' as const,
    });
    const changeable = (u: TestUser) =>
      t.app
        .get(WorkspacesService)
        .applyAccessFilter(
          t.dataSource
            .createQueryBuilder()
            .select('ws.id', 'id')
            .from(Workspace, 'ws')
            .where('ws.id IN (:...ids)', { ids: [coOwned.id, owned.id] }),
          'ws',
          asUser(u),
          'update',
        )
        .orderBy('ws.name')
        .getRawMany();
    expect(await changeable(coOwner)).toEqual([{ id: coOwned.id }]);
    expect(await changeable(pm)).toEqual([{ id: coOwned.id }, { id: owned.id }]);
    const stranger = await createUser(t, { role: 'pm', org: pm.organization });
    expect(await changeable(stranger)).toEqual([]);

    const auditOf = async (client: Client, workspaceId: string) =>
      (await client.get(`/api/v1/audit-events?workspaceId=${workspaceId}`).expect(200)).body.items.map(
        (e: { action: string }) => e.action,
      );
    const asCoOwner = await clientFor(t, coOwner);
    expect(await auditOf(asCoOwner, coOwned.id)).toEqual(['workspace.created']);
    expect(await auditOf(asCoOwner, owned.id)).toEqual([]);
    expect(await auditOf(await clientFor(t, stranger), coOwned.id)).toEqual([]);
  });

  it('does not let suppliers create workspaces', async () => {
    await create(asAna, { name: 'Mine', supplierOrgId: acmeId }).expect(403);
  });

  it('rejects bad input naming every bad field, including catastrophic redaction patterns', async () => {
    const res = await create(asPm, {
      name: '',
      supplierOrgId: 'nope',
      jiraProjectKey: 'hw lower',
      statusMap: { Done: 42 },
      redactionRules: [{ pattern: '(a+)+$' }],
      accessExpiresAt: 'tomorrow',
      extra: true,
    }).expect(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'name',
        'supplierOrgId',
        'jiraProjectKey',
        'statusMap',
        'accessExpiresAt',
        'extra',
      ]),
    );
    const regex = await create(asPm, {
      name: 'R',
      supplierOrgId: acmeId,
      redactionRules: [{ pattern: '(a+)+$' }],
    }).expect(400);
    expect(regex.body.errors).toEqual([
      { field: 'redactionRules[0].pattern', message: expect.stringMatching(/catastroph/) },
    ]);
  });

  it('refuses a scope JQL that could escape the project it is AND-ed with', async () => {
    const res = await create(asPm, {
      name: 'Leaky',
      supplierOrgId: acmeId,
      jiraProjectKey: 'HW',
      jiraScopeJql: 'labels = a) OR (project = SECRET',
    }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'jiraScopeJql', message: expect.any(String) }]);
  });

  it('refuses an internal organisation or an unknown one as the supplier', async () => {
    const internal = await createOrg(t, { kind: 'internal' });
    const res = await create(asPm, { name: 'X', supplierOrgId: internal.id }).expect(422);
    expect(res.body.errors[0].field).toBe('supplierOrgId');
    await create(asPm, { name: 'X', supplierOrgId: '00000000-0000-4000-8000-000000000000' }).expect(422);
  });

  it('paginates the list with a cursor', async () => {
    for (let i = 0; i < 3; i++)
      await create(asPm, { name: `Page ${i}`, supplierOrgId: borealisId }).expect(201);
    const first = await asSara.get('/api/v1/workspaces?limit=2').expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await asSara.get(`/api/v1/workspaces?limit=2&cursor=${first.body.nextCursor}`).expect(200);
    const seen = [...first.body.items, ...second.body.items].map((w: { id: string }) => w.id);
    expect(new Set(seen).size).toBe(seen.length);
    await asSara.get('/api/v1/workspaces?cursor=garbage').expect(400);
    await asSara.get('/api/v1/workspaces?limit=1000').expect(400);
  });

  it('records creation and archiving in the audit log', async () => {
    const ws = (await create(asPm, { name: 'Audited', supplierOrgId: acmeId })).body;
    await asPm.patch(`/api/v1/workspaces/${ws.id}`).send({ archived: true }).expect(200);
    const rows = await t.dataSource.query(
      `SELECT action FROM audit_event WHERE resource_id = $1 ORDER BY at`,
      [ws.id],
    );
    expect(rows.map((r: { action: string }) => r.action)).toEqual([
      'workspace.created',
      'workspace.archived',
    ]);
  });

  it("filters other modules' joined queries to the caller's live workspaces in SQL", async () => {
    const live = (await create(asPm, { name: 'Joined live', supplierOrgId: acmeId })).body;
    const gone = (await create(asPm, { name: 'Joined gone', supplierOrgId: acmeId })).body;
    await asPm.patch(`/api/v1/workspaces/${gone.id}`).send({ archived: true }).expect(200);
    const service = t.app.get(WorkspacesService);
    const anaUser = {
      id: ana.id,
      orgId: acmeId,
      orgKind: 'supplier' as const,
      role: 'supplier_member' as const,
      email: ana.email,
      displayName: 'Ana',
      locale: 'en' as const,
    };
    const qb = t.dataSource
      .createQueryBuilder()
      .select('ws.id', 'id')
      .from('workspace', 'ws')
      .where('ws.id IN (:...ids)', { ids: [live.id, gone.id] });
    const rows = await service.applyAccessFilter(qb, 'ws', anaUser).getRawMany();
    expect(rows).toEqual([{ id: live.id }]);
  });
});
