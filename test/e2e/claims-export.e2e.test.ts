/**
 * Claims leave the building, as a biller does it: two ready-looking claims are chosen on the Claims page; the
 * export is refused because the practice's billing ZIP lacks its +4 (named for both claims, with a link to
 * Settings); the biller fixes it in the billing profile, exports both, and downloads the 837P and a CMS-1500.
 */
import { readFile } from 'node:fs/promises';
import { X12Parser } from 'node-x12';
import { describe, expect, inject, test } from 'vitest';
import { as, practitioner } from '../support/api.ts';
import {
  BILLING_PROFILE,
  billableClient,
  putPractitionerRecord,
  readyClaimBody,
  RENDERING_NPI,
  setBillingProfile,
  userIdOf,
} from '../support/billing.ts';
import { DESKTOP, newPage, useBrowser } from './browser.ts';
import { expectAccessible, signInAsPractitioner } from './ui.ts';

const { url } = inject('stack');
const browser = useBrowser();

describe('claims export', () => {
  test('a biller fixes a readiness problem, exports two claims, downloads the 837P and the CMS-1500', async () => {
    const token = await practitioner();
    const userId = userIdOf(token);
    await putPractitionerRecord(userId, { npi: RENDERING_NPI, taxonomyCode: '101YM0800X' });
    // The problem to fix: a five-digit billing ZIP (valid as an address, rejected in 2010AA without the +4).
    expect((await setBillingProfile({ ...BILLING_PROFILE, address: { ...BILLING_PROFILE.address, postalCode: '97201' } })).status).toBe(
      200,
    );
    const api = as(token);
    const claimIds: string[] = [];
    for (const dateOfService of ['2024-07-08', '2024-07-09']) {
      const { client, policy } = await billableClient({ effectiveDate: '2024-01-01' });
      const created = await api.post(`/api/clients/${client.clientId}/claims`, readyClaimBody(policy.policyId, userId, { dateOfService }));
      expect(created.status).toBe(201);
      claimIds.push(created.body.claimId);
    }

    const { context, page } = await newPage(browser(), DESKTOP);
    try {
      await signInAsPractitioner(page, url);
      const showJuly = async () => {
        await page.goto(`${url}/dashboard/claims`);
        await page.getByRole('heading', { level: 1, name: 'Claims' }).waitFor();
        await page.getByLabel('Service from').fill('2024-07-08');
        await page.getByLabel('Service to').fill('2024-07-09');
        await page.getByRole('button', { name: 'Show' }).click();
        await page.getByText('2 claims shown').waitFor();
      };
      await showJuly();
      for (const date of ['Jul 8, 2024', 'Jul 9, 2024']) await page.getByRole('checkbox', { name: new RegExp(`on ${date}$`) }).check();
      await page.getByRole('button', { name: 'Export selected (837P)' }).click();
      const refusal = page.getByRole('alert').filter({ hasText: 'These claims cannot be exported yet' });
      await refusal.waitFor();
      // Named under each of the two claims (and in the summary line above them).
      expect(await refusal.getByRole('listitem').filter({ hasText: 'Billing ZIP code needs all nine digits (ZIP+4)' }).count()).toBe(2);
      await expectAccessible(page, 'claims page with export problems');

      // Fix it where it lives: the billing profile in Settings.
      await refusal.getByRole('link', { name: 'Fix the billing profile in Settings' }).click();
      await page.getByLabel('ZIP+4 (nine digits)').fill('97201-1234');
      await page.getByRole('button', { name: 'Save billing profile' }).click();
      await page.getByText('Billing profile saved.').waitFor();

      await showJuly();
      for (const date of ['Jul 8, 2024', 'Jul 9, 2024']) await page.getByRole('checkbox', { name: new RegExp(`on ${date}$`) }).check();
      const fileDownload = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export selected (837P)' }).click();
      const x12 = await fileDownload;
      expect(x12.suggestedFilename()).toMatch(/^837p-\d{9}\.txt$/);
      const content = await readFile((await x12.path())!, 'utf8');
      const interchange = new X12Parser(true).parse(content) as any;
      expect(content.match(/~CLM\*/g)).toHaveLength(2);
      expect(content).toContain('N4*PORTLAND*OR*972011234~');
      expect(interchange.header.valueOf(13)).toBeTruthy();
      await page.getByRole('status').filter({ hasText: 'Exported 2 claims' }).waitFor();
      // Exported claims can no longer be chosen; their status says so (once the list has been read again, which
      // may finish after the status message appears).
      await expect.poll(() => page.getByRole('checkbox', { name: /on Jul [89], 2024$/ }).count()).toBe(0);
      await expect.poll(() => page.getByRole('cell', { name: 'exported' }).count()).toBe(2);

      const formDownload = page.waitForEvent('download');
      await page
        .getByRole('row', { name: /Jul 8, 2024/ })
        .getByRole('button', { name: 'CMS-1500' })
        .click();
      const pdf = await formDownload;
      expect(pdf.suggestedFilename()).toMatch(/^cms1500-.+\.pdf$/);
      expect((await readFile((await pdf.path())!)).subarray(0, 5).toString()).toBe('%PDF-');
      await expectAccessible(page, 'claims page after the export');
    } finally {
      await context.close();
    }
    expect(claimIds).toHaveLength(2);
  });
});
