/**
 * The signed-in session: Cognito tokens, the claims read from the ID token, refresh before expiry, and the one
 * way a session ends (sign-out, or "your session has ended" → sign-in → back to the page).
 *
 * Tokens live in sessionStorage, not localStorage: sessionStorage belongs to one tab and is gone when the tab
 * or browser closes, so a client who used a shared family computer or a practice's front-desk machine does not
 * leave a refresh token (valid for weeks) behind for the next person. Both are equally readable by a script
 * injected into the page, so this is not an XSS defence — the CSP and the absence of third-party scripts are.
 * The price is signing in once per tab, which is acceptable for health data.
 */
import { goto } from '$app/navigation';
import { untrack } from 'svelte';
import { AuthError, refreshTokens, revokeRefreshToken, type Tokens } from './cognito';
import { readIdClaims, roleOf, type IdClaims, type Role } from './jwt';

const STORAGE_KEY = 'portal-insurance.session';
/** Refresh this long before the ID token expires, so a request never leaves with a token about to lapse. */
const REFRESH_MARGIN_MS = 2 * 60 * 1000;

interface StoredTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  /** ms since the epoch */
  expiresAt: number;
}

export interface Session extends StoredTokens {
  claims: IdClaims;
  role: Role | null;
}

/** Thrown to callers when the request could not be made because the session is over (navigation follows). */
export class SessionEndedError extends Error {
  constructor() {
    super('Your session has ended, please sign in again.');
    this.name = 'SessionEndedError';
  }
}

function toSession(tokens: StoredTokens): Session {
  const claims = readIdClaims(tokens.idToken);
  return { ...tokens, claims, role: roleOf(claims) };
}

function readStored(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? toSession(JSON.parse(raw) as StoredTokens) : null;
  } catch {
    return null;
  }
}

function store(session: Session | null): void {
  if (session) {
    const { idToken, accessToken, refreshToken, expiresAt } = session;
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ idToken, accessToken, refreshToken, expiresAt }));
  } else {
    sessionStorage.removeItem(STORAGE_KEY);
  }
  auth.session = session;
}

export const auth = $state<{ session: Session | null }>({ session: typeof sessionStorage === 'undefined' ? null : readStored() });

/**
 * When the ID token stops being accepted: its `exp` claim, or sooner if Cognito's ExpiresIn says so. (cognito-local
 * omits ExpiresIn; without either, assume five minutes so that the session refreshes rather than fails.)
 */
function expiryOf(tokens: Tokens, claims: IdClaims): number {
  const candidates = [claims.exp > 0 ? claims.exp * 1000 : NaN, Date.now() + Number(tokens.ExpiresIn) * 1000].filter(Number.isFinite);
  return candidates.length ? Math.min(...candidates) : Date.now() + 5 * 60 * 1000;
}

/**
 * The session as the request path sees it. Read untracked: a page effect that loads data must not re-run
 * because a request refreshed the tokens.
 */
function currentSession(): Session | null {
  return untrack(() => auth.session);
}

/** Keeps the tokens of a completed sign-in. */
export function startSession(tokens: Tokens): Session {
  const claims = readIdClaims(tokens.IdToken);
  const session = toSession({
    idToken: tokens.IdToken,
    accessToken: tokens.AccessToken,
    refreshToken: tokens.RefreshToken ?? '',
    expiresAt: expiryOf(tokens, claims),
  });
  store(session);
  return session;
}

let refreshing: Promise<Session> | null = null;

/** Exchanges the refresh token for new tokens; one request at a time however many callers ask. */
export function refreshSession(): Promise<Session> {
  const current = currentSession();
  if (!current?.refreshToken) return Promise.reject(new SessionEndedError());
  refreshing ??= refreshTokens(current.refreshToken)
    .then((tokens) => {
      // Signed out (or in as someone else) while this was in flight: these tokens belong to nobody now.
      if (currentSession()?.refreshToken !== current.refreshToken) throw new SessionEndedError();
      const claims = readIdClaims(tokens.IdToken);
      const next = toSession({
        idToken: tokens.IdToken,
        accessToken: tokens.AccessToken,
        refreshToken: tokens.RefreshToken ?? current.refreshToken,
        expiresAt: expiryOf(tokens, claims),
      });
      store(next);
      return next;
    })
    .catch((error: unknown) => {
      // A refused refresh token (expired, revoked) ends the session; a network failure does not.
      if (error instanceof AuthError && error.code !== 'network') {
        endSession();
        throw new SessionEndedError();
      }
      throw error;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** A current ID token for the Authorization header, refreshed first when it is about to expire. */
export async function currentIdToken(): Promise<string> {
  const session = currentSession();
  if (!session) {
    endSession();
    throw new SessionEndedError();
  }
  if (session.expiresAt - Date.now() > REFRESH_MARGIN_MS) return session.idToken;
  return (await refreshSession()).idToken;
}

export function homeFor(role: Role | null): string {
  return role === 'practitioner' ? '/dashboard' : role === 'client' ? '/portal' : '/signin';
}

/** The sign-in page that fits where the user is: the portal has its own (same form, client wording). */
function signInPathFor(pathname: string): string {
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

/** Drops the tokens without navigating (an account with no role here). */
export function forgetSession(): void {
  store(null);
}

/**
 * Set while sign-out or session expiry is navigating to sign-in, so that layout guards (which see the session
 * disappear first) do not start a competing navigation that would lose the notice.
 */
let leaving = false;

async function leaveTo(target: string): Promise<void> {
  leaving = true;
  try {
    await goto(target, { replaceState: true });
  } finally {
    leaving = false;
  }
}

/**
 * Ends the session because it expired or the server refused the token: clears the tokens and sends the user to
 * sign-in with a notice, remembering the page (path and query only — never a fragment) to come back to.
 */
export function endSession(): void {
  store(null);
  if (leaving || typeof location === 'undefined') return;
  const here = location.pathname + location.search;
  if (here.startsWith('/signin') || here.startsWith('/portal/signin') || here.startsWith('/portal/accept')) return;
  void leaveTo(`${signInPathFor(location.pathname)}?ended=1&returnTo=${encodeURIComponent(here)}`);
}

/** Sign-out: forget the tokens here and revoke the refresh token at Cognito. */
export async function signOut(): Promise<void> {
  const session = currentSession();
  const where = signInPathFor(location.pathname);
  store(null);
  if (session?.refreshToken) void revokeRefreshToken(session.refreshToken);
  await leaveTo(`${where}?signedOut=1`);
}

/**
 * Layout guard: true when the signed-in user has `role`. Otherwise navigates away — to sign-in (coming back here
 * afterwards) when nobody is signed in, or to the user's own area when they have the other role.
 */
export function guard(role: Role): boolean {
  const session = auth.session;
  if (session?.role === role) return true;
  if (leaving || typeof location === 'undefined') return false;
  if (!session) {
    const here = location.pathname + location.search;
    void goto(`${signInPathFor(location.pathname)}?returnTo=${encodeURIComponent(here)}`, { replaceState: true });
  } else {
    void goto(homeFor(session.role), { replaceState: true });
  }
  return false;
}
