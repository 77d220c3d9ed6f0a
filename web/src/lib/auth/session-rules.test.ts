import { describe, expect, it } from 'vitest';
import {
  endedSessionTarget,
  expiryOf,
  guardTarget,
  homeFor,
  needsRefresh,
  REFRESH_MARGIN_MS,
  safeReturnTo,
  signInPathFor,
} from './session-rules';

describe('where each role lives', () => {
  it.each([
    ['practitioner', '/dashboard'],
    ['client', '/portal'],
    [null, '/signin'],
  ] as const)('%s → %s', (role, home) => expect(homeFor(role)).toBe(home));

  it.each([
    ['/portal/billing', '/portal/signin'],
    ['/portal', '/portal/signin'],
    ['/dashboard/clients', '/signin'],
    ['/', '/signin'],
  ])('signing in again from %s happens on %s', (path, signIn) => expect(signInPathFor(path)).toBe(signIn));
});

describe('returnTo is followed only into the signed-in role’s own area', () => {
  it.each([
    ['/dashboard/clients/abc?tab=billing', 'practitioner', '/dashboard/clients/abc?tab=billing'],
    ['/dashboard', 'practitioner', '/dashboard'],
    ['/dashboard?x=1', 'practitioner', '/dashboard?x=1'],
    ['/portal/billing/add?from=intake', 'client', '/portal/billing/add?from=intake'],
    [null, 'client', '/portal'],
    ['', 'practitioner', '/dashboard'],
    ['https://evil.example/dashboard', 'practitioner', '/dashboard'],
    ['//evil.example/dashboard', 'practitioner', '/dashboard'],
    ['/\\evil.example', 'practitioner', '/dashboard'],
    ['/portal/billing', 'practitioner', '/dashboard'],
    ['/dashboard/clients', 'client', '/portal'],
    ['/dashboardx', 'practitioner', '/dashboard'],
    ['/portal/signin?returnTo=/portal', 'client', '/portal'],
    ['/portal/accept', 'client', '/portal'],
  ] as const)('%s as %s → %s', (value, role, target) => expect(safeReturnTo(value, role)).toBe(target));
});

describe('token lifetime', () => {
  const now = Date.UTC(2024, 0, 1, 12, 0, 0);

  it('the token’s exp claim when Cognito gives no ExpiresIn (cognito-local)', () => {
    expect(expiryOf({}, { exp: now / 1000 + 3600 }, now)).toBe(now + 3_600_000);
  });

  it('the sooner of exp and ExpiresIn', () => {
    expect(expiryOf({ ExpiresIn: 600 }, { exp: now / 1000 + 3600 }, now)).toBe(now + 600_000);
    expect(expiryOf({ ExpiresIn: 7200 }, { exp: now / 1000 + 3600 }, now)).toBe(now + 3_600_000);
  });

  it('five minutes when neither says', () => {
    expect(expiryOf({}, { exp: 0 }, now)).toBe(now + 300_000);
  });

  it.each([
    [10 * 60_000, false],
    [REFRESH_MARGIN_MS + 1, false],
    [REFRESH_MARGIN_MS, true],
    [30_000, true],
    [-1, true],
  ])('a token with %i ms left is refreshed first: %s', (left, refresh) => {
    expect(needsRefresh(now + left, now)).toBe(refresh);
  });
});

describe('the end of a session', () => {
  it.each([
    ['/dashboard/clients/abc', '?tab=billing', '/signin?ended=1&returnTo=%2Fdashboard%2Fclients%2Fabc%3Ftab%3Dbilling'],
    ['/portal/billing', '', '/portal/signin?ended=1&returnTo=%2Fportal%2Fbilling'],
    ['/signin', '?returnTo=%2Fdashboard', null],
    ['/portal/signin', '', null],
    ['/portal/accept', '', null],
  ])('ending it on %s%s goes to %s', (path, search, target) => expect(endedSessionTarget(path, search)).toBe(target));
});

describe('the layout guard', () => {
  it.each([
    ['practitioner', { role: 'practitioner' }, '/dashboard/payers', '', null],
    ['practitioner', null, '/dashboard/payers', '?x=1', '/signin?returnTo=%2Fdashboard%2Fpayers%3Fx%3D1'],
    ['client', null, '/portal/billing', '', '/portal/signin?returnTo=%2Fportal%2Fbilling'],
    ['practitioner', { role: 'client' }, '/dashboard', '', '/portal'],
    ['client', { role: 'practitioner' }, '/portal', '', '/dashboard'],
    ['client', { role: null }, '/portal', '', '/signin'],
  ] as const)('a %s page, session %o, at %s%s → %s', (role, session, path, search, target) => {
    expect(guardTarget(role, session, path, search)).toBe(target);
  });
});
