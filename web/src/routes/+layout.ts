import { i18n, preferredLanguage, useLanguage } from '$lib/i18n/i18n';

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
  if (now === section && i18n.messages) return {};
  section = now;
  await useLanguage(now === 'portal' ? preferredLanguage() : 'en');
  return {};
}
