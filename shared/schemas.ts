/**
 * Every request and response shape of the HTTP contract (DESIGN.md §3), as zod schemas. Handlers validate
 * with them, the web validates its forms with them, and the types below are inferred from them, so a field
 * is declared exactly once.
 *
 * Request bodies are strict: an unknown key is a 400, not silently dropped. That is how "a client cannot set
 * status, endDate after submission, or someone else's clientId" is enforced without a special case.
 */
// A namespace import lets bundlers drop what is not used (notably zod's locales, ~250 KB): see bench cold start.
import * as z from 'zod';
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

// The contract's example message for a missing field is "Required"; zod's default is wordier.
z.config({ customError: (issue) => (issue.input === undefined ? 'Required' : undefined) });


// ---------------------------------------------------------------- primitives

export const isoDate = z
  .string()
  .refine(isValidIsoDate, { message: 'Must be a calendar date as YYYY-MM-DD' });

const text = (max: number) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);
/** Optional free text: an empty string is treated as "not given". */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional();

export const personName = text(100);
export const email = z.string().trim().toLowerCase().max(254).pipe(z.email('Must be an email address'));
export const entityId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a valid id');
export const version = z.int().min(1).max(1_000_000_000);
export const cents = z.int().min(0).max(100_000_000);

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
  ediPayerId: z.string().nullable(),
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
  dateOfBirth: z.string().nullable(),
  insuranceCollection,
  collectInsurance: z.boolean(),
  portal: z.object({ status: z.enum(portalStatusValues), invitedAt: z.string().nullable() }),
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
  postalCode: z.string().trim().regex(/^[A-Za-z0-9 -]{3,10}$/, 'Not a postal code'),
});

export const subscriber = z.strictObject({
  firstName: personName,
  lastName: personName,
  dateOfBirth: isoDate,
  sex,
  address,
  phone: z.string().trim().regex(/^[0-9+()\-. ]{7,25}$/, 'Not a phone number').optional(),
});

export const payerSuggestion = z.object({ payerId: z.string(), name: z.string(), score: z.number() });

export const policyPayer = z.object({
  payerId: z.string().nullable(),
  name: z.string().nullable(),
  enteredName: z.string().nullable(),
});

export const payerMatch = z.object({
  state: z.enum(payerMatchStateValues),
  matchedBy: z.enum(matchedByValues).nullable(),
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
  insuranceType: insuranceType.nullable(),
  memberId: z.string().nullable(),
  groupNumber: z.string().nullable(),
  planName: z.string().nullable(),
  planId: z.string().nullable(),
  relationship,
  subscriber: z
    .object({
      firstName: z.string(),
      lastName: z.string(),
      dateOfBirth: z.string(),
      sex,
      address: z.object({
        line1: z.string(),
        line2: z.string().nullable().optional(),
        city: z.string(),
        state: z.string(),
        postalCode: z.string(),
      }),
      phone: z.string().optional(),
    })
    .nullable(),
  effectiveDate: z.string(),
  endDate: z.string().nullable(),
  copayCents: z.int().nullable(),
  deductibleCents: z.int().nullable(),
  employerOrSchool: z.string().nullable(),
  attachments: z.array(attachment),
  clientEntered: z.record(z.string(), z.unknown()).nullable(),
  reviewed: z.boolean(),
  reviewedAt: z.string().nullable(),
  createdAt: z.string(),
  createdBy: actor,
  updatedAt: z.string(),
  version: z.int(),
});

export const serviceLine = z.strictObject({
  /** CPT (5 digits, or 4 digits + F/T/U for category II/III and PLA codes) or HCPCS Level II (letter + 4 digits). */
  procedureCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^(\d{5}|\d{4}[FTU]|[A-V]\d{4})$/, 'Not a CPT or HCPCS code'),
  units: z.int().min(1).max(999),
  chargeCents: cents,
});

/** ICD-10-CM: letter, digit, alphanumeric, then optionally a dot and 1–4 more characters (e.g. F41.1, Z00.00). */
export const diagnosisCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/, 'Not an ICD-10-CM code');

