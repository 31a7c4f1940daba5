import sharp from 'sharp';
import { apiAs, workspaceFor } from './support/api.mjs';
import { colouredPdf } from './support/documents.mjs';
import { expectNoSeriousA11yViolations, expectUrl, expectVisible } from './support/expect.mjs';
import { ANA, PM, signIn } from './support/session.mjs';
import { addJiraAttachment, jiraSim } from './support/simulators.mjs';
import { addFileThroughPage, uploadRevision } from './support/uploads.mjs';
import { eventually } from './support/wait.mjs';

/** The download policy as suppliers see it (files page) and as the PM sets it (console workspace settings). */
export default [
  {
    name: 'on a view-only workspace Ana has no download button and previews the watermarked PDF',
    timeout: 120_000,
    async run({ page, baseUrl, shot }) {
      const { pm, workspace } = await workspaceFor(baseUrl, {
        pmEmail: PM,
        supplier: 'Acme Precision Parts',
      });
      await pm.put(`/api/v1/workspaces/${workspace.id}/download-policy`, { drawings: 'view_only' });
      await signIn(page, ANA);
      await addFileThroughPage(page, workspace.id, {
        documentNumber: 'D-400',
        title: 'Housing',
        name: 'D-400 housing.pdf',
        mimeType: 'application/pdf',
        buffer: colouredPdf(['0 0.5 0']),
      });
      await expectVisible(page.getByRole('note').filter({ hasText: 'View only' }));
      if (await page.getByRole('button', { name: 'Download D-400 housing.pdf' }).count())
        throw new Error('a download button is offered on a view-only workspace');

      const previews = [];
      page.on('request', (r) => {
        if (r.url().includes('X-Amz-Signature')) previews.push(r.url());
      });
      await page.getByRole('button', { name: 'Preview D-400 housing.pdf' }).click();
      await expectVisible(page.getByRole('img', { name: 'Page 1 of 1 of D-400 housing.pdf' }));
      await page.waitForFunction(() => {
        const c = document.querySelector('.mat-mdc-dialog-container canvas');
        return c && c.width > 0;
      });
      if (!previews.length || !previews.every((url) => url.includes('/watermarked/')))
        throw new Error(`the preview did not come from the stamped copy: ${previews.join(', ')}`);
      await expectNoSeriousA11yViolations(page);
      await shot('view-only preview');
    },
  },
  {
    name: 'on a view-only workspace a photo previews as a stamped image of its own format, never the original',
    timeout: 120_000,
    async run({ page, baseUrl, shot }) {
      const { pm, workspace } = await workspaceFor(baseUrl, {
        pmEmail: PM,
        supplier: 'Acme Precision Parts',
      });
      await pm.put(`/api/v1/workspaces/${workspace.id}/download-policy`, { drawings: 'view_only' });
      const photo = await sharp({
        create: { width: 640, height: 400, channels: 3, background: { r: 220, g: 224, b: 230 } },
      })
        .png()
        .toBuffer();
      await signIn(page, ANA);
      await addFileThroughPage(page, workspace.id, {
        documentNumber: 'D-401',
        title: 'Casting photo',
        name: 'D-401 casting.png',
        mimeType: 'image/png',
        buffer: photo,
      });
      if (await page.getByRole('button', { name: 'Download D-401 casting.png' }).count())
        throw new Error('a download button is offered on a view-only workspace');

      const images = [];
      page.on('response', (r) => {
        if (r.url().includes('X-Amz-Signature'))
          images.push({ url: r.url(), type: r.headers()['content-type'] });
      });
      await page.getByRole('button', { name: 'Preview D-401 casting.png' }).click();
      const img = page.locator('.mat-mdc-dialog-container img');
      await expectVisible(img);
      await page.waitForFunction(() => {
        const el = document.querySelector('.mat-mdc-dialog-container img');
        return el && el.complete && el.naturalWidth > 0;
      });
      const size = await img.evaluate((el) => [el.naturalWidth, el.naturalHeight]);
      if (size[0] !== 640 || size[1] !== 400) throw new Error(`the preview is ${size.join(' × ')}`);
      if (!images.length || !images.every((r) => r.url.includes('/watermarked/') && r.type === 'image/png'))
        throw new Error(`the preview did not come from a stamped PNG: ${JSON.stringify(images)}`);
      await expectNoSeriousA11yViolations(page);
      await shot('view-only image preview');
    },
  },
  {
    name: 'a drawing opened from a transmittal previews stamped with the transmittal number',
    timeout: 120_000,
    async run({ page, baseUrl, shot }) {
      const { pm, workspace } = await workspaceFor(baseUrl, {
        pmEmail: PM,
        supplier: 'Acme Precision Parts',
      });
      await pm.put(`/api/v1/workspaces/${workspace.id}/download-policy`, { drawings: 'view_only' });
      const ana = await apiAs(baseUrl, ANA);
      const file = await ana.post(`/api/v1/workspaces/${workspace.id}/files`, {
        documentNumber: 'D-402',
        title: 'Cover plate',
      });
      const seq = await uploadRevision(ana, file.id, {
        fileName: 'D-402 cover.pdf',
        body: colouredPdf(['0.2 0.2 0.6']),
      });
      await eventually('the cover plate revision to be available', async () => {
        const detail = await ana.get(`/api/v1/files/${file.id}`);
        return detail.revisions.some((r) => r.seq === seq && r.state === 'available');
      });
      const draft = await pm.post(`/api/v1/workspaces/${workspace.id}/transmittals`, {
        subject: 'Cover plate for information',
        purpose: 'for_information',
        contents: [{ fileId: file.id, revisionSeq: seq }],
      });
      const issued = await pm.post(`/api/v1/transmittals/${draft.id}/issue`);

      await signIn(page, ANA);
      await page.goto(`/transmittals/${draft.id}`);
      await page.getByRole('link', { name: /^Open / }).click();
      await expectUrl(page, new RegExp(`/files/${file.id}\\?.*transmittal=${draft.id}`));
      const asked = [];
      page.on('request', (r) => {
        if (r.url().includes('/download?') || r.url().includes('X-Amz-Signature')) asked.push(r.url());
      });
      await page.getByRole('button', { name: 'Preview D-402 cover.pdf' }).click();
      await expectVisible(page.getByRole('img', { name: 'Page 1 of 1 of D-402 cover.pdf' }));
      if (!asked.some((url) => url.includes('/download?') && url.includes(`transmittal=${draft.id}`)))
        throw new Error(`the preview did not name the transmittal: ${asked.join(', ')}`);
      const storage = asked.filter((url) => url.includes('X-Amz-Signature'));
      if (!storage.length || !storage.every((url) => url.includes('/watermarked/')))
        throw new Error(`the preview did not come from the stamped copy: ${storage.join(', ')}`);
      const events = await pm.get(`/api/v1/audit-events?action=file.downloaded&limit=5`);
      const event = events.items.find((e) => e.details?.transmittal);
      if (event?.details.stampLabel !== `${issued.number} · Rev A`)
        throw new Error(
          `the preview was not stamped for ${issued.number}: ${JSON.stringify(event?.details)}`,
        );
      await shot('transmittal preview');
    },
  },
  {
    name: 'a Jira attachment of the item version a transmittal issued stays downloadable from it, stamped with its number',
    timeout: 120_000,
    async run({ page, baseUrl, shot }) {
      const { pm, workspace } = await workspaceFor(baseUrl, {
        pmEmail: PM,
        supplier: 'Acme Precision Parts',
      });
      await pm.put(`/api/v1/workspaces/${workspace.id}/download-policy`, { attachments: 'watermarked' });
      const { key } = await jiraSim('POST', 'issues', { summary: 'Gasket specification' });
      await addJiraAttachment(key, 'gasket spec.pdf', colouredPdf(['0.6 0.2 0.2']));
      const item = await pm.post(`/api/v1/workspaces/${workspace.id}/items`, {
        sourceType: 'jira_issue',
        sourceRef: key,
        fields: ['summary', 'attachments'],
      });
      await pm.post(`/api/v1/items/${item.id}/publish`, { note: 'With the specification' });
      const draft = await pm.post(`/api/v1/workspaces/${workspace.id}/transmittals`, {
        subject: 'Gasket specification for information',
        purpose: 'for_information',
        contents: [{ itemId: item.id, version: 1 }],
      });
      const issued = await pm.post(`/api/v1/transmittals/${draft.id}/issue`);
      // The item moves on after the transmittal: version 1 is no longer the latest.
      await jiraSim('POST', `issues/${key}/edit`, { fields: { summary: 'Gasket specification, rev 2' } });
      await pm.post(`/api/v1/items/${item.id}/publish`, { note: 'Renamed' });

      await signIn(page, ANA);
      await page.goto(`/transmittals/${draft.id}`);
      await page.getByRole('link', { name: /^Open / }).click();
      await expectUrl(page, new RegExp(`/items/${item.id}/versions/1\\?transmittal=${draft.id}`));
      await expectVisible(page.getByText('(not the latest)'));
      await expectVisible(page.getByRole('note').filter({ hasText: 'Downloads are watermarked' }));
      const asked = [];
      page.on('request', (r) => {
        if (r.url().includes('/attachments/')) asked.push(r.url());
      });
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Download gasket spec.pdf' }).click();
      await download;
      if (!asked.some((url) => url.includes(`transmittal=${draft.id}`) && url.includes('version=1')))
        throw new Error(`the download did not name the transmittal and version: ${asked.join(', ')}`);
      const events = await pm.get('/api/v1/audit-events?action=item.attachment.downloaded&limit=5');
      const event = events.items.find((e) => e.resourceId === item.id);
      if (event?.details.stampLabel !== `${issued.number} · Rev v1`)
        throw new Error(
          `the download was not stamped for ${issued.number}: ${JSON.stringify(event?.details)}`,
        );
      await shot('transmittal item version');
    },
  },
  {
    name: 'the PM sets the download policy in the workspace settings',
    async run({ page, baseUrl, shot }) {
      const { pm, workspace } = await workspaceFor(baseUrl, {
        pmEmail: PM,
        supplier: 'Acme Precision Parts',
      });
      await signIn(page, PM);
      await page.goto(`/console/workspaces/${workspace.id}`);
      await expectVisible(page.getByRole('heading', { name: 'Downloads' }));
      await page.getByRole('combobox', { name: 'Drawings' }).click();
      await page.getByRole('option', { name: 'Watermarked copy (PDF, images)' }).click();
      await page.getByRole('button', { name: 'Save download policy' }).click();
      await expectVisible(page.getByRole('status').filter({ hasText: 'Download policy saved' }));
      await expectNoSeriousA11yViolations(page);
      const policy = await pm.get(`/api/v1/workspaces/${workspace.id}/download-policy`);
      if (policy.drawings !== 'watermarked' || policy.attachments !== 'original')
        throw new Error(`saved ${JSON.stringify(policy)}`);
      await shot('download policy card');
    },
  },
  {
    name: 'Jira attachments follow the attachments policy: under watermarked an unstampable file is not offered, under view only nothing is',
    async run({ page, baseUrl, shot }) {
      const { pm, workspace } = await workspaceFor(baseUrl, {
        pmEmail: PM,
        supplier: 'Acme Precision Parts',
      });
      // HW-2 of the demo project carries a drawing.
      const item = await pm.post(`/api/v1/workspaces/${workspace.id}/items`, {
        sourceType: 'jira_issue',
        sourceRef: 'HW-2',
        fields: ['summary', 'attachments'],
      });
      const version = await pm.post(`/api/v1/items/${item.id}/publish`, { note: 'With the drawing' });
      const [file] = version.snapshot.fields.find((f) => f.name === 'attachments').value;
      await pm.put(`/api/v1/workspaces/${workspace.id}/download-policy`, { attachments: 'watermarked' });

      await signIn(page, ANA);
      await page.goto(`/items/${item.id}`);
      await expectVisible(page.getByRole('note').filter({ hasText: 'Downloads are watermarked' }));
      // The demo drawing is a text file, which cannot be stamped: shown, not offered.
      await expectVisible(page.getByText(file.filename));
      if (await page.getByRole('button', { name: `Download ${file.filename}` }).count())
        throw new Error('a file that cannot be watermarked is offered for download');
      await expectNoSeriousA11yViolations(page);
      await shot('watermarked attachments');

      await pm.put(`/api/v1/workspaces/${workspace.id}/download-policy`, { attachments: 'view_only' });
      await page.reload();
      await expectVisible(page.getByRole('note').filter({ hasText: 'View only' }));
      if (await page.getByRole('button', { name: `Download ${file.filename}` }).count())
        throw new Error('a download button is offered for a view-only attachment');
    },
  },
  {
    name: 'a view-only defect attachment opens its file page with the preview instead of downloading',
    timeout: 120_000,
    async run({ page, baseUrl, shot }) {
      const { pm, workspace } = await workspaceFor(baseUrl, {
        pmEmail: PM,
        supplier: 'Acme Precision Parts',
      });
      await pm.put(`/api/v1/workspaces/${workspace.id}/download-policy`, { attachments: 'view_only' });
      await signIn(page, ANA);
      await page.goto(`/workspaces/${workspace.id}/defects`);
      await page.getByText('Report a defect').click();
      await page.getByLabel('Title').fill('Scratch on cover');
      await page.getByLabel('Description').fill('See the photo.');
      await page
        .getByLabel('Attach files')
        .setInputFiles([
          { name: 'scratch.pdf', mimeType: 'application/pdf', buffer: colouredPdf(['0.5 0.5 0.5']) },
        ]);
      await expectVisible(
        page
          .getByRole('group', { name: 'Attachment scratch.pdf' })
          .getByRole('status')
          .filter({ hasText: 'Uploaded' }),
        60_000,
      );
      await page.getByRole('button', { name: 'Submit report' }).click();
      await expectUrl(page, /\/defects\/[0-9a-f-]{36}$/);
      await page.getByRole('link', { name: 'scratch.pdf' }).click();
      await expectUrl(page, /\/files\/[0-9a-f-]{36}$/);
      await expectVisible(page.getByRole('note').filter({ hasText: 'View only' }));
      await expectVisible(page.getByRole('button', { name: 'Preview scratch.pdf' }));
      if (await page.getByRole('button', { name: 'Download scratch.pdf' }).count())
        throw new Error('a download button is offered for a view-only attachment');
      await shot('view-only defect attachment');
    },
  },
];
