import { workspaceFor } from './support/api.mjs';
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations, expectVisible } from './support/expect.mjs';
import { ANA, PM, signIn } from './support/session.mjs';
import { kingdeeOrders } from './support/simulators.mjs';
import { eventually } from './support/wait.mjs';

const ACME = 'Acme Precision Parts';
/** Acme's number in the Kingdee simulator (libs/connectors/src/kingdee/testing). */
const ACME_SUPPLIER = 'VEN00101';
/** The simulator's created, not yet approved order of Acme: Kingdee lets Portico write its dates. */
const WRITABLE_ORDER = 'CGDD000124';

/** yyyy-mm-dd, `days` from today (UTC, as the simulator's seed dates). */
const day = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The PM links a new Acme workspace to Acme's Kingdee supplier in the console, which reads its orders. */
async function linkedWorkspace(browser, baseUrl, shot) {
  const { workspace } = await workspaceFor(baseUrl, { pmEmail: PM, supplier: ACME });
  const context = await browser.newContext({ baseURL: baseUrl });
  try {
    const pm = await context.newPage();
    await signIn(pm, PM);
    await pm.goto(`/console/workspaces/${workspace.id}`);
    await expectVisible(pm.getByRole('heading', { name: 'Kingdee supplier' }));
    await pm.getByLabel('Kingdee supplier number').fill(ACME_SUPPLIER);
    await pm.getByRole('button', { name: 'Link supplier' }).click();
    await expectVisible(pm.getByText(`Linked to ${ACME_SUPPLIER}`));
    await expectVisible(pm.getByText('Orders last read'));
    if (shot) await shot('PM linked the Kingdee supplier');
  } finally {
    await context.close();
  }
  return workspace;
}

/** Purchase orders from Kingdee in the supplier's workspace, answered line by line, decided by the PM. */
export default [
  {
    name: 'Ana confirms one line and proposes another date, the PM accepts both and Kingdee gets the dates',
    async run({ page, browser, baseUrl, shot }) {
      const workspace = await linkedWorkspace(browser, baseUrl, null);
      const proposed = day(40);
      const reason = `Tooling arrives later ${Date.now().toString(36)}`;

      await signIn(page, ANA);
      await page.goto(`/workspaces/${workspace.id}`);
      await page.getByRole('link', { name: 'Orders', exact: true }).click();
      await expectVisible(page.getByRole('heading', { name: 'Orders', level: 1 }));
      // Only approved orders by default; the writable one is still "created" in Kingdee.
      await expectVisible(page.getByRole('link', { name: 'CGDD000118' }));
      if (await page.getByRole('link', { name: WRITABLE_ORDER }).count())
        throw new Error('an order not yet approved shows among the open ones');
      await page.getByRole('combobox', { name: 'Show' }).click();
      await page.getByRole('option', { name: 'All orders' }).click();
      await page.getByRole('link', { name: WRITABLE_ORDER }).click();
      await expectVisible(page.getByRole('heading', { name: `Purchase order ${WRITABLE_ORDER}` }));
      await shot('order page');
      await expectNoSeriousA11yViolations(page);

      const line1 = page.locator('li[data-line="1"]');
      const line2 = page.locator('li[data-line="2"]');
      await expectVisible(line1.getByText('2.01.004'));
      await line1.getByRole('button', { name: 'Confirm date' }).click();
      await line1.getByRole('button', { name: 'Confirm date' }).click();
      await expectVisible(line1.getByText('waiting for the buyer'));

      await line2.getByRole('button', { name: 'Propose another date' }).click();
      await line2.getByLabel('New delivery date').fill(proposed);
      await line2.getByLabel('Reason').fill(reason);
      await line2.getByRole('button', { name: 'Send proposal' }).click();
      await expectVisible(line2.getByText('waiting for the buyer'));
      if (await line2.getByRole('button', { name: 'Propose another date' }).count())
        throw new Error('a line whose answer waits for the buyer can be answered again');
      await shot('answers sent');

      const context = await browser.newContext({ baseURL: baseUrl });
      try {
        const pm = await context.newPage();
        await signIn(pm, PM);
        await pm.goto('/console/confirmations');
        await expectVisible(pm.getByRole('heading', { name: 'Delivery confirmations' }));
        const row = (line) =>
          pm
            .getByRole('row')
            .filter({ hasText: workspace.name })
            .filter({ hasText: `${WRITABLE_ORDER} line ${line}` });
        await expectVisible(row(2).getByText(reason));
        // A rejection needs a note: the button waits for one.
        if (await row(2).getByRole('button', { name: 'Reject' }).isEnabled())
          throw new Error('Reject is possible without a note');
        await expectNoSeriousA11yViolations(pm);
        await row(1).getByRole('button', { name: 'Accept' }).click();
        // A confirmed date is already Kingdee's: nothing to write.
        await expectVisible(row(1).getByText('Confirmed: Kingdee shows'));
        await row(2).getByRole('button', { name: 'Accept' }).click();
        await expectVisible(row(2).getByText(/Being written to Kingdee|Written to Kingdee/));
        await pm.screenshot({ path: 'test-results/purchase-orders--pm-accepted.png', fullPage: true });
      } catch (error) {
        await context
          .pages()[0]
          ?.screenshot({ path: 'test-results/purchase-orders--pm-failure.png', fullPage: true });
        throw error;
      } finally {
        await context.close();
      }

      // The write-back reaches Kingdee through the sync queue, exactly for the proposed line.
      const order = await eventually(
        'the write-back to the Kingdee simulator',
        async () => {
          const found = (await kingdeeOrders()).find((o) => o.billNo === WRITABLE_ORDER);
          return found?.entries[1].deliveryDate === proposed ? found : null;
        },
        { timeoutMs: 60_000, intervalMs: 1000 },
      );
      if (!order.entries[1].note?.includes(reason))
        throw new Error(`the Kingdee line note misses the reason: ${order.entries[1].note}`);

      await eventually(
        'the order page showing the written answers',
        async () => {
          await page.reload();
          await expectVisible(page.getByRole('heading', { name: `Purchase order ${WRITABLE_ORDER}` }));
          return (await line2.getByText('accepted and written to Kingdee').count()) > 0;
        },
        { timeoutMs: 60_000, intervalMs: 2000 },
      );
      await expectVisible(line1.getByText('accepted and confirmed in Kingdee'));
      await shot('written to Kingdee');
    },
  },
  {
    name: 'orders, an order and the printable delivery schedule fit a 375 px phone',
    viewport: { width: 375, height: 740 },
    async run({ page, browser, baseUrl, shot }) {
      const workspace = await linkedWorkspace(browser, baseUrl, shot);
      await signIn(page, ANA);
      await page.goto(`/workspaces/${workspace.id}/orders`);
      await page.getByRole('link', { name: 'CGDD000118' }).click();
      await expectVisible(page.getByRole('heading', { name: 'Purchase order CGDD000118' }));
      await expectNoHorizontalScroll(page);
      await shot('order on phone');
      await page.getByRole('link', { name: 'Delivery schedule' }).click();
      await expectVisible(page.getByRole('heading', { name: 'Delivery schedule', level: 1 }));
      await expectVisible(page.getByRole('link', { name: 'CGDD000118' }).first());
      await expectNoHorizontalScroll(page);
      await expectNoSeriousA11yViolations(page);
      await shot('delivery schedule on phone');
      await page.emulateMedia({ media: 'print' });
      if (await page.getByRole('button', { name: 'Print' }).isVisible())
        throw new Error('the print button shows in print');
      await page.emulateMedia({ media: 'screen' });
    },
  },
];
