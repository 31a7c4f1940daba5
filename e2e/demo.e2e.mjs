import {
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  expectUrl,
  expectVisible,
} from './support/expect.mjs';
import { ANA, PM, SARA, signIn } from './support/session.mjs';

/** The first five minutes on a fresh `npm start`: the demo data seeded at start-up (apps/api/src/seed). */
export const demoData = true;

const ACME = 'Acme · Hardware launch (demo)';
const BOREALIS = 'Borealis · Enclosure castings (demo)';

export default [
  {
    name: "Ana's What changed lists new versions, the defect's status change and the drawing review",
    async run({ page, shot }) {
      await signIn(page, ANA);
      const changes = page.getByRole('list', { name: 'What changed' });
      await expectVisible(changes);
      await expectVisible(changes.getByText('Defect status: Fix being verified'));
      await expectVisible(changes.getByText('Drawing approved'));
      await expectVisible(changes.getByText(/^\d+ new$/));
      await shot('what changed');
      await expectNoSeriousA11yViolations(page);
    },
  },
  {
    name: 'her workspace shows unseen-version badges, and an item page shows a diff with real changes',
    async run({ page, shot }) {
      await signIn(page, ANA);
      await page.goto('/workspaces');
      await page.getByRole('link', { name: ACME }).click();
      await expectVisible(page.getByText('Main PCB rev B layout freeze'));
      await expectVisible(page.locator('.badge', { hasText: /new/ }));
      await shot('items with badges');
      await page.getByRole('link', { name: 'Main PCB rev B layout freeze' }).click();
      await page.getByRole('button', { name: 'Show changes' }).click();
      await expectVisible(page.locator('app-field-changes').getByText('Supplier due date'));
      await shot('diff');
      await expectNoSeriousA11yViolations(page);
    },
  },
  {
    name: 'Sara sees only Borealis',
    async run({ page, shot }) {
      await signIn(page, SARA);
      await page.goto('/workspaces');
      await expectVisible(page.getByRole('link', { name: BOREALIS }));
      if (await page.getByText(ACME).count()) throw new Error("Sara sees Acme's workspace");
      await shot('borealis only');
    },
  },
  {
    name: 'the PM lands on the console home with counts that open the right lists',
    async run({ page, shot }) {
      await signIn(page, PM);
      await expectUrl(page, (url) => url.pathname === '/console');
      await expectVisible(page.getByRole('heading', { name: 'What needs you now' }));
      const drafts = page.getByRole('link', { name: /^1 Drafts waiting to publish/ });
      await expectVisible(drafts);
      await expectVisible(page.getByRole('link', { name: /^1 Supplier uploads to review/ }));
      await expectVisible(page.getByRole('link', { name: /^1 New defects/ }));
      await shot('console home');
      await expectNoSeriousA11yViolations(page);
      await drafts.click();
      await expectUrl(page, (url) => url.pathname === '/console/pending');
      await page.goBack();
      await page.getByRole('link', { name: /^1 New defects/ }).click();
      await expectUrl(
        page,
        (url) => url.pathname === '/console/defects' && url.search === '?status=Reported',
      );
      await expectVisible(page.getByText('Gasket leaves a 0.3 mm gap at the battery door'));
      if (await page.getByText('Rear cover: two M2.5 holes misaligned on lot 7').count())
        throw new Error('the defect list shows a defect that is no longer Reported');
    },
  },
  {
    name: 'the supplier home fits a 375 px wide phone screen',
    viewport: { width: 375, height: 740 },
    async run({ page, shot }) {
      await signIn(page, ANA);
      await expectVisible(page.getByRole('list', { name: 'What changed' }));
      await expectNoHorizontalScroll(page);
      await shot('supplier home phone');
    },
  },
  {
    name: 'the console home fits a 375 px wide phone screen',
    viewport: { width: 375, height: 740 },
    async run({ page, shot }) {
      await signIn(page, PM);
      await expectVisible(page.getByRole('heading', { name: 'What needs you now' }));
      await expectNoHorizontalScroll(page);
      await shot('console home phone');
    },
  },
];
