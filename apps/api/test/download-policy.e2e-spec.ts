import { createHash } from 'node:crypto';
import { createJiraClient } from '@portico/connectors/jira/http-jira-client';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { WatermarkCleanup } from '../src/download-policy/watermark-cleanup';
import { StorageService } from '../src/storage/storage.service';
import { pdfPageTexts } from './support/pdf-text';
import { solidPng } from './support/png';
import { STEP } from './support/suspicious-files';
import { Client, createTwoTenantWorld, TwoTenantWorld } from './support/two-tenant-world';

const v1 = (path: string) => `/api/v1/${path}`;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function drawingPdf(pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= pages; n++) {
    doc.addPage([842, 595]).drawText(`Bracket sheet ${n}`, { x: 40, y: 500, size: 24, font });
  }
  return Buffer.from(await doc.save());
}

/** Pixels of a stamped copy that differ from the plain grey image it was made of. */
async function stampedPixels(bytes: Buffer): Promise<number> {
  const { data } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let changed = 0;
  for (let at = 0; at < data.length; at += 3) {
    if (Math.abs(data[at] - 200) + Math.abs(data[at + 1] - 200) + Math.abs(data[at + 2] - 200) > 24)
      changed++;
  }
  return changed;
}

interface Uploaded {
  fileId: string;
  revisionId: string;
  body: Buffer;
  url: string;
}

