import { i18n, preferredLanguage, rememberLanguage, useLanguage } from '$lib/i18n/i18n';
import { isLanguage } from '$shared/i18n/languages';

// A client-rendered app behind sign-in: nothing is rendered on a server or prerendered.
export const ssr = false;
export const prerender = false;

let section: 'portal' | 'dashboard' | null = null;

/**
 * Every page renders with its catalog loaded: the portal in the visitor's language (see lib/i18n), everything
 * else in English. Only the section is read from the URL, so moving between portal pages loads nothing again.
 */
export async function load({ url }) {
  const now = url.pathname === '/portal' || url.pathname.startsWith('/portal/') ? 'portal' : 'dashboard';
  // A link that names its language (/portal/signin?lang=es) wins, and is remembered for this tab.
  const named = now === 'portal' ? url.searchParams.get('lang') : null;
  if (isLanguage(named)) {
    rememberLanguage(named);
    if (i18n.language !== named || !i18n.messages) await useLanguage(named);
    section = now;
    return {};
  }
  if (now === section && i18n.messages) return {};
  section = now;
  await useLanguage(now === 'portal' ? preferredLanguage() : 'en');
  return {};
}
