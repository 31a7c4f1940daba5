import { createHash, randomBytes } from 'node:crypto';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { FileRevision } from '../src/files/entities/file-revision.entity';
import { ATTACH_TO_JIRA_JOB, UPLOAD_TO_FEISHU_JOB } from '../src/files/file-flow-back';
import { AbandonedUploadCleanup } from '../src/files/abandoned-upload-cleanup';
import {
  RevisionVerification,
  UNVERIFIED_REASON,
  VERIFY_UPLOAD_JOB,
} from '../src/files/uploads/revision-verification';
import { SharedItem } from '../src/sharing/entities/shared-item.entity';
import { MultipartPlan } from '../src/storage/multipart-plan';
import { compositeSha256, sha256Base64 } from '../src/storage/part-checksums';
import { StorageService } from '../src/storage/storage.service';
import { Workspace } from '../src/workspaces/entities/workspace.entity';
import { authed, loginAs } from './support/auth-helpers';
import { createOrg, createUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

type Client = ReturnType<typeof authed>;
interface PartUrl {
  partNumber: number;
  size: number;
  url: string;
  headers: Record<string, string>;
}

const MiB = 1024 * 1024;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
/** A PDF of exactly `size` bytes: random bytes inside one stream object. */
const pdf = (size: number) => {
  const head = Buffer.from(`%PDF-1.7\n1 0 obj << /Length ${size} >>\nstream\n`, 'latin1');
  const tail = Buffer.from('\nendstream\nendobj\n%%EOF\n');
  return Buffer.concat([head, randomBytes(size - head.length - tail.length), tail]);
};
const partChecksums = (body: Buffer) => {
  const plan = new MultipartPlan(body.length);
  return plan
    .partNumbers()
    .map((n) => sha256Base64(body.subarray((n - 1) * plan.partSize, n * plan.partSize)));
};

/**
 * Large uploads: per-part SHA-256 enforced by the storage, the composite checksum at completion, the
 * type from the first bytes, and the whole-file verification in a background job. The app runs as
 * ROLE=api so no worker takes the job before the test looks at the `verifying` state; the test runs
 * the job's handler itself, as a worker would.
 */
describe('Upload verification in the background', () => {
  let t: TestApp;
  let acmeWs: Workspace;
  let as: Record<'pm' | 'acme' | 'colleague' | 'borealis', Client>;
  let verification: RevisionVerification;
  let storage: StorageService;

  beforeAll(async () => {
    t = await createTestApp({ FILES_VERIFY_INLINE_MAX_BYTES: '0', ROLE: 'api' });
    verification = t.app.get(RevisionVerification);
    storage = t.app.get(StorageService);
    const internal = await createOrg(t, { kind: 'internal', name: 'Portico Inc' });
    const acme = await createOrg(t, { name: 'Acme' });
    const borealis = await createOrg(t, { name: 'Borealis' });
    const pm = await createUser(t, { role: 'pm', org: internal });
    const workspaces = t.dataSource.getRepository(Workspace);
    acmeWs = await workspaces.save(
      workspaces.create({
        name: 'Acme brackets',
        supplierOrgId: acme.id,
        ownerId: pm.id,
        feishuFolderToken: 'fldcnAcme',
      }),
    );
    const client = async (u: Parameters<typeof loginAs>[1]) => authed(t, await loginAs(t, u));
    as = {
      pm: await client(pm),
      acme: await client(await createUser(t, { role: 'supplier_member', org: acme })),
      colleague: await client(await createUser(t, { role: 'supplier_member', org: acme })),
      borealis: await client(await createUser(t, { role: 'supplier_member', org: borealis })),
    };
  });
  afterAll(() => t.close());

  let counter = 0;
  async function createFile(): Promise<string> {
    const items = t.dataSource.getRepository(SharedItem);
    const item = await items.save(
      items.create({
        workspaceId: acmeWs.id,
        sourceType: 'jira_issue',
        sourceRef: `ACME-${++counter}`,
        latestVersion: 1,
      }),
    );
    const res = await as.acme
      .post(`/api/v1/workspaces/${acmeWs.id}/files`)
      .send({ documentNumber: `V-${counter}`, title: 'Bracket', linkedItemId: item.id })
      .expect(201);
    return res.body.id;
  }

  async function start(fileId: string, body: Buffer, overrides: object = {}) {
    const res = await as.acme
      .post(`/api/v1/files/${fileId}/revisions`)
      .send({
        fileName: 'bracket.pdf',
        size: body.length,
        sha256: sha256(body),
        partChecksums: partChecksums(body),
        ...overrides,
      })
      .expect(201);
    return {
      seq: res.body.revision.seq as number,
      upload: res.body.upload as { partSize: number; parts: PartUrl[] },
    };
  }

  /** PUTs each part with the headers its URL was signed with, as the portal does. */
  async function putParts(upload: { partSize: number; parts: PartUrl[] }, body: Buffer) {
    const parts: { partNumber: number; etag: string }[] = [];
    for (const part of upload.parts) {
      const offset = (part.partNumber - 1) * upload.partSize;
      const res = await fetch(part.url, {
        method: 'PUT',
        body: body.subarray(offset, offset + part.size),
        headers: part.headers,
      });
      expect(res.status).toBe(200);
      parts.push({ partNumber: part.partNumber, etag: res.headers.get('etag')! });
    }
    return parts;
  }

  const complete = (fileId: string, seq: number, parts: object[]) =>
    as.acme.post(`/api/v1/files/${fileId}/revisions/${seq}/complete`).send({ parts });
  const row = (fileId: string, seq: number) =>
    t.dataSource.getRepository(FileRevision).findOneByOrFail({ fileId, seq });
  const jobsFor = async (revisionId: string) =>
    (
      await t.dataSource.query(
        `SELECT name FROM pgboss.job WHERE data->'payload'->>'revisionId' = $1 ORDER BY name`,
        [revisionId],
      )
    ).map((r: { name: string }) => r.name);
  const download = (client: Client, fileId: string, seq: number) =>
    client.get(`/api/v1/files/${fileId}/revisions/${seq}/download`).set('Accept', 'application/json');

  it('has a corrupted part refused by the storage; the revision stays an open upload until the right bytes arrive', async () => {
    const fileId = await createFile();
    const body = pdf(9 * MiB);
    const { seq, upload } = await start(fileId, body);
    expect(upload.parts[0].headers).toEqual({
      'x-amz-checksum-sha256': partChecksums(body)[0],
      'x-amz-sdk-checksum-algorithm': 'SHA256',
    });
    const corrupted = Buffer.from(body.subarray(0, upload.partSize));
    corrupted[4096] ^= 0x01;
    const refused = await fetch(upload.parts[0].url, {
      method: 'PUT',
      body: corrupted,
      headers: upload.parts[0].headers,
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('<Code>BadDigest</Code>');
    // The storage holds only part 2; completing with a made-up ETag for part 1 is refused by it.
    const [second] = await putParts({ ...upload, parts: [upload.parts[1]] }, body);
    const early = await complete(fileId, seq, [{ partNumber: 1, etag: '"0"' }, second]);
    expect(early.status).toBe(422);
    expect(early.body.detail).toMatch(/storage refused to assemble the parts/);
    expect(await row(fileId, seq)).toMatchObject({ state: 'uploading' });
    // Resuming: the storage lists only part 2, so only part 1 is asked for again.
    const resume = await as.acme.post(`/api/v1/files/${fileId}/revisions/${seq}/parts`).send({}).expect(200);
    expect(resume.body.parts.map((p: PartUrl) => p.partNumber)).toEqual([1]);
    const [first] = await putParts({ ...upload, parts: resume.body.parts }, body);
    const done = await complete(fileId, seq, [first, second]).expect(200);
    expect(done.body).toMatchObject({ state: 'verifying', label: null });
    const revision = await row(fileId, seq);
    await verification.run(revision.id);
    expect(await row(fileId, seq)).toMatchObject({ state: 'available', label: 'A' });
    expect((await storage.digestObject(revision.objectKey)).sha256).toBe(sha256(body));
  });

  it('answers `verifying` at once; only the uploader downloads it, nothing flows back until it is available', async () => {
    const fileId = await createFile();
    const body = pdf(3000);
    const { seq, upload } = await start(fileId, body);
    const completed = await complete(fileId, seq, await putParts(upload, body)).expect(200);
    expect(completed.body).toMatchObject({ state: 'verifying', rejectionReason: null });
    const revision = await row(fileId, seq);
    expect(await jobsFor(revision.id)).toEqual([VERIFY_UPLOAD_JOB]);

    // The uploader gets their own bytes back (as an attachment); nobody else does yet.
    const own = await download(as.acme, fileId, seq).expect(200);
    expect(Buffer.from(await (await fetch(own.body.url)).arrayBuffer()).equals(body)).toBe(true);
    await as.acme.get(`/api/v1/files/${fileId}/revisions/${seq}/download?disposition=inline`).expect(400);
    for (const other of [as.pm, as.colleague]) {
      const refused = await download(other, fileId, seq).expect(409);
      expect(refused.body.detail).toMatch(/verifying/);
    }
    await download(as.borealis, fileId, seq).expect(404);
    await as.pm
      .patch(`/api/v1/files/${fileId}/revisions/${seq}`)
      .send({ reviewState: 'approved' })
      .expect(409);
    const detail = await as.pm.get(`/api/v1/files/${fileId}`).expect(200);
    expect(detail.body).toMatchObject({ currentRevision: null, revisions: [{ seq, state: 'verifying' }] });

    await verification.run(revision.id);
    expect(await row(fileId, seq)).toMatchObject({ state: 'available', label: 'A' });
    expect(await jobsFor(revision.id)).toEqual([ATTACH_TO_JIRA_JOB, UPLOAD_TO_FEISHU_JOB, VERIFY_UPLOAD_JOB]);
    await download(as.pm, fileId, seq).expect(200);
    await download(as.colleague, fileId, seq).expect(200);
    expect((await as.pm.get(`/api/v1/files/${fileId}`).expect(200)).body.currentRevision).toBe(seq);
    // A job handed out again changes nothing.
    expect(await verification.run(revision.id)).toBeNull();
    expect(await row(fileId, seq)).toMatchObject({ state: 'available', label: 'A' });
  });

  it('rejects a revision whose whole-file SHA-256 does not match, deleting the object, with no flow back', async () => {
    const fileId = await createFile();
    const body = pdf(5000);
    // Every part matches its checksum, but the declared whole-file digest is another file's.
    const { seq, upload } = await start(fileId, body, { sha256: sha256(pdf(5000)) });
    await complete(fileId, seq, await putParts(upload, body)).expect(200);
    const revision = await row(fileId, seq);
    expect(revision.state).toBe('verifying');
    await verification.run(revision.id);
    const rejected = await row(fileId, seq);
    expect(rejected).toMatchObject({ state: 'rejected' });
    expect(rejected.rejectionReason).toMatch(/SHA-256 .* differs from the declared/);
    expect(await storage.exists(revision.objectKey)).toBe(false);
    expect(await jobsFor(revision.id)).toEqual([VERIFY_UPLOAD_JOB]);
    const audit = await t.dataSource.getRepository(AuditEvent).findBy({ resourceId: revision.id });
    expect(audit.map((e) => e.action)).toContain('file.upload.rejected');
    await download(as.acme, fileId, seq).expect(409);
    const shown = await as.acme.get(`/api/v1/files/${fileId}`).expect(200);
    expect(shown.body.revisions[0]).toMatchObject({
      state: 'rejected',
      rejectionReason: rejected.rejectionReason,
    });
  });

  /** The queue's view of one attempt of the verification job. */
  const attempt = (revisionId: string, n: number, of: number) => ({
    id: `job-${revisionId}-${n}`,
    name: VERIFY_UPLOAD_JOB,
    data: { revisionId },
    attempt: n,
    maxAttempts: of,
    signal: new AbortController().signal,
  });
  const rejections = async (revisionId: string) =>
    (await t.dataSource.getRepository(AuditEvent).findBy({ resourceId: revisionId })).filter(
      (e) => e.action === 'file.upload.rejected',
    );

  it('rejects the revision, telling the uploader, when its verification fails on the last attempt', async () => {
    const fileId = await createFile();
    const body = pdf(4000);
    const { seq, upload } = await start(fileId, body);
    await complete(fileId, seq, await putParts(upload, body)).expect(200);
    const revision = await row(fileId, seq);
    await t.storage.stop();
    try {
      // Storage unreachable: an attempt with retries left fails and the revision keeps waiting.
      await expect(verification.handle(attempt(revision.id, 1, 3))).rejects.toThrow();
      expect(await row(fileId, seq)).toMatchObject({ state: 'verifying' });
      // The last attempt fails too: the job is dead-lettered, the revision must not stay `verifying`.
      await expect(verification.handle(attempt(revision.id, 3, 3))).rejects.toThrow();
    } finally {
      await t.storage.start();
    }
    expect(await row(fileId, seq)).toMatchObject({ state: 'rejected', rejectionReason: UNVERIFIED_REASON });
    const shown = await as.acme.get(`/api/v1/files/${fileId}`).expect(200);
    expect(shown.body.revisions[0]).toMatchObject({ state: 'rejected', rejectionReason: UNVERIFIED_REASON });
    expect(await rejections(revision.id)).toHaveLength(1);
    // Re-driving the dead letter later changes nothing.
    await verification.handle(attempt(revision.id, 1, 3));
    expect(await row(fileId, seq)).toMatchObject({ state: 'rejected' });
    expect(await rejections(revision.id)).toHaveLength(1);
    // The object could not be deleted while storage was down; the next cleanup pass deletes it.
    expect(await storage.exists(revision.objectKey)).toBe(true);
    expect(await row(fileId, seq)).toMatchObject({ objectDeletePending: true });
    await t.app.get(AbandonedUploadCleanup).runOnce();
    expect(await storage.exists(revision.objectKey)).toBe(false);
    expect(await row(fileId, seq)).toMatchObject({ state: 'rejected', objectDeletePending: false });
  });

  it('rejects a revision whose job died on every attempt once it waited past them all, once across passes', async () => {
    const fileId = await createFile();
    const body = pdf(4000);
    const { seq, upload } = await start(fileId, body);
    await complete(fileId, seq, await putParts(upload, body)).expect(200);
    const revision = await row(fileId, seq);
    // The queue gave up on the job without its handler finishing (its worker died on each attempt).
    await t.dataSource.query(`DELETE FROM pgboss.job WHERE data->'payload'->>'revisionId' = $1`, [
      revision.id,
    ]);
    const cleanup = t.app.get(AbandonedUploadCleanup);
    await cleanup.runOnce(new Date(Date.now() + 3600_000));
    expect(await row(fileId, seq)).toMatchObject({ state: 'verifying' });

    // Past every attempt the queue could have made (8 × an hour's expiry) and the abandoned-upload time.
    const later = new Date(Date.now() + 40 * 3600_000);
    await Promise.all([cleanup.runOnce(later), cleanup.runOnce(later)]);
    expect(await row(fileId, seq)).toMatchObject({ state: 'rejected', rejectionReason: UNVERIFIED_REASON });
    expect(await rejections(revision.id)).toHaveLength(1);
    expect(await storage.exists(revision.objectKey)).toBe(false);
  });

  it('refuses the wrong file type at completion from the first bytes, without waiting for the job', async () => {
    const fileId = await createFile();
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), randomBytes(4000)]);
    const { seq, upload } = await start(fileId, exe);
    const res = await complete(fileId, seq, await putParts(upload, exe)).expect(422);
    expect(res.body.detail).toMatch(/not a \.pdf file/);
    const revision = await row(fileId, seq);
    expect(revision.state).toBe('rejected');
    expect(await jobsFor(revision.id)).toEqual([]);
    expect(await storage.exists(revision.objectKey)).toBe(false);
  });

  it('binds the part checksums it was given, and the storage reports their composite', async () => {
    const fileId = await createFile();
    const body = pdf(17 * MiB);
    const { seq, upload } = await start(fileId, body);
    expect(upload.parts).toHaveLength(3);
    const parts = await putParts(upload, body);
    const revision = await row(fileId, seq);
    expect(revision.partChecksums).toEqual(partChecksums(body));
    const completed = await storage.completeMultipartUpload(
      revision.objectKey,
      revision.uploadId!,
      parts.map((p, i) => ({ ...p, checksumSHA256: partChecksums(body)[i] })),
    );
    expect(completed.checksumSHA256).toBe(compositeSha256(partChecksums(body)));
  });

  it('names partChecksums and partSize when they do not fit the upload', async () => {
    const fileId = await createFile();
    const body = pdf(9 * MiB);
    const send = (extra: object) =>
      as.acme
        .post(`/api/v1/files/${fileId}/revisions`)
        .send({ fileName: 'bracket.pdf', size: body.length, sha256: sha256(body), ...extra });
    const fields = (res: { body: { errors: { field: string }[] } }) => res.body.errors.map((e) => e.field);
    expect(fields(await send({ partChecksums: [partChecksums(body)[0]] }).expect(400))).toEqual([
      'partChecksums',
    ]);
    expect(fields(await send({ partChecksums: ['abc', 'def'] }).expect(400))).toEqual(['partChecksums']);
    expect(fields(await send({ partChecksums: [sha256(body), sha256(body)] }).expect(400))).toEqual([
      'partChecksums',
    ]);
    expect(fields(await send({ partSize: 1024 }).expect(400))).toEqual(['partSize']);
    // A part size the client chose is kept: 16 MiB parts make this one part.
    const one = await send({ partSize: 16 * MiB, partChecksums: [sha256Base64(body)] }).expect(201);
    expect(one.body.upload).toMatchObject({ partSize: 16 * MiB, partCount: 1 });
  });
});
