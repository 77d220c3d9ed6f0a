/**
 * "Fill in from your card" on a phone: a client picks a picture of the card's front, taps the button, and the card
 * is read in the browser (tesseract.js in a Web Worker, with the site's own worker script, wasm core and English
 * data): the empty fields fill in and say so, a field the client had typed stays as typed, the client confirms,
 * submits, and the policy carries the card's Member ID and the practice's payer. During the reading no request
 * leaves the site's origin, and the page runs under the CSP CloudFront sends (infra/constructs/web.ts), so that
 * policy is shown to allow the worker and its WebAssembly. Once read, a card reads again offline on a later
 * visit to the form (the browser's cache, no service worker). A reader that cannot load never blocks submitting.
 */
import type { BrowserContext, Page, Request } from 'playwright-core';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { contentSecurityPolicy, inlineScriptHashes } from '../../infra/constructs/web.ts';
import { as, onboardPortalClient, type PortalClient } from '../support/api.ts';
import { REPO_ROOT } from '../support/local-stack.ts';
import { renderCardPng } from '../support/synthetic-cards.ts';
import { newPage, PHONE, useBrowser } from './browser.ts';

const { url, endpoints } = inject('stack');
const browser = useBrowser();

/** The built chunk that holds tesseract.js (and the reader): the one that names its `workerBlobURL` option. */
function readerChunk(): string {
  const dir = join(REPO_ROOT, 'web', 'build', '_app', 'immutable', 'chunks');
  const name = readdirSync(dir).find((file) => readFileSync(join(dir, file), 'utf8').includes('workerBlobURL'));
  if (!name) throw new Error('no chunk of web/build holds tesseract.js: rebuild the web (cd web && npx vite build)');
  return name;
}

const CARD = { payerName: 'Aetna', memberId: 'W481516234', subscriberName: 'JORDAN A RIVERA', groupNumber: '0718290' };

/**
 * The production CSP on the site's documents and on the OCR worker's script (a worker takes its policy from its
 * own script's response). Locally the gateway sends none; the upload bucket here is s3rver, and sign-in goes to
 * cognito-local, so the policy is applied from the add-insurance page on (signed in by then).
 */
async function enforceProductionCsp(context: BrowserContext): Promise<void> {
  // A response fulfilled by the test has no address space of its own: Chromium then treats the page as public and
  // asks before it posts to the loopback upload bucket (s3rver). The phone's user would be asked; grant it.
  await context.grantPermissions(['local-network-access'], { origin: url });
  const csp = contentSecurityPolicy({ scriptHashes: inlineScriptHashes(join(REPO_ROOT, 'web', 'build')), uploadOrigins: [endpoints.s3] })
    // The Cognito endpoint names the stack's region as a CDK token; nothing here talks to it after sign-in.
    .replace(/\$\{Token\[AWS\.Region\.\d+\]\}/g, 'us-east-1')
    // Locally the site is plain http: upgrading its requests would break them (CloudFront serves https only).
    .replace('; upgrade-insecure-requests', '');
  await context.route(
    (address) => address.origin === url && (address.pathname === '/portal/billing/add' || address.pathname.endsWith('/worker.min.js')),
    async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': csp } });
    },
  );
}

