import { createHash } from 'node:crypto';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { FileRevision } from '../src/files/entities/file-revision.entity';
import { FileEntity } from '../src/files/entities/file.entity';
import { Workspace } from '../src/workspaces/entities/workspace.entity';
import { authed, loginAs } from './support/auth-helpers';
import { createOrg, createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

type Client = ReturnType<typeof authed>;

const pdf = Buffer.from('%PDF-1.7\n% attachment\n');
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Deleting a file that never got content, e.g. a defect attachment whose upload was refused. */
describe('Files: deleting a file without content', () => {
  let t: TestApp;
  let acmeWs: Workspace;
  let as: Record<'acme' | 'colleague' | 'pm' | 'admin' | 'borealis', Client>;
  let acmeMember: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    const internal = await createOrg(t, { kind: 'internal', name: 'Portico Inc' });
    const acme = await createOrg(t, { name: 'Acme' });
    const borealis = await createOrg(t, { name: 'Borealis' });
    const pm = await createUser(t, { role: 'pm', org: internal });
    const admin = await createUser(t, { role: 'admin', org: internal });
    acmeMember = await createUser(t, { role: 'supplier_member', org: acme });
    const colleague = await createUser(t, { role: 'supplier_member', org: acme });
    const borealisMember = await createUser(t, { role: 'supplier_member', org: borealis });
    const workspaces = t.dataSource.getRepository(Workspace);
    acmeWs = await workspaces.save(
      workspaces.create({ name: 'Acme brackets', supplierOrgId: acme.id, ownerId: pm.id }),
    );
    const client = async (u: TestUser) => authed(t, await loginAs(t, u));
    as = {
      acme: await client(acmeMember),
      colleague: await client(colleague),
      pm: await client(pm),
      admin: await client(admin),
      borealis: await client(borealisMember),
    };
  });
  afterAll(() => t.close());

  let counter = 0;
  async function createFile(client: Client = as.acme): Promise<string> {
    const res = await client
      .post(`/api/v1/workspaces/${acmeWs.id}/files`)
      .send({ documentNumber: `ATT-DEL-${++counter}`, title: 'seam photo.pdf' })
      .expect(201);
    return res.body.id;
  }
  const start = (fileId: string, fileName = 'seam photo.pdf') =>
    as.acme
      .post(`/api/v1/files/${fileId}/revisions`)
      .send({ fileName, size: pdf.length, sha256: sha256(pdf) });
  const listed = async () =>
    (await as.acme.get(`/api/v1/workspaces/${acmeWs.id}/files`).expect(200)).body.items.map(
      (f: { id: string }) => f.id,
    );

  it('lets the creator delete a file whose upload was refused, and audits it', async () => {
    const fileId = await createFile();
    await start(fileId, 'notes.exe').expect(400);
    await as.acme.delete(`/api/v1/files/${fileId}`).expect(204);
    expect(await listed()).not.toContain(fileId);
    await as.acme.get(`/api/v1/files/${fileId}`).expect(404);
    const [event] = await t.dataSource
      .getRepository(AuditEvent)
      .findBy({ resourceId: fileId, action: 'file.deleted' });
    expect(event).toMatchObject({ actorId: acmeMember.id, workspaceId: acmeWs.id });
  });

  it('deletes a file whose only revision was given up, with that revision', async () => {
    const fileId = await createFile();
    const seq = (await start(fileId).expect(201)).body.revision.seq;
    await as.acme.delete(`/api/v1/files/${fileId}/revisions/${seq}/upload`).expect(200);
    await as.acme.delete(`/api/v1/files/${fileId}`).expect(204);
    expect(await t.dataSource.getRepository(FileRevision).countBy({ fileId })).toBe(0);
    expect(await t.dataSource.getRepository(FileEntity).countBy({ id: fileId })).toBe(0);
  });

  it('keeps a file with an open upload or uploaded content (409)', async () => {
    const fileId = await createFile();
    const started = (await start(fileId).expect(201)).body;
    const res = await as.acme.delete(`/api/v1/files/${fileId}`).expect(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const etag = (await fetch(started.upload.parts[0].url, { method: 'PUT', body: pdf })).headers.get(
      'etag',
    )!;
    await as.acme
      .post(`/api/v1/files/${fileId}/revisions/${started.revision.seq}/complete`)
      .send({ parts: [{ partNumber: 1, etag }] })
      .expect(200);
    await as.acme.delete(`/api/v1/files/${fileId}`).expect(409);
    expect(await listed()).toContain(fileId);
  });

  it('is for the creator or an admin only: a colleague or the PM get 403, an admin may', async () => {
    const fileId = await createFile();
    await as.colleague.delete(`/api/v1/files/${fileId}`).expect(403);
    await as.pm.delete(`/api/v1/files/${fileId}`).expect(403);
    await as.admin.delete(`/api/v1/files/${fileId}`).expect(204);
  });

  it('gives Borealis 404 for Acme’s file and answers a malformed id with 400', async () => {
    const fileId = await createFile();
    await as.borealis.delete(`/api/v1/files/${fileId}`).expect(404);
    expect(await listed()).toContain(fileId);
    const bad = await as.acme.delete('/api/v1/files/not-a-uuid').expect(400);
    expect(JSON.stringify(bad.body)).toContain('id');
  });
});
