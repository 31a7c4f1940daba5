import { createHash } from 'node:crypto';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { PendingScanRetry } from '../src/files/content-checks/pending-scan-retry';
import { FileRevision } from '../src/files/entities/file-revision.entity';
import { FileEntity } from '../src/files/entities/file.entity';
import { StorageService } from '../src/storage/storage.service';
import { Workspace } from '../src/workspaces/entities/workspace.entity';
import { clientFor } from './support/auth-helpers';
import { createOrg, createUser } from './support/factories';
import { FakeClamd, startFakeClamd } from './support/fake-clamd';
import { DXF, EICAR, IGES, jpeg, pdfWith, png, STEP, zip } from './support/suspicious-files';
import { createTestApp, TestApp } from './support/test-app';

type Client = Awaited<ReturnType<typeof clientFor>>;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const JAVASCRIPT_PDF = pdfWith(
  '/OpenAction 4 0 R',
  "4 0 obj << /S /JavaScript /JS (app.alert\\('hi'\\)) >> endobj",
);
const EMBEDDED_FILE_PDF = pdfWith('/Names << /EmbeddedFiles << /Names [(a.exe) 5 0 R] >> >>');

describe('Files that are more than they claim', () => {
  let t: TestApp;
  let clamd: FakeClamd;
  let acme: Client;
  let pm: Client;
  let borealis: Client;
  let ws: Workspace;

  beforeAll(async () => {
    clamd = await startFakeClamd();
    t = await createTestApp({ CLAMAV_URL: clamd.url });
    const internal = await createOrg(t, { kind: 'internal', name: 'Portico Inc' });
    const acmeOrg = await createOrg(t, { name: 'Acme' });
    const borealisOrg = await createOrg(t, { name: 'Borealis' });
    const pmUser = await createUser(t, { role: 'pm', org: internal });
    pm = await clientFor(t, pmUser);
    acme = await clientFor(t, await createUser(t, { role: 'supplier_member', org: acmeOrg }));
    borealis = await clientFor(t, await createUser(t, { role: 'supplier_admin', org: borealisOrg }));
    const workspaces = t.dataSource.getRepository(Workspace);
    ws = await workspaces.save(
      workspaces.create({ name: 'Brackets', supplierOrgId: acmeOrg.id, ownerId: pmUser.id }),
    );
  });
  afterAll(async () => {
    await t.close();
    await clamd.close();
  });

  let counter = 0;
  /** Creates a file and uploads `body` as its first revision the way the portal does. */
  async function upload(fileName: string, body: Buffer, fileId?: string) {
    const id =
      fileId ??
      (
        await acme
          .post(`/api/v1/workspaces/${ws.id}/files`)
          .send({ documentNumber: `S-${++counter}`, title: 'Suspicious' })
          .expect(201)
      ).body.id;
    const started = await acme
      .post(`/api/v1/files/${id}/revisions`)
      .send({ fileName, size: body.length, sha256: sha256(body) })
      .expect(201);
    const part = started.body.upload.parts[0];
    const put = await fetch(part.url, { method: 'PUT', body });
    const seq: number = started.body.revision.seq;
    const completed = await acme
      .post(`/api/v1/files/${id}/revisions/${seq}/complete`)
      .send({ parts: [{ partNumber: 1, etag: put.headers.get('etag') }] });
    const row = await t.dataSource.getRepository(FileRevision).findOneByOrFail({ fileId: id, seq });
    return { fileId: id as string, seq, completed, row };
  }
  const stored = (row: FileRevision) => t.app.get(StorageService).exists(row.objectKey);

  describe('refused at completion with the reason, object deleted', () => {
    it.each([
      [
        'a PNG with a ZIP appended',
        'drawing.png',
        Buffer.concat([png(16, 16), zip('run.html', Buffer.from('<script>x</script>'))]),
        /bytes of other data after its end/,
      ],
      [
        'a PDF with /OpenAction /JavaScript',
        'bracket.pdf',
        JAVASCRIPT_PDF,
        /active content \(JavaScript, run on opening/,
      ],
      [
        'HTML after a valid DXF header line',
        'plan.dxf',
        Buffer.from('0\nSECTION\n<html><script>alert(1)</script></html>\n'),
        /web markup \(<html\)/,
      ],
      [
        'a tiny PNG declaring 100 000 × 100 000 pixels',
        'bomb.png',
        png(100_000, 100_000, 1),
        /100000 × 100000 pixels/,
      ],
      [
        'EICAR inside a %PDF header',
        'virus.pdf',
        Buffer.from(`%PDF-1.7\n${EICAR}\n%%EOF\n`),
        /Malware found: Eicar-Test-Signature/,
      ],
    ])('%s', async (_what, fileName, body, reason) => {
      const { completed, row, fileId } = await upload(fileName, body);
      expect(completed.status).toBe(422);
      expect(completed.body.detail).toMatch(reason);
      expect(row.state).toBe('rejected');
      expect(row.rejectionReason).toMatch(reason);
      expect(await stored(row)).toBe(false);
      // The uploader sees why in the file's revision list.
      const file = await acme.get(`/api/v1/files/${fileId}`).expect(200);
      expect(file.body.revisions[0]).toMatchObject({
        state: 'rejected',
        rejectionReason: expect.stringMatching(reason),
      });
      const audit = await t.dataSource
        .getRepository(AuditEvent)
        .findOneByOrFail({ resourceId: row.id, action: 'file.upload.rejected' });
      expect(audit.details).toMatchObject({ reason: expect.stringMatching(reason) });
    });
  });

  it('accepts sound files of every checked format, each scanned before it became available', async () => {
    const sound: [string, Buffer][] = [
      ['photo.png', png(64, 48)],
      ['photo.jpg', jpeg(4000, 3000)],
      ['sheet.pdf', pdfWith()],
      ['plan.dxf', Buffer.from(DXF)],
      ['part.step', Buffer.from(STEP)],
      ['part.igs', Buffer.from(IGES)],
    ];
    for (const [fileName, body] of sound) {
      const before = clamd.scanned.length;
      const { completed } = await upload(fileName, body);
      expect({ fileName, status: completed.status, state: completed.body.state }).toEqual({
        fileName,
        status: 200,
        state: 'available',
      });
      expect(clamd.scanned.slice(before).some((s) => s.equals(body))).toBe(true);
    }
  });

  describe('workspace policy for PDF active content', () => {
    const policyUrl = () => `/api/v1/workspaces/${ws.id}/file-safety-policy`;
    afterEach(() =>
      pm.put(policyUrl()).send({ pdfActiveContent: 'refuse', pdfEmbeddedFiles: 'warn' }).expect(200),
    );

    it('defaults to refusing scripts and accepting embedded files with a warning for the PM', async () => {
      await acme.get(policyUrl()).expect(200, { pdfActiveContent: 'refuse', pdfEmbeddedFiles: 'warn' });
      const { completed, fileId } = await upload('with-attachment.pdf', EMBEDDED_FILE_PDF);
      expect(completed.status).toBe(200);
      expect(completed.body).toMatchObject({ state: 'available', activeContent: false });
      const seen = await pm.get(`/api/v1/files/${fileId}`).expect(200);
      expect(seen.body.revisions[0].contentWarnings).toEqual([expect.stringMatching(/embedded files/)]);
    });

    it('marks instead of refusing when the PM says so: stored, never previewed inline', async () => {
      await acme.put(policyUrl()).send({ pdfActiveContent: 'mark' }).expect(403);
      await pm.put(policyUrl()).send({ pdfActiveContent: 'maybe' }).expect(400);
      await pm
        .put(policyUrl())
        .send({ pdfActiveContent: 'mark' })
        .expect(200, { pdfActiveContent: 'mark', pdfEmbeddedFiles: 'warn' });
      const { completed, fileId, seq } = await upload('scripted.pdf', JAVASCRIPT_PDF);
      expect(completed.status).toBe(200);
      expect(completed.body).toMatchObject({
        state: 'available',
        activeContent: true,
        contentWarnings: [expect.stringMatching(/JavaScript/)],
      });
      const inline = await pm
        .get(`/api/v1/files/${fileId}/revisions/${seq}/download?disposition=inline`)
        .expect(400);
      expect(inline.body.errors).toEqual([expect.objectContaining({ field: 'disposition' })]);
      await pm.get(`/api/v1/files/${fileId}/revisions/${seq}/download`).expect(302);
    });

    it('refuses embedded files when the PM says so', async () => {
      await pm.put(policyUrl()).send({ pdfEmbeddedFiles: 'refuse' }).expect(200);
      const { completed } = await upload('with-attachment.pdf', EMBEDDED_FILE_PDF);
      expect(completed.status).toBe(422);
      expect(completed.body.detail).toMatch(/embedded files, which this workspace does not accept/);
    });

    it('is another organisation’s business: 404 to read; suppliers never change it', async () => {
      await borealis.get(policyUrl()).expect(404);
      await borealis.put(policyUrl()).send({ pdfActiveContent: 'mark' }).expect(403);
      await acme.get(policyUrl()).expect(200);
    });
  });

  describe('when the malware scanner is down', () => {
    it('keeps revisions in scanning, undownloadable, until a retry gets a verdict', async () => {
      const port = Number(new URL(clamd.url).port);
      await clamd.close();
      const clean = await upload('clean.pdf', pdfWith());
      expect(clean.completed.status).toBe(200);
      expect(clean.completed.body.state).toBe('scanning');
      const infected = await upload('infected.pdf', Buffer.from(`%PDF-1.7\n${EICAR}\n`));
      expect(infected.completed.body.state).toBe('scanning');
      await acme.get(`/api/v1/files/${clean.fileId}/revisions/${clean.seq}/download`).expect(409);
      // A newer revision of the same file is uploaded once the scanner is back…
      const retry = t.app.get(PendingScanRetry);
      expect(await retry.runOnce()).toBe(0);
      expect(
        (await t.dataSource.getRepository(FileRevision).findOneByOrFail({ id: clean.row.id })).scanError,
      ).toMatch(/unavailable/);

      clamd = await startFakeClamd(port);
      const newer = await upload('clean-b.pdf', pdfWith('/Lang (en)'), clean.fileId);
      expect(newer.completed.body.state).toBe('available');
      expect(await retry.runOnce()).toBe(2);

      const revisions = t.dataSource.getRepository(FileRevision);
      // …so the older one, scanned later, joins the history instead of replacing it.
      expect(await revisions.findOneByOrFail({ id: clean.row.id })).toMatchObject({
        state: 'superseded',
        scanError: null,
      });
      expect(
        await t.dataSource.getRepository(FileEntity).findOneByOrFail({ id: clean.fileId }),
      ).toMatchObject({ currentRevision: newer.seq });
      expect(await revisions.findOneByOrFail({ id: infected.row.id })).toMatchObject({
        state: 'rejected',
        rejectionReason: 'Malware found: Eicar-Test-Signature',
      });
      expect(await stored(infected.row)).toBe(false);
    });
  });

  describe('serving stored objects', () => {
    it('answers with nosniff and the content type signed into the URL', async () => {
      const { fileId, seq, row } = await upload('photo.png', png(8, 8));
      expect(row.versionId).toBeNull(); // the embedded s3rver does not version objects
      const res = await acme
        .get(`/api/v1/files/${fileId}/revisions/${seq}/download?disposition=inline`)
        .expect(302);
      expect(new URL(res.headers.location).searchParams.has('versionId')).toBe(false);
      const served = await fetch(res.headers.location);
      expect(served.status).toBe(200);
      expect(served.headers.get('x-content-type-options')).toBe('nosniff');
      expect(served.headers.get('content-type')).toBe('image/png');
    });

    it('presigns the VersionId recorded at verification where the bucket versions objects', async () => {
      const { fileId, seq, row } = await upload('sheet.pdf', pdfWith());
      await t.dataSource
        .getRepository(FileRevision)
        .update({ id: row.id }, { versionId: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY' });
      const res = await acme.get(`/api/v1/files/${fileId}/revisions/${seq}/download`).expect(302);
      expect(new URL(res.headers.location).searchParams.get('versionId')).toBe(
        '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY',
      );
    });
  });
});
