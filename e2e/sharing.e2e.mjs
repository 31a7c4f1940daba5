import { publishedItem } from './support/api.mjs';
import {
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  expectUrl,
  expectVisible,
} from './support/expect.mjs';
import { ANA, enrolTotpIfRequired, PM, SARA, signIn } from './support/session.mjs';

const ACME = 'Acme Precision Parts';

/** Reading what a PM shared: what changed, the item, its history, a diff, acknowledgement, isolation. */
export default [
  {
    name: 'Ana sees the new item, opens it, compares version 1 with 2 and acknowledges version 2',
    async run({ page, baseUrl, shot }) {
      const { workspace, item, title } = await publishedItem(baseUrl, { pmEmail: PM, supplier: ACME });
      await signIn(page, ANA);
      const change = page.getByRole('listitem').filter({ hasText: workspace.name });
      await expectVisible(change.getByRole('link', { name: title }));
      await shot('what changed');
      await expectNoSeriousA11yViolations(page);

      await change.getByRole('link', { name: title }).click();
      await expectUrl(page, new RegExp(`/items/${item.id}$`));
      await expectVisible(page.getByRole('heading', { name: title }));
      await expectVisible(page.getByText('Version 2', { exact: true }).first());
      await expectVisible(page.getByText('Priority and description added').first());
      await shot('item');

      await page.getByRole('button', { name: 'Show changes' }).click();
      await expectVisible(page.getByRole('heading', { name: 'Changes from version 1 to 2' }));
      await expectVisible(page.getByRole('heading', { name: /Priority/ }));
      await shot('diff v1 v2');
      await expectNoSeriousA11yViolations(page);

      await page.getByRole('button', { name: 'Acknowledge version 2' }).click();
      await expectVisible(page.getByRole('status').filter({ hasText: 'Acknowledged' }));
      await shot('acknowledged');
    },
  },
  {
    name: 'Ana finds the item in the workspace list by searching its title, and it is no longer new',
    async run({ page, baseUrl, shot }) {
      const { workspace, item, title } = await publishedItem(baseUrl, {
        pmEmail: PM,
        supplier: ACME,
        issue: 'HW-3',
      });
      await signIn(page, ANA);
      await page.goto(`/workspaces/${workspace.id}`);
      await expectVisible(page.getByRole('heading', { name: workspace.name }));
      await expectVisible(page.getByText('2 new'));
      await page.getByLabel('Search titles').fill('nothing like this');
      await expectVisible(page.getByText('No items match.'));
      await page.getByLabel('Search titles').fill(title.slice(-12));
      const link = page.getByRole('link', { name: title });
      await expectVisible(link);
      await shot('filtered');
      await expectNoSeriousA11yViolations(page);
      await link.click();
      await expectUrl(page, new RegExp(`/items/${item.id}$`));
      // Showing version 2 is what records it as seen.
      await expectVisible(page.getByText('Version 2', { exact: true }).first());
      await page.goBack();
      await page.reload();
      await expectVisible(page.getByRole('link', { name: title }));
      if (await page.getByText('2 new').count())
        throw new Error('the item still counts as new after opening it');
    },
  },
  {
    name: 'Sara of another supplier cannot open Acme’s item by its URL and sees not found',
    async run({ page, baseUrl, shot }) {
      const { workspace, item, title } = await publishedItem(baseUrl, {
        pmEmail: PM,
        supplier: ACME,
        issue: 'HW-4',
      });
      await signIn(page, SARA);
      await enrolTotpIfRequired(page);
      await page.goto(`/items/${item.id}`);
      await expectVisible(page.getByRole('heading', { name: 'Page not found' }));
      if (await page.getByText(title).count()) throw new Error('the title of Acme’s item leaked');
      await page.goto(`/workspaces/${workspace.id}`);
      await expectVisible(page.getByRole('heading', { name: 'Page not found' }));
      await shot('not found');
    },
  },
  {
    name: 'the item page fits a 375 px phone without sideways scrolling',
    viewport: { width: 375, height: 740 },
    async run({ page, baseUrl, shot }) {
      const { item, title } = await publishedItem(baseUrl, { pmEmail: PM, supplier: ACME, issue: 'HW-2' });
      await signIn(page, ANA);
      await page.goto(`/items/${item.id}`);
      await expectVisible(page.getByRole('heading', { name: title }));
      await page.getByRole('button', { name: 'Show changes' }).click();
      await expectVisible(page.getByRole('heading', { name: 'Changes from version 1 to 2' }));
      await expectNoHorizontalScroll(page);
      await shot('item on phone');
    },
  },
];
