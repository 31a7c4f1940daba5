/** A file in a fresh Acme workspace, its revisions uploaded through the file page as Ana. */
import { workspaceFor } from './api.mjs';
import { expectUrl, expectVisible } from './expect.mjs';
import { ANA, PM, signIn } from './session.mjs';

/** Creates the file through the list page; leaves the browser on the file's page. */
export async function newFileAsAna(page, baseUrl, documentNumber, title = 'Viewer sample') {
  const { workspace } = await workspaceFor(baseUrl, { pmEmail: PM, supplier: 'Acme Precision Parts' });
  await signIn(page, ANA);
  await page.goto(`/workspaces/${workspace.id}/files`);
  await page.getByLabel('Document number').fill(documentNumber);
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Add file' }).click();
  await expectUrl(page, /\/files\/[0-9a-f-]{36}$/);
}

/** Uploads one revision through the page and waits until it can be previewed. */
export async function uploadThroughPage(
  page,
  { name, buffer, label, mimeType = 'application/octet-stream' },
) {
  if (label) await page.getByLabel('Revision label (optional)').fill(label);
  await page.getByLabel('Choose file').setInputFiles({ name, mimeType, buffer });
  await expectVisible(page.getByRole('button', { name: `Preview ${name}` }), 60_000);
}
