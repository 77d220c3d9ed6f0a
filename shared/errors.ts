import type { core } from 'zod';

/**
 * The contract's error codes and the one error class every layer throws. The HTTP error middleware
 * (functions/http) is the only place that turns these into responses; the web reads the same shape.
 */

export const ERROR_STATUS = {
  invalid_json: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  insurance_collection_disabled: 403,
  not_found: 404,
  version_conflict: 409,
  conflict: 409,
  invitation_expired: 410,
  payload_too_large: 413,
  upload_rejected: 422,
  claim_not_ready: 422,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetail[] };
}

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = ERROR_STATUS[code];
  }

  toBody(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) },
    };
  }
}

export const notFound = (what: string) => new ApiError('not_found', `${what} not found`);
export const versionConflict = (what: string) =>
  new ApiError('version_conflict', `${what} was changed by someone else; reload and try again`);

/** Type guard for an error body coming back over HTTP (used by the web and by tests). */
export function isErrorBody(value: unknown): value is ErrorBody {
  const error = (value as ErrorBody | null)?.error;
  return typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string';
}

/**
 * Zod issues as the contract's error details (`path` dotted, e.g. `subscriber.address.city`). Here rather than
 * beside the schemas so that a route without a body or query schema does not load zod at all.
 */
export function issuesToDetails(issues: readonly core.$ZodIssue[], prefix = ''): ErrorDetail[] {
  return issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}
