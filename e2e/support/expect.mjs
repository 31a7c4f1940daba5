/** Small assertions over playwright-core locators (playwright-core ships no `expect`). */
import { AxeBuilder } from '@axe-core/playwright';

export async function expectVisible(locator, timeout = 15_000) {
  await locator.first().waitFor({ state: 'visible', timeout });
}

export async function expectUrl(page, pattern, timeout = 15_000) {
  await page.waitForURL(pattern, { timeout });
}

/** Fails on any serious or critical WCAG violation axe finds on the current page. */
export async function expectNoSeriousA11yViolations(page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length) {
    const summary = serious
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
      .join('\n');
    throw new Error(`accessibility violations:\n${summary}`);
  }
}

/** True when the page scrolls sideways, which breaks phone layouts. */
export async function expectNoHorizontalScroll(page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  if (overflow > 0) throw new Error(`page is ${overflow}px wider than the viewport`);
}
