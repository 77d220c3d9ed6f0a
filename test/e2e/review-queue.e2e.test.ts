/**
 * Typos find their payer, nothing typed is lost, and the chart keeps up: a client who mistypes the insurance
 * company takes the portal's "Did you mean …?"; a client whose session ends while adding insurance finds the
 * entries again after signing back in; the practitioner's open chart shows a client's new policy without a
 * reload.
 */
import type { Page, Route } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { as, onboardPortalClient, type PortalClient } from '../support/api.ts';
import { DESKTOP, newPage, PHONE, useBrowser } from './browser.ts';
import { signInAsPractitioner } from './ui.ts';

const { url } = inject('stack');
const browser = useBrowser();

async function signInToPortal(page: Page, client: PortalClient): Promise<void> {
  await page.getByLabel('Email').fill(client.email);
  await page.getByLabel('Password').fill(client.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('the portal helps with typos and keeps what was typed', () => {
  test('a client who types “Cigan” takes “Did you mean Cigna?” and the policy is linked to Cigna', async () => {
    const client = await onboardPortalClient();
    const { context, page } = await newPage(browser(), PHONE);
    try {
      await page.goto(`${url}/portal/signin`);
      await signInToPortal(page, client);
      await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
      await page.goto(`${url}/portal/billing/add`);
      const payer = page.getByRole('combobox', { name: 'Insurance company' });
      await payer.fill('Cigan');
      await page.getByText('Did you mean').waitFor();
      await page.getByRole('button', { name: /Yes, use Cigna/ }).click();
      await page.getByText('Chosen from your practice’s list').waitFor();
      expect(await payer.inputValue()).toBe('Cigna');
      await page.getByLabel('Effective Date').fill('2026-01-01');
      await page.getByRole('button', { name: 'Submit insurance' }).click();
      await page.getByText('Thank you — your insurance was sent to your practice.').waitFor();
    } finally {
      await context.close();
    }
    const [policy] = (await as(client.token).get('/api/portal/policies')).body.items;
    expect(policy.payer.name).toBe('Cigna');
    expect(policy.payerMatch.matchedBy).toBe('selected');
  });

  test('a session that ends in the middle of the add-insurance form keeps the entries after signing back in', async () => {
    const client = await onboardPortalClient();
    const { context, page } = await newPage(browser(), PHONE);
    try {
      await page.goto(`${url}/portal/signin`);
      await signInToPortal(page, client);
      await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
      await page.goto(`${url}/portal/billing/add`);
      await page.getByRole('combobox', { name: 'Insurance company' }).fill('Lakeview Mutual Cooperative');
      await page.getByRole('combobox', { name: 'Insurance company' }).press('Escape');
      await page.getByLabel('Member ID').fill('LM-445566');
      await page.getByLabel('Effective Date').fill('2026-02-01');

      // The server no longer accepts the session (as when it has expired): the submit ends it.
      const refuse = (route: Route) =>
        route.fulfill({
          status: 401,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'unauthenticated', message: 'Sign in again' } }),
        });
      await page.route('**/api/portal/policies', refuse);
      await page.getByRole('button', { name: 'Submit insurance' }).click();
      await page.waitForURL(/\/portal\/signin\?ended=1/);
      await page.unroute('**/api/portal/policies', refuse);
      // The sign-in page says the entries are waiting, before the client types a password.
      await page.getByText('What you had entered in this tab is kept: sign in again to pick up where you left off.').waitFor();

      await signInToPortal(page, client);
      await page.getByRole('heading', { level: 1, name: 'Add insurance' }).waitFor();
      await page.getByText('We kept what you had entered').waitFor();
      expect(await page.getByRole('combobox', { name: 'Insurance company' }).inputValue()).toBe('Lakeview Mutual Cooperative');
      expect(await page.getByLabel('Member ID').inputValue()).toBe('LM-445566');
      expect(await page.getByLabel('Effective Date').inputValue()).toBe('2026-02-01');
      await page.getByRole('button', { name: 'Submit insurance' }).click();
      await page.getByText('Thank you — your insurance was sent to your practice.').waitFor();

      // Submitted: the kept entries are gone.
      expect(await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('draft:')))).toEqual([]);
    } finally {
      await context.close();
    }
    const policies = (await as(client.token).get('/api/portal/policies')).body.items;
    expect(policies.map((policy: any) => [policy.payer.enteredName, policy.memberId])).toEqual([
      ['Lakeview Mutual Cooperative', 'LM-445566'],
    ]);
  });
});

describe('the chart keeps up', () => {
  test('an open chart shows a policy the client just added, without a reload', async () => {
    const client = await onboardPortalClient({ firstName: 'Riley' });
    const { context, page } = await newPage(browser(), DESKTOP);
    try {
      await signInAsPractitioner(page, url);
      await page.goto(`${url}/dashboard/clients/${client.clientId}?tab=billing`);
      await page.getByText('No insurance policies yet').waitFor();
      const created = await as(client.token).post('/api/portal/policies', {
        priority: 'primary',
        payerName: 'Humana',
        effectiveDate: '2026-01-01',
      });
      expect(created.status).toBe(201);
      const navigations: string[] = [];
      page.on('framenavigated', (frame) => navigations.push(frame.url()));
      // The practitioner comes back to the tab (the list also refreshes every 30 s while open).
      await page.evaluate(() => window.dispatchEvent(new Event('focus')));
      await page.getByRole('article', { name: /Primary · Huma/ }).waitFor({ timeout: 10_000 });
      await page.getByRole('heading', { name: /Active/ }).waitFor();
      expect(navigations).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
