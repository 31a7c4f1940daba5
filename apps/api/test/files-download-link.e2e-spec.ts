import { createHash } from 'node:crypto';
import { Workspace } from '../src/workspaces/entities/workspace.entity';
import { authed, loginAs } from './support/auth-helpers';
import { createOrg, createUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const body = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);

describe('Downloading a revision from the browser', () => {
  let t: TestApp;
  let fileUrl: string;
  let acme: ReturnType<typeof authed>;
  let borealis: ReturnType<typeof authed>;

  beforeAll(async () => {
    t = await createTestApp();
    const internal = await createOrg(t, { kind: 'internal', name: 'Portico Inc' });
    const acmeOrg = await createOrg(t, { name: 'Acme' });
    const borealisOrg = await createOrg(t, { name: 'Borealis' });
    const pm = await createUser(t, { role: 'pm', org: internal });
    acme = authed(t, await loginAs(t, await createUser(t, { role: 'supplier_member', org: acmeOrg })));
    borealis = authed(
      t,
      await loginAs(t, await createUser(t, { role: 'supplier_member', org: borealisOrg })),
    );
    const workspaces = t.dataSource.getRepository(Workspace);
    const ws = await workspaces.save(
      workspaces.create({ name: 'Brackets', supplierOrgId: acmeOrg.id, ownerId: pm.id }),
    );
    const file = await acme
      .post(`/api/v1/workspaces/${ws.id}/files`)
      .send({ documentNumber: 'D-1', title: 'Bracket' })
      .expect(201);
    const sha256 = createHash('sha256').update(body).digest('hex');
    const started = await acme
      .post(`/api/v1/files/${file.body.id}/revisions`)
      .send({ fileName: 'bracket.pdf', size: body.length, sha256 })
      .expect(201);
    const part = started.body.upload.parts[0];
    const put = await fetch(part.url, { method: 'PUT', body });
    await acme
      .post(`/api/v1/files/${file.body.id}/revisions/1/complete`)
      .send({ parts: [{ partNumber: 1, etag: put.headers.get('etag') }] })
      .expect(200);
    fileUrl = `/api/v1/files/${file.body.id}/revisions/1/download`;
  });

  afterAll(() => t.close());

  it('answers a JSON request with the storage URL instead of a redirect, uncached', async () => {
    const res = await acme.get(fileUrl).set('Accept', 'application/json').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const download = await fetch(res.body.url);
    expect(Buffer.from(await download.arrayBuffer()).equals(body)).toBe(true);
  });

  it('still redirects everyone else', async () => {
    const res = await acme.get(fileUrl).expect(302);
    expect(res.headers.location).toMatch(/X-Amz-Signature=/);
  });

  it('gives another supplier the same 404 with either form', async () => {
    await borealis.get(fileUrl).set('Accept', 'application/json').expect(404);
    await borealis.get(fileUrl).expect(404);
  });
});
