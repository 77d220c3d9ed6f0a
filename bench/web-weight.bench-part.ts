/**
 * 5. Web weight: the JavaScript a first visit downloads, in Chromium with an empty cache, until the network is
 * idle (so lazily loaded route chunks count). The local gateway does not compress; CloudFront does, so every
 * JavaScript response body is also gzipped here (zlib level 6, what CDNs use) and both sizes are reported.
 *
 * Four first visits: the dashboard and the portal signed in (the session put in sessionStorage where the app
 * keeps it, with real Cognito tokens), and `/` and `/portal` signed out (they land on the sign-in pages).
 * With --lighthouse, a Lighthouse performance run (12.8.2, Node 20-compatible, mobile simulated throttling)
 * of the two sign-in pages, through npx with the Debian Chromium.
 *
 * Also the portal's "Fill in from your card" in Chromium (benchBrowserCardReading): the time from the tap to the
 * form filled, on a phone-sized page, for a handful of cards — the first reading (which downloads and starts the
 * OCR engine) apart from the others (engine warm, as for a client's second card).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { generateCards } from '../test/support/synthetic-cards.ts';
import { summarize, type Summary } from './support/stats.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import type { PortalClient } from '../test/support/api.ts';
import type { RunningStack } from '../test/support/local-stack.ts';
import { PRACTITIONER } from '../test/support/api.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const LIGHTHOUSE_VERSION = '12.8.2';

export interface ScriptResponse {
  path: string;
  rawBytes: number;
  gzipBytes: number;
}

export interface PageWeight {
  name: string;
  url: string;
  landedOn: string;
  signedIn: boolean;
  scripts: ScriptResponse[];
  jsRawBytes: number;
  jsGzipBytes: number;
  cssGzipBytes: number;
  targetGzipBytes: number | null;
}

export interface LighthouseRun {
  url: string;
  score: number | null;
  metrics: Record<string, number>;
  seconds: number;
  error?: string;
}

export interface BrowserCardReadingResult {
  /** Which cards: the development set's first ones (clean and photo-like) or generated ones when it is absent. */
  cards: string;
  /** Tap → "We filled in …": the page's first reading, which also downloads and starts the engine. */
  firstReadingMs: number;
  /** Tap → outcome with the engine already running, per card. */
  warmMs: Summary;
  /** Per form field: cards printing it, values filled in, and those equal to the printed one (case, spaces, dashes ignored). */
  fields: Record<string, { printed: number; filled: number; exact: number }>;
  /** Bytes the OCR files weigh on the wire (gzip as CloudFront sends them; the language data is gzip already). */
  ocrDownloadBytes: number;
}

export interface WebWeightResult {
  /** Whether web/build is older than the newest source file of web/src or shared/ (tests aside): a stale build. */
  build: { builtAt: string; sourceChangedAt: string; stale: boolean };
  pages: PageWeight[];
  lighthouse: LighthouseRun[] | 'not requested' | { error: string };
  cardReading: BrowserCardReadingResult | { error: string };
}

interface StoredSession {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

/** A full Cognito sign-in (cognito-local), as the web's sign-in form does it. */
async function cognitoSession(stack: RunningStack, email: string, password: string): Promise<StoredSession> {
  const response = await fetch(stack.endpoints.cognito, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: stack.resources.userPoolClientId,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  });
  const result = (await response.json()) as {
    AuthenticationResult?: { IdToken: string; AccessToken: string; RefreshToken?: string; ExpiresIn: number };
  };
  const tokens = result.AuthenticationResult;
  if (!tokens) throw new Error('web-weight: sign-in failed');
  return {
    idToken: tokens.IdToken,
    accessToken: tokens.AccessToken,
    refreshToken: tokens.RefreshToken ?? '',
    expiresAt: Date.now() + tokens.ExpiresIn * 1000,
  };
}

const SESSION_STORAGE_KEY = 'portal-insurance.session';

/** The bench's portal client in a language (PATCH /api/portal/me), as the client's own switch does. */
async function setPortalLanguage(stack: RunningStack, client: PortalClient, language: 'en' | 'es'): Promise<void> {
  const response = await fetch(`${stack.url}/api/portal/me`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ language }),
  });
  if (!response.ok) throw new Error(`web-weight: could not set the portal language (${response.status})`);
}

