/**
 * The answers of the HTTP contract that are not a bare resource: list envelopes, upload forms,
 * download links, and the error body every route can answer. The route table names them (`response`), and the
 * OpenAPI document (functions/openapi) is generated from them; no function bundles this file.
 *
 * Not re-exported by `shared/schemas.ts`, so that the web, which imports that module, does not carry them.
 */
import * as z from 'zod/mini';
import { ERROR_STATUS, type ErrorCode } from '../errors.ts';
import { reviewReasonValues } from '../constants.ts';
import { auditEvent, claim, claimExport, client, clientListItem, payer, policy } from './resources.ts';
import { practitioner } from './team.ts';

export const errorBody = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    /** For people; wording may change. Programs read `code` (and `details[].path`). */
    message: z.string(),
    details: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
  }),
});

export const healthAnswer = z.object({ ok: z.literal(true) });

/** `GET /api/openapi.json`: an OpenAPI 3.1 document (described by the OpenAPI specification itself). */
export const openApiDocumentAnswer = z.looseObject({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }) });

export const acceptInvitationAnswer = z.object({ email: z.string() });
export const invitationCheck = z.object({ status: z.literal('usable'), expiresAt: z.string() });
export const invitationSent = z.object({ invitedAt: z.string(), expiresAt: z.string() });

export const uploadForm = z.object({
  attachmentId: z.string(),
  /** A pre-signed S3 POST: send the file as multipart/form-data to `url` with every field, the file last. */
  upload: z.object({ url: z.string(), fields: z.record(z.string(), z.string()) }),
  expiresAt: z.string(),
});
export const downloadUrl = z.object({ url: z.string(), expiresAt: z.string() });

const clientName = z.object({ clientId: z.string(), firstName: z.string(), lastName: z.string() });

export const payerList = z.object({ items: z.array(payer) });
/** Each client with its list columns (last activity, the Primary in force today, its review state). */
export const clientPage = z.object({ items: z.array(clientListItem), nextCursor: z.nullable(z.string()) });
/** `?format=fhir` answers a FHIR R4 Bundle of Coverage resources instead. */
export const policyList = z.object({ items: z.array(policy) });
export const claimList = z.object({ items: z.array(claim) });
/** Claims across clients: each with its client's name, newest date of service first. */
export const claimsPage = z.object({
  items: z.array(z.extend(claim, { client: clientName })),
  nextCursor: z.nullable(z.string()),
});
/**
 * `GET …/claims/{claimId}/readiness`: every problem that would keep the claim out of an 837P (the paths of
 * exportProblems: `billing.*`, `client.*`, `policy.*`, `payer.*`, `otherCoverage.*`, `renderingPractitioner*`,
 * `placeOfService`, `dateOfService`, `serviceLines.<n>.<field>`, `diagnosisCodes[.n]`). An exported claim is ready.
 */
export const claimReadiness = z.object({
  ready: z.boolean(),
  problems: z.array(z.object({ path: z.string(), message: z.string() })),
});
/** An 837P export and the interchange text itself (X12, `~`-terminated segments). */
export const claimExportWithContent = z.extend(claimExport, { content: z.string() });
export const auditEventList = z.object({ items: z.array(auditEvent) });
export const teamList = z.object({ items: z.array(practitioner) });
export const needsPayerList = z.object({ items: z.array(z.object({ client: clientName, policy })) });
/** `GET /api/review/queue`: every policy with a review reason, oldest first; the navigation count is its length. */
export const reviewQueueList = z.object({
  items: z.array(z.object({ client: clientName, policy, reasons: z.array(z.enum(reviewReasonValues)) })),
});
export const portalPayerList = z.object({
  items: z.array(z.object({ payerId: z.string(), name: z.string(), score: z.optional(z.number()) })),
});

/** In AWS, API Gateway's JWT authorizer answers a missing or invalid token itself, before any function runs. */
export const gatewayUnauthorized = z.object({ message: z.literal('Unauthorized') });
