/**
 * Claims: a claim on a Needs Payer policy is saved as a draft with the warning, and submitting it is refused with
 * each problem shown where it comes from; once the policy is reviewed from the claim itself (payer, insurance
 * type, Member ID) the same claim submits.
 */
import { describe, expect, inject, test } from 'vitest';
import { as, eventually, onboardPortalClient, practitioner, unique } from '../support/api.ts';
import { DESKTOP, newPage, useBrowser } from './browser.ts';
import { describedBy, expectAccessible, signInAsPractitioner } from './ui.ts';

const { url } = inject('stack');
const browser = useBrowser();

describe('claims: a claim needs a ready policy', () => {
  test('a Needs Payer policy blocks submission until it is reviewed, then the claim submits', async () => {
    const lastName = unique('Claim').replace(/-/g, '');
    const client = await onboardPortalClient({ firstName: 'Jamie', lastName });
    // No Member ID or insurance type, and a payer name that matches nothing exactly.
    const created = await as(client.token).post('/api/portal/policies', {
      priority: 'primary',
      payerName: 'Cigan',
      effectiveDate: '2025-01-01',
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
      await page.goto(`${url}/dashboard/clients/${client.clientId}?tab=claims`);
      await page.getByRole('button', { name: 'New claim' }).click();
      await page.getByRole('heading', { name: 'New claim' }).waitFor();

      // The date of service offers the covering policy, flagged Needs Payer.
      await page.getByLabel('Date of service').fill('2025-03-04');
      const option = page.getByRole('radio', { name: /Primary · Cigan/ });
      await option.waitFor();
      expect(await option.isChecked()).toBe(true);
      await page.getByText('Needs Payer:').waitFor();

      // A mistyped code is shown on its own input (and listed above the form) before anything is saved.
      await page.getByLabel('Procedure code').fill('9083');
      await page.getByLabel('Units').fill('1');
      await page.getByLabel('Charge ($)').fill('150.00');
      await page.getByLabel('Diagnosis 1').fill('F41.1');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByRole('alert').getByRole('link', { name: 'Line 1 procedure code: Not a CPT or HCPCS code' }).waitFor();
      expect(await page.getByLabel('Procedure code').getAttribute('aria-invalid')).toBe('true');
      expect(await describedBy(page, 'Procedure code')).toContain('Not a CPT or HCPCS code');
      await expectAccessible(page, 'claim form with errors');

      await page.getByLabel('Procedure code').fill('90837');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByRole('heading', { name: 'Claim for Mar 4, 2025' }).waitFor();
      await page.getByText('Draft', { exact: true }).first().waitFor();
      await page.getByText(/^Needs Payer: the insurance company the client entered is not linked/).waitFor();

      // Submitting is refused; every problem is named, beside the policy that causes it.
      await page.getByRole('button', { name: 'Submit claim' }).click();
      const summary = page.getByRole('alert').filter({ hasText: 'This claim can’t be submitted yet' });
      await summary.waitFor();
      for (const problem of [
        "The policy is not linked to one of the practice's payers",
        'Insurance type is missing',
        'Member ID is missing',
      ]) {
        await summary.getByRole('link', { name: `Policy: ${problem}` }).waitFor();
        await page.getByRole('group', { name: 'Policy' }).getByText(problem, { exact: true }).waitFor();
      }
      await expectAccessible(page, 'claim form with submit problems');
      expect(await page.getByText('Submitted', { exact: true }).count()).toBe(0);

      // Review the policy from the claim: payer, insurance type, Member ID.
      await page
        .getByRole('group', { name: 'Policy' })
        .getByRole('button', { name: /Review this policy/ })
        .click();
      const dialog = page.getByRole('dialog', { name: `Review policy · Jamie ${lastName}` });
      await dialog.getByRole('button', { name: /Use Cigna/ }).click();
      await dialog.getByLabel('Insurance type').selectOption({ label: 'Group health plan' });
      await dialog.getByLabel('Member ID').fill('CIG-20250304');
      await dialog.getByRole('button', { name: 'Save policy' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('status').getByText('Submit the claim when it is ready.').waitFor();

      await page.getByRole('button', { name: 'Submit claim' }).click();
      await page.getByRole('status').getByText('Claim submitted.').waitFor();
      await page.getByText('Submitted', { exact: true }).first().waitFor();

      await page.getByRole('button', { name: 'Back to claims' }).click();
      const row = page.getByRole('table', { name: 'Claims' }).getByRole('row', { name: /Mar 4, 2025/ });
      await row.getByText('Submitted', { exact: true }).waitFor();
      await row.getByText('Primary · Cigna').waitFor();
    } finally {
      await context.close();
    }
  });
});
