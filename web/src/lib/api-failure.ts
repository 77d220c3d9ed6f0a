/**
 * A failed API call, carrying the contract's error body (`{ error: { code, message, details? } }`). In its own
 * module so that pure form code can recognise it without pulling in the session (`api.ts` re-exports it).
 */
import type { ErrorDetail } from '$shared/errors';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    /** The contract's error code, or `network` when the server could not be reached. */
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}
