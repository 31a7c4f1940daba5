import { createHash, randomBytes } from 'node:crypto';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { FileRevision } from '../src/files/entities/file-revision.entity';
import { ShutdownState } from '../src/health/shutdown-state';
import { Workspace } from '../src/workspaces/entities/workspace.entity';
import { authed, loginAs } from './support/auth-helpers';
import { createOrg, createUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const pdf = (size: number) =>
  Buffer.concat([Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1'), randomBytes(size - 15)]);

describe('Storage outage and readiness', () => {
  let t: TestApp;
  let supplier: ReturnType<typeof authed>;
  let workspace: Workspace;

  beforeAll(async () => {
    t = await createTestApp();
    const internal = await createOrg(t, { kind: 'internal', name: 'Portico Inc' });
    const acme = await createOrg(t, { name: 'Acme' });
    const pm = await createUser(t, { role: 'pm', org: internal });
    const member = await createUser(t, { role: 'supplier_member', org: acme });
    workspace = await t.dataSource
      .getRepository(Workspace)
      .save({ name: 'Acme brackets', supplierOrgId: acme.id, ownerId: pm.id });
    supplier = authed(t, await loginAs(t, member));
  });
  afterAll(() => t.close());

  it('answers 503 problem+json while storage is unreachable during complete; completing later publishes the revision once', async () => {
    const body = pdf(5000);
    const file = await supplier
      .post(`/api/v1/workspaces/${workspace.id}/files`)
      .send({ documentNumber: 'D-1', title: 'Bracket' })
      .expect(201);
    const started = await supplier
      .post(`/api/v1/files/${file.body.id}/revisions`)
      .send({
        fileName: 'bracket.pdf',
        size: body.length,
        sha256: createHash('sha256').update(body).digest('hex'),
      })
      .expect(201);
    const parts: { partNumber: number; etag: string }[] = [];
    for (const part of started.body.upload.parts) {
      const offset = (part.partNumber - 1) * started.body.upload.partSize;
      const res = await fetch(part.url, { method: 'PUT', body: body.subarray(offset, offset + part.size) });
      expect(res.status).toBe(200);
      parts.push({ partNumber: part.partNumber, etag: res.headers.get('etag')! });
    }
    const complete = () =>
      supplier
        .post(`/api/v1/files/${file.body.id}/revisions/${started.body.revision.seq}/complete`)
        .send({ parts });
    const revision = () =>
      t.dataSource.getRepository(FileRevision).findOneByOrFail({ id: started.body.revision.id });

    await t.storage.stop();
    try {
      const down = await complete();
      expect(down.status).toBe(503);
      expect(down.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(down.headers['retry-after']).toBe('5');
      expect(down.body).toMatchObject({
        status: 503,
        type: expect.stringMatching(/dependency-unavailable$/),
      });
      expect(await revision()).toMatchObject({ state: 'uploading', uploadId: expect.any(String) });

      const ready = await t.http().get('/api/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(ready.body.details).toMatchObject({ database: { status: 'up' }, storage: { status: 'down' } });
    } finally {
      await t.storage.start();
    }

    await t.http().get('/api/health/ready').expect(200);
    const up = await complete();
    expect(up.status).toBe(200);
    expect(await revision()).toMatchObject({ state: 'available' });
    await complete().expect((res) => expect(res.status).toBeGreaterThanOrEqual(400));
    const completed = await t.dataSource
      .getRepository(AuditEvent)
      .countBy({ action: 'file.upload.completed', resourceId: started.body.revision.id });
    expect(completed).toBe(1);
  });

  it('readiness answers 503 from the moment shutdown begins, liveness stays 200', async () => {
    await t.http().get('/api/health/ready').expect(200);
    t.app.get(ShutdownState).begin();
    const ready = await t.http().get('/api/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.headers['content-type']).toMatch(/application\/problem\+json/);
    await t.http().get('/api/health/live').expect(200);
  });
});
