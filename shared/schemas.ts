/**
 * Every request and response shape of the HTTP API, as zod schemas. Handlers validate
 * with them, the web validates its forms with them, and the types are inferred from them, so a field is
 * declared exactly once. Defined by area under `schemas/`; this module gathers them all.
 *
 * Request bodies are strict: an unknown key is a 400, not silently dropped. That is how "a client cannot set
 * status, endDate after submission, or someone else's clientId" is enforced without a special case.
 */
export * from './constants.ts';
export * from './schemas/base.ts';
export * from './schemas/chart.ts';
export * from './schemas/claims.ts';
export * from './schemas/clients.ts';
export * from './schemas/policies.ts';
export * from './schemas/portal.ts';
export * from './schemas/practice.ts';
export * from './schemas/resources.ts';
export * from './schemas/team.ts';
