import {
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  expectUrl,
  expectVisible,
} from './support/expect.mjs';

/** The walking skeleton: the API serves the built portal, deep links work, and the sign-in page is usable. */
export default [
  {
    name: 'serves the portal at / and asks a visitor to sign in',
    async run({ page, shot }) {
      await page.goto('/');
      await expectVisible(page.getByRole('heading', { name: 'Sign in to Portico' }));
      await expectVisible(page.getByLabel('Email'));
      await expectVisible(page.getByLabel('Password'));
      await shot('sign-in page');
      await expectNoSeriousA11yViolations(page);
    },
  },
  {
    name: 'opens a deep link and keeps it as the place to return to after sign-in',
    async run({ page, shot }) {
      const response = await page.goto('/workspaces/123');
      if (response?.status() !== 200) throw new Error(`deep link answered ${response?.status()}`);
      await expectUrl(page, /\/login\?returnUrl=%2Fworkspaces%2F123$/);
      await expectVisible(page.getByRole('button', { name: 'Sign in', exact: true }));
      await shot('deep link');
    },
  },
  {
    name: 'switches the sign-in page to Chinese at run time',
    async run({ page, shot }) {
      await page.goto('/login');
      await page.getByRole('button', { name: /Language/ }).click();
      await page.getByRole('menuitem', { name: '中文' }).click();
      await expectVisible(page.getByRole('heading', { name: '登录 Portico' }));
      const lang = await page.getAttribute('html', 'lang');
      if (lang !== 'zh-CN') throw new Error(`<html lang> is ${lang}`);
      await shot('chinese');
    },
  },
  {
    name: 'fits a 375 px wide phone screen without sideways scrolling',
    viewport: { width: 375, height: 740 },
    async run({ page, shot }) {
      await page.goto('/login');
      await expectVisible(page.getByLabel('Email'));
      await expectNoHorizontalScroll(page);
      await shot('phone');
    },
  },
  {
    name: 'gives strength feedback while an invited user chooses a password',
    async run({ page, shot }) {
      await page.goto('/invitations/not-a-real-token');
      await expectVisible(page.getByRole('heading', { name: 'Join Portico' }));
      await page.getByLabel('New password').fill('short');
      await expectVisible(page.getByText('Too short'));
      await page.getByLabel('New password').fill('River-Lantern-Cobalt-7');
      await expectVisible(page.getByText('Strong'));
      await shot('invitation');
      await expectNoSeriousA11yViolations(page);
    },
  },
];
