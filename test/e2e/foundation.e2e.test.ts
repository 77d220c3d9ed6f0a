/**
 * The practice's first minutes: sign in, add a payer and find it in the list, change a portal setting and see it
 * still set after a reload, sign out.
 */
import { afterAll, describe, expect, inject, test } from 'vitest';
import { as, practitioner } from '../support/api.ts';
import { DESKTOP, newPage, useBrowser } from './browser.ts';
import { expectAccessible, signInAsPractitioner } from './ui.ts';

const { url } = inject('stack');
const browser = useBrowser();

afterAll(async () => {
  // Whatever happened above, leave insurance collection on for the journeys that follow.
  const practice = as(await practitioner());
  const { body } = await practice.get('/api/practice/settings');
  if (!body.collectInsurance) await practice.put('/api/practice/settings', { ...body, collectInsurance: true });
});

describe('foundation: a practitioner signs in and sets up the practice', () => {
  test('adds a payer, turns insurance collection off and on again across a reload, and signs out', async () => {
    const { context, page } = await newPage(browser(), DESKTOP);
    try {
      await signInAsPractitioner(page, url);
      await page.getByRole('table', { name: 'Clients' }).waitFor();
      await expectAccessible(page, 'dashboard clients');

      // A payer, added in its dialog, is listed.
      const payerName = `Lakeside Health Plan ${Date.now().toString(36)}`;
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payers' }).click();
      await page.getByRole('heading', { level: 1, name: 'Payers' }).waitFor();
      await page.getByRole('button', { name: 'Add payer' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add payer' });
      await dialog.getByLabel('Payer name').fill(payerName);
      // Escape with something typed asks first; declining keeps the dialog and what was typed.
      const questions: string[] = [];
      page.once('dialog', (question) => {
        questions.push(question.message());
        void question.dismiss();
      });
      await page.keyboard.press('Escape');
      await expect.poll(() => questions).toEqual(['Discard your unsaved changes to this payer?']);
      expect(await dialog.getByLabel('Payer name').inputValue()).toBe(payerName);
      // The form's own Cancel asks the same question (the dialog guards every way out).
      page.once('dialog', (question) => {
        questions.push(question.message());
        void question.dismiss();
      });
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => questions.length).toBe(2);
      expect(questions[1]).toBe('Discard your unsaved changes to this payer?');
      expect(await dialog.isVisible()).toBe(true);
      await dialog.getByLabel('EDI payer ID').fill('LKSD1');
      await dialog.getByRole('button', { name: 'Add payer' }).click();
      await page.getByRole('status').getByText(`Payer “${payerName}” added.`).waitFor();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('rowheader', { name: payerName }).waitFor();
      await page.getByLabel('Search payers').fill('LKSD1');
      expect(await page.getByRole('table', { name: 'Payers' }).getByRole('row').count()).toBe(2); // header + the match

      // Portal settings: the switch's new state survives a reload (it was saved, not just toggled).
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      const collect = page.getByRole('switch', { name: 'Collect insurance in the client portal' });
      await collect.waitFor();
      expect(await collect.isChecked()).toBe(true);
      await collect.uncheck();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('status').getByText('Portal settings saved.').waitFor();
      await page.reload();
      await collect.waitFor();
      expect(await collect.isChecked()).toBe(false);

      // Back on (the portal journey needs it), saved and reloaded again.
      await collect.check();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('status').getByText('Portal settings saved.').waitFor();
      await page.reload();
      await collect.waitFor();
      expect(await collect.isChecked()).toBe(true);

      // Signing out lands on sign-in, and the dashboard is no longer reachable.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByText('You have signed out.').waitFor();
      await page.goto(`${url}/dashboard/clients`);
      await page.getByRole('heading', { name: 'Sign in to your practice' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/signin');
    } finally {
      await context.close();
    }
  });
});
