/**
 * The HTTP contract's promises about every answer, as checks the authorization matrix, the fuzz
 * tests and the fault tests share: a success is a 2xx JSON value (a 204 has no body; a PDF route answers a PDF); anything else is exactly
 * `{ error: { code, message, details? } }` with the status the contract assigns to that code.
 */
import { expect } from 'vitest';
import { ERROR_STATUS, type ErrorCode } from '../../shared/errors.ts';
import type { ApiResponse } from './api.ts';

/** Why this answer breaks the contract, or undefined when it keeps it. */
export function contractViolation(response: ApiResponse): string | undefined {
  const { status, body } = response;
  if (status === 204) return body === undefined || body === '' ? undefined : 'a 204 with a body';
  // A file route (the CMS-1500) answers its own content type; the matrix only needs to know it is that file.
  if (status === 200 && response.headers?.get('content-type') === 'application/pdf') return undefined;
  if (status >= 200 && status < 300) {
    return body === undefined || typeof body === 'string' ? `a ${status} without a JSON body` : undefined;
  }
  if (typeof body !== 'object' || body === null) return `a ${status} whose body is not a JSON object: ${String(body).slice(0, 120)}`;
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== 'error') return `a ${status} whose body has keys ${JSON.stringify(keys)} instead of just "error"`;
  const error = (body as { error: unknown }).error as Record<string, unknown> | null;
  if (typeof error !== 'object' || error === null) return `a ${status} whose "error" is not an object`;
  const extra = Object.keys(error).filter((key) => !['code', 'message', 'details'].includes(key));
  if (extra.length) return `a ${status} whose error carries ${JSON.stringify(extra)} beyond code, message and details`;
  if (typeof error.code !== 'string' || !(error.code in ERROR_STATUS))
    return `a ${status} with an error code outside the contract: ${JSON.stringify(error.code)}`;
  if (ERROR_STATUS[error.code as ErrorCode] !== status)
    return `code ${error.code} belongs with ${ERROR_STATUS[error.code as ErrorCode]}, but the status was ${status}`;
  if (typeof error.message !== 'string' || error.message === '') return `a ${status} without a message`;
  if (error.details !== undefined) {
    const wellFormed =
      Array.isArray(error.details) &&
      error.details.every(
        (detail: unknown) =>
          typeof detail === 'object' &&
          detail !== null &&
          typeof (detail as { path?: unknown }).path === 'string' &&
          typeof (detail as { message?: unknown }).message === 'string',
      );
    if (!wellFormed) return `a ${status} whose details are not [{ path, message }]`;
  }
  return undefined;
}

/** A contract-shaped answer that is not a server error: what every request, however malformed, must get. */
export function expectNoServerError(response: ApiResponse, context = ''): void {
  const prefix = context ? `${context}: ` : '';
  expect(contractViolation(response), `${prefix}answer breaks the contract`).toBeUndefined();
  expect(response.status, `${prefix}server error ${JSON.stringify(response.body)}`).toBeLessThan(500);
}

/** A contract-shaped error with this status (and code, when given). */
export function expectContractError(response: ApiResponse, status: number, code?: ErrorCode, context = ''): void {
  const prefix = context ? `${context}: ` : '';
  expect(contractViolation(response), `${prefix}answer breaks the contract`).toBeUndefined();
  expect(response.status, `${prefix}${JSON.stringify(response.body)}`).toBe(status);
  if (code) expect(response.body.error.code, prefix).toBe(code);
}