async function firstVisit(
  browser: Browser,
  stack: RunningStack,
  name: string,
  path: string,
  session: StoredSession | null,
  targetGzipBytes: number | null,
  /** The browser's language (navigator.languages, Accept-Language): what a signed-out portal visit follows. */
  locale = 'en-US',
): Promise<PageWeight> {
  const context = await browser.newContext({ locale });
  if (session) {
    await context.addInitScript(
      ([key, value, origin]) => {
        if (location.origin === origin && !sessionStorage.getItem(key)) sessionStorage.setItem(key, value);
      },
      [SESSION_STORAGE_KEY, JSON.stringify(session), stack.url] as const,
    );
  }
  const page = await context.newPage();
  const pending: Promise<void>[] = [];
  const scripts: ScriptResponse[] = [];
  let cssGzipBytes = 0;
  page.on('response', (response) => {
    const type = response.request().resourceType();
    const contentType = response.headers()['content-type'] ?? '';
    const isScript = type === 'script' || /javascript/.test(contentType);
    const isCss = type === 'stylesheet' || contentType.startsWith('text/css');
    if (!isScript && !isCss) return;
    pending.push(
      response
        .body()
        .then((body) => {
          const gzipBytes = gzipSync(body, { level: 6 }).length;
          if (isScript) scripts.push({ path: new URL(response.url()).pathname, rawBytes: body.length, gzipBytes });
          else cssGzipBytes += gzipBytes;
        })
        .catch(() => undefined),
    );
  });
  await page.goto(`${stack.url}${path}`, { waitUntil: 'networkidle', timeout: 60_000 });
  await page.waitForTimeout(500);
  await Promise.all(pending);
  const landedOn = new URL(page.url()).pathname;
  await context.close();
  scripts.sort((a, b) => b.gzipBytes - a.gzipBytes);
  return {
    name,
    url: path,
    landedOn,
    signedIn: Boolean(session),
    scripts,
    jsRawBytes: scripts.reduce((total, script) => total + script.rawBytes, 0),
    jsGzipBytes: scripts.reduce((total, script) => total + script.gzipBytes, 0),
    cssGzipBytes,
    targetGzipBytes,
  };
}

const WEB_DIR = join(import.meta.dirname, '..', 'web');

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildFreshness(): WebWeightResult['build'] {
  const builtAt = statSync(join(WEB_DIR, 'build', 'index.html')).mtimeMs;
  const sourceChangedAt = Math.max(newestChange(join(WEB_DIR, 'src')), newestChange(join(WEB_DIR, '..', 'shared')));
  return {
    builtAt: new Date(builtAt).toISOString(),
    sourceChangedAt: new Date(sourceChangedAt).toISOString(),
    stale: sourceChangedAt > builtAt,
  };
}

function lighthouseCommand(): string[] {
  const local = join(import.meta.dirname, '..', 'node_modules', '.bin', 'lighthouse');
  return existsSync(local) ? [local] : ['npx', '--yes', `lighthouse@${LIGHTHOUSE_VERSION}`];
}

