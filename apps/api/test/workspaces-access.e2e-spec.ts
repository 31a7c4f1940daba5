import { NotFoundError, ForbiddenError } from '../src/common/domain-errors';
import { WorkspaceViewer } from '../src/workspaces/workspace-access';
import { WorkspacesService } from '../src/workspaces/workspaces.service';
import { createTestApp, TestApp } from './support/test-app';

describe('WorkspacesService access checks', () => {
  let t: TestApp;
  let service: WorkspacesService;
  let acme: string;
  let borealis: string;
  let internal: string;
  const pmId = '00000000-0000-4000-8000-000000000001';
  const otherPmId = '00000000-0000-4000-8000-000000000002';
  let live: string;
  let archived: string;
  let expired: string;
  let borealisWs: string;

  const viewer = (v: Partial<WorkspaceViewer>): WorkspaceViewer => ({ id: pmId, orgId: internal, orgKind: 'internal', role: 'pm', ...v });
  const ana = () => viewer({ id: '00000000-0000-4000-8000-0000000000a1', orgId: acme, orgKind: 'supplier', role: 'supplier_member' });

  async function org(name: string, kind: string): Promise<string> {
    const [row] = await t.dataSource.query(`INSERT INTO organization (name, kind) VALUES ($1, $2) RETURNING id`, [name, kind]);
    return row.id;
  }
  async function workspace(name: string, supplierOrgId: string, extra = ''): Promise<string> {
    const [row] = await t.dataSource.query(
      `INSERT INTO workspace (name, supplier_org_id, owner_id${extra ? ', ' + extra.split('=')[0] : ''})
       VALUES ($1, $2, $3${extra ? ', ' + extra.split('=')[1] : ''}) RETURNING id`,
      [name, supplierOrgId, pmId],
    );
    return row.id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    service = t.app.get(WorkspacesService);
    internal = await org('Portico Internal', 'internal');
    acme = await org('Acme', 'supplier');
    borealis = await org('Borealis', 'supplier');
    live = await workspace('Acme gearbox', acme);
    archived = await workspace('Acme old', acme, `archived_at=now()`);
    expired = await workspace('Acme expired', acme, `access_expires_at=now() - interval '1 day'`);
    borealisWs = await workspace('Borealis brakes', borealis);
  });
  afterAll(() => t.close());

  it('lets a supplier read a live workspace of its own organisation', async () => {
    await expect(service.getAccessible(ana(), live)).resolves.toMatchObject({ id: live, supplierOrgId: acme });
  });

  it("answers 404, not 403, for another organisation's workspace", async () => {
    await expect(service.getAccessible(ana(), borealisWs)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('hides archived and expired workspaces from suppliers but not from the PM', async () => {
    await expect(service.getAccessible(ana(), archived)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.getAccessible(ana(), expired)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.getAccessible(viewer({}), archived)).resolves.toMatchObject({ id: archived });
  });

  it('treats a malformed id as not found instead of matching some row', async () => {
    await expect(service.getAccessible(viewer({}), 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lets the owning PM update but only lets another PM read', async () => {
    await expect(service.getAccessible(viewer({}), live, 'update')).resolves.toMatchObject({ id: live });
    await expect(service.getAccessible(viewer({ id: otherPmId }), live)).resolves.toMatchObject({ id: live });
    await expect(service.getAccessible(viewer({ id: otherPmId }), live, 'update')).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('filters a joined query to live workspaces of the supplier in SQL', async () => {
    const qb = t.dataSource.createQueryBuilder().select('w.id', 'id').from('workspace', 'w');
    service.applyAccessFilter(qb, 'w', ana());
    const rows: { id: string }[] = await qb.getRawMany();
    expect(rows.map((r) => r.id)).toEqual([live]);
  });
});
