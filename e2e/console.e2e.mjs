import {
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  expectUrl,
  expectVisible,
} from './support/expect.mjs';

/** The PM's journey through the console, against the real API, its demo seed and the simulators. */
const PASSWORD = process.env.DEMO_PASSWORD || 'portico-demo-2026';
const PM = 'pm@portico.example';
const ADMIN = 'admin@portico.example';
const ANA = 'ana@acme.example';

async function signIn(page, email) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expectUrl(page, (url) => !url.pathname.startsWith('/login'));
  await expectVisible(page.getByRole('navigation', { name: 'Main navigation' }));
}

async function openConsoleSection(page, name) {
  await page.getByRole('link', { name: 'Console' }).click();
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name }).click();
}

export default [
  {
    name: 'the PM creates a supplier organisation and invites its first admin',
    async run({ page, shot }) {
      await signIn(page, PM);
      await openConsoleSection(page, 'Suppliers');
      await expectVisible(page.getByRole('heading', { name: 'Supplier organisations' }));
      await expectVisible(page.getByRole('link', { name: 'Acme Precision Parts' }));
      await shot('supplier list');
      await expectNoSeriousA11yViolations(page);

      await page.getByLabel('Name').fill('Nordwind Tooling');
      await page.getByRole('button', { name: 'Create', exact: true }).click();
      await expectVisible(page.getByRole('heading', { name: 'Nordwind Tooling' }));
      await expectVisible(page.getByText('Nobody has been invited yet.'));

      await page.getByLabel('Email').fill('olga@nordwind.example');
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await expectVisible(
        page.getByRole('status').filter({ hasText: 'Invitation sent to olga@nordwind.example' }),
      );
      const row = page.getByRole('row').filter({ hasText: 'olga@nordwind.example' });
      await expectVisible(row.getByText('Supplier admin'));
      await expectVisible(row.getByText('Invited'));
      await shot('invited first admin');
      await expectNoSeriousA11yViolations(page);
    },
  },
  {
    name: 'the PM disables a supplier user and only an admin may require MFA for an organisation',
    async run({ page, shot }) {
      await signIn(page, PM);
      await openConsoleSection(page, 'Suppliers');
      await page.getByRole('link', { name: 'Acme Precision Parts' }).click();
      const mfa = page.getByRole('switch', { name: 'Require two-factor sign-in for all members' });
      await expectVisible(mfa);
      if (!(await mfa.isDisabled())) throw new Error('a PM can toggle the MFA requirement');

      await page.getByRole('button', { name: 'Disable ben@acme.example' }).click();
      const ben = page.getByRole('row').filter({ hasText: 'ben@acme.example' });
      await expectVisible(ben.getByText('Disabled'));
      await shot('ben disabled');
      await page.getByRole('button', { name: 'Enable ben@acme.example' }).click();
      await expectVisible(ben.getByText('Active'));

      await page.getByRole('button', { name: 'Account menu' }).click();
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      await signIn(page, ADMIN);
      await openConsoleSection(page, 'Suppliers');
      await page.getByRole('link', { name: 'Borealis Castings' }).click();
      const adminMfa = page.getByRole('switch', { name: 'Require two-factor sign-in for all members' });
      await adminMfa.click();
      await page.waitForFunction(
        () => document.querySelector('[role="switch"]')?.getAttribute('aria-checked') === 'true',
      );
      await page.reload();
      await page.waitForFunction(
        () => document.querySelector('[role="switch"]')?.getAttribute('aria-checked') === 'true',
      );
      await shot('admin required MFA');
    },
  },
  {
    name: 'the PM creates a workspace for Acme with a status map and a redaction rule tried on sample text',
    async run({ page, shot }) {
      await signIn(page, PM);
      await openConsoleSection(page, 'Workspaces');
      await page.getByRole('link', { name: 'New workspace' }).click();
      await expectVisible(page.getByRole('heading', { name: 'New workspace' }));

      await page.getByLabel('Name', { exact: true }).fill('Acme gearbox programme');
      await page.getByRole('combobox', { name: 'Supplier organisation' }).click();
      await page.getByRole('option', { name: 'Acme Precision Parts' }).click();
      await page.getByLabel('Jira project key').fill('HW');
      await page.getByRole('checkbox', { name: 'Priority' }).check();

      await page.getByRole('button', { name: 'Add status' }).click();
      await page.getByLabel('Jira status').fill('Code Review');
      await page.getByLabel('Supplier sees').fill('In progress');

      await page.getByRole('button', { name: 'Add rule' }).first().click();
      await page.getByLabel('Pattern').fill('\\+?\\d[\\d ]{7,}\\d');
      await page.getByLabel('Replacement').fill('[phone]');
      await page
        .getByLabel('Try the rules on sample text')
        .fill('Call Li on +86 138 0013 8000 before Friday.');
      await expectVisible(page.locator('output').filter({ hasText: 'Call Li on [phone] before Friday.' }));
      await expectVisible(page.getByText('1 match(es) in the sample'));
      await shot('workspace form with redaction test');
      await expectNoSeriousA11yViolations(page);

      await page.getByRole('button', { name: 'Create workspace' }).click();
      await expectUrl(page, /\/console\/workspaces\/[0-9a-f-]{36}$/);
      await expectVisible(page.getByRole('heading', { name: 'Acme gearbox programme' }));
      const pattern = await page.getByLabel('Pattern').inputValue();
      if (pattern !== '\\+?\\d[\\d ]{7,}\\d') throw new Error(`stored pattern is ${pattern}`);

      await page.getByRole('link', { name: '← All workspaces' }).click();
      const row = page.getByRole('row').filter({ hasText: 'Acme gearbox programme' });
      await expectVisible(row.getByText('Acme Precision Parts'));
      await expectVisible(row.getByText('Review first'));
      await shot('workspace list');
      await expectNoSeriousA11yViolations(page);
    },
  },
  {
    name: 'the workspace editor names the rule the API refuses',
    async run({ page, shot }) {
      await signIn(page, PM);
      await page.goto('/console/workspaces/new');
      await page.getByLabel('Name', { exact: true }).fill('Backtracking test');
      await page.getByRole('combobox', { name: 'Supplier organisation' }).click();
      await page.getByRole('option', { name: 'Borealis Castings' }).click();
      await page.getByRole('button', { name: 'Add rule' }).first().click();
      await page.getByLabel('Pattern').fill('(a+)+$');
      await page.getByRole('button', { name: 'Create workspace' }).click();
      await expectVisible(page.getByRole('alert').filter({ hasText: 'redactionRules[0].pattern' }));
      await shot('refused rule');
    },
  },
  {
    name: 'keeps the console out of reach of supplier users',
    async run({ page }) {
      await signIn(page, ANA);
      const consoleLinks = await page.getByRole('link', { name: 'Console' }).count();
      if (consoleLinks !== 0) throw new Error('a supplier user sees the console link');
      await page.goto('/console/organizations');
      await expectVisible(page.getByRole('heading', { name: 'Page not found' }));
    },
  },
  {
    name: 'fits the workspace editor on a 375 px phone screen',
    viewport: { width: 375, height: 740 },
    async run({ page, shot }) {
      await signIn(page, PM);
      await page.goto('/console/workspaces/new');
      await expectVisible(page.getByRole('heading', { name: 'New workspace' }));
      await expectNoHorizontalScroll(page);
      await shot('phone');
    },
  },
];
