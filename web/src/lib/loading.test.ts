import { describe, expect, it } from 'vitest';
import { ApiFailure } from './api-failure';
import { failedLoadState } from './loading';

class SessionEnded extends Error {}
const sessionEnded = (error: unknown) => error instanceof SessionEnded;
const notFound = new ApiFailure(404, 'not_found', 'Not found');
const collectionOff = new ApiFailure(403, 'insurance_collection_disabled', 'Off');
const offHandled = (error: unknown) => error instanceof ApiFailure && error.code === 'insurance_collection_disabled';

describe('what a page shows after its load failed', () => {
  it.each([
    ['the session ended: nothing (sign-in is on its way)', new SessionEnded(), {}, null],
    ['a server error: the error with Try again', new ApiFailure(500, 'internal', 'The server had a problem.'), {}, 'error'],
    ['a network failure: the error with Try again', new ApiFailure(0, 'network', 'We could not reach the server.'), {}, 'error'],
    ['any other exception: the error', new TypeError('x is undefined'), {}, 'error'],
    ['not found, on a page with a missing state', notFound, { missingOnNotFound: true }, 'missing'],
    ['not found, on a page without one', notFound, {}, 'error'],
    ['an error the page handles itself', collectionOff, { handled: offHandled }, null],
    ['an error the page does not handle', notFound, { handled: offHandled }, 'error'],
  ] as const)('%s', (_name, error, rules, state) => {
    expect(failedLoadState(error, rules, sessionEnded)).toBe(state);
  });
});
