import { apiAs, publishedItem } from './support/api.mjs';
import {
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  expectUrl,
  expectVisible,
} from './support/expect.mjs';
import { ANA, PM, signIn } from './support/session.mjs';
import { jiraSimAt } from './support/simulators.mjs';
import { uploadRevision } from './support/uploads.mjs';
import { eventually } from './support/wait.mjs';

const ACME = 'Acme Precision Parts';

/** A 1x1 PNG: real magic bytes, so the API's content check accepts it. */
const DRAWING_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** yyyy-mm-dd, `days` from today. */
const day = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** An Acme workspace with HW-1 published twice and a drawing with one available revision. */
async function workspaceWithDrawing(baseUrl) {
  const { workspace, item, title } = await publishedItem(baseUrl, { pmEmail: PM, supplier: ACME });
  const ana = await apiAs(baseUrl, ANA);
  const file = await ana.post(`/api/v1/workspaces/${workspace.id}/files`, {
    documentNumber: 'D-310',
    title: 'Pump housing, machined',
  });
  const seq = await uploadRevision(ana, file.id, { fileName: 'D-310 housing.png', body: DRAWING_PNG });
  await eventually('the drawing revision to be available', async () => {
    const detail = await ana.get(`/api/v1/files/${file.id}`);
    return detail.revisions.some((r) => r.seq === seq && r.state === 'available');
  });
  return { workspace, item, title, file, seq };
}

/** Screenshots of the PM's page (the runner's `shot` takes Ana's), in test-results/ like the others. */
const pmShot = (pmPage, name) =>
  pmPage.screenshot({
    path: `test-results/transmittals--pm-${name.replace(/\W+/g, '-')}.png`,
    fullPage: true,
  });

/** The PM issues a for-review transmittal of HW-1 at version 1 and the drawing from the console. */
async function pmIssues(pmPage, { workspace, title }) {
  await pmPage.goto(`/console/workspaces/${workspace.id}`);
  await pmPage.getByRole('link', { name: 'Transmittals' }).click();
  await expectVisible(pmPage.getByRole('heading', { name: `Transmittals of ${workspace.name}` }));
  await pmPage.getByRole('link', { name: 'New transmittal' }).click();
  await expectUrl(pmPage, /\/console\/transmittals\/new\?workspace=/);
  await pmPage.getByLabel('Subject').fill('Pump housing for review');
  await pmPage.getByLabel('Message to the supplier').fill('Please review the housing and its drawing.');
  await pmPage.getByLabel('Response due').fill(day(7));

  await pmPage.getByRole('combobox', { name: 'Shared item' }).click();
  await pmPage.getByRole('option', { name: new RegExp(title) }).click();
  await pmPage.getByRole('combobox', { name: 'Version' }).click();
  // Version 1 on purpose: a transmittal issues the chosen version, not the latest.
  await pmPage.getByRole('option', { name: 'Version 1', exact: true }).click();
  await pmPage.getByRole('button', { name: 'Add item version' }).click();
  await pmPage.getByRole('combobox', { name: 'File' }).click();
  await pmPage.getByRole('option', { name: /D-310/ }).click();
  await expectVisible(pmPage.getByRole('combobox', { name: 'Revision' }));
  await pmPage.getByRole('button', { name: 'Add file revision' }).click();
  await expectVisible(pmPage.locator('[data-content]').filter({ hasText: 'D-310' }));
  await pmShot(pmPage, 'drafts a transmittal');
  await expectNoSeriousA11yViolations(pmPage);

  await pmPage.getByRole('button', { name: 'Issue', exact: true }).click();
  const dialog = pmPage.getByRole('dialog');
  await expectVisible(dialog.getByText('Issue this transmittal?'));
  await dialog.getByRole('button', { name: 'Issue', exact: true }).click();
  await expectUrl(pmPage, /\/console\/transmittals\/[0-9a-f-]{36}$/);
  const heading = pmPage.getByRole('heading', { name: /-T-\d{4} · Pump housing for review/ });
  await expectVisible(heading);
  await expectVisible(pmPage.getByText('Issued', { exact: true }).first());
  const number = (await heading.innerText()).split(' · ')[0].trim();
  return { id: pmPage.url().split('/').pop(), number };
}

