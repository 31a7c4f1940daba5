import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { workspaceFor } from './support/api.mjs';
import { expectNoSeriousA11yViolations, expectUrl, expectVisible } from './support/expect.mjs';
import { ANA, PM, signIn } from './support/session.mjs';

/** A drawing of three 8 MiB parts: a real PDF header so the type check on completion passes. */
function drawing() {
  const body = Buffer.alloc(17 * 1024 * 1024 + 123, 0x20);
  Buffer.from('%PDF-1.7\n%portico e2e drawing\n').copy(body);
  Buffer.from('\n%%EOF\n').copy(body, body.length - 7);
  return body;
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
      await expectVisible(page.getByText('Awaiting review'));
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
];