function runLighthouse(url: string): LighthouseRun {
  const dir = mkdtempSync(join(tmpdir(), 'bench-lighthouse-'));
  const report = join(dir, 'report.json');
  const started = performance.now();
  try {
    const [command, ...args] = lighthouseCommand();
    const result = spawnSync(
      command!,
      [
        ...args,
        url,
        '--only-categories=performance',
        '--output=json',
        `--output-path=${report}`,
        '--quiet',
        `--chrome-flags=--headless=new ${CHROMIUM_ARGS.join(' ')}`,
      ],
      { env: { ...process.env, CHROME_PATH: CHROMIUM_PATH }, encoding: 'utf8', timeout: 180_000 },
    );
    const seconds = (performance.now() - started) / 1000;
    if (!existsSync(report))
      return { url, score: null, metrics: {}, seconds, error: (result.stderr || result.error?.message || 'no report').slice(-400) };
    const parsed = JSON.parse(readFileSync(report, 'utf8')) as {
      categories: { performance: { score: number | null } };
      audits: Record<string, { numericValue?: number }>;
    };
    const metricIds = [
      'first-contentful-paint',
      'largest-contentful-paint',
      'total-blocking-time',
      'cumulative-layout-shift',
      'speed-index',
      'interactive',
    ];
    const metrics = Object.fromEntries(metricIds.map((id) => [id, parsed.audits[id]?.numericValue ?? Number.NaN]));
    return { url, score: parsed.categories.performance.score, metrics, seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchWebWeight(options: {
  stack: RunningStack;
  portalClient: PortalClient;
  lighthouse: boolean;
  targetGzipBytes: number;
}): Promise<WebWeightResult> {
  const { stack } = options;
  const [practitionerSession, clientSession] = await Promise.all([
    cognitoSession(stack, PRACTITIONER.email, PRACTITIONER.password),
    cognitoSession(stack, options.portalClient.email, options.portalClient.password),
  ]);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const pages: PageWeight[] = [];
  let cardReading: WebWeightResult['cardReading'] = { error: 'not run' };
  try {
    pages.push(await firstVisit(browser, stack, 'dashboard, signed in', '/dashboard', practitionerSession, options.targetGzipBytes));
    pages.push(await firstVisit(browser, stack, 'portal, signed in (English client)', '/portal', clientSession, options.targetGzipBytes));
    pages.push(
      await firstVisit(browser, stack, 'portal add insurance, signed in', '/portal/billing/add', clientSession, options.targetGzipBytes),
    );
    pages.push(await firstVisit(browser, stack, 'dashboard entry /, signed out', '/', null, options.targetGzipBytes));
    pages.push(await firstVisit(browser, stack, 'portal entry, signed out (English browser)', '/portal', null, options.targetGzipBytes));
    // Per language: each visit must download only its own catalog, so Spanish stays within the same budget.
    pages.push(
      await firstVisit(browser, stack, 'portal entry, signed out (Spanish browser)', '/portal', null, options.targetGzipBytes, 'es-US'),
    );
    await setPortalLanguage(stack, options.portalClient, 'es');
    try {
      pages.push(await firstVisit(browser, stack, 'portal, signed in (Spanish client)', '/portal', clientSession, options.targetGzipBytes));
    } finally {
      await setPortalLanguage(stack, options.portalClient, 'en');
    }
    try {
      cardReading = await benchBrowserCardReading(browser, stack, clientSession);
    } catch (error) {
      cardReading = { error: (error as Error).message.split('\n')[0]! };
    }
  } finally {
    await browser.close();
  }
  let lighthouse: WebWeightResult['lighthouse'] = 'not requested';
  if (options.lighthouse) {
    try {
      lighthouse = [runLighthouse(`${stack.url}/signin`), runLighthouse(`${stack.url}/portal/signin`)];
    } catch (error) {
      lighthouse = { error: (error as Error).message };
    }
  }
  return { build: buildFreshness(), pages, lighthouse, cardReading };
}

const DEV_CARDS = join(import.meta.dirname, '..', '..', 'shared', 'data', 'cards-dev');
const BROWSER_CARDS = 5;

interface BrowserBenchCard {
  name: string;
  bytes: Buffer;
  mimeType: string;
  /** The printed values of the fields the form fills, by the form's label. */
  truth: Record<string, string | undefined>;
}

type PrintedFields = { payerName?: string | null; memberId?: string | null; groupNumber?: string | null; planName?: string | null };

/** The printed values by the label of the form field they fill (none printed: undefined). */
const formTruth = (fields: PrintedFields) => ({
  'Insurance company': fields.payerName ?? undefined,
  'Member ID': fields.memberId ?? undefined,
  'Group number': fields.groupNumber ?? undefined,
  'Plan name': fields.planName ?? undefined,
});

/** The first few development cards, clean and photo-like; generated ones when the set is not beside the project. */
async function browserBenchCards(): Promise<{ label: string; cards: BrowserBenchCard[] }> {
  if (existsSync(join(DEV_CARDS, 'truth.json'))) {
    const truth = JSON.parse(readFileSync(join(DEV_CARDS, 'truth.json'), 'utf8')) as {
      clean: string;
      photoLike: string;
      fields: PrintedFields;
    }[];
    const cards = truth.slice(0, BROWSER_CARDS).flatMap((card) =>
      [card.clean, card.photoLike].map((file) => ({
        name: file,
        bytes: readFileSync(join(DEV_CARDS, file)),
        mimeType: file.endsWith('.png') ? 'image/png' : 'image/jpeg',
        truth: formTruth(card.fields),
      })),
    );
    return { label: `development set, first ${BROWSER_CARDS} cards clean and photo-like`, cards };
  }
  const generated = await generateCards(BROWSER_CARDS);
  const cards = generated.flatMap((card) => [
    { name: `${card.id}.clean.png`, bytes: card.clean, mimeType: 'image/png', truth: formTruth(card.fields) },
    { name: `${card.id}.photo.jpg`, bytes: card.photoLike, mimeType: 'image/jpeg', truth: formTruth(card.fields) },
  ]);
  return { label: `${BROWSER_CARDS} generated cards, clean and photo-like`, cards };
}

/**
 * The portal's add-insurance form on a phone-sized page (signed in, empty cache): for each card, the form's
 * fields are emptied, the card is picked as the front and "Fill in from your card" is tapped; the time runs until
 * the outcome is announced. One page throughout, as a client reading several cards would.
 */
async function benchBrowserCardReading(browser: Browser, stack: RunningStack, session: StoredSession): Promise<BrowserCardReadingResult> {
  const { label, cards } = await browserBenchCards();
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await context.addInitScript(
    ([key, value, origin]) => {
      if (location.origin === origin && !sessionStorage.getItem(key)) sessionStorage.setItem(key, value);
    },
    [SESSION_STORAGE_KEY, JSON.stringify(session), stack.url] as const,
  );
  let ocrDownloadBytes = 0;
  const sizing: Promise<void>[] = [];
  context.on('response', (response) => {
    if (!response.url().includes('/_app/immutable/ocr/')) return;
    sizing.push(
      response
        .body()
        .then((body) => void (ocrDownloadBytes += response.url().endsWith('.gz') ? body.length : gzipSync(body, { level: 6 }).length))
        .catch(() => undefined),
    );
  });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(90_000);
    await page.goto(`${stack.url}/portal/billing/add`);
    await page.getByRole('heading', { level: 1, name: 'Add insurance' }).waitFor();
    const times: number[] = [];
    const fields: BrowserCardReadingResult['fields'] = {};
    const comparable = (value: string) => value.toUpperCase().replace(/[\s-]/g, '');
    for (const card of cards) {
      for (const field of ['Member ID', 'Group number', 'Plan name', 'Effective Date']) await page.getByLabel(field).fill('');
      await page.getByRole('combobox', { name: 'Insurance company' }).fill('');
      const remove = page.getByRole('button', { name: /^Remove/ }).first();
      if (await remove.isVisible()) await remove.click();
      await page
        .getByLabel('Choose a file for the front of the card')
        .setInputFiles({ name: card.name, mimeType: card.mimeType, buffer: card.bytes });
      const button = page.getByRole('button', { name: 'Fill in from your card' });
      await button.waitFor();
      const started = performance.now();
      await button.click();
      await page
        .getByRole('status')
        .filter({ hasText: /We filled in|already filled in|couldn’t find|couldn’t read/ })
        .waitFor();
      times.push(performance.now() - started);
      for (const [label, printed] of Object.entries(card.truth)) {
        const tally = (fields[label] ??= { printed: 0, filled: 0, exact: 0 });
        const input = label === 'Insurance company' ? page.getByRole('combobox', { name: label }) : page.getByLabel(label);
        const value = await input.inputValue();
        if (printed) tally.printed++;
        if (value) tally.filled++;
        if (printed && value && comparable(value) === comparable(printed)) tally.exact++;
      }
    }
    await Promise.all(sizing);
    return { cards: label, firstReadingMs: times[0]!, warmMs: summarize(times.slice(1)), fields, ocrDownloadBytes };
  } finally {
    await context.close();
  }
}
