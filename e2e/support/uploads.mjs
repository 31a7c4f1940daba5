/** Uploading a drawing revision through the real API, the way the portal does it. */
import { createHash } from 'node:crypto';
import { expectUrl, expectVisible } from './expect.mjs';

/** Starts a revision of `fileId`, PUTs the parts to storage, completes it; returns the revision's seq. */
export async function uploadRevision(api, fileId, { fileName, body }) {
  const started = await api.post(`/api/v1/files/${fileId}/revisions`, {
    fileName,
    size: body.length,
    sha256: createHash('sha256').update(body).digest('hex'),
  });
  const parts = [];
  for (const part of started.upload.parts) {
    const offset = (part.partNumber - 1) * started.upload.partSize;
    const res = await fetch(part.url, { method: 'PUT', body: body.subarray(offset, offset + part.size) });
    if (!res.ok) throw new Error(`storage answered ${res.status} to part ${part.partNumber}`);
    parts.push({ partNumber: part.partNumber, etag: res.headers.get('etag') });
  }
  const seq = started.revision.seq;
  await api.post(`/api/v1/files/${fileId}/revisions/${seq}/complete`, { parts });
  return seq;
}

/**
 * On the workspace's files page (the signed-in user's), adds a file and uploads its first revision
 * through the page, waiting until it says "Uploaded".
 */
export async function addFileThroughPage(
  page,
  workspaceId,
  { documentNumber, title, name, mimeType, buffer },
) {
  await page.goto(`/workspaces/${workspaceId}/files`);
  await page.getByLabel('Document number').fill(documentNumber);
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Add file' }).click();
  await expectUrl(page, /\/files\/[0-9a-f-]{36}$/);
  await page.getByLabel('Choose file').setInputFiles({ name, mimeType, buffer });
  await expectVisible(page.getByRole('status').filter({ hasText: 'Uploaded' }), 60_000);
}
