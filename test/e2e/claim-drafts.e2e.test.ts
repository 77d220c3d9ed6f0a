/**
 * Claim drafts, as a biller works them: a draft opens with its export problems — the claim's own beside the field
 * that causes it, the payer's at the top with a link to where it is fixed; leaving with unsaved changes asks;
 * a save lost to someone else's keeps the biller's changes on request; the draft is deleted after a
 * confirmation; a submitted claim is read-only.
 */
import { describe, expect, inject, test } from 'vitest';
import { as, practitioner } from '../support/api.ts';
import { billableClient, putPractitionerRecord, readyClaimBody, RENDERING_NPI, setBillingProfile, userIdOf } from '../support/billing.ts';
import { DESKTOP, newPage, useBrowser } from './browser.ts';
import { describedBy, expectAccessible, signInAsPractitioner } from './ui.ts';

const { url } = inject('stack');
const browser = useBrowser();

describe('claim drafts', () => {
  test('readiness beside the fields, edit under a version conflict, delete with a confirmation; submitted is read-only', async () => {
    const token = await practitioner();
    const userId = userIdOf(token);
    await putPractitionerRecord(userId, { npi: RENDERING_NPI, taxonomyCode: '101YM0800X' });
    expect((await setBillingProfile()).status).toBe(200);
    const api = as(token);
    // Three problems: the payer has no EDI payer ID (fixed on the Payers page), the client no sex for claims (on
    // the client's details), no place of service (in the claim).
    const { client, policy, payer } = await billableClient({ ediPayerId: null });
    expect((await api.patch(`/api/clients/${client.clientId}`, { sexForClaims: null, version: client.version })).status).toBe(200);
    const draft = (
      await api.post(`/api/clients/${client.clientId}/claims`, readyClaimBody(policy.policyId, userId, { placeOfService: null }))
    ).body;
    const submitted = (
      await api.post(`/api/clients/${client.clientId}/claims`, readyClaimBody(policy.policyId, userId, { dateOfService: '2026-03-02' }))
    ).body;
    expect((await api.post(`/api/clients/${client.clientId}/claims/${submitted.claimId}/submit`)).status).toBe(200);
    const claimPath = `/api/clients/${client.clientId}/claims/${draft.claimId}`;
    const stored = async () =>
      (await api.get(`/api/clients/${client.clientId}/claims`)).body.items.find((c: any) => c.claimId === draft.claimId);

    const { context, page } = await newPage(browser(), DESKTOP);
    try {
      await signInAsPractitioner(page, url);
      await page.goto(`${url}/dashboard/clients/${client.clientId}?tab=claims&claim=${draft.claimId}`);
      await page.getByRole('heading', { name: 'Claim for Mar 3, 2026' }).waitFor();

      // The readiness problems: the claim's beside its field, the payer's at the top with where to fix it.
      const readiness = page.getByRole('region', { name: /Not ready to export: 3 problems/ });
      await readiness.waitFor();
      await readiness.getByText(`The payer ${payer.name} has no EDI payer ID`).waitFor();
      expect(await readiness.getByRole('link', { name: 'Fix the payer on the Payers page' }).getAttribute('href')).toBe(
        '/dashboard/payers',
      );
      await readiness.getByRole('link', { name: 'Place of service: Choose the place of service' }).waitFor();
      expect(await page.getByLabel('Place of service').getAttribute('aria-invalid')).toBe('true');
      expect(await describedBy(page, 'Place of service')).toContain('Choose the place of service');
      // The rendering practitioner is chosen from the team, each member named with their NPI.
      const rendering = page.getByLabel('Rendering practitioner');
      await expect.poll(() => rendering.locator('option:checked').textContent()).toContain(`(NPI ${RENDERING_NPI})`);
      await expectAccessible(page, 'claim draft with readiness problems');

      // An edit; leaving with it unsaved asks (and staying keeps it).
      await page.getByLabel('Place of service').selectOption('10');
      const asked = new Promise<string>((resolve) =>
        page.once('dialog', (dialog) => {
          resolve(dialog.message());
          void dialog.dismiss();
        }),
      );
      await page.getByRole('button', { name: 'Back to claims' }).click();
      expect(await asked).toBe('You have unsaved changes. Leave without saving them?');
      await page.getByRole('heading', { name: 'Claim for Mar 3, 2026' }).waitFor();

      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('status').getByText('Changes saved.').waitFor();
      await page.getByRole('region', { name: /Not ready to export: 2 problems/ }).waitFor();
      expect(await page.getByLabel('Place of service').getAttribute('aria-invalid')).toBeNull();
      expect(await stored()).toMatchObject({ placeOfService: '10', version: 2 });

      // The client's problem is fixed where its link leads, and the claim then says so.
      await page.getByRole('link', { name: 'Fix the client’s details' }).click();
      // The details open for editing, on the field the problem names.
      const details = page.getByRole('region', { name: 'Client details' });
      await details.getByLabel('Sex for claims').selectOption('female');
      await details.getByRole('button', { name: 'Save details' }).click();
      await details.getByText('Client details saved.').waitFor();
      await expectAccessible(page, 'client details after the fix');
      await page.goBack();
      await page.getByRole('region', { name: /Not ready to export: 1 problem$/ }).waitFor();

      // Someone saves the draft meanwhile; this save is refused, and "Keep my changes" saves it over theirs.
      expect((await api.patch(claimPath, { diagnosisCodes: ['F41.1', 'Z63.0'], version: 2 })).status).toBe(200);
      await page.getByLabel('Units').fill('2');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('alert').getByText('Someone saved this draft while you were editing it.', { exact: false }).waitFor();
      await page.getByRole('button', { name: 'Keep my changes' }).click();
      await page.getByRole('status').getByText('Changes saved.').waitFor();
      expect(await stored()).toMatchObject({
        version: 4,
        diagnosisCodes: ['F41.1'],
        serviceLines: [expect.objectContaining({ units: 2 })],
      });

      // Deleting asks first; keeping it changes nothing, confirming deletes it.
      await page.getByRole('button', { name: 'Delete draft' }).click();
      const confirm = page.getByRole('dialog', { name: 'Delete this draft?' });
      await confirm.getByRole('button', { name: 'Keep the draft' }).click();
      await confirm.waitFor({ state: 'hidden' });
      await page.getByRole('button', { name: 'Delete draft' }).click();
      await confirm.getByRole('button', { name: 'Delete draft' }).click();
      await page.getByRole('status').getByText('The draft claim for Mar 3, 2026 was deleted.').waitFor();
      expect(await stored()).toBeUndefined();

      // The submitted claim opens read-only.
      await page
        .getByRole('table', { name: 'Claims' })
        .getByRole('button', { name: /View claim for Mar 2, 2026/ })
        .click();
      await page.getByRole('heading', { name: 'Claim for Mar 2, 2026' }).waitFor();
      expect(await page.getByLabel('Procedure code').getAttribute('readonly')).not.toBeNull();
      expect(await page.getByRole('button', { name: /Save changes|Delete draft/ }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  test('a secondary claim records the Primary’s payment; one that does not add up is named beside it', async () => {
    const token = await practitioner();
    const userId = userIdOf(token);
    await putPractitionerRecord(userId, { npi: RENDERING_NPI, taxonomyCode: '101YM0800X' });
    expect((await setBillingProfile()).status).toBe(200);
    const api = as(token);
    const { client } = await billableClient();
    const second = (await api.post('/api/payers', { name: `Second Mutual ${client.clientId}`, ediPayerId: 'SEC01' })).body;
    const secondary = (
      await api.post(`/api/clients/${client.clientId}/policies`, {
        priority: 'secondary',
        payerId: second.payerId,
        insuranceType: 'medicaid',
        memberId: 'MCD-1',
        relationship: 'self',
        effectiveDate: '2026-01-01',
      })
    ).body;
    const draft = (await api.post(`/api/clients/${client.clientId}/claims`, readyClaimBody(secondary.policyId, userId))).body;

    const { context, page } = await newPage(browser(), DESKTOP);
    try {
      await signInAsPractitioner(page, url);
      await page.goto(`${url}/dashboard/clients/${client.clientId}?tab=claims&claim=${draft.claimId}`);
      const payment = page.getByRole('group', { name: 'Primary’s payment (coordination of benefits)' });
      await payment.waitFor();
      // $180 charged: $120 paid and $40 contractual leave $20 unaccounted for.
      await payment.getByLabel('Paid by the Primary ($)').fill('120');
      await payment.getByLabel('Remittance date').fill('2026-03-08');
      await payment.getByRole('button', { name: 'Add adjustment' }).click();
      await payment.getByLabel('Reason code').fill('45');
      await payment.getByLabel('Amount ($)').fill('40');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('status').getByText('Changes saved.').waitFor();
      await payment
        .getByText("The Primary's paid amount and adjustments ($160.00) must add up to the claim's total charge ($180.00)")
        .waitFor();
      await page
        .getByRole('region', { name: /Not ready to export: 1 problem$/ })
        .getByRole('link', { name: /^Primary’s payment:/ })
        .waitFor();
      await expectAccessible(page, 'claim with the Primary’s payment');

      await payment.getByRole('button', { name: 'Add adjustment' }).click();
      await payment.getByLabel('Group, adjustment 2').selectOption('PR');
      await payment.getByLabel('Reason code, adjustment 2').fill('2');
      await payment.getByLabel('Amount ($), adjustment 2').fill('20');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('region', { name: 'Ready to export.' }).waitFor();
      const stored = (await api.get(`/api/clients/${client.clientId}/claims`)).body.items.find((c: any) => c.claimId === draft.claimId);
      expect(stored.primaryAdjudication).toEqual({
        paidCents: 12000,
        paidDate: '2026-03-08',
        adjustments: [
          { groupCode: 'CO', reasonCode: '45', amountCents: 4000 },
          { groupCode: 'PR', reasonCode: '2', amountCents: 2000 },
        ],
        lines: [],
      });
    } finally {
      await context.close();
    }
  });
});
