import { workspaceFor } from './support/api.mjs';
import { expectNoSeriousA11yViolations, expectUrl, expectVisible } from './support/expect.mjs';
import { ANA, PM, signIn } from './support/session.mjs';

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
