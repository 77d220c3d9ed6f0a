/**
 * Everything one claim needs to leave the building, gathered in one plain object: the billing provider (the
 * practice's billing profile), the rendering practitioner, the patient, the policy with its subscriber and
 * payer, the other coverage when this claim is a secondary one, and the claim with its lines. The 837P
 * generator and the CMS-1500 form are pure functions of it, so both documents always say the same thing.
 *
 * The server assembles a bundle from stored items (functions/domain/claim-exports.ts); claim readiness decides
 * whether it is complete before anything is generated.
 */
import type { insuranceTypeValues, priorityValues, relationshipValues, sexValues } from './constants.ts';

export interface PostalAddress {
  line1: string;
  line2?: string | null;
  city: string;
  state: string;
  postalCode: string;
}

export type SexForClaims = (typeof sexValues)[number];
export type Relationship = (typeof relationshipValues)[number];
export type InsuranceTypeCode = (typeof insuranceTypeValues)[number];

/** The practice's billing profile (`Settings.billing`). */
export interface BillingProvider {
  organizationName: string;
  npi: string;
  taxId: string;
  taxonomyCode: string;
  address: PostalAddress;
  phone: string;
  /** The ID the clearinghouse assigned to the practice as a submitter (ISA06, GS02, 1000A); defaults to the NPI. */
  submitterId?: string | null;
  /** The clearinghouse's receiver ID (ISA08, GS03, 1000B) and name. */
  receiverId?: string | null;
  receiverName?: string | null;
}

export interface RenderingProvider {
  givenName: string;
  familyName: string;
  npi: string;
  taxonomyCode: string;
}

export interface Person {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  sex: SexForClaims;
  address: PostalAddress;
}

export interface BundlePayer {
  name: string;
  ediPayerId: string;
}

export interface BundleCoverage {
  priority: (typeof priorityValues)[number];
  insuranceType: InsuranceTypeCode;
  memberId: string;
  groupNumber: string | null;
  planName: string | null;
  /** The patient's relationship to the subscriber. */
  relationship: Relationship;
  /** The insured; the patient themself when `relationship` is `self`. */
  subscriber: Person;
  payer: BundlePayer;
}

export interface BundleServiceLine {
  procedureCode: string;
  modifiers: readonly string[];
  units: number;
  chargeCents: number;
  /** 1-based indexes into the claim's diagnosis codes, at most four. */
  diagnosisPointers: readonly number[];
}

/** One claim adjustment (CAS): group code (CO, CR, OA, PI, PR), CARC reason code, amount in cents. */
export interface ClaimAdjustment {
  groupCode: 'CO' | 'CR' | 'OA' | 'PI' | 'PR';
  reasonCode: string;
  amountCents: number;
}

/**
 * What the payer that paid first decided (coordination of benefits, from its 835): paid amount and date, the
 * claim-level adjustments, and — when it adjudicated line by line — one entry per service line, in order.
 */
export interface PrimaryAdjudication {
  paidCents: number;
  paidDate: string;
  adjustments: readonly ClaimAdjustment[];
  lines: readonly { paidCents: number; adjustments: readonly ClaimAdjustment[] }[];
}

export interface ClaimBundle {
  claimId: string;
  billingProvider: BillingProvider;
  renderingProvider: RenderingProvider;
  patient: Person & { phone?: string | null };
  coverage: BundleCoverage;
  /** The coverage that pays before this one (the primary of a secondary claim); null when none. */
  otherCoverage: BundleCoverage | null;
  /**
   * The other coverage's adjudication of this claim, when known (only with `otherCoverage`). Absent in bundles
   * stored before it existed.
   */
  primaryAdjudication?: PrimaryAdjudication | null;
  dateOfService: string;
  placeOfService: string;
  diagnosisCodes: readonly string[];
  serviceLines: readonly BundleServiceLine[];
}

/** The claim's total charge in cents: CLM02 and box 28 are this sum, never stored apart from the lines. */
export function totalChargeCents(lines: readonly { chargeCents: number }[]): number {
  return lines.reduce((sum, line) => sum + line.chargeCents, 0);
}

/**
 * CLM01 (the patient control number, echoed back in the payer's 835 CLP01) holds at most 20 characters; claim
 * ids are 26-character ULIDs. The last 20 keep the 80 random bits and the low time digits, so they stay unique.
 */
export function patientControlNumber(claimId: string): string {
  return claimId.slice(-20);
}
