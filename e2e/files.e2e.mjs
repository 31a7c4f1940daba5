import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { workspaceFor } from './support/api.mjs';
import { chinesePdf, colouredPdf, PNG } from './support/documents.mjs';
import {
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  expectUrl,
  expectVisible,
} from './support/expect.mjs';
import { ANA, PM, signIn } from './support/session.mjs';
import { addFileThroughPage } from './support/uploads.mjs';

/** A drawing of three 8 MiB parts: a real PDF header so the type check on completion passes. */
function drawing() {
  const body = Buffer.alloc(17 * 1024 * 1024 + 123, 0x20);
  Buffer.from('%PDF-1.7\n%portico e2e drawing\n').copy(body);
  Buffer.from('\n%%EOF\n').copy(body, body.length - 7);
  return body;
}

/** Adds a file to a fresh Acme workspace as Ana and uploads one revision of it through the page. */
async function fileWithRevision(page, baseUrl, { documentNumber, name, mimeType, buffer }) {
  const { workspace } = await workspaceFor(baseUrl, { pmEmail: PM, supplier: 'Acme Precision Parts' });
  await signIn(page, ANA);
  await addFileThroughPage(page, workspace.id, {
    documentNumber,
    title: 'Preview sample',
    name,
    mimeType,
    buffer,
  });
}

/** How many pixels of the preview's canvas hold ink rather than blank paper. */
function inkedPixels(canvas) {
  return canvas.evaluate((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) inked += 1;
    }
    return inked;
  });
}

