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
import { clearAllDrafts } from '../drafts';
import { t } from '../i18n/i18n';
import { untrack } from 'svelte';
import { AuthError, refreshTokens, revokeRefreshToken, type Tokens } from './cognito';
import { readIdClaims, roleOf, type IdClaims, type Role } from './jwt';
import { endedSessionTarget, expiryOf, guardTarget, needsRefresh, signInPathFor } from './session-rules';

export { homeFor, safeReturnTo } from './session-rules';

const STORAGE_KEY = 'portal-insurance.session';

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
    super(t('signin.ended'));
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
  if (!needsRefresh(session.expiresAt)) return session.idToken;
  return (await refreshSession()).idToken;
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
  const target = endedSessionTarget(location.pathname, location.search);
  if (target) void leaveTo(target);
}

/** Sign-out: forget the tokens here and revoke the refresh token at Cognito. */
export async function signOut(): Promise<void> {
  const session = currentSession();
  const where = signInPathFor(location.pathname);
  store(null);
  // Nothing typed survives a deliberate sign-out (an expired session keeps the tab's drafts for re-sign-in).
  clearAllDrafts();
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
  const target = guardTarget(role, session, location.pathname, location.search);
  if (target) void goto(target, { replaceState: true });
  return false;
}
