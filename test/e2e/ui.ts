/** What the browser journeys share: signing in through the real form, the Review count, and the axe check. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { PRACTITIONER } from '../support/api.ts';
import { seriousAxeViolations } from './browser.ts';

/** Signs in on the dashboard's sign-in page, as a person would, and waits for the client list. */
export async function signInAsPractitioner(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel('Email').fill(PRACTITIONER.email);
  await page.getByLabel('Password').fill(PRACTITIONER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
}

/** The number the navigation's Review link announces ("Review (3 waiting)"); 0 when it shows none. */
export async function reviewCount(page: Page): Promise<number> {
  const name =
    (await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /^Review/ })
      .textContent()) ?? '';
  const match = /\((\d+) waiting\)/.exec(name);
  return match ? Number(match[1]) : 0;
}

/** Fails with the rule ids when axe-core finds serious or critical violations on the page as it stands. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  expect(await seriousAxeViolations(page), `axe on ${where}`).toEqual([]);
}

/** The text of the elements an input's aria-describedby points at: its hint and error as a screen reader hears them. */
export async function describedBy(page: Page, label: string | RegExp): Promise<string> {
  return page.getByLabel(label).evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim(),
  );
}
