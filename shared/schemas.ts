/**
 * Every request and response shape of the HTTP contract (DESIGN.md §3), as zod schemas. Handlers validate
 * with them, the web validates its forms with them, and the types below are inferred from them, so a field
 * is declared exactly once.
 *
 * Request bodies are strict: an unknown key is a 400, not silently dropped. That is how "a client cannot set
 * status, endDate after submission, or someone else's clientId" is enforced without a special case.
 */
// zod/mini: the same validation as classic zod in a fraction of the code (every function bundles these
// schemas; classic zod cost each ~97 KB and put the cold-start targets out of reach — see `npm run bench`).
// Only the English messages are loaded, not every locale.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import {
  cardImagesValues,
  insuranceCollectionValues,
  priorityValues,
  policyStatusValues,
  insuranceTypeValues,
  relationshipValues,
  sexValues,
  attachmentSideValues,
  payerMatchStateValues,
  matchedByValues,
  actorKindValues,
  uploadContentTypes,
  MAX_UPLOAD_BYTES,
  MIN_UPLOAD_BYTES,
  PRESIGN_SECONDS,
  ABANDONED_UPLOAD_SECONDS,
  PASSWORD_MIN_LENGTH,
} from './constants.ts';
import { isValidIsoDate } from './dates.ts';

export * from './constants.ts';

z.config(en());
// The contract's example message for a missing field is "Required"; zod's default is wordier.
z.config({ customError: (issue) => (issue.input === undefined ? 'Required' : undefined) });


// ---------------------------------------------------------------- primitives

export const isoDate = z.string().check(z.refine(isValidIsoDate, 'Must be a calendar date as YYYY-MM-DD'));

const text = (max: number) => z.string().check(z.trim(), z.minLength(1, 'Required'), z.maxLength(max, `At most ${max} characters`));
/** Optional free text: an empty string is treated as "not given". */
const optionalText = (max: number) =>
  z.optional(
    z.nullable(
      z.pipe(
        z.string().check(z.trim(), z.maxLength(max, `At most ${max} characters`)),
        z.transform((value: string) => (value === '' ? null : value)),
      ),
    ),
  );
const trimmedMatching = (pattern: RegExp, message: string) => z.string().check(z.trim(), z.regex(pattern, message));
const codeMatching = (pattern: RegExp, message: string) => z.string().check(z.trim(), z.toUpperCase(), z.regex(pattern, message));
const intBetween = (min: number, max: number, maxMessage?: string) => z.int().check(z.minimum(min), z.maximum(max, maxMessage));

export const personName = text(100);
export const email = z.pipe(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)), z.email('Must be an email address'));
export const entityId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a valid id'));
export const version = intBetween(1, 1_000_000_000);
export const cents = intBetween(0, 100_000_000);

// ---------------------------------------------------------------- enumerations (values in constants.ts)

export const cardImages = z.enum(cardImagesValues);
export const insuranceCollection = z.enum(insuranceCollectionValues);
export const priority = z.enum(priorityValues);
export const policyStatus = z.enum(policyStatusValues);
export const insuranceType = z.enum(insuranceTypeValues);
export const relationship = z.enum(relationshipValues);
export const sex = z.enum(sexValues);
export const attachmentSide = z.enum(attachmentSideValues);
export const uploadContentType = z.enum(uploadContentTypes);

// ---------------------------------------------------------------- resources (responses)

export const actor = z.object({ kind: z.enum(actorKindValues), id: z.string() });

export const settings = z.object({
  collectInsurance: z.boolean(),
  cardImages,
  version: z.int(),
});

