import { ApiError } from '../../shared/errors.ts';

/** Error names the AWS SDK uses when a service is overloaded or unreachable: retrying later can succeed. */
const TRANSIENT_ERROR_NAMES = new Set([
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'InternalFailure',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TransactionInProgressException',
  // functions/data/table-io.ts: a transaction that lost a race nobody retried; trying again can succeed.
  'TransactionConflict',
]);

const TRANSIENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Maps anything thrown while handling a request to the contract's error. Only ApiErrors carry their own
 * message to the caller; everything else becomes a generic 503 (transient) or 500 with no internals.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isTransient(error)) return new ApiError('unavailable', 'The service is temporarily unavailable; try again shortly');
  return new ApiError('internal', 'Something went wrong on our side');
}

function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const candidate = error as Error & { code?: string; $metadata?: { httpStatusCode?: number }; cause?: unknown };
  if (TRANSIENT_ERROR_NAMES.has(candidate.name)) return true;
  if (candidate.code && TRANSIENT_NETWORK_CODES.has(candidate.code)) return true;
  const status = candidate.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  return candidate.cause !== undefined && isTransient(candidate.cause);
}
