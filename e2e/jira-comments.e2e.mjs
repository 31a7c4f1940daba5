import { apiAs, publishedItem } from './support/api.mjs';
import { expectNoSeriousA11yViolations, expectVisible } from './support/expect.mjs';
import { ANA, PM, signIn } from './support/session.mjs';

const ACME = 'Acme Precision Parts';

/** A PM shows one Jira comment of a shared issue to the supplier from the console's item page. */
export default [
  {
    name: 'The PM shows a Jira comment to the supplier; restricted ones cannot be shown; Ana gets it in the thread',
    async run({ page, baseUrl, shot }) {
      // HW-1 of the demo project has open and restricted comments.
      const { item } = await publishedItem(baseUrl, { pmEmail: PM, supplier: ACME });
      const pm = await apiAs(baseUrl, PM);
      const { items: comments } = await pm.get(`/api/v1/items/${item.id}/jira-comments`);
      const open = comments.find((c) => !c.restricted);
      const restricted = comments.find((c) => c.restricted);
      if (!open || !restricted) throw new Error('HW-1 needs an open and a restricted comment');

      await signIn(page, PM);
      await page.goto(`/console/items/${item.id}`);
      const panel = page.getByRole('region', { name: 'Jira comments' });
      await expectVisible(panel);
      const openEntry = panel.locator(`[data-jira-comment="${open.id}"]`);
      const restrictedEntry = panel.locator(`[data-jira-comment="${restricted.id}"]`);
      await expectVisible(restrictedEntry.getByText('Restricted in Jira'));
      if (await restrictedEntry.getByRole('button', { name: 'Show to supplier' }).count())
        throw new Error('a restricted comment offers "Show to supplier"');
      await shot('Jira comments panel');
      await openEntry.getByRole('button', { name: 'Show to supplier' }).click();
      await expectVisible(openEntry.getByText('Shown to supplier'));
      await expectNoSeriousA11yViolations(page);

      const ana = await apiAs(baseUrl, ANA);
      const thread = await ana.get(`/api/v1/items/${item.id}/comments`);
      const shown = thread.items.filter((c) => c.source === 'jira');
      // Ana never gets Jira ids; the PM's view of the same entry names the Jira comment.
      const forPm = (await pm.get(`/api/v1/items/${item.id}/comments`)).items.find(
        (c) => c.source === 'jira',
      );
      if (shown.length !== 1 || shown[0].id !== forPm?.id || forPm.sync.jiraCommentId !== open.id)
        throw new Error(`Ana's thread has ${JSON.stringify(shown)} instead of Jira comment ${open.id}`);
      if ('jiraCommentId' in shown[0].sync) throw new Error('Ana was given the Jira comment id');
      if (shown[0].author.displayName !== open.author)
        throw new Error(`the reply is attributed to ${shown[0].author.displayName}, not ${open.author}`);
    },
  },
];