export const payer = z.object({
  payerId: z.string(),
  name: z.string(),
  ediPayerId: z.nullable(z.string()),
  aliases: z.array(z.string()),
  active: z.boolean(),
  version: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const portalStatusValues = ['not_invited', 'invited', 'active'] as const;
export const client = z.object({
  clientId: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  dateOfBirth: z.nullable(z.string()),
  insuranceCollection,
  collectInsurance: z.boolean(),
  portal: z.object({ status: z.enum(portalStatusValues), invitedAt: z.nullable(z.string()) }),
  version: z.int(),
});

export const attachment = z.object({
  attachmentId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.int(),
  side: attachmentSide,
  uploadedAt: z.string(),
});

export const address = z.strictObject({
  line1: text(200),
  line2: optionalText(200),
  city: text(100),
  state: text(50),
  postalCode: trimmedMatching(/^[A-Za-z0-9 -]{3,10}$/, 'Not a postal code'),
});

export const subscriber = z.strictObject({
  firstName: personName,
  lastName: personName,
  dateOfBirth: isoDate,
  sex,
  address,
  phone: z.optional(trimmedMatching(/^[0-9+()\-. ]{7,25}$/, 'Not a phone number')),
});

export const payerSuggestion = z.object({ payerId: z.string(), name: z.string(), score: z.number() });

export const policyPayer = z.object({
  payerId: z.nullable(z.string()),
  name: z.nullable(z.string()),
  enteredName: z.nullable(z.string()),
});

export const payerMatch = z.object({
  state: z.enum(payerMatchStateValues),
  matchedBy: z.nullable(z.enum(matchedByValues)),
  suggestions: z.array(payerSuggestion),
});

export const policy = z.object({
  policyId: z.string(),
  clientId: z.string(),
  priority,
  status: policyStatus,
  source: z.enum(['client', 'practice']),
  payer: policyPayer,
  needsPayer: z.boolean(),
  payerMatch,
  insuranceType: z.nullable(insuranceType),
  memberId: z.nullable(z.string()),
  groupNumber: z.nullable(z.string()),
  planName: z.nullable(z.string()),
  planId: z.nullable(z.string()),
  relationship,
  subscriber: z.nullable(
    z.object({
      firstName: z.string(),
      lastName: z.string(),
      dateOfBirth: z.string(),
      sex,
      address: z.object({
        line1: z.string(),
        line2: z.optional(z.nullable(z.string())),
        city: z.string(),
        state: z.string(),
        postalCode: z.string(),
      }),
      phone: z.optional(z.string()),
    }),
  ),
  effectiveDate: z.string(),
  endDate: z.nullable(z.string()),
  copayCents: z.nullable(z.int()),
  deductibleCents: z.nullable(z.int()),
  employerOrSchool: z.nullable(z.string()),
  attachments: z.array(attachment),
  clientEntered: z.nullable(z.record(z.string(), z.unknown())),
  reviewed: z.boolean(),
  reviewedAt: z.nullable(z.string()),
  createdAt: z.string(),
  createdBy: actor,
  updatedAt: z.string(),
  version: z.int(),
});

export const serviceLine = z.strictObject({
  /** CPT (5 digits, or 4 digits + F/T/U for category II/III and PLA codes) or HCPCS Level II (letter + 4 digits). */
  procedureCode: codeMatching(/^(\d{5}|\d{4}[FTU]|[A-V]\d{4})$/, 'Not a CPT or HCPCS code'),
  units: intBetween(1, 999),
  chargeCents: cents,
});

/** ICD-10-CM: letter, digit, alphanumeric, then optionally a dot and 1–4 more characters (e.g. F41.1, Z00.00). */
export const diagnosisCode = codeMatching(/^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/, 'Not an ICD-10-CM code');

export const claim = z.object({
  claimId: z.string(),
  clientId: z.string(),
  dateOfService: z.string(),
  policyId: z.string(),
  status: z.enum(['draft', 'submitted']),
  serviceLines: z.array(serviceLine),
  diagnosisCodes: z.array(z.string()),
  warnings: z.array(z.string()),
  submittedAt: z.nullable(z.string()),
  version: z.int(),
  createdAt: z.string(),
});

export const auditEvent = z.object({
  eventId: z.string(),
  at: z.string(),
  actor,
  action: z.string(),
  entity: z.object({ type: z.string(), id: z.string() }),
  changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
});

export const portalMe = z.object({
  firstName: z.string(),
  lastName: z.string(),
  collectInsurance: z.boolean(),
  cardImages,
  intake: z.object({ insurance: z.enum(['pending', 'added', 'skipped']) }),
});

// ---------------------------------------------------------------- requests

export const updateSettingsRequest = z.strictObject({ collectInsurance: z.boolean(), cardImages, version: intBetween(0, 1_000_000_000) });

export const payerName = text(120);
export const ediPayerId = z.nullable(trimmedMatching(/^[A-Za-z0-9]{2,15}$/, 'Not an EDI payer ID'));
export const aliasList = z.array(text(120)).check(z.maxLength(40, 'At most 40 aliases'));

export const createPayerRequest = z.strictObject({
  name: payerName,
  ediPayerId: z.optional(ediPayerId),
  aliases: z.optional(aliasList),
});

export const updatePayerRequest = z.strictObject({
  name: z.optional(payerName),
  ediPayerId: z.optional(ediPayerId),
  aliases: z.optional(aliasList),
  active: z.optional(z.boolean()),
  version,
});

export const createClientRequest = z.strictObject({
  firstName: personName,
  lastName: personName,
  email,
  dateOfBirth: z.optional(z.nullable(isoDate)),
});

export const updateClientRequest = z.strictObject({
  firstName: z.optional(personName),
  lastName: z.optional(personName),
  email: z.optional(email),
  dateOfBirth: z.optional(z.nullable(isoDate)),
  insuranceCollection: z.optional(insuranceCollection),
  version,
});

/** The body is optional: no body means "keep the client's current setting". */
export const sendInvitationRequest = z.pipe(
  z.optional(z.strictObject({ insuranceCollection: z.optional(insuranceCollection) })),
  z.transform((body: { insuranceCollection?: InsuranceCollectionValue } | undefined) => body ?? {}),
);
type InsuranceCollectionValue = (typeof insuranceCollectionValues)[number];

/**
 * The user pool's password policy, checked here too so that the portal can say exactly what is missing
 * before Cognito is asked (and so the rule holds the same way against cognito-local, which does not enforce it).
 */
export const portalPassword = z.string().check(
  z.minLength(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters`),
  z.maxLength(256, 'At most 256 characters'),
  z.regex(/[a-z]/, 'Include a lower-case letter'),
  z.regex(/[A-Z]/, 'Include an upper-case letter'),
  z.regex(/[0-9]/, 'Include a number'),
  z.regex(/[^A-Za-z0-9]/, 'Include a symbol'),
);

export const acceptInvitationRequest = z.strictObject({
  token: z.string().check(z.minLength(16), z.maxLength(200)),
  password: portalPassword,
});

export const createUploadRequest = z.strictObject({
  fileName: z.string().check(z.trim(), z.minLength(1, 'Required'), z.maxLength(255, 'At most 255 characters')),
  contentType: uploadContentType,
  size: intBetween(MIN_UPLOAD_BYTES, MAX_UPLOAD_BYTES, 'Files may be at most 10 MiB'),
  side: attachmentSide,
});

export const attachmentIds = z.array(entityId).check(z.maxLength(10, 'At most 10 attachments'));

const policyTextFields = {
  insuranceType: z.optional(z.nullable(insuranceType)),
  memberId: optionalText(50),
  groupNumber: optionalText(50),
  planName: optionalText(120),
  relationship: z.optional(relationship),
  subscriber: z.optional(z.nullable(subscriber)),
  effectiveDate: isoDate,
  endDate: z.optional(z.nullable(isoDate)),
  attachmentIds: z.optional(attachmentIds),
};

const endNotBeforeEffective = z.superRefine((value: { effectiveDate?: string; endDate?: string | null }, ctx) => {
  if (value.effectiveDate && value.endDate && value.endDate < value.effectiveDate) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'End Date must be on or after the Effective Date', input: value.endDate });
  }
});

export const createPortalPolicyRequest = z
  .strictObject({
    priority: z.enum(['primary', 'secondary']),
    payerId: z.optional(entityId),
    payerName: optionalText(120),
    ...policyTextFields,
  })
  .check(
    z.superRefine((value, ctx) => {
      if (!value.payerId && !value.payerName) {
        ctx.addIssue({ code: 'custom', path: ['payerName'], message: 'Choose your insurance company or type its name', input: value.payerName });
      }
    }),
    endNotBeforeEffective,
  );

const practiceOnlyFields = {
  planId: optionalText(50),
  copayCents: z.optional(z.nullable(cents)),
  deductibleCents: z.optional(z.nullable(cents)),
  employerOrSchool: optionalText(120),
};

export const createPracticePolicyRequest = z
  .strictObject({
    priority,
    status: z.optional(policyStatus),
    payerId: z.optional(z.nullable(entityId)),
    payerName: optionalText(120),
    ...policyTextFields,
    ...practiceOnlyFields,
  })
  .check(endNotBeforeEffective);

export const updatePolicyRequest = z
  .strictObject({
    priority: z.optional(priority),
    status: z.optional(policyStatus),
    payerId: z.optional(z.nullable(entityId)),
    ...policyTextFields,
    effectiveDate: z.optional(isoDate),
    ...practiceOnlyFields,
    /** Marks the policy reviewed; the dashboard sends it with the review dialog's Save. */
    reviewed: z.optional(z.boolean()),
    version,
  })
  .check(endNotBeforeEffective);

export const createClaimRequest = z.strictObject({
  dateOfService: isoDate,
  policyId: entityId,
  serviceLines: z.array(serviceLine).check(z.maxLength(50, 'At most 50 service lines')),
  diagnosisCodes: z.array(diagnosisCode).check(z.maxLength(12, 'At most 12 diagnosis codes')),
});

export const updateIntakeRequest = z.strictObject({ insurance: z.literal('skipped') });

export const coverageQuery = z.strictObject({ dateOfService: isoDate });

// Query strings (all values arrive as strings).
export const listPayersQuery = z.object({ includeInactive: z.optional(z.enum(['true', 'false'])) });
export const listClientsQuery = z.object({
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  /** Last-name prefix, case-insensitive. */
  q: z.optional(z.string().check(z.maxLength(100))),
});
export const portalPayersQuery = z.object({ q: z.optional(z.string().check(z.maxLength(120))) });
export const listPoliciesQuery = z.object({ format: z.optional(z.enum(['json', 'fhir'])) });

// ---------------------------------------------------------------- inferred types

export type Settings = z.infer<typeof settings>;
export type Payer = z.infer<typeof payer>;
export type Client = z.infer<typeof client>;
export type Attachment = z.infer<typeof attachment>;
export type Policy = z.infer<typeof policy>;
export type Subscriber = z.infer<typeof subscriber>;
export type PayerSuggestion = z.infer<typeof payerSuggestion>;
export type PayerMatch = z.infer<typeof payerMatch>;
export type Claim = z.infer<typeof claim>;
export type ServiceLine = z.infer<typeof serviceLine>;
export type AuditEvent = z.infer<typeof auditEvent>;
export type Actor = z.infer<typeof actor>;
export type PortalMe = z.infer<typeof portalMe>;
export type InsuranceCollection = z.infer<typeof insuranceCollection>;
export type CardImages = z.infer<typeof cardImages>;
export type Priority = z.infer<typeof priority>;
export type InsuranceType = z.infer<typeof insuranceType>;
export type UploadContentType = (typeof uploadContentTypes)[number];

export type UpdateSettingsRequest = z.infer<typeof updateSettingsRequest>;
export type CreatePayerRequest = z.infer<typeof createPayerRequest>;
export type UpdatePayerRequest = z.infer<typeof updatePayerRequest>;
export type CreateClientRequest = z.infer<typeof createClientRequest>;
export type UpdateClientRequest = z.infer<typeof updateClientRequest>;
export type CreateUploadRequest = z.infer<typeof createUploadRequest>;
export type CreatePortalPolicyRequest = z.infer<typeof createPortalPolicyRequest>;
export type CreatePracticePolicyRequest = z.infer<typeof createPracticePolicyRequest>;
export type UpdatePolicyRequest = z.infer<typeof updatePolicyRequest>;
export type CreateClaimRequest = z.infer<typeof createClaimRequest>;