export default [
  {
    name: 'The PM issues a transmittal; Ana opens it, downloads the drawing, responds with codes; the PM sees receipts and Jira the response',
    timeout: 240_000,
    async run({ page, browser, baseUrl, shot }) {
      const setup = await workspaceWithDrawing(baseUrl);
      const pmContext = await browser.newContext({ baseURL: baseUrl });
      const pmPage = await pmContext.newPage();
      try {
        await signIn(pmPage, PM);
        const { id, number } = await pmIssues(pmPage, setup);

        // Ana: the transmittal is unread in her inbox, reached from the navigation.
        await signIn(page, ANA);
        await page.getByRole('navigation').getByRole('link', { name: 'Transmittals' }).click();
        await expectVisible(page.getByRole('heading', { name: 'Transmittals', level: 1 }));
        await page.getByRole('link', { name: 'Unread', exact: true }).click();
        // Numbers repeat across workspaces (each starts at -T-0001): the row is found by its link.
        const row = page
          .locator('.transmittal-list li')
          .filter({ has: page.locator(`a[href="/transmittals/${id}"]`) });
        await expectVisible(row.getByText('Unread', { exact: true }));
        await shot('Ana inbox');
        await expectNoSeriousA11yViolations(page);
        await row.getByRole('link').click();
        await expectUrl(page, new RegExp(`/transmittals/${id}$`));
        await expectVisible(page.getByRole('heading', { name: /Pump housing for review/ }));
        await expectVisible(page.getByText('Version 1', { exact: true }));

        // Each content opens at exactly the issued revision: HW-1 at version 1, though 2 is the latest.
        const pcb = page.locator('.contents [data-content]').filter({ hasText: setup.title });
        await pcb.getByRole('link', { name: /^Open / }).click();
        // It names the transmittal, through which that version's attachments stay downloadable.
        await expectUrl(page, new RegExp(`/items/${setup.item.id}/versions/1\\?transmittal=${id}$`));
        await expectVisible(page.locator('.version-bar').getByText('Version 1', { exact: true }));
        await expectVisible(page.locator('.version-bar').getByText('(not the latest)'));
        await page.goBack();
        const drawing = page.locator('.contents [data-content]').filter({ hasText: 'D-310' });
        await drawing.getByRole('link', { name: /^Open / }).click();
        // The file page knows the transmittal too, so its preview and download carry the number in the stamp.
        await expectUrl(
          page,
          new RegExp(`/files/${setup.file.id}\\?revision=${setup.seq}&transmittal=${id}$`),
        );
        await expectVisible(page.locator('.revisions li[aria-current="true"]'));
        await page.goBack();

        // The drawing at its issued revision, downloaded (and recorded as such).
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          drawing.getByRole('button', { name: /^Download / }).click(),
        ]);
        if (!download.suggestedFilename().includes('D-310'))
          throw new Error(`the download is named ${download.suggestedFilename()}`);

        await page.getByRole('button', { name: 'Acknowledge receipt' }).click();
        await expectVisible(page.getByText(/You acknowledged receipt on/));

        // The response: a code per content, one submission after a confirmation.
        const form = page.getByRole('form', { name: 'Your response' });
        const fieldsets = form.locator('fieldset');
        await fieldsets.nth(0).getByRole('combobox', { name: 'Review code' }).click();
        await page.getByRole('option', { name: /^A — / }).click();
        await fieldsets.nth(1).getByRole('combobox', { name: 'Review code' }).click();
        await page.getByRole('option', { name: /^C — / }).click();
        await fieldsets
          .nth(1)
          .getByLabel('Comment (optional)')
          .fill('Wall thickness at the flange is below spec.');
        await shot('Ana responds');
        await expectNoSeriousA11yViolations(page);
        await form.getByRole('button', { name: 'Submit response' }).click();
        const dialog = page.getByRole('dialog');
        await expectVisible(dialog.getByText(`Submit the response to ${number}?`));
        await dialog.getByRole('button', { name: 'Submit response' }).click();
        await expectVisible(page.getByText(/Response submitted on/));
        if (await page.getByRole('form', { name: 'Your response' }).count())
          throw new Error('the response form is still offered after submitting');
        await expectVisible(drawing.locator('[data-code="C"]'));

        // The PM: the receipt matrix has Ana's open, download and acknowledgement, and the codes.
        await pmPage.reload();
        const anaRow = pmPage.locator(`tr[data-user="${ANA}"]`);
        await expectVisible(anaRow);
        const cells = anaRow.locator('td');
        const texts = await cells.allInnerTexts();
        // Opened, HW-1 (opened), the drawing (opened and downloaded), acknowledged.
        if (
          texts[0].trim() === '—' ||
          !texts[1].includes('Opened') ||
          !texts[2].includes('Opened') ||
          !texts[2].includes('Downloaded') ||
          texts[3].trim() === '—'
        )
          throw new Error(`Ana's receipts read ${JSON.stringify(texts)}`);
        await expectVisible(pmPage.locator('[data-content] .response-code').filter({ hasText: /^C — / }));
        await expectVisible(pmPage.getByText('Wall thickness at the flange is below spec.'));
        await pmShot(pmPage, 'receipt matrix');
        await expectNoSeriousA11yViolations(pmPage);

        // Jira: HW-1 carries a comment with the number and Ana's code, and one remote link.
        const pm = await apiAs(baseUrl, PM);
        const { jiraSiteUrl } = await pm.get('/api/v1/me');
        // The response comment names the transmittal and Ana's code for the version issued.
        const responseComments = (issue) =>
          issue.comments
            .map((c) => JSON.stringify(c.body))
            .filter((b) => b.includes(number) && b.includes('responded via Portico'));
        await eventually('the response comment on HW-1', async () => {
          const issue = await jiraSimAt(jiraSiteUrl, 'GET', 'issues/HW-1');
          return responseComments(issue).length > 0;
        });
        const issue = await jiraSimAt(jiraSiteUrl, 'GET', 'issues/HW-1');
        const answered = responseComments(issue);
        if (answered.length !== 1 || !answered[0].includes('Version 1: A'))
          throw new Error(`HW-1 has the response comments ${JSON.stringify(answered)}`);
        const links = issue.remoteLinks.filter((l) => JSON.stringify(l).includes(`/transmittals/${id}`));
        if (links.length !== 1) throw new Error(`HW-1 has ${links.length} remote links to the transmittal`);
      } catch (error) {
        // The runner's failure screenshot shows Ana's page; the PM's is kept beside it.
        await pmPage
          .screenshot({ path: 'test-results/transmittals-pm-at-failure.png' })
          .catch(() => undefined);
        throw error;
      } finally {
        await pmContext.close();
      }
    },
  },
  {
    name: 'fits the transmittal inbox and page on a 375 px phone screen',
    viewport: { width: 375, height: 740 },
    timeout: 120_000,
    async run({ page, baseUrl, shot }) {
      const { workspace, item, file, seq } = await workspaceWithDrawing(baseUrl);
      const pm = await apiAs(baseUrl, PM);
      const draft = await pm.post(`/api/v1/workspaces/${workspace.id}/transmittals`, {
        subject: 'Bracket drawings for approval',
        purpose: 'for_approval',
        dueDate: day(3),
        contents: [
          { itemId: item.id, version: 2 },
          { fileId: file.id, revisionSeq: seq },
        ],
      });
      await pm.post(`/api/v1/transmittals/${draft.id}/issue`);
      await signIn(page, ANA);
      await page.goto('/transmittals');
      await expectVisible(page.locator(`.transmittal-list a[href="/transmittals/${draft.id}"]`));
      await expectNoHorizontalScroll(page);
      await shot('phone inbox');
      await page.goto(`/transmittals/${draft.id}`);
      await expectVisible(page.getByRole('button', { name: 'Submit response' }));
      await expectNoHorizontalScroll(page);
      await expectNoSeriousA11yViolations(page);
      await shot('phone transmittal');
    },
  },
];
