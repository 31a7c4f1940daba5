/** Demo users seeded on the embedded development database (apps/api/src/seed). */
import { expectUrl, expectVisible } from './expect.mjs';

export const DEMO_PASSWORD = process.env.DEMO_PASSWORD || 'portico-demo-2026';
export const ANA = 'ana@acme.example';
export const BEN = 'ben@acme.example';
export const SARA = 'sara@borealis.example';
export const PM = 'pm@portico.example';

/** Signs in through the real login form and waits for the signed-in shell. */
export async function signIn(page, email, { returnUrl } = {}) {
  await page.goto(returnUrl ? `/login?returnUrl=${encodeURIComponent(returnUrl)}` : '/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expectUrl(page, (url) => !url.pathname.startsWith('/login'));
  await expectVisible(page.getByRole('navigation'));
}

/**
 * When the organisation requires two-factor authentication, the portal sends the user to enrol
 * first; this completes enrolment with a code computed from the secret the page shows.
 */
export async function enrolTotpIfRequired(page) {
  if (!new URL(page.url()).searchParams.has('mfa')) return;
  const { authenticator } = (await import('otplib')).default;
  await page.getByRole('button', { name: 'Set up' }).click();
  const secret = (await page.locator('.secret code').innerText()).trim();
  await page.getByLabel('6-digit code').fill(authenticator.generate(secret));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByRole('button', { name: 'I have saved them' }).click();
  await expectUrl(page, (url) => !url.searchParams.has('mfa'));
}
