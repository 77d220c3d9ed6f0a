/**
 * Who can get in, in the browser: an admin invites a colleague from the Team page, who signs in with the emailed
 * temporary password; a client who forgot their password resets it on a phone and lands in a portal whose header
 * names the practice and its phone; the invitation email names the practice too.
 */
import { describe, expect, inject, test } from 'vitest';
import { as, eventually, onboardPortalClient, outboxFor, practitioner, unique } from '../support/api.ts';
import { DESKTOP, newPage, PHONE, useBrowser } from './browser.ts';
import { expectAccessible, signInAsPractitioner } from './ui.ts';

const { url } = inject('stack');
const browser = useBrowser();

const PRACTICE_NAME = 'Maple Street Counseling';
const PRACTICE_PHONE = '(555) 010-0142';

async function latestEmail(to: string, subject: RegExp) {
  return eventually(async () => (await outboxFor(to)).find((message) => subject.test(message.subject)), { timeoutMs: 10_000 });
}

describe('access in the browser', () => {
  test('an admin invites a colleague on the Team page, and the colleague signs in with the emailed password', async () => {
    const email = `${unique('colleague')}@example.test`.toLowerCase();
    const familyName = unique('Okoye').replace(/-/g, '');
    const admin = await newPage(browser(), DESKTOP);
    try {
      const { page } = admin;
      await signInAsPractitioner(page, url);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }).click();
      await page.getByRole('heading', { level: 1, name: 'Team' }).waitFor();
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('First name').fill('Ada');
      await page.getByLabel('Last name').fill(familyName);
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await page.getByRole('status').getByText(`Ada ${familyName} was invited`).waitFor();
      await page.getByRole('rowheader', { name: new RegExp(`Ada ${familyName}`) }).waitFor();
      await expectAccessible(page, 'team page');
    } finally {
      await admin.context.close();
    }

    const invitation = await latestEmail(email, /practice account/);
    expect(invitation.subject).toBe(`Your ${PRACTICE_NAME} practice account`);
    const temporary = /Temporary password: (\S+)/.exec(invitation.text)![1]!;

    const colleague = await newPage(browser(), DESKTOP);
    try {
      const { page } = colleague;
      await page.goto(`${url}/signin`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(temporary);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
      await page.getByLabel('New password', { exact: true }).fill('Colleague-own-1!');
      await page.getByLabel('Confirm new password').fill('Colleague-own-1!');
      await page.getByRole('button', { name: 'Set password and continue' }).click();
      await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
    } finally {
      await colleague.context.close();
    }
  });

  test('a client resets a forgotten password on a phone; the portal header and the invitation name the practice and its phone', async () => {
    const client = await onboardPortalClient({ firstName: 'Rosa' });
    const [invitation] = await outboxFor(client.email);
    expect(invitation!.subject).toContain(PRACTICE_NAME);
    expect(invitation!.text).toContain(PRACTICE_NAME);
    expect(invitation!.text).toContain(PRACTICE_PHONE);

    const phone = await newPage(browser(), PHONE);
    try {
      const { page } = phone;
      await page.goto(`${url}/portal/signin`);
      await page.getByRole('button', { name: 'Forgot password?' }).click();
      await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
      await page.getByLabel('Email').fill(client.email);
      await page.getByRole('button', { name: 'Email me a code' }).click();
      await page.getByRole('heading', { name: 'Check your email' }).waitFor();
      await expectAccessible(page, 'forgot password (phone)');

      const reset = await latestEmail(client.email, /password reset code/);
      expect(reset.subject).toBe(`${PRACTICE_NAME}: your password reset code`);
      const code = /Your code: (\d{6})/.exec(reset.text)![1]!;
      await page.getByLabel('Code from the email').fill(code);
      await page.getByLabel('New password', { exact: true }).fill('Remembered-now-1!');
      await page.getByLabel('Confirm new password').fill('Remembered-now-1!');
      await page.getByRole('button', { name: 'Set new password and sign in' }).click();

      const header = page.getByRole('banner');
      // The brand link reads the practice's name (not the product's).
      await header.getByRole('link', { name: new RegExp(`^${PRACTICE_NAME}`) }).waitFor();
      await expect.poll(() => header.getByRole('link', { name: `Call ${PRACTICE_NAME}` }).textContent()).toContain(PRACTICE_PHONE);
      await expectAccessible(page, 'portal home with the practice header (phone)');
    } finally {
      await phone.context.close();
    }
  });

  test('the chart shows portal access, and Revoke cuts the client off', async () => {
    const client = await onboardPortalClient({ firstName: 'Theo' });
    const admin = await newPage(browser(), DESKTOP);
    try {
      const { page } = admin;
      await signInAsPractitioner(page, url);
      await page.goto(`${url}/dashboard/clients/${client.clientId}`);
      const access = page.getByRole('region', { name: 'Portal access' });
      await access.getByText('Active').waitFor();
      await access.getByRole('button', { name: 'Revoke access' }).click();
      await access.getByRole('button', { name: 'Revoke access' }).click();
      await page.getByRole('status').getByText('Portal access revoked.').waitFor();
      await access.getByText('Not invited').waitFor();
      // Inviting again from here is the chart's one invitation dialog (address, language, collection), not a second flow.
      await access.getByRole('button', { name: 'Invite to portal…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Send portal invitation' });
      await dialog.getByText('Portal status: not invited yet.').waitFor();
      await dialog.getByLabel('Language of the portal and the email').waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
    } finally {
      await admin.context.close();
    }
    expect((await as(client.token).get('/api/portal/me')).status).toBe(403);
    expect((await as(await practitioner()).get(`/api/clients/${client.clientId}`)).body.portal.status).toBe('not_invited');
  });
});
