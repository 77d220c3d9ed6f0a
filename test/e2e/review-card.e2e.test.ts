/**
 * Reviewing a client's policy against the card: the practitioner opens a client-entered policy whose card (read
 * by the real card reader on the local stream) disagrees on the member ID, sees the mismatch beside the card,
 * fixes it with one click on "Use the card's value" and saves — on a 1280×720 screen where Save is in view
 * without scrolling. The session ends at that Save; after signing back in and reopening the policy the fix is
 * still there (issue 14, "No lost work"), and saving it turns the policy's card check into a match.
 */
import type { Route } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { as, eventually, onboardPortalClient, practitioner, PRACTITIONER, unique } from '../support/api.ts';
import { cardPng } from '../support/images.ts';
import { renderCardPng } from '../support/synthetic-cards.ts';
import { uploadFile } from '../support/uploads.ts';
import { newPage, useBrowser } from './browser.ts';
import { describedBy, expectAccessible, signInAsPractitioner } from './ui.ts';

const { url } = inject('stack');
const browser = useBrowser();
const SMALL_DESKTOP = { width: 1280, height: 720 };

describe('review: the card beside the fields', () => {
  test('a member-ID mismatch is seen beside the card, fixed with one click, survives an ended session and saves as a match', async () => {
    // Arranged through the API, as a client would: a real card image (front) and a back, a mistyped member ID.
    const lastName = unique('Card').replace(/-/g, '');
    const client = await onboardPortalClient({ firstName: 'Jamie', lastName });
    const front = await uploadFile(client.token, '/api/portal/uploads', {
      bytes: await renderCardPng({ payerName: 'Aetna', memberId: 'W596564236', subscriberName: 'JAMES LEE', groupNumber: 'E533111' }),
      fileName: 'front.png',
      contentType: 'image/png',
    });
    const back = await uploadFile(client.token, '/api/portal/uploads', {
      bytes: cardPng(),
      fileName: 'back.png',
      contentType: 'image/png',
      side: 'back',
    });
    const submitted = await as(client.token).post('/api/portal/policies', {
      priority: 'primary',
      payerName: 'Aetna',
      memberId: 'W596564299',
      groupNumber: 'E533111',
      effectiveDate: '2026-01-01',
      attachmentIds: [front.attachmentId, back.attachmentId],
    });
    expect(submitted.status).toBe(201);
    const practice = as(await practitioner());
    const path = `/api/clients/${client.clientId}/policies/${submitted.body.policyId}`;
    const read = await eventually(
      async () => {
        const policy = (await practice.get(path)).body;
        return policy.cardCheck.some((entry: any) => entry.field === 'memberId') && policy;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect(read.cardCheck.find((entry: any) => entry.field === 'memberId').verdict).toBe('mismatch');

    const { context, page } = await newPage(browser(), SMALL_DESKTOP);
    try {
      await signInAsPractitioner(page, url);
      await page.goto(`${url}/dashboard/clients/${client.clientId}?tab=billing`);
      const openReview = async () => {
        await page.getByRole('article', { name: 'Primary · Aetna' }).getByRole('button', { name: 'Review Primary · Aetna' }).click();
        const dialog = page.getByRole('dialog', { name: `Review policy · Jamie ${lastName}` });
        await dialog.getByLabel('Member ID').waitFor();
        return dialog;
      };
      // Nothing changed yet: Escape closes without a question.
      let asked = '';
      const answer = (accept: boolean) =>
        page.once('dialog', (question) => void ((asked = question.message()), accept ? question.accept() : question.dismiss()));
      const first = await openReview();
      // On a phone-width window the card sits above the fields, its image folded away (one click unfolds it).
      await page.setViewportSize({ width: 390, height: 844 });
      const folded = first.getByRole('button', { name: 'Show the card' });
      expect(await folded.getAttribute('aria-expanded')).toBe('false');
      const narrowCard = (await first.getByRole('region', { name: 'Insurance card' }).boundingBox())!;
      expect(narrowCard.y + narrowCard.height).toBeLessThanOrEqual((await first.getByLabel('Member ID').boundingBox())!.y);
      await page.setViewportSize(SMALL_DESKTOP);
      await page.keyboard.press('Escape');
      await first.waitFor({ state: 'hidden' });
      expect(asked).toBe('');

      const dialog = await openReview();
      const save = dialog.getByRole('button', { name: 'Save policy' });

      // Save is in view without scrolling, and nothing covers it.
      const box = (await save.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(SMALL_DESKTOP.height);
      expect(
        await save.evaluate((button) => {
          const { x, y, width, height } = button.getBoundingClientRect();
          return button.contains(document.elementFromPoint(x + width / 2, y + height / 2));
        }),
      ).toBe(true);

      // The card beside the fields: the front's image, the back one click away, zoom and rotate as labelled buttons.
      const card = dialog.getByRole('region', { name: 'Insurance card' });
      const image = card.getByRole('img', { name: 'Front of the insurance card' });
      await image.waitFor();
      const cardBox = (await card.boundingBox())!;
      const fieldBox = (await dialog.getByLabel('Member ID').boundingBox())!;
      expect(cardBox.x + cardBox.width).toBeLessThanOrEqual(fieldBox.x); // side by side, card first
      await card.getByRole('button', { name: 'Rotate right' }).click();
      expect(await image.evaluate((img) => img.style.transform)).toContain('rotate(90deg)');
      await card.getByRole('button', { name: 'Back of card' }).click();
      await card.getByRole('img', { name: 'Back of the insurance card' }).waitFor();

      // The mismatch beside the card, in words; one click fixes it.
      const memberRow = card.getByRole('listitem').filter({ hasText: 'Member ID' });
      await memberRow.getByText('Differs from the card').waitFor();
      expect(await describedBy(page, 'Member ID')).toBe('Card: W596564236 — differs');
      expect(await memberRow.innerText()).toContain('W596564236');
      await card.getByRole('listitem').filter({ hasText: 'Group number' }).getByText('Matches the card').waitFor();
      await expectAccessible(page, 'review dialog with the card check');
      // While the card disagrees, saving does not mark the policy reviewed unless the practitioner ticks it.
      const reviewedBox = dialog.getByRole('checkbox', { name: 'Reviewed — ready for billing' });
      expect(await reviewedBox.isChecked()).toBe(false);
      await dialog.getByText('The card differs on Member ID: check it before ticking.').waitFor();
      await memberRow.getByRole('button', { name: 'Use the card’s value for Member ID' }).click();
      expect(await dialog.getByLabel('Member ID').inputValue()).toBe('W596564236');
      await memberRow.getByText('Matches the card').waitFor();
      expect(await reviewedBox.isChecked()).toBe(true); // the form agrees with the card now
      expect(await describedBy(page, 'Member ID')).toBe('Card: W596564236 — matches'); // the field itself says so too

      // Unsaved now: Escape asks, and keeping the edits keeps the dialog open.
      answer(false);
      await page.keyboard.press('Escape');
      await expect.poll(() => asked).toBe('Discard your unsaved changes to this policy?');
      expect(await dialog.isVisible()).toBe(true);

      // The session has ended by the time Save is pressed (the server refuses the token, as when it expired).
      const refuse = (route: Route) =>
        route.request().method() === 'PATCH'
          ? route.fulfill({
              status: 401,
              contentType: 'application/json',
              body: JSON.stringify({ error: { code: 'unauthenticated', message: 'Sign in again' } }),
            })
          : route.fallback();
      await page.route(`**${path}`, refuse);
      await save.click();
      await page.waitForURL(/\/signin\?/);
      await page.unroute(`**${path}`, refuse);
      await page.getByLabel('Email').fill(PRACTITIONER.email);
      await page.getByLabel('Password').fill(PRACTITIONER.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(new RegExp(`/dashboard/clients/${client.clientId}`));

      // Reopened: the fix is back, and saying so; saving it stores it and forgets the kept copy.
      const again = await openReview();
      await again.getByText('Your unsaved changes are back.').waitFor();
      expect(await again.getByLabel('Member ID').inputValue()).toBe('W596564236');
      await again.getByRole('button', { name: 'Save policy' }).click();
      await again.waitFor({ state: 'hidden' });
      expect(await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('draft:')))).toEqual([]);
    } finally {
      await context.close();
    }

    const saved = (await practice.get(path)).body;
    expect(saved.memberId).toBe('W596564236');
    expect(saved.cardCheck.find((entry: any) => entry.field === 'memberId')).toMatchObject({ card: 'W596564236', verdict: 'match' });
    expect(saved.review.reasons).not.toContain('card_mismatch');
  });
});
