/** Claims: service lines, diagnoses, the claim request and the coverage query. */
import * as z from 'zod/mini';
import {
  isValidPlaceOfService,
  MAX_DIAGNOSIS_CODES,
  MAX_DIAGNOSIS_POINTERS,
  MAX_MODIFIERS,
  MODIFIER_PATTERN,
} from '../billing-identifiers.ts';
import { cents, codeMatching, entityId, intBetween, isoDate, version } from './base.ts';

export const modifier = codeMatching(MODIFIER_PATTERN, 'Not a modifier (two letters or digits)');

const distinct = (message: string) =>
  z.refine((values: unknown) => new Set(values as unknown[]).size === (values as unknown[]).length, message);

export const serviceLine = z.strictObject({
  /** CPT (5 digits, or 4 digits + F/T/U for category II/III and PLA codes) or HCPCS Level II (letter + 4 digits). */
  procedureCode: codeMatching(/^(\d{5}|\d{4}[FTU]|[A-V]\d{4})$/, 'Not a CPT or HCPCS code'),
  /** SV101-3…6; a line written before modifiers existed has none. */
  modifiers: z._default(
    z.array(modifier).check(z.maxLength(MAX_MODIFIERS, `At most ${MAX_MODIFIERS} modifiers`), distinct('A modifier is repeated')),
    [],
  ),
  units: intBetween(1, 999),
  chargeCents: cents,
  /** SV107: 1-based positions in the claim's diagnosis codes; whether they point at a code is readiness's question. */
  diagnosisPointers: z._default(
    z
      .array(intBetween(1, MAX_DIAGNOSIS_CODES))
      .check(
        z.maxLength(MAX_DIAGNOSIS_POINTERS, `At most ${MAX_DIAGNOSIS_POINTERS} diagnosis pointers`),
        distinct('A pointer is repeated'),
      ),
    [],
  ),
});

export const placeOfService = z
  .string()
  .check(z.trim(), z.refine(isValidPlaceOfService, 'Not a CMS place-of-service code (e.g. 11 office, 02 or 10 telehealth)'));

/** ICD-10-CM: letter, digit, alphanumeric, then optionally a dot and 1–4 more characters (e.g. F41.1, Z00.00). */
export const diagnosisCode = codeMatching(/^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/, 'Not an ICD-10-CM code');

/**
 * Coordination of benefits: what the payer that paid first (the client's Primary) decided, from its remittance
 * (835), for a claim sent to the next payer. Claim adjustment group codes: CO contractual, CR correction, OA
 * other, PI payer initiated, PR patient responsibility; reason codes are the CARC list (e.g. 45, 1, 2, 3).
 * Amounts are cents; an adjustment may be negative (a reversal), as CAS allows.
 */
export const claimAdjustment = z.strictObject({
  groupCode: z.enum(['CO', 'CR', 'OA', 'PI', 'PR']),
  reasonCode: codeMatching(/^[A-Z0-9]{1,5}$/, 'Not a claim adjustment reason code'),
  amountCents: intBetween(-100_000_000, 100_000_000),
});
const adjustments = z._default(z.array(claimAdjustment).check(z.maxLength(30, 'At most 30 adjustments')), []);

/**
 * The primary's adjudication on a secondary claim (837P 2320 AMT*D and CAS; 2430 SVD/CAS/DTP*573 per line when
 * `lines` is given, one per service line in order; otherwise 2330B DTP*573). Whether it balances against the
 * charges is readiness's question.
 */
export const primaryAdjudication = z.strictObject({
  /** What the primary paid for the whole claim. */
  paidCents: cents,
  /** When the primary adjudicated the claim (its remittance date). */
  paidDate: isoDate,
  /** Claim-level adjustments. */
  adjustments,
  /** Line-level adjudication, one per service line; empty: the primary adjudicated the claim as a whole. */
  lines: z._default(z.array(z.strictObject({ paidCents: cents, adjustments })).check(z.maxLength(50, 'At most 50 lines')), []),
});

const serviceLines = z.array(serviceLine).check(z.maxLength(50, 'At most 50 service lines'));
const diagnosisCodes = z.array(diagnosisCode).check(z.maxLength(MAX_DIAGNOSIS_CODES, `At most ${MAX_DIAGNOSIS_CODES} diagnosis codes`));

export const createClaimRequest = z.strictObject({
  dateOfService: isoDate,
  policyId: entityId,
  serviceLines,
  diagnosisCodes,
  placeOfService: z.optional(z.nullable(placeOfService)),
  /** The userId of the practitioner who rendered the service (a member of the practice's team). */
  renderingPractitionerId: z.optional(z.nullable(entityId)),
  /** Only for a claim on a Secondary (or other) policy, once the Primary has paid. */
  primaryAdjudication: z.optional(z.nullable(primaryAdjudication)),
});

/** PATCH on a draft: any claim field, with the version the author saw. */
export const updateClaimRequest = z.strictObject({
  dateOfService: z.optional(isoDate),
  policyId: z.optional(entityId),
  serviceLines: z.optional(serviceLines),
  diagnosisCodes: z.optional(diagnosisCodes),
  placeOfService: z.optional(z.nullable(placeOfService)),
  renderingPractitionerId: z.optional(z.nullable(entityId)),
  primaryAdjudication: z.optional(z.nullable(primaryAdjudication)),
  version,
});

export const claimStatusValues = ['draft', 'submitted', 'exported'] as const;

/** The claims across clients: status and date-of-service filters, a cursor, a page size. */
export const listAllClaimsQuery = z.object({
  status: z.optional(z.enum(claimStatusValues)),
  from: z.optional(isoDate),
  to: z.optional(isoDate),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
});

/**
 * One export is one DynamoDB transaction (all or nothing), and a transaction holds at most 100 items: each
 * claim takes two (its update and its audit event); the export, the control-number counter and the practice's
 * audit event three more. More claims go out as several exports, each with its own control number.
 */
export const MAX_CLAIMS_PER_EXPORT = 48;

export const createClaimExportRequest = z.strictObject({
  claimIds: z
    .array(entityId)
    .check(
      z.minLength(1, 'Choose at least one claim'),
      z.maxLength(MAX_CLAIMS_PER_EXPORT, `At most ${MAX_CLAIMS_PER_EXPORT} claims per export`),
      distinct('A claim is listed twice'),
    ),
});

export const coverageQuery = z.strictObject({ dateOfService: isoDate });

export type ServiceLine = z.infer<typeof serviceLine>;
/** A line as written before modifiers and pointers existed (or as a form sends it): both may be absent. */
export type ServiceLineInput = z.input<typeof serviceLine>;

/** A stored or typed line with the schema's defaults for what it lacks (no modifiers, no pointers), unvalidated. */
export function withLineDefaults(line: ServiceLineInput): ServiceLine {
  return {
    procedureCode: line.procedureCode,
    modifiers: line.modifiers ?? [],
    units: line.units,
    chargeCents: line.chargeCents,
    diagnosisPointers: line.diagnosisPointers ?? [],
  };
}
export type CreateClaimRequest = z.infer<typeof createClaimRequest>;
export type UpdateClaimRequest = z.infer<typeof updateClaimRequest>;
export type PrimaryAdjudication = z.infer<typeof primaryAdjudication>;
/** As a request or an older record may carry it: `adjustments` and `lines` may be absent. */
export type PrimaryAdjudicationInput = z.input<typeof primaryAdjudication>;
export type ListAllClaimsQuery = z.infer<typeof listAllClaimsQuery>;
