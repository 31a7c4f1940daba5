import { workspaceFor } from './support/api.mjs';
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations, expectVisible } from './support/expect.mjs';
import { ANA, PM, signIn } from './support/session.mjs';
import { jiraSim } from './support/simulators.mjs';
import { eventually } from './support/wait.mjs';

const ACME = 'Acme Precision Parts';

/** yyyy-mm-dd, `days` from today (UTC, as the server's CURRENT_DATE). */
const day = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A workspace with three new Jira issues shared with their due date (Jira's own id `duedate`) and
 * priority: one overdue, one due in 3 days, one in 15.
 */
async function scheduledItems(baseUrl) {
  const { pm, workspace } = await workspaceFor(baseUrl, { pmEmail: PM, supplier: ACME });
  const stamp = Date.now().toString(36);
  const titles = {};
  for (const [name, days] of [
    ['overdue', -4],
    ['soon', 3],
    ['later', 15],
  ]) {
    const summary = `Bracket ${name} ${stamp}`;
    const { key } = await jiraSim('POST', 'issues', { summary });
    await jiraSim('POST', `issues/${key}/edit`, {
      fields: { duedate: day(days), priority: { name: 'High' } },
    });
    // The issue may take a moment to be searchable, which the workspace scope check needs.
    const item = await eventually(
      `sharing ${key}`,
      () =>
        pm
          .post(`/api/v1/workspaces/${workspace.id}/items`, {
            sourceType: 'jira_issue',
            sourceRef: key,
            fields: ['summary', 'status', 'duedate', 'priority'],
          })
          .catch(() => null),
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    await pm.post(`/api/v1/items/${item.id}/publish`, { note: 'Scheduled' });
    titles[name] = summary;
  }
  return { workspace, titles };
}

/** Due dates and priorities at a glance: the item list's columns and filters, and the printable schedule. */
export default [
  {
    name: 'Ana sees due dates and priorities, filters the overdue item, and reads the schedule by week',
    async run({ page, baseUrl, shot }) {
      const { workspace, titles } = await scheduledItems(baseUrl);
      await signIn(page, ANA);
      await page.goto(`/workspaces/${workspace.id}`);
      await expectVisible(page.getByRole('heading', { name: workspace.name }));
      const overdueRow = page.getByRole('listitem').filter({ hasText: titles.overdue });
      await expectVisible(overdueRow.getByText('Overdue', { exact: true }));
      await expectVisible(overdueRow.getByText('High'));
      const soonRow = page.getByRole('listitem').filter({ hasText: titles.soon });
      await expectVisible(soonRow.getByText('Priority'));
      if (await soonRow.getByText('Overdue', { exact: true }).count())
        throw new Error('an item due in 3 days is marked overdue');
      await shot('list with due dates');
      await expectNoSeriousA11yViolations(page);

      await page.getByRole('combobox', { name: 'Due' }).click();
      await page.getByRole('option', { name: 'Overdue' }).click();
      await expectVisible(page.getByRole('link', { name: titles.overdue }));
      await page.getByRole('link', { name: titles.soon }).waitFor({ state: 'detached', timeout: 15_000 });
      if (await page.getByRole('link', { name: titles.later }).count())
        throw new Error('the overdue filter kept an item due in 15 days');
      await shot('overdue filter');

      await page.getByRole('link', { name: 'Schedule', exact: true }).click();
      await expectVisible(page.getByRole('heading', { name: `Schedule — ${workspace.name}` }));
      const timeline = page.getByRole('list', { name: 'Items by week of their due date' });
      for (const title of Object.values(titles))
        await expectVisible(timeline.getByRole('link', { name: title }));
      const weeks = await timeline.getByRole('heading', { level: 2 }).allTextContents();
      if (weeks.length < 2) throw new Error(`items 19 days apart share one week: ${weeks.join(' | ')}`);
      const order = await timeline.getByRole('link').allTextContents();
      const mine = order.filter((t) => Object.values(titles).includes(t));
      if (mine.join('|') !== [titles.overdue, titles.soon, titles.later].join('|'))
        throw new Error(`the schedule is not in due-date order: ${mine.join(' → ')}`);
      await expectVisible(
        timeline
          .getByRole('listitem')
          .filter({ hasText: titles.overdue })
          .getByText('Overdue', { exact: true }),
      );
      await shot('schedule');
      await expectNoSeriousA11yViolations(page);

      // Printed, it is the schedule alone: no app header, no print button.
      await page.emulateMedia({ media: 'print' });
      if (await page.getByRole('button', { name: 'Print' }).isVisible())
        throw new Error('the print button shows in print');
      if (await page.getByRole('banner').isVisible()) throw new Error('the app header shows in print');
      await expectVisible(timeline.getByRole('link', { name: titles.later }));
      await shot('schedule printed');
      await page.emulateMedia({ media: 'screen' });
    },
  },
  {
    name: 'the item list with due dates and the schedule fit a 375 px phone without sideways scrolling',
    viewport: { width: 375, height: 740 },
    async run({ page, baseUrl, shot }) {
      const { workspace, titles } = await scheduledItems(baseUrl);
      await signIn(page, ANA);
      await page.goto(`/workspaces/${workspace.id}`);
      await expectVisible(page.getByRole('link', { name: titles.overdue }));
      await expectNoHorizontalScroll(page);
      await shot('list on phone');
      await page.goto(`/workspaces/${workspace.id}/schedule`);
      await expectVisible(page.getByRole('link', { name: titles.later }));
      await expectNoHorizontalScroll(page);
      await expectNoSeriousA11yViolations(page);
      await shot('schedule on phone');
    },
  },
];
