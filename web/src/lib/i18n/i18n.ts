/**
 * The portal's language at run time. One catalog per language (messages/en.ts, messages/es.ts), each its own
 * chunk loaded on demand, so a visitor downloads only the language they read. The dashboard stays English.
 *
 * How the language is chosen: signed in, the client's own `language` (GET /api/portal/me; the switch saves it
 * with PATCH /api/portal/me). Before sign-in: `?lang=es|en` in the URL (for links such as a practice website's),
 * else the switch's choice kept in sessionStorage for this tab (no cookie), else the browser's languages
 * (navigator.languages).
 */
import { fill, isLanguage, type Language } from '$shared/i18n/languages';
import { validationMessage } from '$shared/i18n/validation';
import { createSubscriber } from 'svelte/reactivity';
import type { MessageKey, Messages } from './messages/en';

export type { MessageKey };

const loaders: Record<Language, () => Promise<{ default: Messages }>> = {
  en: () => import('./messages/en'),
  es: () => import('./messages/es'),
};

const STORAGE_KEY = 'portal.language';

let current: { language: Language; messages: Messages | null } = { language: 'en', messages: null };
const loaded = new Map<Language, Messages>();

// Not a rune: plain modules (upload checks, form rules, the API client) call t() too, and are unit-tested
// without the Svelte compiler. Components and effects that read the language re-run when it changes.
let changed: (() => void) | undefined;
const subscribe = createSubscriber((update) => {
  changed = update;
  return () => (changed = undefined);
});

/** The current language and catalog (reactive where read inside a component or effect). */
export const i18n = {
  get language(): Language {
    subscribe();
    return current.language;
  },
  get messages(): Messages | null {
    subscribe();
    return current.messages;
  },
};

/** Loads a language's catalog (once) and makes it current; `<html lang>` follows. */
export async function useLanguage(language: Language): Promise<void> {
  let messages = loaded.get(language);
  if (!messages) {
    messages = (await loaders[language]()).default;
    loaded.set(language, messages);
  }
  current = { language, messages };
  changed?.();
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

/** The language for a page before sign-in: the switch's choice in this tab, else the browser's. */
export function preferredLanguage(): Language {
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    /* storage blocked: fall through to the browser's languages */
  }
  const browser = typeof navigator === 'undefined' ? [] : navigator.languages;
  for (const tag of browser) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

/** Remembers a choice made with the switch before sign-in (this tab only). */
export function rememberLanguage(language: Language): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, language);
  } catch {
    /* not remembered: the switch still works on this page */
  }
}

/** A message of the current language, placeholders filled. */
export function t(key: MessageKey, values?: Record<string, string | number>): string {
  const messages = i18n.messages;
  if (!messages) return key;
  return fill(messages[key], values);
}

/** A field validation message (ours, from the shared schemas) in the current language. */
export function validation(english: string): string {
  if (i18n.language === 'en') return english;
  return validationMessage(english, i18n.language) ?? t('common.checkField');
}

const dateFormats = new Map<Language, Intl.DateTimeFormat>();
/** A calendar date (YYYY-MM-DD) the way the current language writes it: "Jan 5, 2025" / "5 ene 2025". */
export function formatDateFor(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return value;
  const language = i18n.language;
  let format = dateFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language === 'es' ? 'es-US' : 'en-US', { dateStyle: 'medium', timeZone: 'UTC' });
    dateFormats.set(language, format);
  }
  return format.format(date);
}

/** A file size in the current language's number format ("1.5 MB" / "1,5 MB"). */
export function formatBytesFor(bytes: number): string {
  const locale = i18n.language === 'es' ? 'es-US' : 'en-US';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toLocaleString(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 })} MB`;
}