export const claim = z.object({
  claimId: z.string(),
  clientId: z.string(),
  dateOfService: z.string(),
  policyId: z.string(),
  status: z.enum(['draft', 'submitted']),
  serviceLines: z.array(serviceLine),
  diagnosisCodes: z.array(z.string()),
  warnings: z.array(z.string()),
  submittedAt: z.string().nullable(),
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

export const updateSettingsRequest = z.strictObject({ collectInsurance: z.boolean(), cardImages, version });

export const payerName = text(120);
export const ediPayerId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{2,15}$/, 'Not an EDI payer ID')
  .nullable();
export const aliasList = z.array(text(120)).max(50, 'At most 50 aliases');

export const createPayerRequest = z.strictObject({
  name: payerName,
  ediPayerId: ediPayerId.optional(),
  aliases: aliasList.optional(),
});

export const updatePayerRequest = z.strictObject({
  name: payerName.optional(),
  ediPayerId: ediPayerId.optional(),
  aliases: aliasList.optional(),
  active: z.boolean().optional(),
  version,
});

export const createClientRequest = z.strictObject({
  firstName: personName,
  lastName: personName,
  email,
  dateOfBirth: isoDate.nullable().optional(),
});

export const updateClientRequest = z.strictObject({
  firstName: personName.optional(),
  lastName: personName.optional(),
  email: email.optional(),
  dateOfBirth: isoDate.nullable().optional(),
  insuranceCollection: insuranceCollection.optional(),
  version,
});

export const sendInvitationRequest = z.strictObject({ insuranceCollection: insuranceCollection.optional() });

/**
 * The user pool's password policy, checked here too so that the portal can say exactly what is missing
 * before Cognito is asked (and so the rule holds the same way against cognito-local, which does not enforce it).
 */
export const portalPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters`)
  .max(256, 'At most 256 characters')
  .refine((value) => /[a-z]/.test(value), 'Include a lower-case letter')
  .refine((value) => /[A-Z]/.test(value), 'Include an upper-case letter')
  .refine((value) => /[0-9]/.test(value), 'Include a number')
  .refine((value) => /[^A-Za-z0-9]/.test(value), 'Include a symbol');

export const acceptInvitationRequest = z.strictObject({
  token: z.string().min(16).max(200),
  password: portalPassword,
});

export const createUploadRequest = z.strictObject({
  fileName: z.string().trim().min(1).max(255),
  contentType: uploadContentType,
  size: z.int().min(MIN_UPLOAD_BYTES).max(MAX_UPLOAD_BYTES, 'Files may be at most 10 MiB'),
  side: attachmentSide,
});

export const attachmentIds = z.array(entityId).max(10, 'At most 10 attachments');

const memberId = optionalText(50);
const policyTextFields = {
  insuranceType: insuranceType.nullable().optional(),
  memberId,
  groupNumber: optionalText(50),
  planName: optionalText(120),
  relationship: relationship.optional(),
  subscriber: subscriber.nullable().optional(),
  effectiveDate: isoDate,
  endDate: isoDate.nullable().optional(),
  attachmentIds: attachmentIds.optional(),
};

function endNotBeforeEffective(value: { effectiveDate?: string; endDate?: string | null }, ctx: z.RefinementCtx) {
  if (value.effectiveDate && value.endDate && value.endDate < value.effectiveDate) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'End Date must be on or after the Effective Date' });
  }
}

export const createPortalPolicyRequest = z
  .strictObject({
    priority: z.enum(['primary', 'secondary']),
    payerId: entityId.optional(),
    payerName: optionalText(120),
    ...policyTextFields,
  })
  .superRefine((value, ctx) => {
    if (!value.payerId && !value.payerName) {
      ctx.addIssue({ code: 'custom', path: ['payerName'], message: 'Choose your insurance company or type its name' });
    }
    endNotBeforeEffective(value, ctx);
  });

const practiceOnlyFields = {
  planId: optionalText(50),
  copayCents: cents.nullable().optional(),
  deductibleCents: cents.nullable().optional(),
  employerOrSchool: optionalText(120),
};

export const createPracticePolicyRequest = z
  .strictObject({
    priority,
    status: policyStatus.optional(),
    payerId: entityId.nullable().optional(),
    payerName: optionalText(120),
    ...policyTextFields,
    ...practiceOnlyFields,
  })
  .superRefine(endNotBeforeEffective);

export const updatePolicyRequest = z
  .strictObject({
    priority: priority.optional(),
    status: policyStatus.optional(),
    payerId: entityId.nullable().optional(),
    ...policyTextFields,
    effectiveDate: isoDate.optional(),
    ...practiceOnlyFields,
    /** Marks the policy reviewed; the dashboard sends it with the review dialog's Save. */
    reviewed: z.boolean().optional(),
    version,
  })
  .superRefine(endNotBeforeEffective);

export const createClaimRequest = z.strictObject({
  dateOfService: isoDate,
  policyId: entityId,
  serviceLines: z.array(serviceLine).max(50),
  diagnosisCodes: z.array(diagnosisCode).max(12, 'At most 12 diagnosis codes'),
});

export const updateIntakeRequest = z.strictObject({ insurance: z.literal('skipped') });

export const coverageQuery = z.strictObject({ dateOfService: isoDate });

// Query strings (all values arrive as strings).
export const listPayersQuery = z.object({ includeInactive: z.enum(['true', 'false']).optional() });
export const listClientsQuery = z.object({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  /** Last-name prefix, case-insensitive. */
  q: z.string().max(100).optional(),
});
export const portalPayersQuery = z.object({ q: z.string().max(120).optional() });
export const listPoliciesQuery = z.object({ format: z.enum(['json', 'fhir']).optional() });

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