/** expectAccessible for a page under that CSP: axe-core is evaluated by the test (the CSP refuses an injected script tag). */
async function expectAccessibleUnderCsp(page: Page, where: string): Promise<void> {
  await page.evaluate(readFileSync(join(REPO_ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const { axe } = window as unknown as { axe: { run: (context: Document) => Promise<{ violations: { id: string; impact: string }[] }> } };
    return (await axe.run(document)).violations.map(({ id, impact }) => ({ id, impact }));
  });
  expect(
    violations.filter(({ impact }) => impact === 'serious' || impact === 'critical'),
    `axe on ${where}`,
  ).toEqual([]);
}

async function openAddInsurance(page: Page, client: PortalClient): Promise<void> {
  await page.goto(`${url}/portal/signin`);
  await page.getByLabel('Email').fill(client.email);
  await page.getByLabel('Password').fill(client.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
  await page.goto(`${url}/portal/billing/add`);
  await page.getByRole('heading', { level: 1, name: 'Add insurance' }).waitFor();
}

async function pickFront(page: Page): Promise<void> {
  await page
    .getByLabel('Choose a file for the front of the card')
    .setInputFiles({ name: 'card-front.png', mimeType: 'image/png', buffer: await renderCardPng(CARD) });
  await page.getByText('Uploaded', { exact: true }).waitFor();
}

describe('portal: fill in the form from a picture of the card', () => {
  test('the card is read on the phone, only empty fields fill in and are marked, and the client confirms and submits', async () => {
    const client = await onboardPortalClient();
    const { context, page } = await newPage(browser(), PHONE);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    try {
      await enforceProductionCsp(context);
      const beforeTap: string[] = [];
      const recordBeforeTap = (request: Request) => beforeTap.push(request.url());
      context.on('request', recordBeforeTap);
      await openAddInsurance(page, client);
      // Typed before reading: the card's group number must not replace it.
      await page.getByLabel('Group number').fill('TYPED-42');
      await pickFront(page);

      // Up to the tap, nothing of the OCR was fetched: not tesseract.js's chunk, nor the worker, core or data.
      context.off('request', recordBeforeTap);
      const chunk = readerChunk();
      expect(beforeTap.some((address) => address.endsWith('.js'))).toBe(true);
      expect(beforeTap.filter((address) => address.includes('/_app/immutable/ocr/') || address.endsWith(`/${chunk}`))).toEqual([]);
      const requests: Request[] = [];
      context.on('request', (request) => requests.push(request));
      const started = performance.now();
      await page.getByRole('button', { name: 'Fill in from your card' }).click();
      const progress = page.getByRole('progressbar', { name: 'Reading your card' });
      await progress.waitFor();
      expect(await progress.getAttribute('aria-valuenow')).toMatch(/^\d{1,3}$/);
      await page.getByText(/We filled in \d+ fields? from your card/).waitFor({ timeout: 60_000 });
      const readingMs = performance.now() - started;
      console.log(`card pre-fill in Chromium (first reading, engine start included): ${Math.round(readingMs)} ms`);

      const payer = page.getByRole('combobox', { name: 'Insurance company' });
      expect(await payer.inputValue()).toBe('Aetna');
      await page.getByText('Chosen from your practice’s list').waitFor();
      expect(await page.getByLabel('Member ID').inputValue()).toBe(CARD.memberId);
      expect(await page.getByLabel('Group number').inputValue()).toBe('TYPED-42');
      // Marked in words, on exactly the fields that were filled.
      await expect.poll(() => page.getByText('Filled from your card — please check').count()).toBe(2);
      await page.getByRole('button', { name: 'It’s right (Member ID)' }).waitFor();
      await page.getByRole('button', { name: 'It’s right (Insurance company)' }).waitFor();
      expect(await page.getByRole('button', { name: 'It’s right (Group number)' }).count()).toBe(0);

      // Everything the reading needed came from the site itself: the reader's chunk, the worker, the wasm core,
      // the language data and the payer typeahead — and nothing from anywhere else.
      const seen = requests.map((request) => new URL(request.url()));
      expect(seen.filter((address) => address.origin !== url).map(String)).toEqual([]);
      expect(seen.some((address) => address.pathname.endsWith(`/${chunk}`))).toBe(true);
      expect(seen.some((address) => address.pathname.endsWith('/worker.min.js'))).toBe(true);
      expect(seen.some((address) => address.pathname.endsWith('/eng.traineddata.gz'))).toBe(true);
      expect(seen.some((address) => address.pathname === '/api/portal/payers')).toBe(true);
      expect(violations).toEqual([]);

      // "Clear" empties a field; offline, the engine already loaded in this page reads the card again.
      await page.getByRole('button', { name: 'Clear (Member ID)' }).click();
      expect(await page.getByLabel('Member ID').inputValue()).toBe('');
      await context.setOffline(true);
      await page.getByRole('button', { name: 'Fill in from your card' }).click();
      await page.getByText('We filled in 1 field from your card. Please check it.').waitFor();
      expect(await page.getByLabel('Member ID').inputValue()).toBe(CARD.memberId);
      await context.setOffline(false);

      await page.getByRole('button', { name: 'It’s right (Member ID)' }).click();
      await expect.poll(() => page.getByText('Filled from your card — please check').count()).toBe(1);
      await expectAccessibleUnderCsp(page, 'add insurance, filled from the card (phone)');

      await page.getByLabel('Effective Date').fill('2026-01-01');
      await page.getByRole('button', { name: 'Submit insurance' }).click();
      await page.getByText('Thank you — your insurance was sent to your practice.').waitFor();
    } finally {
      await context.close();
    }
    const [policy] = (await as(client.token).get('/api/portal/policies')).body.items;
    expect(policy.memberId).toBe(CARD.memberId);
    expect(policy.groupNumber).toBe('TYPED-42');
    expect(policy.payer.name).toBe('Aetna');
    expect(policy.payerMatch.matchedBy).toBe('selected');
  });

  test('once read, the card reads again offline on a later visit to the form: the browser cached the OCR files', async () => {
    // No routes in this context: Playwright's request interception would turn the browser's HTTP cache off.
    const client = await onboardPortalClient();
    const { context, page } = await newPage(browser(), PHONE);
    let workersStarted = 0;
    page.on('worker', () => workersStarted++);
    try {
      await openAddInsurance(page, client);
      await pickFront(page);
      await page.getByRole('button', { name: 'Fill in from your card' }).click();
      await page.getByText(/We filled in \d+ fields? from your card/).waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: 'Clear (Member ID)' }).click();
      expect(workersStarted).toBe(1);

      // Leaving the form stops the engine; the client comes back with no connection.
      await page.getByRole('link', { name: 'Cancel' }).click();
      await page.getByRole('link', { name: 'Add insurance' }).waitFor();
      await context.setOffline(true);
      await page.getByRole('link', { name: 'Add insurance' }).click();
      await page.getByRole('heading', { level: 1, name: 'Add insurance' }).waitFor();
      // The form kept the entries and the uploaded card (a stand-in without its bytes): pick the picture again.
      await page.getByRole('button', { name: 'Remove the front of the card' }).click();
      await page
        .getByLabel('Choose a file for the front of the card')
        .setInputFiles({ name: 'card-front.png', mimeType: 'image/png', buffer: await renderCardPng(CARD) });
      await page.getByRole('button', { name: 'Fill in from your card' }).click();
      await page.getByText('We filled in 1 field from your card. Please check it.').waitFor({ timeout: 60_000 });
      expect(await page.getByLabel('Member ID').inputValue()).toBe(CARD.memberId);
      // A new engine, started offline from the cached worker script, core and language data.
      expect(workersStarted).toBe(2);
    } finally {
      await context.close();
    }
  });

  test('when the reader cannot load (offline), the client is told calmly and submits as usual', async () => {
    const client = await onboardPortalClient();
    const { context, page } = await newPage(browser(), PHONE);
    try {
      await openAddInsurance(page, client);
      await pickFront(page);
      // The OCR files cannot be fetched, as on a phone that went offline before its first reading.
      await context.route('**/_app/immutable/ocr/**', (route) => route.abort('internetdisconnected'));
      await page.getByRole('button', { name: 'Fill in from your card' }).click();
      await page.getByText('We couldn’t read your card this time. You can type the details and submit as usual.').waitFor();
      expect(await page.getByText('Filled from your card — please check').count()).toBe(0);

      await page.getByRole('combobox', { name: 'Insurance company' }).fill('Aetna');
      await page.getByRole('option', { name: 'Aetna', exact: true }).click();
      await page.getByLabel('Effective Date').fill('2026-02-01');
      await page.getByRole('button', { name: 'Submit insurance' }).click();
      await page.getByText('Thank you — your insurance was sent to your practice.').waitFor();
    } finally {
      await context.close();
    }
    const [policy] = (await as(client.token).get('/api/portal/policies')).body.items;
    expect(policy.effectiveDate).toBe('2026-02-01');
  });
});