/** Upload of a multi-part drawing straight to storage with progress, and the download of the same bytes. */
export default [
  {
    name: 'Ana adds a file, uploads a multi-part drawing with the progress bar reaching 100 % and downloads it back',
    timeout: 180_000,
    async run({ page, baseUrl, shot }) {
      const { workspace } = await workspaceFor(baseUrl, { pmEmail: PM, supplier: 'Acme Precision Parts' });
      await signIn(page, ANA);
      await page.goto(`/workspaces/${workspace.id}/files`);
      await expectVisible(page.getByRole('heading', { name: 'Files' }));
      await page.getByLabel('Document number').fill('D-102');
      await page.getByLabel('Title').fill('Bracket, left, welded assembly');
      await page.getByRole('button', { name: 'Add file' }).click();
      await expectUrl(page, /\/files\/[0-9a-f-]{36}$/);
      await expectVisible(page.getByRole('heading', { name: 'D-102 · Bracket, left, welded assembly' }));
      await expectNoSeriousA11yViolations(page);

      const bytes = drawing();
      await page.getByLabel('Revision label (optional)').fill('A');
      await page
        .getByLabel('Choose file')
        .setInputFiles({ name: 'D-102 bracket.pdf', mimeType: 'application/pdf', buffer: bytes });
      const progress = page.getByRole('progressbar', { name: 'Upload progress of D-102 bracket.pdf' });
      await expectVisible(progress);
      await shot('uploading');
      await expectVisible(page.getByRole('status').filter({ hasText: 'Uploaded' }), 120_000);
      const value = await progress.getAttribute('aria-valuenow');
      if (value !== '100') throw new Error(`progress ended at ${value}`);
      // Over 8 MiB: uploaded at once, then verified in the background; the page shows it as current
      // without a reload once the check has passed.
      await expectVisible(page.getByText('Awaiting review'), 60_000);
      await expectVisible(page.getByText('Current'));
      await shot('uploaded');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download D-102 bracket.pdf' }).click(),
      ]);
      const saved = readFileSync(await download.path());
      const sha = (b) => createHash('sha256').update(b).digest('hex');
      if (saved.length !== bytes.length || sha(saved) !== sha(bytes)) {
        throw new Error(`downloaded ${saved.length} bytes that differ from the ${bytes.length} uploaded`);
      }
    },
  },
  {
    name: 'refuses a file type the workspace does not accept, with a clear reason and no upload',
    async run({ page, baseUrl, shot }) {
      const { workspace } = await workspaceFor(baseUrl, { pmEmail: PM, supplier: 'Acme Precision Parts' });
      await signIn(page, ANA);
      await page.goto(`/workspaces/${workspace.id}/files`);
      await page.getByLabel('Document number').fill('D-200');
      await page.getByLabel('Title').fill('Wiring notes');
      await page.getByRole('button', { name: 'Add file' }).click();
      await expectUrl(page, /\/files\//);
      await page.getByLabel('Choose file').setInputFiles({
        name: 'notes.exe',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from('MZ'),
      });
      await expectVisible(page.getByRole('alert').filter({ hasText: 'Upload failed' }));
      await shot('refused');
    },
  },
  {
    name: 'Ana previews a two-page PDF revision rendered by pdf.js and turns to the second page',
    async run({ page, baseUrl, shot }) {
      await fileWithRevision(page, baseUrl, {
        documentNumber: 'D-310',
        name: 'D-310 layout.pdf',
        mimeType: 'application/pdf',
        buffer: colouredPdf(),
      });
      const violations = [];
      page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
      await page.getByRole('button', { name: 'Preview D-310 layout.pdf' }).click();
      const dialog = page.getByRole('dialog', { name: 'Preview D-310 layout.pdf' });
      await expectVisible(dialog);
      await expectVisible(dialog.getByRole('status').filter({ hasText: 'Page 1 of 2' }));
      const canvas = dialog.getByRole('img', { name: 'Page 1 of 2 of D-310 layout.pdf' });
      await expectVisible(canvas);
      let first = 0;
      for (let i = 0; i < 50 && first < 10_000; i += 1) {
        if (i) await page.waitForTimeout(200);
        first = await inkedPixels(canvas);
      }
      if (first < 10_000) throw new Error(`page 1 rendered only ${first} inked pixels`);
      await shot('pdf page 1');
      await expectNoSeriousA11yViolations(page);

      await dialog.getByRole('button', { name: 'Next page' }).click();
      await expectVisible(dialog.getByRole('status').filter({ hasText: 'Page 2 of 2' }));
      const second = dialog.getByRole('img', { name: 'Page 2 of 2 of D-310 layout.pdf' });
      await expectVisible(second);
      // Page 2 is the red one.
      await page.waitForFunction(
        () => {
          const c = document.querySelector('.mat-mdc-dialog-container canvas');
          const [r, g, b] = c.getContext('2d').getImageData(c.width / 2, c.height / 2, 1, 1).data;
          return r > 150 && g < 100 && b < 100;
        },
        null,
        { timeout: 10_000 },
      );
      if ((await dialog.getByRole('button', { name: 'Next page' }).isDisabled()) !== true)
        throw new Error('Next page stays enabled on the last page');
      // The page itself takes the arrow keys, as in a PDF reader.
      await second.locator('..').focus();
      await page.keyboard.press('ArrowLeft');
      await expectVisible(dialog.getByRole('status').filter({ hasText: 'Page 1 of 2' }));
      await shot('pdf page 2 and back');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      if (violations.length) throw new Error(`CSP refused something: ${violations.join(' | ')}`);
    },
  },
  {
    name: 'previews a PDF with Chinese text in a font it does not embed, using the character maps the portal serves',
    async run({ page, context, baseUrl, shot }) {
      await fileWithRevision(page, baseUrl, {
        documentNumber: 'D-88',
        name: 'D-88 图纸.pdf',
        mimeType: 'application/pdf',
        buffer: chinesePdf(),
      });
      const pdfjsData = [];
      context.on('response', (r) => {
        if (/\/pdfjs\/(cmaps|standard_fonts)\//.test(r.url())) pdfjsData.push(`${r.status()} ${r.url()}`);
      });
      await page.getByRole('button', { name: 'Preview D-88 图纸.pdf' }).click();
      const canvas = page.getByRole('img', { name: 'Page 1 of 1 of D-88 图纸.pdf' });
      await expectVisible(canvas);
      let inked = 0;
      for (let i = 0; i < 50 && inked < 500; i += 1) {
        if (i) await page.waitForTimeout(200);
        inked = await inkedPixels(canvas);
      }
      if (inked < 500) throw new Error(`the text drew only ${inked} inked pixels`);
      if (!pdfjsData.some((line) => /^200 .*\/cmaps\/UniGB-UCS2-H\.bcmap$/.test(line)))
        throw new Error(
          `the UniGB-UCS2-H character map was not served: ${pdfjsData.join(', ') || 'no request'}`,
        );
      await shot('chinese pdf');
    },
  },
  {
    name: 'previews an image revision with its file name as the alternative text',
    async run({ page, baseUrl, shot }) {
      await fileWithRevision(page, baseUrl, {
        documentNumber: 'P-7',
        name: 'weld seam.png',
        mimeType: 'image/png',
        buffer: PNG,
      });
      await page.getByRole('button', { name: 'Preview weld seam.png' }).click();
      const image = page.getByRole('dialog').getByRole('img', { name: 'weld seam.png' });
      await expectVisible(image);
      await page.waitForFunction(
        () => document.querySelector('.mat-mdc-dialog-container img')?.naturalWidth === 16,
      );
      await shot('image preview');
    },
  },
  {
    name: 'fits the file page and its PDF preview on a 375 px phone screen',
    viewport: { width: 375, height: 740 },
    async run({ page, baseUrl, shot }) {
      await fileWithRevision(page, baseUrl, {
        documentNumber: 'D-311',
        name: 'D-311 wide.pdf',
        mimeType: 'application/pdf',
        buffer: colouredPdf(['0 0.5 0']),
      });
      await expectNoHorizontalScroll(page);
      await page.getByRole('button', { name: 'Preview D-311 wide.pdf' }).click();
      await expectVisible(page.getByRole('img', { name: 'Page 1 of 1 of D-311 wide.pdf' }));
      await expectNoHorizontalScroll(page);
      await shot('phone preview');
    },
  },
];
