import { apiAs, publishedItem, workspaceFor } from './support/api.mjs';
import { colouredPdf } from './support/documents.mjs';
import {
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  expectUrl,
  expectVisible,
} from './support/expect.mjs';
import { jiraSim } from './support/simulators.mjs';
import { ANA, PM, signIn } from './support/session.mjs';
import { eventually } from './support/wait.mjs';

/** Reporting a defect and discussing it; the report goes on to Jira through the sync queue. */
export default [
  {
    name: 'Ana reports a defect, sees it listed with its severity and status, and comments on it',
    async run({ page, baseUrl, shot }) {
      const { workspace } = await workspaceFor(baseUrl, { pmEmail: PM, supplier: 'Acme Precision Parts' });
      await signIn(page, ANA);
      await page.goto(`/workspaces/${workspace.id}/defects`);
      await expectVisible(page.getByRole('heading', { name: 'Defects', exact: true }));
      await page.getByText('Report a defect').click();
      await page.getByLabel('Title').fill('Burr on bracket edge');
      await page.getByLabel('Description').fill('The left bracket has a 0.3 mm burr along the lower edge.');
      await page.getByLabel('Steps to reproduce').fill('Inspect batch 42 under a loupe.');
      await shot('report form');
      await expectNoSeriousA11yViolations(page);
      await page.getByRole('button', { name: 'Submit report' }).click();

      await expectUrl(page, /\/defects\/[0-9a-f-]{36}$/);
      await expectVisible(page.getByRole('heading', { name: 'Burr on bracket edge' }));
      await expectVisible(page.getByText('Major').first());
      await expectVisible(page.getByRole('heading', { name: 'Status history' }));
      await page.getByLabel('Add a comment').fill('Photos follow with the next drawing revision.');
      await page.getByRole('button', { name: 'Post comment' }).click();
      await expectVisible(page.getByText('Photos follow with the next drawing revision.'));
      await shot('defect');
      await expectNoSeriousA11yViolations(page);

      await page.getByRole('link', { name: /All defects/ }).click();
      await expectVisible(page.getByRole('link', { name: 'Burr on bracket edge' }));
    },
  },
  {
    name: 'Ana files a defect with an attachment and a related item, and sees its status change when Jira moves the issue',
    timeout: 180_000,
    async run({ page, baseUrl, shot }) {
      const { workspace, title: itemTitle } = await publishedItem(baseUrl, {
        pmEmail: PM,
        supplier: 'Acme Precision Parts',
      });
      const pm = await apiAs(baseUrl, PM);
      await pm.patch(`/api/v1/workspaces/${workspace.id}`, {
        statusMap: { 'In Testing': 'Fix being verified' },
      });

      await signIn(page, ANA);
      await page.goto(`/workspaces/${workspace.id}/defects`);
      await page.getByText('Report a defect').click();
      await page.getByLabel('Title').fill('Coating flakes at the weld seam');
      await page.getByLabel('Description').fill('Powder coating lifts within 2 mm of the seam.');
      await page.getByRole('combobox', { name: 'Shared item' }).click();
      await page.getByRole('option', { name: itemTitle }).click();
      await page.getByLabel('Attach files').setInputFiles([
        { name: 'seam photo.pdf', mimeType: 'application/pdf', buffer: colouredPdf(['0.6 0.6 0.6']) },
        { name: 'notes.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') },
      ]);
      const photo = page.getByRole('group', { name: 'Attachment seam photo.pdf' });
      await expectVisible(photo.getByRole('status').filter({ hasText: 'Uploaded' }), 60_000);
      // A type the workspace does not accept is refused next to the file, and blocks the report until removed.
      const refused = page.getByRole('group', { name: 'Attachment notes.exe' });
      await expectVisible(refused.getByRole('alert').filter({ hasText: 'Upload failed' }));
      await shot('report with attachments');
      await expectNoSeriousA11yViolations(page);
      await page.getByRole('button', { name: 'Submit report' }).click();
      await expectVisible(
        page.getByRole('alert').filter({ hasText: 'Some attachments could not be uploaded' }),
      );
      await refused.getByRole('button', { name: 'Remove attachment notes.exe' }).click();
      await page.getByRole('button', { name: 'Submit report' }).click();

      await expectUrl(page, /\/defects\/[0-9a-f-]{36}$/);
      const defectId = page.url().split('/').pop();
      await expectVisible(page.getByRole('heading', { name: 'Coating flakes at the weld seam' }));
      // The attachment is listed by the name it was uploaded with, as a link that downloads it.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'seam photo.pdf' }).click(),
      ]);
      if (download.suggestedFilename() !== 'seam photo.pdf')
        throw new Error(`the download is named ${download.suggestedFilename()}`);
      await expectVisible(page.getByRole('link', { name: 'Open the related shared item' }));
      const ana = await apiAs(baseUrl, ANA);
      const reported = await ana.get(`/api/v1/defects/${defectId}`);
      if (reported.attachmentRevisionIds.length !== 1 || !reported.itemId)
        throw new Error(`the defect refers to ${JSON.stringify(reported)}`);
      if (reported.attachments[0]?.fileName !== 'seam photo.pdf')
        throw new Error(`the defect shows ${JSON.stringify(reported.attachments)}`);
      // The refused file left no empty workspace file behind.
      const files = await ana.get(`/api/v1/workspaces/${workspace.id}/files`);
      const titles = files.items.map((f) => f.title);
      if (titles.includes('notes.exe') || !titles.includes('seam photo.pdf'))
        throw new Error(`the workspace files are ${JSON.stringify(titles)}`);

      // The sync queue creates the Jira issue with the attachment; then Jira moves it on.
      // The Jira key is for internal users only; the PM reads it.
      const jiraKey = await eventually('the Jira issue', async () => {
        const defect = await pm.get(`/api/v1/defects/${defectId}`);
        return defect.sync.jiraKey;
      });
      await eventually('the attachment on the Jira issue', async () => {
        const state = await jiraSim('GET', `issues/${jiraKey}`);
        return state.attachments?.some((a) => a.filename === 'seam photo.pdf') && state;
      });
      await jiraSim('POST', `issues/${jiraKey}/transition`, { to: 'In Testing' });

      const timeline = page.getByRole('list').filter({ has: page.getByText('Reported', { exact: true }) });
      await eventually('the mapped status in the portal', async () => {
        await page.reload();
        await expectVisible(page.getByRole('heading', { name: 'Status history' }));
        return (await timeline.getByText('Fix being verified', { exact: true }).count()) > 0;
      });
      await expectVisible(page.locator('.facts').getByText('Fix being verified', { exact: true }));
      await shot('status changed by Jira');
      await expectNoSeriousA11yViolations(page);
    },
  },
  {
    name: 'fits the defect report form on a 375 px phone screen',
    viewport: { width: 375, height: 740 },
    async run({ page, baseUrl, shot }) {
      const { workspace } = await workspaceFor(baseUrl, { pmEmail: PM, supplier: 'Acme Precision Parts' });
      await signIn(page, ANA);
      await page.goto(`/workspaces/${workspace.id}/defects`);
      await page.getByText('Report a defect').click();
      await expectVisible(page.getByRole('button', { name: 'Attach files' }));
      await expectNoHorizontalScroll(page);
      await shot('phone report form');
    },
  },
  {
    name: 'the notification bell names its unread count and opens the list',
    async run({ page, shot }) {
      await signIn(page, ANA);
      const bell = page.getByRole('button', { name: /^Notifications, \d+ unread$/ });
      await expectVisible(bell);
      await bell.click();
      await expectVisible(page.getByRole('menu'));
      await shot('notifications');
    },
  },
];
