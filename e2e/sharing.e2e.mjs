import { apiAs, publishedItem, workspaceFor } from './support/api.mjs';
import {
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  expectUrl,
  expectVisible,
} from './support/expect.mjs';
import { ANA, enrolTotpIfRequired, PM, SARA, signIn } from './support/session.mjs';
import { jiraSim } from './support/simulators.mjs';
import { uploadRevision } from './support/uploads.mjs';
import { eventually } from './support/wait.mjs';

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
    name: 'Ana sees on what changed that her defect changed status and her drawing was reviewed, also after a reload',
    async run({ page, baseUrl, shot }) {
      const { pm, workspace } = await workspaceFor(baseUrl, { pmEmail: PM, supplier: ACME });
      await pm.patch(`/api/v1/workspaces/${workspace.id}`, { statusMap: { 'In Progress': 'Being fixed' } });
      const ana = await apiAs(baseUrl, ANA);
      const stamp = Date.now().toString(36);
      const title = `Burr on flange ${stamp}`;
      const defect = await ana.post(`/api/v1/workspaces/${workspace.id}/defects`, {
        title,
        description: 'A 0.2 mm burr along the flange.',
        severity: 'minor',
      });
      const quickly = { timeoutMs: 30_000, intervalMs: 250 };
      const key = await eventually(
        'the defect’s Jira issue',
        // Only internal users see the Jira key.
        async () => (await pm.get(`/api/v1/defects/${defect.id}`)).sync.jiraKey,
        quickly,
      );
      await jiraSim('POST', `issues/${key}/transition`, { to: 'In Progress' });
      await eventually(
        'the mapped status',
        async () => (await ana.get(`/api/v1/defects/${defect.id}`)).status === 'Being fixed',
        quickly,
      );
      const documentNumber = `F-${stamp}`;
      const file = await ana.post(`/api/v1/workspaces/${workspace.id}/files`, {
        documentNumber,
        title: 'Flange',
      });
      const seq = await uploadRevision(ana, file.id, {
        fileName: 'flange.pdf',
        body: Buffer.from(`%PDF-1.7\n% flange ${stamp}\n`),
      });
      await pm.patch(`/api/v1/files/${file.id}/revisions/${seq}`, {
        reviewState: 'changes_requested',
        note: 'Add the bore tolerances',
      });

      await signIn(page, ANA);
      const statusChange = page.getByRole('listitem').filter({ hasText: title });
      const review = page.getByRole('listitem').filter({ hasText: documentNumber });
      await expectVisible(statusChange.getByText('Defect status: Being fixed'));
      await expectVisible(review.getByText('Changes requested'));
      await expectVisible(review.getByText('Add the bore tolerances'));
      await shot('what changed: defect status and review');
      await expectNoSeriousA11yViolations(page);

      await page.reload();
      await expectVisible(statusChange.getByText('Defect status: Being fixed'));
      await review.getByRole('link', { name: new RegExp(documentNumber) }).click();
      await expectUrl(page, new RegExp(`/files/${file.id}$`));
      await page.goBack();
      await statusChange.getByRole('link', { name: title }).click();
      await expectUrl(page, new RegExp(`/defects/${defect.id}$`));
      await expectVisible(page.getByRole('heading', { name: title }));
      await shot('defect opened from what changed');
    },
  },
  {
    name: 'Ana comments on the item: Pending at once, then Delivered to Jira, attributed in the Jira issue; a PM’s Jira reply shows with its badge',
    async run({ page, baseUrl, shot }) {
      // HW-1 of the demo project has a Jira comment the PM may show to the supplier.
      const { item } = await publishedItem(baseUrl, { pmEmail: PM, supplier: ACME });
      const pm = await apiAs(baseUrl, PM);
      const { items: jiraComments } = await pm.get(`/api/v1/items/${item.id}/jira-comments`);
      const reply = jiraComments.find((c) => !c.restricted);
      if (!reply) throw new Error('HW-1 has no open Jira comment');
      await pm.post(`/api/v1/items/${item.id}/jira-comments/${reply.id}/publish`);

      await signIn(page, ANA);
      await page.goto(`/items/${item.id}`);
      const thread = page.getByRole('region', { name: 'Comments' });
      await expectVisible(thread);
      const fromJira = thread
        .getByRole('listitem')
        .filter({ has: page.getByText('from Jira', { exact: true }) });
      await expectVisible(fromJira.getByText(reply.author, { exact: true }));

      // Delivery may be quick; record every state the chip shows so "Pending first" is not a race.
      await page.evaluate(() => {
        window.syncStatesSeen = [];
        new window.MutationObserver(() => {
          for (const chip of document.querySelectorAll('app-comment-thread .sync')) {
            const state = chip.textContent.trim();
            if (window.syncStatesSeen.at(-1) !== state) window.syncStatesSeen.push(state);
          }
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      const text = `Is the bore tolerance H7 on rev C? ${Date.now().toString(36)}`;
      await thread.getByLabel('Your comment').fill(text);
      await thread.getByRole('button', { name: 'Post comment' }).click();
      const { displayName } = await (await apiAs(baseUrl, ANA)).get('/api/v1/me');
      const mine = thread.getByRole('listitem').filter({ hasText: text });
      await expectVisible(mine.getByText(displayName, { exact: true }));
      await expectVisible(mine.getByText(ACME, { exact: true }));
      await shot('comment posted');
      // The worker in the app under test delivers it; the thread re-reads itself meanwhile.
      await expectVisible(mine.getByText('Delivered to Jira', { exact: true }), 30_000);
      await shot('comment delivered');
      const seen = await page.evaluate(() => window.syncStatesSeen);
      if (seen[0] !== 'Pending' || seen.at(-1) !== 'Delivered to Jira')
        throw new Error(`the comment's state went ${seen.join(' → ')}`);
      await expectNoSeriousA11yViolations(page);

      const issue = await jiraSim('GET', 'issues/HW-1');
      const inJira = (issue.comments ?? []).filter((c) => JSON.stringify(c.body).includes(text));
      if (inJira.length !== 1) throw new Error(`HW-1 has ${inJira.length} copies of Ana's comment`);
      const words = JSON.stringify(inJira[0].body);
      if (!words.includes(`[${ACME}] ${displayName}:`))
        throw new Error(`Ana's comment reached Jira without its attribution: ${words}`);
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
      // A long unbroken word (a part number list, a URL) must wrap inside the comment thread.
      const ana = await apiAs(baseUrl, ANA);
      await ana.post(`/api/v1/items/${item.id}/comments`, { body: `Parts:${'-D102C'.repeat(40)}` });
      await signIn(page, ANA);
      await page.goto(`/items/${item.id}`);
      await expectVisible(page.getByRole('heading', { name: title }));
      await expectVisible(page.getByText(/^Parts:-D102C/));
      await page.getByRole('button', { name: 'Show changes' }).click();
      await expectVisible(page.getByRole('heading', { name: 'Changes from version 1 to 2' }));
      await expectNoHorizontalScroll(page);
      await shot('item on phone');
    },
  },
];
