/**
 * The resources the API answers with (Settings, Payer, Client, Policy, Claim, …: every field the HTTP contract
 * names, none renamed or dropped). Functions use only their types; the web and the tests may validate answers
 * with them.
 */
import * as z from 'zod/mini';
import {
  actorKindValues,
  cardCheckVerdictValues,
  cardFieldValues,
  coverageStateValues,
  matchedByValues,
  payerMatchStateValues,
  readingStateValues,
  reviewReasonValues,
  type CardField,
} from '../constants.ts';
import {
  attachmentSide,
  cardImages,
  insuranceCollection,
  insuranceType,
  language,
  policyStatus,
  priority,
  relationship,
  sex,
} from './base.ts';
import { claimStatusValues, primaryAdjudication, serviceLine } from './claims.ts';
import { practitioner } from './team.ts';

/** One practitioner shape: the team's (team.ts), which claims read too. */
export { practitioner };

/** Who did it: `id` is stable (a practitioner's user id, a client's id); `name` is what people read (a practitioner's display name). */
export const actor = z.object({ kind: z.enum(actorKindValues), id: z.string(), name: z.optional(z.string()) });

const postalAddress = z.object({
  line1: z.string(),
  line2: z.optional(z.nullable(z.string())),
  city: z.string(),
  state: z.string(),
  postalCode: z.string(),
});

export const practiceProfileResource = z.object({
  name: z.string(),
  phone: z.nullable(z.string()),
  email: z.nullable(z.string()),
  address: z.nullable(postalAddress),
  timeZone: z.string(),
});

export const billingProfileResource = z.object({
  organizationName: z.string(),
  npi: z.string(),
  taxId: z.string(),
  taxonomyCode: z.string(),
  address: postalAddress,
  phone: z.string(),
  submitterId: z.optional(z.nullable(z.string())),
  receiverId: z.optional(z.nullable(z.string())),
  receiverName: z.optional(z.nullable(z.string())),
});

export const settings = z.object({
  collectInsurance: z.boolean(),
  cardImages,
  practice: practiceProfileResource,
  billing: z.nullable(billingProfileResource),
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
  phone: z.nullable(z.string()),
  address: z.nullable(postalAddress),
  insuranceCollection,
  collectInsurance: z.boolean(),
  portal: z.object({ status: z.enum(portalStatusValues), invitedAt: z.nullable(z.string()), revokedAt: z.nullable(z.string()) }),
  language,
  sexForClaims: z.nullable(sex),
  version: z.int(),
});

/**
 * An entry of `GET /api/clients` (the client list): the Client plus what the list's columns show — the
 * Primary in force at the practice's today, the review state, and the last change by a person.
 */
export const clientListItem = z.extend(client, {
  lastActivityAt: z.nullable(z.string()),
  insurance: z.object({
    activePrimary: z.nullable(
      z.object({ policyId: z.string(), payerName: z.nullable(z.string()), needsPayer: z.boolean(), overlap: z.boolean() }),
    ),
  }),
  review: z.object({ reasons: z.array(z.enum(reviewReasonValues)), policies: z.int() }),
});

export const attachment = z.object({
  attachmentId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.int(),
  side: attachmentSide,
  uploadedAt: z.string(),
  /** What OCR found on a card image; `pending` until the reader has run. */
  reading: z.object({
    state: z.enum(readingStateValues),
    fields: z.object(
      Object.fromEntries(cardFieldValues.map((field) => [field, z.optional(z.string())])) as Record<
        CardField,
        z.ZodMiniOptional<z.ZodMiniString>
      >,
    ),
    readAt: z.nullable(z.string()),
  }),
});

export const cardCheckEntry = z.object({
  field: z.enum(cardFieldValues),
  card: z.string(),
  policy: z.nullable(z.string()),
  verdict: z.enum(cardCheckVerdictValues),
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
  cardCheck: z.array(cardCheckEntry),
  clientEntered: z.nullable(z.record(z.string(), z.unknown())),
  reviewed: z.boolean(),
  reviewedAt: z.nullable(z.string()),
  createdAt: z.string(),
  createdBy: actor,
  updatedAt: z.string(),
  version: z.int(),
  /** At the practice's today (computed on every read). */
  coverageState: z.enum(coverageStateValues),
  /** Set when this Primary was ended automatically because that Primary was added (stored by the insert). */
  endedBy: z.nullable(z.object({ policyId: z.string(), at: z.string() })),
  /** Another active Primary covers one of its dates (computed on every read from the client's policies). */
  overlap: z.boolean(),
  /** Why the policy is in the Review queue (computed on every read; empty when it is not). */
  review: z.object({ reasons: z.array(z.enum(reviewReasonValues)) }),
});

export const claim = z.object({
  claimId: z.string(),
  clientId: z.string(),
  dateOfService: z.string(),
  policyId: z.string(),
  status: z.enum(claimStatusValues),
  serviceLines: z.array(serviceLine),
  diagnosisCodes: z.array(z.string()),
  placeOfService: z.nullable(z.string()),
  renderingPractitionerId: z.nullable(z.string()),
  /** The Primary's adjudication, for a secondary claim (coordination of benefits); null when not recorded. */
  primaryAdjudication: z.nullable(primaryAdjudication),
  warnings: z.array(z.string()),
  submittedAt: z.nullable(z.string()),
  exportId: z.nullable(z.string()),
  exportedAt: z.nullable(z.string()),
  version: z.int(),
  createdAt: z.string(),
});

export const claimExport = z.object({
  exportId: z.string(),
  format: z.literal('x12-837p'),
  claimIds: z.array(z.string()),
  interchangeControlNumber: z.string(),
  createdAt: z.string(),
  createdBy: actor,
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
  language,
  /** Who the client is dealing with: the portal header and every "contact your practice" note. */
  practice: z.object({ name: z.string(), phone: z.nullable(z.string()), email: z.nullable(z.string()) }),
});

export type Settings = z.infer<typeof settings>;
export type Payer = z.infer<typeof payer>;
export type Client = z.infer<typeof client>;
export type ClientListItem = z.infer<typeof clientListItem>;
export type Attachment = z.infer<typeof attachment>;
export type Policy = z.infer<typeof policy>;
export type PayerSuggestion = z.infer<typeof payerSuggestion>;
export type PayerMatch = z.infer<typeof payerMatch>;
export type Claim = z.infer<typeof claim>;
export type AuditEvent = z.infer<typeof auditEvent>;
export type Actor = z.infer<typeof actor>;
export type PortalMe = z.infer<typeof portalMe>;
export type ClaimExport = z.infer<typeof claimExport>;
export type ClaimStatus = (typeof claimStatusValues)[number];
