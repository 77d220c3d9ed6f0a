import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one structured logger. What may be logged: route ids, status codes, durations, error codes and
 * classes, opaque ids (clientId, policyId). What may never be logged: request or response bodies, item
 * contents, names, dates of birth, member IDs, addresses, file names — the PHI test greps the runtime's
 * logs for seeded values of each.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'portal-insurance',
  logLevel: (process.env.POWERTOOLS_LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
});
