import { createHash, randomBytes } from 'node:crypto';
import { ListPartsCommand } from '@aws-sdk/client-s3';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { AbandonedUploadCleanup, CLEANUP_UPLOADS_JOB } from '../src/files/abandoned-upload-cleanup';
import { FileRevision } from '../src/files/entities/file-revision.entity';
import { ATTACH_TO_JIRA_JOB, UPLOAD_TO_FEISHU_JOB } from '../src/files/file-flow-back';
import { SharedItem } from '../src/sharing/entities/shared-item.entity';
import { StorageService } from '../src/storage/storage.service';
import { Workspace } from '../src/workspaces/entities/workspace.entity';
import { authed, loginAs } from './support/auth-helpers';
import { createOrg, createUser, TestUser } from './support/factories';
import { STEP } from './support/suspicious-files';
import { waitFor } from './support/sync-queue';
import { createTestApp, TestApp } from './support/test-app';

type Client = ReturnType<typeof authed>;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
/** A PDF of exactly `size` bytes (≥ 70): its random bytes sit in a stream, as binary does in real PDFs. */
const pdf = (size: number) => {
  const tail = Buffer.from('\nendstream\nendobj\n');
  const headOf = (length: number) =>
    Buffer.from(`%PDF-1.7\n%âãÏÓ\n1 0 obj << /Length ${length} >>\nstream\n`, 'latin1');
  const length = size - headOf(size).length - tail.length;
  return Buffer.concat([headOf(length), randomBytes(size - headOf(length).length - tail.length), tail]);
};
// The first bytes of a Windows PE executable: "MZ" header and DOS stub.
const exe = Buffer.concat([
  Buffer.from('4d5a90000300000004000000ffff0000b800000000000000400000000000000000000000', 'hex'),
  Buffer.from('This program cannot be run in DOS mode.\r\r\n$'),
  randomBytes(4000),
]);