describe('Download policy: watermarked and view-only', () => {
  let w: TwoTenantWorld;
  let ws: string;
  let drawing: Uploaded;
  let image: Uploaded;
  let jpeg: Uploaded;
  let model: Uploaded;
  let attachment: Uploaded;
  let defectAttachment: Uploaded;
  let itemId: string;
  let jiraAttachmentId: string;
  let jiraPngId: string;
  let jiraPdf: Buffer;
  let token: string;

  async function upload(documentNumber: string, fileName: string, body: Buffer): Promise<Uploaded> {
    const as = w.as.acmeMember;
    const file = await as.post(v1(`workspaces/${ws}/files`)).send({ documentNumber, title: documentNumber });
    expect(file.status).toBe(201);
    const started = await as
      .post(v1(`files/${file.body.id}/revisions`))
      .send({ fileName, size: body.length, sha256: sha256(body) })
      .expect(201);
    const parts = [];
    for (const part of started.body.upload.parts) {
      const put = await fetch(part.url, { method: 'PUT', body: body.subarray(0, part.size) });
      parts.push({ partNumber: part.partNumber, etag: put.headers.get('etag') });
    }
    const done = await as.post(v1(`files/${file.body.id}/revisions/1/complete`)).send({ parts });
    expect(done.status).toBe(200);
    expect(done.body.state).toBe('available');
    return {
      fileId: file.body.id,
      revisionId: started.body.revision.id,
      body,
      url: v1(`files/${file.body.id}/revisions/1/download`),
    };
  }

  const bearer = (secret: string) => ({
    get: (path: string) => w.t.http().get(path).set('Authorization', `Bearer ${secret}`),
  });

  /** The bytes the route hands out: follows the JSON answer's storage URL. */
  async function fetched(client: Pick<Client, 'get'>, url: string, inline = false) {
    const res = await client
      .get(inline ? `${url}${url.includes('?') ? '&' : '?'}disposition=inline` : url)
      .set('Accept', 'application/json');
    if (res.status !== 200)
      return { status: res.status, problem: res.body, bytes: Buffer.alloc(0), link: '' };
    const got = await fetch(res.body.url);
    return {
      status: 200,
      problem: undefined,
      bytes: Buffer.from(await got.arrayBuffer()),
      link: res.body.url as string,
      type: got.headers.get('content-type'),
      disposition: got.headers.get('content-disposition'),
    };
  }

  const attachmentBytes = (client: Pick<Client, 'get'>, path: string) =>
    client
      .get(path)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  async function setPolicy(body: Record<string, string>) {
    await w.as.pm
      .put(v1(`workspaces/${ws}/download-policy`))
      .send(body)
      .expect(200);
  }

  async function lastDownloadAudit(resourceId: string) {
    const [row] = await w.t.dataSource.query(
      `SELECT details FROM audit_event WHERE action = $1 AND resource_id = $2 ORDER BY seq DESC LIMIT 1`,
      ['file.downloaded', resourceId],
    );
    return row?.details as Record<string, unknown> | undefined;
  }

  beforeAll(async () => {
    w = await createTwoTenantWorld();
    ws = w.acme.workspaceId;
    drawing = await upload('D-WM-1', 'bracket.pdf', await drawingPdf(3));
    image = await upload('D-WM-2', 'photo.png', solidPng(300, 200));
    jpeg = await upload('D-WM-4', 'scan.jpg', await sharp(solidPng(320, 240)).jpeg().toBuffer());
    model = await upload('D-WM-3', 'bracket.step', Buffer.from(STEP));
    attachment = await upload('ATT-WM-1', 'seam.pdf', await drawingPdf(1));
    // A file with a drawing-like number becomes an attachment once a defect report lists it.
    defectAttachment = await upload('PHOTO-7', 'crack.pdf', await drawingPdf(1));
    await w.as.acmeMember
      .post(v1(`workspaces/${ws}/defects`))
      .send({
        title: 'Crack near hole',
        description: 'See photo',
        severity: 'minor',
        attachmentRevisionIds: [defectAttachment.revisionId],
      })
      .expect(201);

    jiraPdf = await drawingPdf(1);
    const jira = createJiraClient({ baseUrl: w.jira.url, email: 'bot@example.test', apiToken: 'jira-token' });
    const [added] = await jira.addAttachment('HW-8', {
      filename: 'spec.pdf',
      content: jiraPdf,
      contentType: 'application/pdf',
    });
    jiraAttachmentId = String(added.id);
    const [png] = await jira.addAttachment('HW-8', {
      filename: 'sketch.png',
      content: solidPng(240, 160),
      contentType: 'image/png',
    });
    jiraPngId = String(png.id);
    itemId = (
      await w.as.pm
        .post(v1(`workspaces/${ws}/items`))
        .send({ sourceType: 'jira_issue', sourceRef: 'HW-8', fields: ['summary', 'attachments'] })
        .expect(201)
    ).body.id;
    await w.as.pm
      .post(v1(`items/${itemId}/publish`))
      .send({})
      .expect(201);
    token = w.acme.apiTokenSecret;
  }, 180_000);

  afterAll(() => w?.close());

  describe('the setting', () => {
    it('is original for both categories until a PM changes it; suppliers read it, only PMs change it', async () => {
      const read = await w.as.acmeMember.get(v1(`workspaces/${ws}/download-policy`)).expect(200);
      expect(read.body).toEqual({ drawings: 'original', attachments: 'original' });
      await w.as.acmeAdmin
        .put(v1(`workspaces/${ws}/download-policy`))
        .send({ drawings: 'original' })
        .expect(403);
      await w.as.borealisAdmin.get(v1(`workspaces/${ws}/download-policy`)).expect(404);
    });

    it('refuses an unknown mode naming the field, and keeps the other category when one is changed', async () => {
      const bad = await w.as.pm
        .put(v1(`workspaces/${ws}/download-policy`))
        .send({ drawings: 'stamped' })
        .expect(400);
      expect(JSON.stringify(bad.body)).toContain('drawings');
      await setPolicy({ attachments: 'watermarked' });
      const changed = await w.as.pm
        .put(v1(`workspaces/${ws}/download-policy`))
        .send({ drawings: 'view_only' });
      expect(changed.body).toEqual({ drawings: 'view_only', attachments: 'watermarked' });
      const [audit] = await w.t.dataSource.query(
        `SELECT details FROM audit_event WHERE action = 'workspace.download_policy.updated' ORDER BY seq DESC LIMIT 1`,
      );
      expect(audit.details.to).toEqual({ drawings: 'view_only', attachments: 'watermarked' });
      await setPolicy({ drawings: 'original', attachments: 'original' });
    });
  });

  describe('original', () => {
    it('hands suppliers, tokens and staff the stored bytes', async () => {
      for (const client of [w.as.acmeMember, bearer(token), w.as.pm]) {
        const got = await fetched(client, drawing.url);
        expect(got.bytes.equals(drawing.body)).toBe(true);
      }
      const details = await lastDownloadAudit(drawing.revisionId);
      expect(details?.watermarkedSha256).toBeUndefined();
    });
  });

  describe('watermarked drawings', () => {
    beforeAll(() => setPolicy({ drawings: 'watermarked', attachments: 'original' }));

    it('stamps every page of a supplier’s PDF with their organisation, email, time and revision', async () => {
      const got = await fetched(w.as.acmeMember, drawing.url);
      expect(got.status).toBe(200);
      expect(got.link).toContain('/watermarked/');
      expect(got.bytes.equals(drawing.body)).toBe(false);
      const texts = await pdfPageTexts(got.bytes);
      expect(texts).toHaveLength(3);
      for (const [index, text] of texts.entries()) {
        expect(text).toContain(`Bracket sheet ${index + 1}`);
        expect(text).toContain(w.acmeMember.email);
        expect(text).toContain('Acme Precision Parts');
        expect(text).toContain('D-WM-1 · Rev A');
        expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
      }
    });

    it('keeps the original’s SHA-256 as the revision’s identity and audits the copy’s hash', async () => {
      const got = await fetched(w.as.acmeMember, drawing.url);
      const details = await lastDownloadAudit(drawing.revisionId);
      expect(details).toMatchObject({
        policy: 'watermarked',
        category: 'drawings',
        originalSha256: sha256(drawing.body),
        watermarkedSha256: sha256(got.bytes),
        watermarkedSize: got.bytes.length,
      });
      const file = await w.as.pm.get(v1(`files/${drawing.fileId}`)).expect(200);
      expect(file.body.revisions[0].sha256).toBe(sha256(drawing.body));
    });

    it('reuses the user’s stamped copy, and stamps another user’s copy with their own email', async () => {
      const first = await fetched(w.as.acmeMember, drawing.url);
      const again = await fetched(w.as.acmeMember, drawing.url);
      expect(sha256(again.bytes)).toBe(sha256(first.bytes));
      const admin = await fetched(w.as.acmeAdmin, drawing.url);
      const [text] = await pdfPageTexts(admin.bytes);
      expect(text).toContain(w.acmeAdmin.email);
      expect(text).not.toContain(w.acmeMember.email);
    });

    it('applies to API tokens (files:read) as to the supplier', async () => {
      const got = await fetched(bearer(token), drawing.url);
      expect(got.status).toBe(200);
      expect((await pdfPageTexts(got.bytes))[0]).toContain('Acme Precision Parts');
    });

    it('keeps a PNG a PNG and a JPEG a JPEG, with the stamp drawn into the pixels, for users and tokens', async () => {
      for (const client of [w.as.acmeMember, bearer(token)]) {
        const png = await fetched(client, image.url);
        expect(png.type).toBe('image/png');
        expect(png.disposition).toContain('photo.png');
        expect(png.disposition).not.toContain('.pdf');
        expect(png.link).toContain('/watermarked/');
        const meta = await sharp(png.bytes).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual(['png', 300, 200]);
        expect(await stampedPixels(png.bytes)).toBeGreaterThan(500);
      }
      expect(await lastDownloadAudit(image.revisionId)).toMatchObject({
        policy: 'watermarked',
        originalSha256: sha256(image.body),
        watermarkedSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const got = await fetched(w.as.acmeMember, jpeg.url);
      expect(got.type).toBe('image/jpeg');
      expect((await sharp(got.bytes).metadata()).format).toBe('jpeg');
      expect(await stampedPixels(got.bytes)).toBeGreaterThan(500);
      expect(await lastDownloadAudit(jpeg.revisionId)).toMatchObject({
        watermarkedSha256: sha256(got.bytes),
      });
    });

    it('does not offer a format it cannot stamp (403 naming the policy)', async () => {
      const got = await fetched(w.as.acmeMember, model.url);
      expect(got.status).toBe(403);
      expect(got.problem).toMatchObject({ policy: 'watermarked', category: 'drawings' });
      expect(got.problem.detail).toContain('watermarked');
    });

    it('stamps a transmittal’s file content, which suppliers fetch through the same download route', async () => {
      const draft = await w.as.pm
        .post(v1(`workspaces/${ws}/transmittals`))
        .send({
          subject: 'Bracket package',
          purpose: 'for_review',
          dueDate: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
          contents: [{ fileId: drawing.fileId, revisionSeq: 1 }],
        })
        .expect(201);
      await w.as.pm.post(v1(`transmittals/${draft.body.id}/issue`)).expect(200);
      const seen = await w.as.acmeMember.get(v1(`transmittals/${draft.body.id}`)).expect(200);
      const [content] = seen.body.contents;
      expect(content).toMatchObject({ kind: 'file_revision', fileId: drawing.fileId, revisionSeq: 1 });
      const url = v1(`files/${content.fileId}/revisions/${content.revisionSeq}/download`);
      const number = seen.body.number as string;
      const got = await fetched(w.as.acmeMember, `${url}?transmittal=${draft.body.id}`);
      expect(got.bytes.equals(drawing.body)).toBe(false);
      const [text] = await pdfPageTexts(got.bytes);
      expect(text).toContain(w.acmeMember.email);
      expect(text).toContain(`D-WM-1 · ${number} · Rev A`);
      expect(await lastDownloadAudit(drawing.revisionId)).toMatchObject({
        transmittal: number,
        stampLabel: `${number} · Rev A`,
        watermarkedSha256: sha256(got.bytes),
      });
      // The plain download keeps its own copy, labelled with the revision alone.
      const plain = await fetched(w.as.acmeMember, url);
      expect((await pdfPageTexts(plain.bytes))[0]).not.toContain(number);
      const again = await fetched(w.as.acmeMember, `${url}?transmittal=${draft.body.id}`);
      expect(sha256(again.bytes)).toBe(sha256(got.bytes));
      const labels: { label: string }[] = await w.t.dataSource.query(
        `SELECT label FROM watermarked_copy WHERE revision_id = $1 AND user_id = $2 ORDER BY label`,
        [drawing.revisionId, w.acmeMember.id],
      );
      expect(labels.map((row) => row.label)).toEqual([`${number} · Rev A`, 'Rev A']);
    });

    it('refuses a transmittal that is unknown, not the caller’s or does not list the revision (400 naming it)', async () => {
      const draft = await w.as.pm
        .post(v1(`workspaces/${ws}/transmittals`))
        .send({
          subject: 'Photo only',
          purpose: 'for_information',
          contents: [{ fileId: image.fileId, revisionSeq: 1 }],
        })
        .expect(201);
      await w.as.pm.post(v1(`transmittals/${draft.body.id}/issue`)).expect(200);
      const cases: [Pick<Client, 'get'>, string][] = [
        [w.as.acmeMember, 'not-a-uuid'],
        [w.as.acmeMember, '00000000-0000-4000-8000-000000000000'],
        [w.as.acmeMember, draft.body.id], // lists the photo, not the drawing
        [w.as.pm, draft.body.id],
      ];
      for (const [client, id] of cases) {
        const res = await client.get(`${drawing.url}?transmittal=${id}`).set('Accept', 'application/json');
        expect(res.status).toBe(400);
        expect(JSON.stringify(res.body)).toContain('transmittal');
      }
      // The photo it lists is stamped with its number, in the photo's own format.
      const got = await fetched(w.as.acmeMember, `${image.url}?transmittal=${draft.body.id}`);
      expect(got.type).toBe('image/png');
      expect(await lastDownloadAudit(image.revisionId)).toMatchObject({ transmittal: expect.any(String) });
    });

    it('gives internal users the original', async () => {
      const got = await fetched(w.as.pm, drawing.url);
      expect(got.bytes.equals(drawing.body)).toBe(true);
    });

    it('leaves attachments as they are when only drawings are watermarked', async () => {
      const got = await fetched(w.as.acmeMember, attachment.url);
      expect(got.bytes.equals(attachment.body)).toBe(true);
    });
  });

  describe('view-only drawings', () => {
    beforeAll(() => setPolicy({ drawings: 'view_only', attachments: 'original' }));

    it('refuses the download to suppliers and tokens with a 403 naming the policy', async () => {
      for (const client of [w.as.acmeMember, bearer(token)]) {
        const res = await client.get(drawing.url).set('Accept', 'application/json');
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body).toMatchObject({ status: 403, policy: 'view_only', category: 'drawings' });
        expect(res.body.detail).toContain('view_only');
        await client.get(drawing.url).expect(403); // the redirect form too
      }
    });

    it('previews from the stamped copy, never the original', async () => {
      const got = await fetched(w.as.acmeMember, drawing.url, true);
      expect(got.status).toBe(200);
      expect(got.link).toContain('/watermarked/');
      expect(got.disposition).toMatch(/^inline/);
      expect(got.bytes.equals(drawing.body)).toBe(false);
      expect((await pdfPageTexts(got.bytes))[0]).toContain(w.acmeMember.email);
      expect(await lastDownloadAudit(drawing.revisionId)).toMatchObject({
        disposition: 'inline',
        policy: 'view_only',
        watermarkedSha256: sha256(got.bytes),
      });
    });

    it('previews an image from a stamped image of its own format, and refuses its download', async () => {
      for (const client of [w.as.acmeMember, bearer(token)]) {
        const got = await fetched(client, image.url, true);
        expect(got.status).toBe(200);
        expect(got.type).toBe('image/png');
        expect(got.disposition).toMatch(/^inline/);
        expect(got.link).toContain('/watermarked/');
        expect(await stampedPixels(got.bytes)).toBeGreaterThan(500);
        expect((await fetched(client, image.url)).status).toBe(403);
      }
      expect(await lastDownloadAudit(image.revisionId)).toMatchObject({
        policy: 'view_only',
        disposition: 'inline',
      });
    });

    it('still gives the PM the original, as download and preview', async () => {
      expect((await fetched(w.as.pm, drawing.url)).bytes.equals(drawing.body)).toBe(true);
      expect((await fetched(w.as.pm, drawing.url, true)).bytes.equals(drawing.body)).toBe(true);
    });
  });

  describe('attachments', () => {
    it('treats a defect report’s attachments as attachments, whatever their number', async () => {
      await setPolicy({ drawings: 'original', attachments: 'view_only' });
      for (const file of [attachment, defectAttachment]) {
        const res = await w.as.acmeMember.get(file.url).set('Accept', 'application/json').expect(403);
        expect(res.body).toMatchObject({ policy: 'view_only', category: 'attachments' });
      }
      expect((await fetched(w.as.acmeMember, drawing.url)).bytes.equals(drawing.body)).toBe(true);
    });

    it('refuses a shared item’s Jira attachment under view_only, before asking Jira', async () => {
      w.jira.control.clearRecordedCalls();
      const res = await w.as.acmeMember
        .get(v1(`items/${itemId}/attachments/${jiraAttachmentId}`))
        .expect(403);
      expect(res.body).toMatchObject({ policy: 'view_only', category: 'attachments' });
      await bearer(token)
        .get(v1(`items/${itemId}/attachments/${jiraAttachmentId}`))
        .expect(403);
      expect(w.jira.control.recordedCalls().filter((c) => c.path.includes('/attachment/content'))).toEqual(
        [],
      );
    });

    it('stamps a Jira attachment under watermarked and audits the copy’s hash; staff get the original', async () => {
      await setPolicy({ attachments: 'watermarked' });
      const path = v1(`items/${itemId}/attachments/${jiraAttachmentId}`);
      const res = await attachmentBytes(w.as.acmeMember, path).expect(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const bytes = res.body as Buffer;
      expect((await pdfPageTexts(bytes))[0]).toContain(w.acmeMember.email);
      const [audit] = await w.t.dataSource.query(
        `SELECT details FROM audit_event WHERE action = 'item.attachment.downloaded' ORDER BY seq DESC LIMIT 1`,
      );
      expect(audit.details).toMatchObject({ policy: 'watermarked', watermarkedSha256: sha256(bytes) });
      const staff = await attachmentBytes(w.as.pm, path).expect(200);
      expect((staff.body as Buffer).equals(jiraPdf)).toBe(true);
    });

    it('stamps a Jira PNG attachment into a PNG', async () => {
      const res = await attachmentBytes(
        w.as.acmeMember,
        v1(`items/${itemId}/attachments/${jiraPngId}`),
      ).expect(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['content-disposition']).toContain('sketch.png');
      const bytes = res.body as Buffer;
      expect((await sharp(bytes).metadata()).width).toBe(240);
      expect(await stampedPixels(bytes)).toBeGreaterThan(200);
    });

    it('stamps a defect attachment under watermarked', async () => {
      const got = await fetched(w.as.acmeMember, attachment.url);
      expect((await pdfPageTexts(got.bytes))[0]).toContain(w.acmeMember.email);
    });

    it('stamps a Jira attachment handed out with a transmittal with its number, while it lists the latest version', async () => {
      const path = v1(`items/${itemId}/attachments/${jiraAttachmentId}`);
      const issued = async (subject: string, contents: object[]) => {
        const draft = await w.as.pm
          .post(v1(`workspaces/${ws}/transmittals`))
          .send({ subject, purpose: 'for_information', contents })
          .expect(201);
        await w.as.pm.post(v1(`transmittals/${draft.body.id}/issue`)).expect(200);
        const seen = await w.as.acmeMember.get(v1(`transmittals/${draft.body.id}`)).expect(200);
        return { id: draft.body.id as string, number: seen.body.number as string };
      };
      const spec = await issued('Spec', [{ itemId, version: 1 }]);
      const got = await attachmentBytes(w.as.acmeMember, `${path}?transmittal=${spec.id}`).expect(200);
      expect((await pdfPageTexts(got.body as Buffer))[0]).toContain(`spec.pdf · ${spec.number} · Rev v1`);
      const [audit] = await w.t.dataSource.query(
        `SELECT details FROM audit_event WHERE action = 'item.attachment.downloaded' ORDER BY seq DESC LIMIT 1`,
      );
      expect(audit.details).toMatchObject({
        transmittal: spec.number,
        stampLabel: `${spec.number} · Rev v1`,
        watermarkedSha256: sha256(got.body as Buffer),
      });

      // Refused (400 naming transmittal): not an id, unknown, listing something else, or an older version.
      const photo = await issued('Photo', [{ fileId: image.fileId, revisionSeq: 1 }]);
      const refused = async (id: string) => {
        const res = await w.as.acmeMember
          .get(`${path}?transmittal=${id}`)
          .set('Accept', 'application/json')
          .expect(400);
        expect(JSON.stringify(res.body)).toContain('transmittal');
      };
      for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000', photo.id]) await refused(id);
      w.jira.control.editIssue('HW-8', { summary: 'Spec, second issue' });
      await w.as.pm
        .post(v1(`items/${itemId}/publish`))
        .send({ note: 'summary' })
        .expect(201);
      await refused(spec.id);
      const plain = await attachmentBytes(w.as.acmeMember, path).expect(200);
      expect((await pdfPageTexts(plain.body as Buffer))[0]).toContain('spec.pdf · Rev v2');

      // The version the transmittal issued stays downloadable through it, and only through it.
      const issuedCopy = await attachmentBytes(
        w.as.acmeMember,
        `${path}?transmittal=${spec.id}&version=1`,
      ).expect(200);
      expect((await pdfPageTexts(issuedCopy.body as Buffer))[0]).toContain(
        `spec.pdf · ${spec.number} · Rev v1`,
      );
      const [latest] = await w.t.dataSource.query(
        `SELECT details FROM audit_event WHERE action = 'item.attachment.downloaded' ORDER BY seq DESC LIMIT 1`,
      );
      expect(latest.details).toMatchObject({ version: 1, transmittal: spec.number });
      const earlier = await w.as.acmeMember
        .get(`${path}?version=1`)
        .set('Accept', 'application/json')
        .expect(400);
      expect(earlier.body.errors.map((e: { field: string }) => e.field)).toEqual(['version']);
      await refused(`${spec.id}&version=2`);
      await w.as.acmeMember.get(`${path}?transmittal=${spec.id}&version=3`).expect(404);
    });
  });

  describe('stamped copies in storage', () => {
    it('are deleted with their objects once expired', async () => {
      await setPolicy({ drawings: 'watermarked' });
      await fetched(w.as.acmeMember, drawing.url);
      const rows: { object_key: string }[] = await w.t.dataSource.query(
        `SELECT object_key FROM watermarked_copy WHERE revision_id = $1`,
        [drawing.revisionId],
      );
      expect(rows.length).toBeGreaterThan(0);
      const storage = w.t.app.get(StorageService);
      expect(await storage.exists(rows[0].object_key)).toBe(true);
      const cleaned = await w.t.app.get(WatermarkCleanup).runOnce(new Date(Date.now() + 2 * 3600_000));
      expect(cleaned).toBeGreaterThanOrEqual(rows.length);
      for (const row of rows) expect(await storage.exists(row.object_key)).toBe(false);
      const [{ n }] = await w.t.dataSource.query(`SELECT count(*)::int AS n FROM watermarked_copy`);
      expect(n).toBe(0);
      // The next download stamps afresh.
      const got = await fetched(w.as.acmeMember, drawing.url);
      expect((await pdfPageTexts(got.bytes))[0]).toContain(w.acmeMember.email);
    });
  });
});
