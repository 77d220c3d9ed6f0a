/**
 * Review: a client types a payer name with a typo, the policy shows Needs Payer, the practitioner opens it from
 * the Review page, takes the suggestion and saves — the badge goes, the Review count drops by one, and the
 * audit trail shows who did what. Then the policy editor's own helpers: adding a missing payer without leaving
 * the form, and a practitioner's card upload (an empty file refused, a real one attached).
 */
import { describe, expect, inject, test } from 'vitest';
import { as, eventually, onboardPortalClient, practitioner, unique } from '../support/api.ts';
import { DESKTOP, newPage, useBrowser } from './browser.ts';
import { cardPng } from '../support/images.ts';
import { expectAccessible, reviewCount, signInAsPractitioner } from './ui.ts';

const { url } = inject('stack');
const browser = useBrowser();

describe('review: resolving a Needs Payer policy', () => {
  test('the suggestion fixes a typo’d payer, the badge disappears and the Review count drops by one', async () => {
    // Arranged through the API: a portal client whose policy names "Humanna".
    const lastName = unique('Typo').replace(/-/g, '');
    const client = await onboardPortalClient({ firstName: 'Casey', lastName });
    const created = await as(client.token).post('/api/portal/policies', {
      priority: 'primary',
      payerName: 'Humanna',
      memberId: 'HUM-4411',
      effectiveDate: '2026-02-01',
    });
    expect(created.status).toBe(201);
    const practice = as(await practitioner());
    await eventually(
      async () => (await practice.get(`/api/clients/${client.clientId}/policies/${created.body.policyId}`)).body.needsPayer === true,
      { timeoutMs: 10_000 },
    );

    const { context, page } = await newPage(browser(), DESKTOP);
    try {
      await signInAsPractitioner(page, url);

      // The chart shows the badge; the review dialog opens from it (checked for accessibility with the dialog open).
      await page.goto(`${url}/dashboard/clients/${client.clientId}?tab=billing`);
      const policy = page.getByRole('article', { name: 'Primary · Humanna' });
      await policy.getByText('Needs Payer', { exact: true }).waitFor();
      await policy.getByText('Unreviewed', { exact: true }).waitFor();
      await policy.getByText('Added by client', { exact: true }).waitFor();
      await policy.getByRole('button', { name: 'Review Primary · Humanna' }).click();
      const chartDialog = page.getByRole('dialog', { name: `Review policy · Casey ${lastName}` });
      await chartDialog.getByText('Client entered: “Humanna”').waitFor();
      await chartDialog.getByRole('table', { name: /What the client entered/ }).waitFor();
      await expectAccessible(page, 'chart billing with the review dialog open');
      await chartDialog.getByRole('button', { name: 'Cancel' }).click();
      await chartDialog.waitFor({ state: 'hidden' });

      // The Review page lists it; the navigation counts it.
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: /^Review/ })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Review' }).waitFor();
      const row = page.getByRole('row', { name: new RegExp(lastName) });
      await row.waitFor();
      await expectAccessible(page, 'review page');
      await expect.poll(() => reviewCount(page)).toBeGreaterThanOrEqual(1);
      const before = await reviewCount(page);

      await row.getByRole('button', { name: /^Review/ }).click();
      const dialog = page.getByRole('dialog', { name: `Review policy · Casey ${lastName}` });
      const suggestion = dialog.getByRole('button', { name: /Use Humana/ });
      await suggestion.click();
      expect(await suggestion.getAttribute('aria-pressed')).toBe('true');
      expect(
        await dialog.getByLabel('Payer', { exact: true }).evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent),
      ).toBe('Humana');
      await dialog.getByRole('button', { name: 'Save policy' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('status').getByText('Future clients who type “Humanna” will be matched to Humana.').waitFor();

      await expect.poll(() => row.count()).toBe(0);
      await expect.poll(() => reviewCount(page)).toBe(before - 1);

      // Back in the chart: linked, reviewed, no badge.
      await page.goto(`${url}/dashboard/clients/${client.clientId}?tab=billing`);
      const resolved = page.getByRole('article', { name: 'Primary · Humana' });
      await resolved.waitFor();
      expect(await resolved.getByText('Needs Payer', { exact: true }).count()).toBe(0);
      expect(await resolved.getByText('Unreviewed', { exact: true }).count()).toBe(0);
      await resolved.getByText('Client entered: “Humanna”').waitFor();

      // The audit trail: the matcher (System), then the practitioner's change, newest first.
      await page.getByRole('tab', { name: 'Audit' }).click();
      const events = page
        .getByRole('tabpanel', { name: 'Audit' })
        .getByRole('listitem')
        .filter({ has: page.locator('time') });
      await events.first().waitFor();
      const first = await events.first().innerText();
      // Practitioners are named by their display name (the demo practice's admin).
      expect(first).toContain('Morgan Ellis');
      expect(first).toContain('Policy edited');
      expect(first).toMatch(/Payer: “Humanna” \(not linked\)\s*→?\s*(changed to)?\s*Humana/);
      await page.getByText('System (payer matching)').first().waitFor();
    } finally {
      await context.close();
    }
  });

  test('from the policy editor: a missing payer is added and chosen, a card image uploaded, an empty file refused', async () => {
    const lastName = unique('Editor').replace(/-/g, '');
    const practice = as(await practitioner());
    const created = await practice.post('/api/clients', { firstName: 'Robin', lastName, email: `${lastName.toLowerCase()}@example.test` });
    expect(created.status).toBe(201);
    const payerName = `Lakeside Mutual ${lastName.slice(-6)}`;

    const { context, page } = await newPage(browser(), DESKTOP);
    try {
      await signInAsPractitioner(page, url);
      await page.goto(`${url}/dashboard/clients/${created.body.clientId}?tab=billing`);
      await page.getByRole('button', { name: 'Add policy' }).click();
      const dialog = page.getByRole('dialog', { name: `Add policy · Robin ${lastName}` });
      await dialog.getByLabel('Member ID').fill('LM-1001');

      // The payer is missing: add it on top of the form, which keeps what was typed and selects the new payer.
      await dialog.getByRole('button', { name: 'Add a payer' }).click();
      const payerDialog = page.getByRole('dialog', { name: 'Add payer' });
      await payerDialog.getByLabel('Payer name').fill(payerName);
      await payerDialog.getByRole('button', { name: 'Add and select payer' }).click();
      await payerDialog.waitFor({ state: 'hidden' });
      expect(
        await dialog.getByLabel('Payer', { exact: true }).evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent),
      ).toBe(payerName);
      expect(await dialog.getByLabel('Member ID').inputValue()).toBe('LM-1001');

      // The upload pipeline is the portal's: an empty file is refused before any upload, a real image goes up.
      const fileInput = dialog.getByLabel('Add a file (card image or PDF)');
      await fileInput.setInputFiles({ name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) });
      await dialog.getByRole('alert').getByText('This file is empty. Choose another one.').waitFor();
      await fileInput.setInputFiles({ name: 'card-front.png', mimeType: 'image/png', buffer: cardPng() });
      await dialog.getByRole('button', { name: 'Remove card-front.png' }).waitFor();
      await expect.poll(() => dialog.getByRole('progressbar').count()).toBe(0);
      expect(await dialog.getByRole('button', { name: /^Retry/ }).count()).toBe(0);

      await dialog.getByLabel('Effective Date').fill('2026-03-01');
      await dialog.getByRole('button', { name: 'Add policy' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const policy = page.getByRole('article', { name: `Primary · ${payerName}` });
      await policy.waitFor();
      await policy.getByRole('button', { name: 'View front of card (image)' }).waitFor();
      expect((await practice.get(`/api/clients/${created.body.clientId}/policies`)).body.items[0]).toMatchObject({
        memberId: 'LM-1001',
        payer: { name: payerName },
        attachments: [{ fileName: 'card-front.png', side: 'front' }],
      });
    } finally {
      await context.close();
    }
  });
});
