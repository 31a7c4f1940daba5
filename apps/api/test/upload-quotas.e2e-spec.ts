import { authed, clientFor, loginAs } from './support/auth-helpers';
import { createUser } from './support/factories';
import { createSiblingApp, TestApp } from './support/test-app';
import { Client, createFeedbackWorld, FeedbackWorld } from './feedback.fixtures';

const SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('Open-upload cap and organisation storage quota', () => {
  let w: FeedbackWorld;
  let second: TestApp;

  beforeAll(async () => {
    w = await createFeedbackWorld({ FILES_MAX_OPEN_UPLOADS_PER_USER: '3', FILES_ORG_QUOTA_BYTES: '100000' });
    second = await createSiblingApp(w.t);
  }, 120_000);
  afterAll(async () => {
    await second?.close();
    await w?.close();
  }, 180_000);

  const revisions = async (fileId: string) =>
    Number(
      (await w.t.dataSource.query(`SELECT count(*) FROM file_revision WHERE file_id = $1`, [fileId]))[0]
        .count,
    );
  const newFile = async (client: Client, workspaceId: string, documentNumber: string) =>
    (
      await client
        .post(`/api/v1/workspaces/${workspaceId}/files`)
        .send({ documentNumber, title: documentNumber })
        .expect(201)
    ).body.id as string;
  const start = (client: Client, fileId: string, size: number) =>
    client.post(`/api/v1/files/${fileId}/revisions`).send({ fileName: 'part.pdf', size, sha256: SHA });

  it('lets one member start only the capped number of uploads, even 30 at once on two processes', async () => {
    const member = await createUser(w.t, { org: w.ana.organization, role: 'supplier_member' });
    const clients = [authed(w.t, await loginAs(w.t, member)), authed(second, await loginAs(second, member))];
    const fileId = await newFile(clients[0], w.acmeWorkspaceId, 'D-BURST');
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => start(clients[i % 2], fileId, 1000)),
    );
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(27);
    const refused = answers.find((res) => res.status === 429)!;
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.body.limit).toEqual({ name: 'FILES_MAX_OPEN_UPLOADS_PER_USER', value: 3 });
    expect(refused.body.upload).toBeUndefined();
    expect(await revisions(fileId)).toBe(3);

    // Cancelling one makes room for another.
    const seq = answers.find((res) => res.status === 201)!.body.revision.seq;
    await clients[0].delete(`/api/v1/files/${fileId}/revisions/${seq}/upload`).expect(200);
    await start(clients[1], fileId, 1000).expect(201);
  });

  it('refuses an upload that would take the organisation over its quota, before issuing any URL', async () => {
    // Acme holds 3 × 1000 bytes of open uploads from the test above.
    const fileId = await newFile(w.asAna, w.acmeWorkspaceId, 'D-QUOTA');
    const big = await start(w.asAna, fileId, 97_000).expect(201);
    const refused = await start(w.asAna, fileId, 1).expect(422);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.body.limit).toEqual({ name: 'FILES_ORG_QUOTA_BYTES', value: 100_000 });
    expect(refused.body.detail).toMatch(/quota/);
    expect(await revisions(fileId)).toBe(1);

    // Another organisation has a quota of its own.
    const boFile = await newFile(w.asBo, w.borealisWorkspaceId, 'D-BO');
    await start(w.asBo, boFile, 50_000).expect(201);

    // A cancelled upload frees its bytes.
    await w.asAna.delete(`/api/v1/files/${fileId}/revisions/${big.body.revision.seq}/upload`).expect(200);
    await start(w.asAna, fileId, 1000).expect(201);
  });

  it('shows the quota and current usage to supplier admins of the organisation and to internal users', async () => {
    const acmeId = w.ana.organization.id;
    const admin = await createUser(w.t, { org: w.ana.organization, role: 'supplier_admin' });
    const usage = await (
      await clientFor(w.t, admin)
    )
      .get(`/api/v1/organizations/${acmeId}/storage`)
      .expect(200);
    // 3 open uploads of 1000 bytes by the burst member, and Ana's last one.
    expect(usage.body).toEqual({
      usedBytes: 4000,
      quotaBytes: 100_000,
      openUploads: 4,
      maxOpenUploadsPerUser: 3,
    });
    await w.asPm.get(`/api/v1/organizations/${acmeId}/storage`).expect(200);
    await w.asAna.get(`/api/v1/organizations/${acmeId}/storage`).expect(403);
    const borealisAdmin = await createUser(w.t, { org: w.bo.organization, role: 'supplier_admin' });
    await (await clientFor(w.t, borealisAdmin)).get(`/api/v1/organizations/${acmeId}/storage`).expect(404);
  });
});
