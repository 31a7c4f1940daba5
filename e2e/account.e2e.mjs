import {
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  expectUrl,
  expectVisible,
} from './support/expect.mjs';
import { ANA, BEN, DEMO_PASSWORD, signIn } from './support/session.mjs';

/** Signing in and out, the session surviving a reload, and the profile. */
export default [
  {
    name: 'Ana signs in and lands on what changed, then returns to the page she asked for',
    async run({ page, shot }) {
      await signIn(page, ANA);
      await expectVisible(page.getByRole('heading', { name: 'What changed' }));
      await shot('landing');
      await expectNoSeriousA11yViolations(page);
      await page.getByRole('button', { name: 'Account menu' }).click();
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      await expectUrl(page, /\/login$/);

      await signIn(page, ANA, { returnUrl: '/profile' });
      await expectUrl(page, /\/profile$/);
    },
  },
  {
    name: 'refuses a wrong password without saying which part was wrong',
    async run({ page, shot }) {
      await page.goto('/login');
      await page.getByLabel('Email').fill(ANA);
      await page.getByLabel('Password').fill(`${DEMO_PASSWORD}-wrong`);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expectVisible(page.getByRole('alert').filter({ hasText: 'Email or password is not correct.' }));
      await shot('wrong password');
    },
  },
  {
    name: 'keeps Ana signed in across a reload through the refresh cookie',
    async run({ page }) {
      await signIn(page, ANA);
      await page.reload();
      await expectVisible(page.getByRole('heading', { name: 'What changed' }));
      await expectVisible(page.getByRole('button', { name: 'Account menu' }));
    },
  },
  {
    name: 'remembers the language Ana picks on her account, on another device too',
    async run({ page, browser, baseUrl, shot }) {
      await signIn(page, ANA);
      const switchTo = async (current, target) => {
        await page.getByRole('button', { name: current }).click();
        const saved = page.waitForResponse(
          (r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH',
        );
        await page.getByRole('menuitem', { name: target }).click();
        await saved;
      };
      await switchTo(/Language/, '中文');
      try {
        await expectVisible(page.getByRole('heading', { name: '最新动态' }));
        await shot('chinese');
        // A fresh browser profile knows nothing but the account.
        const other = await browser.newContext({ baseURL: baseUrl });
        try {
          const phone = await other.newPage();
          await signIn(phone, ANA);
          await expectVisible(phone.getByRole('heading', { name: '最新动态' }));
        } finally {
          await other.close();
        }
      } finally {
        // Later tests expect Ana in English.
        await switchTo(/语言/, 'English');
      }
      await expectVisible(page.getByRole('heading', { name: 'What changed' }));
    },
  },
  {
    name: 'shows Ana her profile with name, organisation and two-factor settings',
    async run({ page, shot }) {
      await signIn(page, ANA);
      await page.goto('/profile');
      await expectVisible(page.getByRole('heading', { name: 'Profile', exact: true }));
      await expectVisible(page.getByText('Acme'));
      await expectVisible(page.getByRole('heading', { name: 'Two-factor authentication' }));
      await shot('profile');
      await expectNoSeriousA11yViolations(page);
    },
  },
  {
    name: 'fits the signed-in pages on a 375 px phone without sideways scrolling',
    viewport: { width: 375, height: 740 },
    async run({ page, shot }) {
      await signIn(page, ANA);
      await expectNoHorizontalScroll(page);
      await shot('home on phone');
      await page.goto('/profile');
      await expectVisible(page.getByRole('heading', { name: 'Profile', exact: true }));
      await expectNoHorizontalScroll(page);
      await shot('profile on phone');
    },
  },
  {
    name: 'answers a reset request the same way whether or not the address is known',
    async run({ page, shot }) {
      await page.goto('/login');
      await page.getByRole('link', { name: 'Forgot password?' }).click();
      await expectVisible(page.getByRole('heading', { name: 'Reset your password' }));
      await page.getByLabel('Email').fill('nobody@nowhere.example');
      await page.getByRole('button', { name: 'Send reset link' }).click();
      await expectVisible(page.getByRole('status').filter({ hasText: 'a reset link is on its way' }));
      await shot('reset requested');
    },
  },
  {
    name: 'Ana, a supplier admin, invites a colleague to her organisation and sees the invitation pending',
    async run({ page, shot }) {
      await signIn(page, ANA);
      await page.getByRole('link', { name: 'Team' }).click();
      await expectVisible(page.getByRole('heading', { name: 'Team' }));
      await expectVisible(page.getByText('ben@acme.example'));
      const email = `new.${Date.now().toString(36)}@acme.example`;
      await page.getByLabel('Email').fill(email);
      await page.getByRole('button', { name: 'Invite', exact: true }).click();
      await expectVisible(page.getByRole('status').filter({ hasText: `Invitation sent to ${email}` }));
      const row = page.getByRole('listitem').filter({ hasText: email });
      await expectVisible(row.getByText('Invited'));
      await shot('team');
      await expectNoSeriousA11yViolations(page);
    },
  },
  {
    name: 'does not offer the team page to a supplier member',
    async run({ page }) {
      await signIn(page, BEN);
      await expectVisible(page.getByRole('link', { name: 'What changed' }));
      if (await page.getByRole('link', { name: 'Team' }).count())
        throw new Error('a member sees the team page');
    },
  },
];
