/**
 * The client's side, on a phone: the practice invites a new client, the client follows the emailed link, sets a
 * password, adds a Primary policy with a photo of the card during intake (watching it upload), and submits. The
 * practitioner then finds the policy and the card image in the chart.
 */
import type { Browser, Route } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { eventually, outboxFor, unique } from '../support/api.ts';
import { cardPng } from '../support/images.ts';
import { DESKTOP, newPage, PHONE, useBrowser } from './browser.ts';
import { expectAccessible, signInAsPractitioner } from './ui.ts';

const { url, endpoints } = inject('stack');
const browser = useBrowser();

describe('portal: a client adds insurance from a phone', () => {
  test('invited through the chart, the client adds a Primary with a card photo and the practice sees both', async () => {
    const lastName = unique('Phone').replace(/-/g, '');
    const email = `${lastName.toLowerCase()}@example.test`;

    // The practitioner, on a phone too, adds the client and sends the invitation.
    const practice = await newPage(browser(), PHONE);
    try {
      await signInAsPractitioner(practice.page, url);
      await practice.page.getByRole('button', { name: 'Add client' }).click();
      const add = practice.page.getByRole('dialog', { name: 'Add client' });
      await add.getByLabel('First name').fill('Morgan');
      await add.getByLabel('Last name').fill(lastName);
      await add.getByLabel('Email').fill(email);
      await add.getByRole('button', { name: 'Add client' }).click();
      await practice.page.getByRole('heading', { level: 1, name: `Morgan ${lastName}` }).waitFor();
      await practice.page.getByRole('button', { name: 'Send portal invitation' }).click();
      await practice.page.getByRole('dialog', { name: 'Send portal invitation' }).getByRole('button', { name: 'Send invitation' }).click();
      await practice.page.getByRole('status').getByText(`Invitation sent to ${email}.`).waitFor();
    } finally {
      await practice.context.close();
    }

    // The email's link (the local outbox stands in for the mailbox).
    const [message] = await eventually(async () => {
      const messages = await outboxFor(email);
      return messages.length ? messages : undefined;
    });
    const link = message!.links.find((l) => l.includes('/portal/accept'));
    expect(link).toBeDefined();

    const client = await newPage(browser(), PHONE);
    try {
      const { page } = client;
      await page.goto(link!);
      await page.getByLabel('Password', { exact: true }).fill('Phone-client-pass-1!');
      await page.getByLabel('Confirm password').fill('Phone-client-pass-1!');
      await page.getByRole('button', { name: 'Set password and continue' }).click();
      await page.getByRole('heading', { level: 1, name: 'Welcome, Morgan' }).waitFor();
      await page.getByRole('link', { name: 'Add insurance' }).click();
      await page.getByRole('heading', { level: 1, name: 'Add insurance' }).waitFor();
      await expectAccessible(page, 'portal billing add (phone)');

      const payer = page.getByRole('combobox', { name: 'Insurance company' });
      await payer.fill('Aetna');
      await page.getByRole('option', { name: 'Aetna', exact: true }).click();
      await page.getByLabel('Member ID').fill('W998877665');
      await page.getByLabel('Effective Date').fill('2026-01-01');

      // Hold the card's upload at storage until the progress bar has been seen: no sleeps, no race.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      await page.route(`${endpoints.s3}/**`, async (route: Route) => {
        await released;
        await route.continue();
      });
      await page
        .getByLabel('Choose a file for the front of the card')
        .setInputFiles({ name: 'card-front.png', mimeType: 'image/png', buffer: cardPng() });
      await page.getByRole('progressbar', { name: 'Uploading the front of the card' }).waitFor();
      release();
      await page.getByText('Uploaded', { exact: true }).waitFor();
      await page.unroute(`${endpoints.s3}/**`);

      await page.getByRole('button', { name: 'Submit insurance' }).click();
      await page.getByText('Thank you — your insurance was sent to your practice.').waitFor();
      await page.getByText('Aetna').first().waitFor();
    } finally {
      await client.context.close();
    }

    // The practitioner, at a desk, sees the policy and its card image in the chart.
    const desk = await newPage(browser(), DESKTOP);
    try {
      const { page } = desk;
      await signInAsPractitioner(page, url);
      await page.getByRole('link', { name: `Morgan ${lastName}` }).click();
      await page.getByRole('tab', { name: 'Billing' }).click();
      const policy = page.getByRole('article', { name: 'Primary · Aetna' });
      await policy.waitFor();
      await policy.getByText('Added by client').waitFor();
      await policy.getByText('W998877665').waitFor();
      const thumbnail = policy.getByRole('button', { name: 'View front of card (image)' }).locator('img');
      await thumbnail.waitFor();
      await expect
        .poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 })
        .toBeGreaterThan(0);
      await expectAccessible(page, 'chart billing');

      // The viewer opens the full image.
      await policy.getByRole('button', { name: 'View front of card (image)' }).click();
      const viewer = page.getByRole('dialog', { name: /Front of card/ });
      await viewer.getByRole('button', { name: 'Rotate right' }).click();
      const full = viewer.getByRole('img', { name: /insurance card/ });
      await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 10_000 }).toBe(172);
      expect(await full.evaluate((img: HTMLImageElement) => img.style.transform)).toContain('rotate(90deg)');
      await expectAccessible(page, 'image viewer');
    } finally {
      await desk.context.close();
    }
  });
});
