/**
 * The session's rules as plain functions (no runes, no storage, no navigation), so they can be read and tested
 * in one place: where each role lives, which sign-in page fits a path, which `returnTo` values are followed,
 * when a token is refreshed, and where an ended session sends the user. `session.svelte.ts` applies them.
 */
import type { Tokens } from './cognito';
import type { IdClaims, Role } from './jwt';

/** Refresh this long before the ID token expires, so a request never leaves with a token about to lapse. */
export const REFRESH_MARGIN_MS = 2 * 60 * 1000;

/** Without an expiry from Cognito or the token, assume this much so the session refreshes rather than fails. */
const FALLBACK_LIFETIME_MS = 5 * 60 * 1000;

export function homeFor(role: Role | null): string {
  return role === 'practitioner' ? '/dashboard' : role === 'client' ? '/portal' : '/signin';
}

/** The sign-in page that fits where the user is: the portal has its own (same form, client wording). */
export function signInPathFor(pathname: string): string {
  return pathname.startsWith('/portal') ? '/portal/signin' : '/signin';
}

/**
 * A `returnTo` value is only followed when it is a path on this site that the signed-in role may open; anything
 * else (another origin, `//evil.example`, the other role's area) falls back to the role's home page.
 */
export function safeReturnTo(value: string | null, role: Role | null): string {
  const home = homeFor(role);
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return home;
  const area = role === 'practitioner' ? '/dashboard' : '/portal';
  if (!(value === area || value.startsWith(`${area}/`) || value.startsWith(`${area}?`))) return home;
  if (value.startsWith('/portal/signin') || value.startsWith('/portal/accept')) return home;
  return value;
}

/**
 * When the ID token stops being accepted: its `exp` claim, or sooner if Cognito's ExpiresIn says so (cognito-local
 * omits ExpiresIn). Milliseconds since the epoch.
 */
export function expiryOf(tokens: Pick<Tokens, 'ExpiresIn'>, claims: Pick<IdClaims, 'exp'>, now = Date.now()): number {
  const candidates = [claims.exp > 0 ? claims.exp * 1000 : NaN, now + Number(tokens.ExpiresIn) * 1000].filter(Number.isFinite);
  return candidates.length ? Math.min(...candidates) : now + FALLBACK_LIFETIME_MS;
}

/** Whether a token expiring at `expiresAt` must be refreshed before it is sent. */
export function needsRefresh(expiresAt: number, now = Date.now()): boolean {
  return expiresAt - now <= REFRESH_MARGIN_MS;
}

/**
 * Where an ended session (expired, refused by the server) sends the user from `pathname` + `search`: sign-in
 * with the notice and the page to come back to (path and query only — the caller never passes a fragment).
 * Null on the pages that are themselves the way in: nothing to come back to there.
 */
export function endedSessionTarget(pathname: string, search: string): string | null {
  const here = pathname + search;
  if (here.startsWith('/signin') || here.startsWith('/portal/signin') || here.startsWith('/portal/accept')) return null;
  return `${signInPathFor(pathname)}?ended=1&returnTo=${encodeURIComponent(here)}`;
}

/**
 * The layout guard's decision for a page of `role`'s area: null lets the user in; otherwise where to go — sign-in
 * (coming back here afterwards) when nobody is signed in, or the user's own home when they have the other role.
 */
export function guardTarget(role: Role, session: { role: Role | null } | null, pathname: string, search: string): string | null {
  if (session?.role === role) return null;
  if (!session) return `${signInPathFor(pathname)}?returnTo=${encodeURIComponent(pathname + search)}`;
  return homeFor(session.role);
}
