/**
 * The portal in Spanish, on a phone (390×844): a client the practice invited in Spanish follows the emailed link,
 * sets a password and adds a Primary policy with a card photo — every page in Spanish (`<html lang="es">`), axe
 * clean, and no English message visible anywhere (the page's visible text is compared with every English
 * catalog message that differs from its Spanish one). Then the switch turns the portal to English and saves it.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import en from '../../web/src/lib/i18n/messages/en.ts';
import es from '../../web/src/lib/i18n/messages/es.ts';
import { as, eventually, outboxFor, practitioner, unique } from '../support/api.ts';
import { cardPng } from '../support/images.ts';
import { newPage, PHONE, useBrowser } from './browser.ts';
import { expectAccessible } from './ui.ts';

const { url } = inject('stack');
const browser = useBrowser();

/**
 * The fixed text of each English message that differs from its Spanish one: the whole message, or for one with
 * placeholders its longest fixed part (when long enough to mean something).
 */
const englishOnly: string[] = Object.entries(en)
  .filter(([key, value]) => es[key as keyof typeof es] !== value)
  .map(([, value]) =>
    value
      .split(/\{\w+\}/)
      .reduce((a, b) => (b.trim().length > a.trim().length ? b : a), '')
      .trim(),
  )
  .filter((text) => text.length >= 4 || /^[A-Z]/.test(text));

/**
 * English messages visible on the page (whole words, case as written). Parts marked as another language
 * (`lang="en"`: the product's name, the switch to English) are what a screen reader reads as English, rightly.
 */
async function visibleEnglish(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const parts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !parent.checkVisibility({ visibilityProperty: true } as CheckVisibilityOptions)) continue;
      if ((parent.closest('[lang]')?.getAttribute('lang') ?? 'es') !== 'es') continue;
      parts.push(node.textContent ?? '');
    }
    return parts.join('\n');
  });
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return englishOnly.filter((english) => new RegExp(`(^|[^\\p{L}])${escape(english)}($|[^\\p{L}])`, 'u').test(text));
}

async function expectSpanishPage(page: Page, where: string): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.lang), `lang on ${where}`).toBe('es');
  expect(await visibleEnglish(page), `English on ${where}`).toEqual([]);
  await expectAccessible(page, where);
}

describe('portal in Spanish: a client adds insurance from a phone', () => {
  test('invited in Spanish, the client sets a password and adds a Primary with a card photo, all in Spanish', async () => {
    const practice = as(await practitioner());
    const lastName = unique('Ramirez').replace(/-/g, '');
    const email = `${lastName.toLowerCase()}@example.test`;
    const created = await practice.post('/api/clients', { firstName: 'Lucía', lastName, email });
    expect(created.status).toBe(201);
    expect((await practice.post(`/api/clients/${created.body.clientId}/invitations`, { language: 'es' })).status).toBe(202);
    const [message] = await eventually(async () => {
      const messages = await outboxFor(email);
      return messages.length ? messages : undefined;
    });
    expect(message!.subject).toBe('Maple Street Counseling: su invitación al portal de clientes');
    const link = message!.links.find((l) => l.includes('/portal/accept'))!;

    // The client's phone is set to Spanish: the page before sign-in follows it (signed in, the client's language does).
    const { page, context } = await newPage(browser(), PHONE, 'es-US');
    try {
      await page.goto(link);
      await page.getByRole('heading', { level: 1, name: 'Cree su cuenta del portal de clientes' }).waitFor();
      await expectSpanishPage(page, 'accept (es)');
      // The switch names English in English, marked as such for screen readers.
      const toEnglish = page.getByRole('button', { name: 'English', exact: true });
      expect(await toEnglish.getAttribute('lang')).toBe('en');

      // A password the pool refuses: the rule is said in Spanish.
      await page.getByLabel('Contraseña', { exact: true }).fill('corta');
      await page.getByRole('button', { name: 'Guardar contraseña y continuar' }).click();
      await page
        .getByText(/Al menos 12 caracteres/)
        .first()
        .waitFor();
      expect(await visibleEnglish(page)).toEqual([]);

      await page.getByLabel('Contraseña', { exact: true }).fill('Telefono-clave-1!');
      await page.getByLabel('Confirme la contraseña').fill('Telefono-clave-1!');
      await page.getByRole('button', { name: 'Guardar contraseña y continuar' }).click();
      await page.getByRole('heading', { level: 1, name: 'Hola, Lucía' }).waitFor();
      await expectSpanishPage(page, 'home (es)');

      await page.getByRole('link', { name: 'Agregar seguro' }).click();
      await page.getByRole('heading', { level: 1, name: 'Agregar seguro' }).waitFor();
      await expectSpanishPage(page, 'add insurance (es)');
      // Nothing widens the page past the phone's screen (the header carries the practice's name and phone).
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      // Submitting with nothing filled in: the summary and the field messages are Spanish.
      await page.getByRole('button', { name: 'Enviar seguro' }).click();
      await page.getByRole('heading', { name: 'Revise los datos de su seguro' }).waitFor();
      await page.getByText('Escriba la fecha en que empezó su cobertura (la fecha de vigencia)').first().waitFor();
      await expectSpanishPage(page, 'add insurance with errors (es)');

      await page.getByRole('combobox', { name: 'Compañía de seguro' }).fill('Aetna');
      await page.getByRole('option', { name: 'Aetna', exact: true }).click();
      await page.getByLabel('Número de miembro').fill('W112233445');
      await page.getByLabel('Fecha de vigencia').fill('2026-01-15');
      await page
        .getByLabel('Elegir un archivo para el frente de la tarjeta')
        .setInputFiles({ name: 'tarjeta-frente.png', mimeType: 'image/png', buffer: cardPng() });
      await page.getByText('Subido', { exact: true }).waitFor();
      await expectSpanishPage(page, 'add insurance with a card (es)');

      await page.getByRole('button', { name: 'Enviar seguro' }).click();
      await page.getByText('Gracias: enviamos su seguro a su consultorio.', { exact: false }).waitFor();
      await page.getByRole('heading', { level: 1, name: 'Facturación' }).waitFor();
      const policy = page.getByRole('article', { name: 'Aetna' });
      await policy.getByText('Principal').waitFor();
      await policy.getByText('Vigente').waitFor();
      // The date the Spanish way (es-US, medium): "15 ene 2026".
      await policy.getByText(/^15 ene\.? 2026$/).waitFor();
      await expectSpanishPage(page, 'billing (es)');

      // The switch: English now, saved on the client (the practice sees it too).
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      await page.getByRole('button', { name: 'Español', exact: true }).waitFor();
      expect((await practice.get(`/api/clients/${created.body.clientId}`)).body.language).toBe('en');
    } finally {
      await context.close();
    }
  });

  test('before sign-in the switch turns the sign-in page to Spanish, and the tab remembers it', async () => {
    const { page, context } = await newPage(browser(), PHONE);
    try {
      await page.goto(`${url}/portal/signin`);
      await page.getByRole('heading', { level: 1, name: 'Sign in to your client portal' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      await page.getByRole('button', { name: 'Español', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Inicie sesión en su portal de clientes' }).waitFor();
      await expectSpanishPage(page, 'sign-in (es)');
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Inicie sesión en su portal de clientes' }).waitFor();
      await page.getByRole('button', { name: 'Iniciar sesión' }).click();
      await page.getByText('Escriba su correo electrónico').first().waitFor();
      expect(await visibleEnglish(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