describe('Files and drawing revisions', () => {
  let t: TestApp;
  let pm: TestUser;
  let otherPm: TestUser;
  let acmeMember: TestUser;
  let acmeColleague: TestUser;
  let acmeAdmin: TestUser;
  let borealisMember: TestUser;
  let acmeWs: Workspace;
  let borealisWs: Workspace;
  let as: Record<'pm' | 'otherPm' | 'acme' | 'colleague' | 'acmeAdmin' | 'borealis', Client>;

  beforeAll(async () => {
    t = await createTestApp();
    const internal = await createOrg(t, { kind: 'internal', name: 'Portico Inc' });
    const acme = await createOrg(t, { name: 'Acme' });
    const borealis = await createOrg(t, { name: 'Borealis' });
    pm = await createUser(t, { role: 'pm', org: internal });
    otherPm = await createUser(t, { role: 'pm', org: internal });
    acmeMember = await createUser(t, { role: 'supplier_member', org: acme });
    acmeColleague = await createUser(t, { role: 'supplier_member', org: acme });
    acmeAdmin = await createUser(t, { role: 'supplier_admin', org: acme });
    borealisMember = await createUser(t, { role: 'supplier_member', org: borealis });
    const workspaces = t.dataSource.getRepository(Workspace);
    acmeWs = await workspaces.save(
      workspaces.create({
        name: 'Acme brackets',
        supplierOrgId: acme.id,
        ownerId: pm.id,
        feishuFolderToken: 'fldcnAcme',
      }),
    );
    borealisWs = await workspaces.save(
      workspaces.create({ name: 'Borealis hulls', supplierOrgId: borealis.id, ownerId: pm.id }),
    );
    const client = async (u: TestUser) => authed(t, await loginAs(t, u));
    as = {
      pm: await client(pm),
      otherPm: await client(otherPm),
      acme: await client(acmeMember),
      colleague: await client(acmeColleague),
      acmeAdmin: await client(acmeAdmin),
      borealis: await client(borealisMember),
    };
  });
  afterAll(() => t.close());

  let issueCounter = 0;
  /** A Jira issue shared into `workspace`, published (version 1) unless said otherwise. */
  async function sharedItem(workspace: Workspace, latestVersion = 1): Promise<SharedItem> {
    const items = t.dataSource.getRepository(SharedItem);
    return items.save(
      items.create({
        workspaceId: workspace.id,
        sourceType: 'jira_issue',
        sourceRef: `ACME-${++issueCounter}`,
        latestVersion,
      }),
    );
  }

  let documentCounter = 0;
  async function createFile(client: Client = as.acme, body: object = {}): Promise<{ id: string }> {
    const res = await client
      .post(`/api/v1/workspaces/${acmeWs.id}/files`)
      .send({ documentNumber: `D-${++documentCounter}`, title: 'Bracket', ...body })
      .expect(201);
    return res.body;
  }

  function start(client: Client, fileId: string, body: Buffer, overrides: object = {}) {
    return client
      .post(`/api/v1/files/${fileId}/revisions`)
      .send({ fileName: 'bracket.pdf', size: body.length, sha256: sha256(body), ...overrides });
  }

  /** What a browser does with the part URLs: PUT each slice straight to storage, keep the ETags. */
  async function putParts(
    upload: { parts: { partNumber: number; size: number; url: string }[]; partSize: number },
    body: Buffer,
  ) {
    const parts: { partNumber: number; etag: string }[] = [];
    for (const part of upload.parts) {
      const offset = (part.partNumber - 1) * upload.partSize;
      const res = await fetch(part.url, { method: 'PUT', body: body.subarray(offset, offset + part.size) });
      expect(res.status).toBe(200);
      parts.push({ partNumber: part.partNumber, etag: res.headers.get('etag')! });
    }
    return parts;
  }

  async function upload(client: Client, fileId: string, body: Buffer, overrides: object = {}) {
    const started = await start(client, fileId, body, overrides).expect(201);
    const parts = await putParts(started.body.upload, body);
    const seq: number = started.body.revision.seq;
    const completed = await client.post(`/api/v1/files/${fileId}/revisions/${seq}/complete`).send({ parts });
    return { seq, started, completed };
  }

  /** The storage server itself no longer knows the multipart upload (aborted, its parts freed). */
  async function expectNoSuchUpload(objectKey: string, uploadId: string) {
    const storage = t.app.get(StorageService);
    const list = new ListPartsCommand({ Bucket: storage.bucket, Key: objectKey, UploadId: uploadId });
    await expect(storage.client.send(list)).rejects.toMatchObject({
      name: 'NoSuchUpload',
      $metadata: expect.objectContaining({ httpStatusCode: 404 }),
    });
  }

  const revisionRow = (fileId: string, seq: number) =>
    t.dataSource.getRepository(FileRevision).findOneByOrFail({ fileId, seq });
  const auditActions = async (resourceId: string) =>
    (await t.dataSource.getRepository(AuditEvent).findBy({ resourceId })).map((e) => e.action).sort();

  describe('files', () => {
    it('creates files in a workspace and lists them newest first with a cursor', async () => {
      const first = await createFile(as.pm, { title: 'Reference drawing' });
      const second = await createFile(as.acme);
      const page1 = await as.acme.get(`/api/v1/workspaces/${acmeWs.id}/files?limit=1`).expect(200);
      expect(page1.body.items.map((f: { id: string }) => f.id)).toEqual([second.id]);
      expect(page1.body.nextCursor).toEqual(expect.any(String));
      const page2 = await as.acme
        .get(`/api/v1/workspaces/${acmeWs.id}/files?limit=1&cursor=${page1.body.nextCursor}`)
        .expect(200);
      expect(page2.body.items.map((f: { id: string }) => f.id)).toEqual([first.id]);
    });

    it('links a file to a shared item of its workspace, and to nothing else', async () => {
      const item = await sharedItem(acmeWs);
      const linked = await createFile(as.acme, { linkedItemId: item.id });
      expect(linked).toMatchObject({ linkedItemId: item.id });
      const refusals = [
        (await sharedItem(borealisWs)).id,
        (await sharedItem(acmeWs, 0)).id, // not yet published: suppliers cannot see it
        '00000000-0000-4000-8000-000000000001',
      ];
      for (const linkedItemId of refusals) {
        const res = await as.acme
          .post(`/api/v1/workspaces/${acmeWs.id}/files`)
          .send({ documentNumber: `L-${linkedItemId}`, title: 'x', linkedItemId })
          .expect(422);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'linkedItemId' })]);
      }
    });

    it('refuses a document number already used in the workspace', async () => {
      await as.acme
        .post(`/api/v1/workspaces/${acmeWs.id}/files`)
        .send({ documentNumber: 'DUP-1', title: 'a' })
        .expect(201);
      const res = await as.acme
        .post(`/api/v1/workspaces/${acmeWs.id}/files`)
        .send({ documentNumber: 'DUP-1', title: 'b' })
        .expect(409);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    });

    it('names every invalid field of a new file', async () => {
      const res = await as.acme
        .post(`/api/v1/workspaces/${acmeWs.id}/files`)
        .send({ documentNumber: '', linkedItemId: 'x' })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
        expect.arrayContaining(['documentNumber', 'linkedItemId', 'title']),
      );
    });

    it('answers malformed ids with 400 and absurd revision numbers with 404, never 500', async () => {
      const file = await createFile();
      await as.acme.get('/api/v1/files/not-a-uuid').expect(400);
      await as.acme.get(`/api/v1/files/${file.id}/revisions/abc/download`).expect(400);
      await as.acme.get(`/api/v1/files/${file.id}/revisions/99999999999/download`).expect(404);
      await as.acme.get(`/api/v1/files/${file.id}/revisions/0/download`).expect(404);
    });
  });

  describe('searching files', () => {
    let ws: Workspace;
    const search = (q: string, extra = '') =>
      as.acme.get(`/api/v1/workspaces/${ws.id}/files?q=${encodeURIComponent(q)}${extra}`);
    const titles = (res: { body: { items: { title: string }[] } }) => res.body.items.map((f) => f.title);
    async function file(documentNumber: string, title: string) {
      await as.acme.post(`/api/v1/workspaces/${ws.id}/files`).send({ documentNumber, title }).expect(201);
    }

    beforeAll(async () => {
      const workspaces = t.dataSource.getRepository(Workspace);
      ws = await workspaces.save(
        workspaces.create({ name: 'Acme search', supplierOrgId: acmeMember.orgId, ownerId: pm.id }),
      );
      await file('HX-100', 'Hinge bracket, left');
      await file('HX-101', 'Hinge BRACKET, right');
      await file('CV-7', 'Cover plate');
      await file('PCT-1', '100% scale print');
      await file('PCT-2', '1000 scale print');
      await file('US-1', 'top_cover');
      await file('US-2', 'topXcover');
      await file('BS-1', 'path\\to\\drawing');
    });

    it('finds files by part of the title or the document number, whatever the case', async () => {
      expect(titles(await search('bracket').expect(200))).toEqual([
        'Hinge BRACKET, right',
        'Hinge bracket, left',
      ]);
      expect(titles(await search('  cV-  ').expect(200))).toEqual(['Cover plate']);
      expect(titles(await search('no such drawing').expect(200))).toEqual([]);
    });

    it('takes %, _ and \\ in the search literally', async () => {
      expect(titles(await search('100%').expect(200))).toEqual(['100% scale print']);
      expect(titles(await search('p_cover').expect(200))).toEqual(['top_cover']);
      expect(titles(await search('h\\to').expect(200))).toEqual(['path\\to\\drawing']);
    });

    it('pages through the matches with the cursor, newest first', async () => {
      const page1 = await search('print', '&limit=1').expect(200);
      expect(titles(page1)).toEqual(['1000 scale print']);
      const page2 = await search('print', `&limit=1&cursor=${page1.body.nextCursor}`).expect(200);
      expect(titles(page2)).toEqual(['100% scale print']);
      expect(page2.body.nextCursor).toBeNull();
    });

    it('answers 400 naming q for an empty, blank or over-long search', async () => {
      for (const q of ['', '   ', 'x'.repeat(201)]) {
        const res = await search(q).expect(400);
        expect(res.headers['content-type']).toMatch(/problem\+json/);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['q']);
      }
      await search('x'.repeat(200)).expect(200);
    });

    it('answers 404 to another organisation’s user searching the workspace', async () => {
      await as.borealis.get(`/api/v1/workspaces/${ws.id}/files?q=bracket`).expect(404);
    });
  });

  describe('uploading a revision', () => {
    it('takes a 40 MB file in parts through presigned URLs and gives it back byte for byte', async () => {
      const file = await createFile();
      const body = pdf(40_000_000);
      const { seq, started, completed } = await upload(as.acme, file.id, body, {
        fileName: 'Zeichnung Ä.pdf',
      });
      expect(started.body.upload).toMatchObject({ partSize: 8 * 1024 * 1024, partCount: 5 });
      expect(new URL(started.body.upload.parts[0].url).searchParams.get('X-Amz-Expires')).toBe('900');
      expect(completed.status).toBe(200);
      // Over FILES_VERIFY_INLINE_MAX_BYTES: the whole-file check runs in the background (a worker job).
      expect(completed.body).toMatchObject({
        seq,
        state: 'verifying',
        size: body.length,
        sha256: sha256(body),
      });
      const available = await waitFor(
        async () => {
          const detail = await as.acme.get(`/api/v1/files/${file.id}`).expect(200);
          const revision = detail.body.revisions.find((r: { seq: number }) => r.seq === seq);
          return revision.state === 'available' && revision;
        },
        30_000,
        'the background verification',
      );
      expect(available).toMatchObject({ label: 'A', sha256: sha256(body) });

      const res = await as.acme.get(`/api/v1/files/${file.id}/revisions/${seq}/download`).expect(302);
      expect(res.headers['cache-control']).toBe('no-store');
      const location = new URL(res.headers.location);
      expect(Number(location.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);
      const download = await fetch(location);
      expect(download.headers.get('content-type')).toBe('application/pdf');
      expect(download.headers.get('content-disposition')).toBe(
        `attachment; filename="Zeichnung A.pdf"; filename*=UTF-8''Zeichnung%20%C3%84.pdf`,
      );
      const downloaded = Buffer.from(await download.arrayBuffer());
      expect(downloaded.length).toBe(body.length);
      expect(downloaded.equals(body)).toBe(true);
    });

    it('makes the newest upload current and supersedes the previous one, listing revisions newest first', async () => {
      const file = await createFile();
      await upload(as.acme, file.id, pdf(1000));
      await upload(as.acme, file.id, pdf(2000));
      const { completed } = await upload(as.acme, file.id, pdf(3000), { label: 'P3' });
      expect(completed.body.label).toBe('P3');
      const res = await as.acme.get(`/api/v1/files/${file.id}`).expect(200);
      expect(res.body.currentRevision).toBe(3);
      expect(
        res.body.revisions.map((r: { seq: number; label: string; state: string }) => [
          r.seq,
          r.label,
          r.state,
        ]),
      ).toEqual([
        [3, 'P3', 'available'],
        [2, 'B', 'superseded'],
        [1, 'A', 'superseded'],
      ]);
    });

    it('refuses a label already used for the file', async () => {
      const file = await createFile();
      await upload(as.acme, file.id, pdf(100));
      await start(as.acme, file.id, pdf(100), { label: 'a' }).expect(409);
    });

    it('rejects a revision whose SHA-256 differs from the declared one and deletes the object', async () => {
      const file = await createFile();
      const body = pdf(5000);
      const { seq, completed } = await upload(as.acme, file.id, body, {
        sha256: sha256(Buffer.from('something else')),
      });
      expect(completed.status).toBe(422);
      expect(completed.headers['content-type']).toMatch(/problem\+json/);
      expect(completed.body.detail).toMatch(/SHA-256/);
      const row = await revisionRow(file.id, seq);
      expect(row.state).toBe('rejected');
      expect(row.rejectionReason).toMatch(/SHA-256/);
      expect(await t.app.get(StorageService).exists(row.objectKey)).toBe(false);
      await as.acme.get(`/api/v1/files/${file.id}/revisions/${seq}/download`).expect(409);
      const detail = await as.acme.get(`/api/v1/files/${file.id}`).expect(200);
      expect(detail.body.currentRevision).toBeNull();
    });

    it('rejects a revision whose stored size differs from the declared one', async () => {
      const file = await createFile();
      const body = pdf(5000);
      const started = await start(as.acme, file.id, body).expect(201);
      const parts = await putParts(started.body.upload, body.subarray(0, 4000));
      const res = await as.acme
        .post(`/api/v1/files/${file.id}/revisions/1/complete`)
        .send({ parts })
        .expect(422);
      expect(res.body.detail).toMatch(/4000 bytes, not the declared 5000/);
    });

    it('rejects a Windows executable renamed .pdf', async () => {
      const file = await createFile();
      const { seq, completed } = await upload(as.acme, file.id, exe, { fileName: 'invoice.pdf' });
      expect(completed.status).toBe(422);
      expect(completed.body.detail).toMatch(/not a \.pdf file/);
      expect((await revisionRow(file.id, seq)).state).toBe('rejected');
    });

    it.each([
      ['../../etc/passwd.pdf', 'passwd.pdf'],
      ['plan\u202Egpj.pdf', 'plangpj.pdf'],
      [`${'n'.repeat(300)}.pdf`, `${'n'.repeat(196)}.pdf`],
    ])('sanitises the file name %j', async (fileName, expected) => {
      const file = await createFile();
      const res = await start(as.acme, file.id, pdf(100), { fileName }).expect(201);
      expect(res.body.revision.fileName).toBe(expected);
    });

    it('refuses an executable hidden behind a right-to-left override before issuing any URL', async () => {
      const file = await createFile();
      const res = await start(as.acme, file.id, exe, { fileName: 'drawing\u202Efdp.exe' }).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'fileName' })]);
    });

    it('refuses a size over the limit with 400 before any URL is issued', async () => {
      const file = await createFile();
      const res = await as.acme
        .post(`/api/v1/files/${file.id}/revisions`)
        .send({ fileName: 'huge.step', size: 2 * 1024 ** 3 + 1, sha256: 'a'.repeat(64) })
        .expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'size' })]);
      expect(JSON.stringify(res.body)).not.toMatch(/X-Amz/);
      expect(await t.dataSource.getRepository(FileRevision).countBy({ fileId: file.id })).toBe(0);
    });

    it('names every invalid field of an upload request', async () => {
      const file = await createFile();
      const res = await as.acme
        .post(`/api/v1/files/${file.id}/revisions`)
        .send({ fileName: 'a.pdf', size: -1, sha256: 'xyz' })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['sha256', 'size']);
    });

    it('refuses to complete with a part list that does not cover the upload', async () => {
      const file = await createFile();
      const res = await start(as.acme, file.id, pdf(100)).expect(201);
      await as.acme
        .post(`/api/v1/files/${file.id}/revisions/1/complete`)
        .send({ parts: [{ partNumber: 2, etag: '"x"' }] })
        .expect(400);
      expect(res.body.revision.state).toBe('uploading');
    });

    it('resumes an upload: fresh URLs only for the parts the storage does not hold, then byte for byte', async () => {
      const file = await createFile();
      const body = pdf(17 * 1024 * 1024);
      const started = await start(as.acme, file.id, body).expect(201);
      expect(started.body.upload.partCount).toBe(3);
      // Two of three parts reach storage before the connection drops.
      const sent = await putParts(
        { ...started.body.upload, parts: started.body.upload.parts.slice(0, 2) },
        body,
      );

      const fresh = await as.acme.post(`/api/v1/files/${file.id}/revisions/1/parts`).send({}).expect(200);
      expect(fresh.body.uploadedParts).toEqual([1, 2]);
      expect(fresh.body.parts.map((p: { partNumber: number }) => p.partNumber)).toEqual([3]);
      const only2 = await as.acme
        .post(`/api/v1/files/${file.id}/revisions/1/parts`)
        .send({ partNumbers: [2] })
        .expect(200);
      expect(only2.body.parts).toEqual([expect.objectContaining({ partNumber: 2, size: 8 * 1024 * 1024 })]);
      await as.acme
        .post(`/api/v1/files/${file.id}/revisions/1/parts`)
        .send({ partNumbers: [4] })
        .expect(400);

      const rest = await putParts(fresh.body, body);
      await as.acme
        .post(`/api/v1/files/${file.id}/revisions/1/complete`)
        .send({ parts: [...sent, ...rest] })
        .expect(200);
      const res = await as.acme.get(`/api/v1/files/${file.id}/revisions/1/download`).expect(302);
      expect(Buffer.from(await (await fetch(res.headers.location)).arrayBuffer()).equals(body)).toBe(true);
      await as.acme.post(`/api/v1/files/${file.id}/revisions/1/parts`).send({}).expect(409);
    });

    it('does not let a supplier complete or cancel a colleague’s upload, but their admin may', async () => {
      const file = await createFile();
      const body = pdf(1000);
      const started = await start(as.acme, file.id, body).expect(201);
      const parts = await putParts(started.body.upload, body);
      await as.colleague.post(`/api/v1/files/${file.id}/revisions/1/complete`).send({ parts }).expect(403);
      await as.colleague.delete(`/api/v1/files/${file.id}/revisions/1/upload`).expect(403);
      await as.colleague.post(`/api/v1/files/${file.id}/revisions/1/parts`).send({}).expect(403);
      await as.pm.post(`/api/v1/files/${file.id}/revisions/1/complete`).send({ parts }).expect(403);
      await as.acmeAdmin.post(`/api/v1/files/${file.id}/revisions/1/complete`).send({ parts }).expect(200);
    });

    it('lets the uploader cancel an upload, which frees it in storage and cannot be completed', async () => {
      const file = await createFile();
      const body = pdf(9 * 1024 * 1024);
      const started = await start(as.acme, file.id, body).expect(201);
      await putParts({ ...started.body.upload, parts: started.body.upload.parts.slice(0, 1) }, body);
      const { objectKey, uploadId } = await revisionRow(file.id, 1);
      const res = await as.acme.delete(`/api/v1/files/${file.id}/revisions/1/upload`).expect(200);
      expect(res.body.state).toBe('rejected');
      await expectNoSuchUpload(objectKey, uploadId!);
      // A part URL handed out before the cancel no longer stores anything.
      const [, second] = started.body.upload.parts;
      const late = await fetch(second.url, { method: 'PUT', body: body.subarray(8 * 1024 * 1024) });
      expect(late.status).toBe(404);
      await as.acme
        .post(`/api/v1/files/${file.id}/revisions/1/complete`)
        .send({ parts: [{ partNumber: 1, etag: '"x"' }] })
        .expect(409);
    });

    it('answers 409 to resuming an upload the storage already dropped, and still lets it be cancelled', async () => {
      const file = await createFile();
      await start(as.acme, file.id, pdf(100)).expect(201);
      const { objectKey, uploadId } = await revisionRow(file.id, 1);
      // What a bucket lifecycle rule (AbortIncompleteMultipartUpload) does behind Portico's back.
      await t.app.get(StorageService).abortMultipartUpload(objectKey, uploadId!);
      const res = await as.acme.post(`/api/v1/files/${file.id}/revisions/1/parts`).send({}).expect(409);
      expect(res.body.detail).toMatch(/no longer holds this upload/);
      await as.acme.delete(`/api/v1/files/${file.id}/revisions/1/upload`).expect(200);
      expect((await revisionRow(file.id, 1)).state).toBe('rejected');
    });

    it('audits upload started, completed, rejected and download', async () => {
      const file = await createFile();
      const ok = await upload(as.acme, file.id, pdf(100));
      // HEAD would sign a storage URL and record a download nobody made: refused.
      await as.acme.head(`/api/v1/files/${file.id}/revisions/${ok.seq}/download`).expect(405);
      await as.acme.get(`/api/v1/files/${file.id}/revisions/${ok.seq}/download`).expect(302);
      const bad = await upload(as.acme, file.id, pdf(100), { sha256: 'f'.repeat(64) });
      expect(await auditActions((await revisionRow(file.id, ok.seq)).id)).toEqual([
        'file.downloaded',
        'file.upload.completed',
        'file.upload.started',
      ]);
      expect(await auditActions((await revisionRow(file.id, bad.seq)).id)).toEqual([
        'file.upload.rejected',
        'file.upload.started',
      ]);
    });
  });

  describe('downloads', () => {
    it('offers PDFs and images inline with their content type and no caching, other formats only as attachments', async () => {
      const file = await createFile();
      const { seq } = await upload(as.acme, file.id, pdf(500));
      const res = await as.acme
        .get(`/api/v1/files/${file.id}/revisions/${seq}/download?disposition=inline`)
        .expect(302);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      // Storage cannot add nosniff to its own answer; it can only override these response headers,
      // signed into the URL, for a type the content was verified against at completion.
      const signed = new URL(res.headers.location).searchParams;
      expect(signed.get('response-content-type')).toBe('application/pdf');
      expect(signed.get('response-cache-control')).toBe('private, no-store');
      const preview = await fetch(res.headers.location);
      expect(preview.headers.get('content-type')).toBe('application/pdf');
      expect(preview.headers.get('content-disposition')).toMatch(/^inline; filename="bracket.pdf"/);
      expect(preview.headers.get('cache-control')).toBe('private, no-store');

      const image = await createFile();
      // A 1×1 PNG: signature, IHDR, IEND.
      const png = Buffer.from(
        '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000049454e44ae426082',
        'hex',
      );
      expect((await upload(as.acme, image.id, png, { fileName: 'photo.png' })).completed.status).toBe(200);
      const shown = await as.acme
        .get(`/api/v1/files/${image.id}/revisions/1/download?disposition=inline`)
        .expect(302);
      const picture = await fetch(shown.headers.location);
      expect(picture.headers.get('content-type')).toBe('image/png');
      expect(picture.headers.get('content-disposition')).toMatch(/^inline; filename="photo.png"/);
      expect(Buffer.from(await picture.arrayBuffer()).equals(png)).toBe(true);

      const step = await createFile();
      const stepBody = Buffer.from(STEP);
      const uploaded = await upload(as.acme, step.id, stepBody, { fileName: 'part.step' });
      expect(uploaded.completed.status).toBe(200);
      const refused = await as.acme
        .get(`/api/v1/files/${step.id}/revisions/1/download?disposition=inline`)
        .expect(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'disposition' })]);
    });

    it('does not download a revision still uploading', async () => {
      const file = await createFile();
      await start(as.acme, file.id, pdf(100)).expect(201);
      await as.acme.get(`/api/v1/files/${file.id}/revisions/1/download`).expect(409);
    });
  });

  describe('review', () => {
    it('lets the owning PM approve or request changes, and the supplier sees the verdict', async () => {
      const file = await createFile();
      const { seq } = await upload(as.acme, file.id, pdf(100));
      await as.pm
        .patch(`/api/v1/files/${file.id}/revisions/${seq}`)
        .send({ reviewState: 'changes_requested' })
        .expect(400);
      const res = await as.pm
        .patch(`/api/v1/files/${file.id}/revisions/${seq}`)
        .send({ reviewState: 'changes_requested', note: 'Weld symbol missing on view B' })
        .expect(200);
      expect(res.body).toMatchObject({
        reviewState: 'changes_requested',
        reviewNote: 'Weld symbol missing on view B',
      });
      const seen = await as.acme.get(`/api/v1/files/${file.id}`).expect(200);
      expect(seen.body.revisions[0]).toMatchObject({
        reviewState: 'changes_requested',
        reviewNote: 'Weld symbol missing on view B',
      });
      await as.pm
        .patch(`/api/v1/files/${file.id}/revisions/${seq}`)
        .send({ reviewState: 'approved' })
        .expect(200);
      expect(await auditActions((await revisionRow(file.id, seq)).id)).toContain('file.revision.reviewed');
    });

    it('does not let suppliers or PMs of other workspaces review', async () => {
      const file = await createFile();
      const { seq } = await upload(as.acme, file.id, pdf(100));
      await as.acme
        .patch(`/api/v1/files/${file.id}/revisions/${seq}`)
        .send({ reviewState: 'approved' })
        .expect(403);
      await as.otherPm
        .patch(`/api/v1/files/${file.id}/revisions/${seq}`)
        .send({ reviewState: 'approved' })
        .expect(403);
    });

    it('lets a co-owner of the workspace review, like its owner', async () => {
      const coOwner = await createUser(t, { role: 'pm', org: pm.organization });
      const asCoOwner = authed(t, await loginAs(t, coOwner));
      const file = await createFile();
      const { seq } = await upload(as.acme, file.id, pdf(100));
      await asCoOwner
        .patch(`/api/v1/files/${file.id}/revisions/${seq}`)
        .send({ reviewState: 'approved' })
        .expect(403);
      await t.dataSource.getRepository(Workspace).update(acmeWs.id, { coOwnerIds: [coOwner.id] });
      try {
        const res = await asCoOwner
          .patch(`/api/v1/files/${file.id}/revisions/${seq}`)
          .send({ reviewState: 'approved' })
          .expect(200);
        expect(res.body).toMatchObject({ reviewState: 'approved' });
      } finally {
        await t.dataSource.getRepository(Workspace).update(acmeWs.id, { coOwnerIds: [] });
      }
    });
  });

  describe('tenant isolation', () => {
    it('answers 404 to a Borealis user for Acme’s workspace files, file, revision, upload, completion and download', async () => {
      const file = await createFile();
      const body = pdf(1000);
      const started = await start(as.acme, file.id, body).expect(201);
      const parts = await putParts(started.body.upload, body);
      const done = await upload(as.acme, file.id, pdf(1000));

      await as.borealis.get(`/api/v1/workspaces/${acmeWs.id}/files`).expect(404);
      await as.borealis
        .post(`/api/v1/workspaces/${acmeWs.id}/files`)
        .send({ documentNumber: 'X-1', title: 'x' })
        .expect(404);
      await as.borealis.get(`/api/v1/files/${file.id}`).expect(404);
      await start(as.borealis, file.id, body).expect(404);
      await as.borealis.post(`/api/v1/files/${file.id}/revisions/1/parts`).send({}).expect(404);
      await as.borealis.post(`/api/v1/files/${file.id}/revisions/1/complete`).send({ parts }).expect(404);
      await as.borealis.delete(`/api/v1/files/${file.id}/revisions/1/upload`).expect(404);
      await as.borealis.get(`/api/v1/files/${file.id}/revisions/${done.seq}/download`).expect(404);
      expect((await revisionRow(file.id, 1)).state).toBe('uploading');
    });
  });

  describe('workspace access ending', () => {
    it('hides the files of an archived workspace from its supplier at once, not from its PM', async () => {
      const workspaces = t.dataSource.getRepository(Workspace);
      const ws = await workspaces.save(
        workspaces.create({ name: 'Short-lived', supplierOrgId: acmeMember.orgId, ownerId: pm.id }),
      );
      const file = await as.acme
        .post(`/api/v1/workspaces/${ws.id}/files`)
        .send({ documentNumber: 'TMP-1', title: 'Temporary' })
        .expect(201);
      const { seq } = await upload(as.acme, file.body.id, pdf(100));
      await workspaces.update({ id: ws.id }, { archivedAt: new Date() });
      await as.acme.get(`/api/v1/files/${file.body.id}`).expect(404);
      await as.acme.get(`/api/v1/files/${file.body.id}/revisions/${seq}/download`).expect(404);
      await as.acme.get(`/api/v1/workspaces/${ws.id}/files`).expect(404);
      await as.pm.get(`/api/v1/files/${file.body.id}/revisions/${seq}/download`).expect(302);
    });
  });

  describe('flow back', () => {
    const jobsFor = async (revisionId: string) =>
      (
        await t.dataSource.query(
          `SELECT name FROM pgboss.job WHERE data->'payload'->>'revisionId' = $1 ORDER BY name`,
          [revisionId],
        )
      ).map((r: { name: string }) => r.name);

    it('queues the Jira attachment and Feishu upload when a supplier revision becomes available', async () => {
      const file = await createFile(as.acme, { linkedItemId: (await sharedItem(acmeWs)).id });
      const { seq } = await upload(as.acme, file.id, pdf(100));
      expect(await jobsFor((await revisionRow(file.id, seq)).id)).toEqual([
        ATTACH_TO_JIRA_JOB,
        UPLOAD_TO_FEISHU_JOB,
      ]);
    });

    it('queues nothing for a rejected upload or a PM’s reference drawing', async () => {
      const file = await createFile(as.pm, { linkedItemId: (await sharedItem(acmeWs)).id });
      const pmUpload = await upload(as.pm, file.id, pdf(100));
      expect(pmUpload.completed.status).toBe(200);
      expect(await jobsFor((await revisionRow(file.id, pmUpload.seq)).id)).toEqual([]);
      const bad = await upload(as.acme, file.id, pdf(100), { sha256: 'e'.repeat(64) });
      expect(await jobsFor((await revisionRow(file.id, bad.seq)).id)).toEqual([]);
    });
  });

  describe('abandoned uploads', () => {
    it('are looked for every 15 minutes by a job scheduled on the sync queue', async () => {
      const rows = await t.dataSource.query(`SELECT cron FROM pgboss.schedule WHERE name = $1`, [
        CLEANUP_UPLOADS_JOB,
      ]);
      expect(rows).toEqual([{ cron: '*/15 * * * *' }]);
    });

    it('are aborted and rejected by the periodic cleanup once older than the limit', async () => {
      const file = await createFile();
      const body = pdf(100);
      const started = await start(as.acme, file.id, body).expect(201);
      await putParts(started.body.upload, body);
      const { objectKey, uploadId } = await revisionRow(file.id, 1);
      const cleanup = t.app.get(AbandonedUploadCleanup);
      await cleanup.runOnce(new Date());
      expect((await revisionRow(file.id, 1)).state).toBe('uploading');
      expect(await t.app.get(StorageService).listUploadedParts(objectKey, uploadId!)).toHaveLength(1);
      await cleanup.runOnce(new Date(Date.now() + 25 * 3600_000));
      const row = await revisionRow(file.id, 1);
      expect(row).toMatchObject({ state: 'rejected', uploadId: null });
      expect(row.rejectionReason).toMatch(/abandoned/);
      expect(await auditActions(row.id)).toContain('file.upload.abandoned');
      await expectNoSuchUpload(objectKey, uploadId!);
      await as.acme
        .post(`/api/v1/files/${file.id}/revisions/1/complete`)
        .send({ parts: [{ partNumber: 1, etag: '"x"' }] })
        .expect(409);
    });
  });

  it('documents every files route in OpenAPI', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/workspaces/{id}/files',
        '/api/v1/files/{id}',
        '/api/v1/files/{id}/revisions',
        '/api/v1/files/{id}/revisions/{seq}/parts',
        '/api/v1/files/{id}/revisions/{seq}/complete',
        '/api/v1/files/{id}/revisions/{seq}/download',
        '/api/v1/files/{id}/revisions/{seq}',
        '/api/v1/files/{id}/revisions/{seq}/upload',
      ]),
    );
  });
});
