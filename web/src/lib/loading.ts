/**
 * What a page shows after its load failed — the one rule every page and panel follows: the session ending is
 * no error (sign-in is already on its way), an error the page handles itself (the portal's "insurance is off")
 * shows nothing more, a `not_found` can be the page's own "missing" state, anything else is a message with
 * "Try again".
 */
import { ApiFailure } from './api-failure';

export type LoadState = 'loading' | 'ready' | 'error' | 'missing';

export interface LoadRules {
  /** True for errors the page has already dealt with (no error state). */
  handled?: (error: unknown) => boolean;
  /** A `not_found` answer is the page's "missing" state rather than an error. */
  missingOnNotFound?: boolean;
}

/** The state after a failed load, or null to leave the page as it is. */
export function failedLoadState(error: unknown, rules: LoadRules, isSessionEnded: (error: unknown) => boolean): LoadState | null {
  if (isSessionEnded(error) || rules.handled?.(error)) return null;
  if (rules.missingOnNotFound && error instanceof ApiFailure && error.code === 'not_found') return 'missing';
  return 'error';
}
