/**
 * "Is this claim ready to submit?": its policy is active on the date of service, linked to a payer, and has
 * insurance type, Member ID, relationship and, when the client is not the subscriber, the subscriber's name,
 * date of birth, sex and address. Submitting is refused with 422 `claim_not_ready`
 * listing every problem at once, so that the practitioner fixes the policy in one pass instead of one error
 * per attempt. Drafts are never refused: they carry warnings in plain words instead.
 *
 * Pure and isomorphic: the server decides with it and the web previews the same answer.
 */
import { isValidNpi, isValidPlaceOfService, isValidTaxId, isValidTaxonomyCode, MAX_DIAGNOSIS_CODES } from './billing-identifiers.ts';
import {
  totalChargeCents,
  type BillingProvider,
  type ClaimAdjustment,
  type ClaimBundle,
  type PostalAddress,
  type PrimaryAdjudication,
  type SexForClaims,
} from './claim-bundle.ts';
import { coverageGap } from './coverage.ts';
import { text as x12Text } from './x12-837p.ts';
import type { ErrorDetail } from './errors.ts';
import { issuesToDetails } from './errors.ts';
import { relationshipValues, sexValues } from './constants.ts';
import { diagnosisCode, serviceLine, withLineDefaults, type ServiceLineInput } from './schemas/claims.ts';
import type { Policy } from './schemas/resources.ts';

/** The parts of a claim that readiness looks at. */
export interface ClaimContent {
  dateOfService: string;
  serviceLines: readonly ServiceLineInput[];
  diagnosisCodes: readonly string[];
}

/**
 * One reason a claim cannot be submitted. `path` names the field that causes it: `policyId`,
 * `policy.<field>` (e.g. `policy.memberId`, `policy.subscriber.address`), `serviceLines[.n.field]`,
 * `diagnosisCodes[.n]` — the same dotted form as validation errors, so the web can point at the field.
 */
export type ClaimProblem = ErrorDetail;

type Subscriber = NonNullable<Policy['subscriber']>;

const SUBSCRIBER_FIELDS: { key: 'firstName' | 'lastName' | 'dateOfBirth' | 'sex'; label: string }[] = [
  { key: 'firstName', label: 'first name' },
  { key: 'lastName', label: 'last name' },
  { key: 'dateOfBirth', label: 'date of birth' },
  { key: 'sex', label: 'sex' },
];

const ADDRESS_PARTS: { key: 'line1' | 'city' | 'state' | 'postalCode'; label: string }[] = [
  { key: 'line1', label: 'street' },
  { key: 'city', label: 'city' },
  { key: 'state', label: 'state' },
  { key: 'postalCode', label: 'postal code' },
];

const NOT_SUBSCRIBER = 'required when the client is not the subscriber';

/**
 * Every reason the claim cannot be submitted with `policy` (undefined: the policy no longer exists), in a
 * fixed order: the policy's coverage, its payer, its identifiers, the subscriber, then the claim's own lines.
 * An empty list means ready.
 */
export function claimProblems(claim: ClaimContent, policy: Policy | undefined): ClaimProblem[] {
  return [...policyProblems(claim.dateOfService, policy), ...contentProblems(claim)];
}

function policyProblems(dateOfService: string, policy: Policy | undefined): ClaimProblem[] {
  if (!policy) return [{ path: 'policyId', message: 'The policy no longer exists for this client' }];
  const problems: ClaimProblem[] = [];

  const gap = coverageGap(policy, dateOfService);
  if (gap) problems.push(gap);
  // Two active Primaries for the same dates make the order of payers ambiguous: the practitioner fixes the
  // dates first. Refused whatever the date of service, as the chart's warning says, until the overlap is gone.
  if (policy.overlap) problems.push({ path: 'policy.overlap', message: OVERLAP_PROBLEM });
  if (!policy.payer.payerId) {
    problems.push({ path: 'policy.payer.payerId', message: "The policy is not linked to one of the practice's payers" });
  }
  if (!policy.insuranceType) problems.push({ path: 'policy.insuranceType', message: 'Insurance type is missing' });
  if (isBlank(policy.memberId)) problems.push({ path: 'policy.memberId', message: 'Member ID is missing' });

  // Stored policies always have a relationship (it defaults to self), but a record written before that
  // default, or by hand, may not: without it the claim cannot say who the insured is.
  if (!(relationshipValues as readonly string[]).includes(policy.relationship)) {
    problems.push({ path: 'policy.relationship', message: "The client's relationship to the subscriber is missing" });
  } else if (policy.relationship !== 'self') {
    problems.push(...subscriberProblems(policy.subscriber));
  }
  return problems;
}

/**
 * When the client is not the subscriber, the claim must identify the subscriber: name, date of birth, sex and
 * address. `sex: 'unknown'` is an answer, not a gap — X12 837 accepts it (DMG03 = U).
 */
function subscriberProblems(subscriber: Subscriber | null): ClaimProblem[] {
  const problems: ClaimProblem[] = [];
  for (const { key, label } of SUBSCRIBER_FIELDS) {
    const value = subscriber?.[key];
    const missing = key === 'sex' ? !(sexValues as readonly string[]).includes(value ?? '') : isBlank(value);
    if (missing) problems.push({ path: `policy.subscriber.${key}`, message: `Subscriber ${label} is ${NOT_SUBSCRIBER}` });
  }
  const address = subscriber?.address;
  const missingParts = addressGaps(address);
  if (!address || missingParts.length === ADDRESS_PARTS.length) {
    problems.push({ path: 'policy.subscriber.address', message: `Subscriber address is ${NOT_SUBSCRIBER}` });
  } else if (missingParts.length > 0) {
    problems.push({ path: 'policy.subscriber.address', message: `Subscriber address is incomplete (missing ${missingParts.join(', ')})` });
  }
  return problems;
}

/**
 * The claim's own content. Codes were validated when the draft was saved; they are checked again because the
 * web runs this on a form still being typed, with the same rules (the schemas in shared/schemas.ts).
 */
function contentProblems(claim: ClaimContent): ClaimProblem[] {
  const problems: ClaimProblem[] = [];
  if (claim.serviceLines.length === 0) {
    problems.push({ path: 'serviceLines', message: 'Add at least one service line' });
  }
  claim.serviceLines.forEach((line, index) => {
    const result = serviceLine.safeParse(line);
    if (!result.success) problems.push(...issuesToDetails(result.error.issues, `serviceLines.${index}`));
  });
  if (claim.diagnosisCodes.length === 0) {
    problems.push({ path: 'diagnosisCodes', message: 'Add at least one diagnosis code' });
  }
  claim.diagnosisCodes.forEach((code, index) => {
    const result = diagnosisCode.safeParse(code);
    if (!result.success) problems.push(...issuesToDetails(result.error.issues, `diagnosisCodes.${index}`));
  });
  return problems;
}

export const OVERLAP_PROBLEM = 'Another active Primary policy covers some of the same dates: correct the coverage dates first';

export const NEEDS_PAYER_WARNING =
  "Needs Payer: the insurance company the client entered is not linked to one of the practice's payers yet";
export const CLIENT_ENTERED_UNREVIEWED_WARNING =
  'Entered by the client and not reviewed yet: check the payer, Member ID and coverage dates before submitting';
export const UNREVIEWED_WARNING = 'This policy is marked for review: check it before submitting';

/**
 * What a draft's author should know, in plain words with stable wording (the web shows them as they are):
 * Needs Payer, an unreviewed policy, then every problem that would block submission.
 */
export function claimWarnings(claim: ClaimContent, policy: Policy | undefined): string[] {
  const warnings: string[] = [];
  if (policy?.needsPayer) warnings.push(NEEDS_PAYER_WARNING);
  if (policy && !policy.reviewed) warnings.push(policy.source === 'client' ? CLIENT_ENTERED_UNREVIEWED_WARNING : UNREVIEWED_WARNING);
  for (const problem of claimProblems(claim, policy)) {
    // The Needs Payer warning already says the payer is not linked, in the words of the badge.
    if (policy?.needsPayer && problem.path === 'policy.payer.payerId') continue;
    warnings.push(problemSentence(problem));
  }
  return warnings;
}

/** A problem as a warning line: the content problems' zod messages ("Not a CPT or HCPCS code") need the field. */
function problemSentence(problem: ClaimProblem): string {
  const line = /^serviceLines\.(\d+)\.(\w+)$/.exec(problem.path);
  if (line) return `Service line ${Number(line[1]) + 1}, ${FIELD_LABELS[line[2]!] ?? line[2]}: ${problem.message}`;
  const diagnosis = /^diagnosisCodes\.(\d+)$/.exec(problem.path);
  if (diagnosis) return `Diagnosis code ${Number(diagnosis[1]) + 1}: ${problem.message}`;
  return problem.message;
}

const FIELD_LABELS: Record<string, string> = { procedureCode: 'procedure code', units: 'units', chargeCents: 'charge' };

function isBlank(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim() === '';
}

// ---------------------------------------------------------------------------------------------------------------
// Export readiness: everything above, plus what the 837P and the payer's front end need ("Claims
// leave the building").
// ---------------------------------------------------------------------------------------------------------------

/** A claim as it is exported: the content above plus where it happened and who rendered it. */
export interface ExportClaimContent extends ClaimContent {
  placeOfService: string | null;
  renderingPractitionerId: string | null;
  /** The Primary's adjudication of a secondary claim (coordination of benefits), when recorded. */
  primaryAdjudication?: PrimaryAdjudication | null;
}

/** The practice's billing profile as stored (null: never set up); the bundle carries it as it is. */
export type BillingProfileInput = BillingProvider | null;

export interface ClientDemographics {
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
  address: PostalAddress | null;
  sexForClaims: SexForClaims | null;
  phone?: string | null;
}

export interface PayerFacts {
  name: string;
  ediPayerId: string | null;
  active: boolean;
}

export interface RenderingPractitionerFacts {
  givenName: string;
  familyName: string;
  enabled: boolean;
  npi: string | null;
  taxonomyCode: string | null;
}

/**
 * What readiness and the 837P need to know about one claim, read from the stored items. `otherCoverage` is
 * the client's Primary for the date of service when the claim's policy is not the Primary (undefined: none).
 */
export interface ExportContext {
  claim: ExportClaimContent;
  billing: BillingProfileInput;
  client: ClientDemographics;
  policy: Policy | undefined;
  payer: PayerFacts | undefined;
  otherCoverage?: { policy: Policy; payer: PayerFacts | undefined } | undefined;
  /** undefined: no practitioner with renderingPractitionerId exists. */
  renderingPractitioner: RenderingPractitionerFacts | undefined;
  /** The practice's today; a date of service after it is refused. */
  today: string;
}

/** A link target for problems whose fix is on another page (the web turns `billing.*` into a link to Settings). */
export const BILLING_PROFILE_PATH = 'billing';

/**
 * Every problem that would make the 837P invalid or have the clearinghouse or payer reject the claim, in a
 * fixed order: billing profile, client, policy and subscriber, payer, other coverage, rendering practitioner,
 * the claim itself. Paths: `billing.<field>`, `client.<field>`, `policy.<field>`, `payer.ediPayerId`,
 * `otherCoverage.<field>`, `renderingPractitionerId` / `renderingPractitioner.<field>`, `placeOfService`,
 * `dateOfService`, `serviceLines.<n>.<field>`, `diagnosisCodes[.n]`. Empty: ready to export.
 */
export function exportProblems(context: ExportContext): ClaimProblem[] {
  const { claim } = context;
  return [
    ...billingProblems(context.billing),
    ...clientProblems(context.client),
    ...claimProblems(claim, context.policy),
    ...subscriberPostalProblems(context.policy),
    ...payerProblems('payer', context.policy, context.payer),
    ...otherCoverageProblems(context),
    ...adjudicationProblems(context),
    ...renderingProblems(claim.renderingPractitionerId, context.renderingPractitioner),
    ...exportContentProblems(claim, context.today),
  ];
}

function billingProblems(billing: BillingProfileInput): ClaimProblem[] {
  if (!billing) return [{ path: BILLING_PROFILE_PATH, message: 'The practice has no billing profile yet (Settings › Billing)' }];
  const problems: ClaimProblem[] = [];
  if (isBlank(billing.organizationName) || unwritable(billing.organizationName)) {
    problems.push({ path: 'billing.organizationName', message: 'Billing provider name is missing (Latin letters or digits)' });
  }
  if (billing.address)
    problems.push(...writableProblems('billing.address', 'Billing address', { line1: billing.address.line1, city: billing.address.city }));
  if (!isValidNpi(billing.npi ?? '')) problems.push({ path: 'billing.npi', message: 'Billing NPI is not a valid NPI (check digit)' });
  if (!isValidTaxId(billing.taxId ?? '')) problems.push({ path: 'billing.taxId', message: 'Billing tax ID is not an EIN or SSN' });
  if (!isValidTaxonomyCode(billing.taxonomyCode ?? '')) {
    problems.push({ path: 'billing.taxonomyCode', message: 'Billing taxonomy code is not a NUCC taxonomy code' });
  }
  const address = billing.address;
  const missing = addressGaps(address);
  if (missing.length > 0)
    problems.push({ path: 'billing.address', message: `Billing address is incomplete (missing ${missing.join(', ')})` });
  else {
    // 2010AA N3 must be a street address (a P.O. box goes in the pay-to loop), and N403 needs the ZIP+4.
    if (/^\s*p\.?\s*o\.?\s*box\b/i.test(`${address!.line1} ${address!.line2 ?? ''}`)) {
      problems.push({ path: 'billing.address.line1', message: 'The billing address must be a street address, not a P.O. box' });
    }
    if (!isUsState(address!.state))
      problems.push({ path: 'billing.address.state', message: 'Billing state must be a two-letter US state code' });
    if (digitsOf(address!.postalCode).length !== 9) {
      problems.push({ path: 'billing.address.postalCode', message: 'Billing ZIP code needs all nine digits (ZIP+4)' });
    }
  }
  if (digitsOf(billing.phone ?? '').length !== 10) problems.push({ path: 'billing.phone', message: 'Billing phone needs ten digits' });
  return problems;
}

/**
 * X12 (and the CMS-1500) carry names and addresses in upper-case Latin letters, digits and common punctuation;
 * accents are dropped. A value with none of those (e.g. a name written only in another script) would leave a
 * required element empty, so readiness asks for a Latin spelling.
 */
function unwritable(value: string | null | undefined): boolean {
  return !isBlank(value) && x12Text(value!, 200) === '';
}

function writableProblems(path: string, label: string, values: Record<string, string | null | undefined>): ClaimProblem[] {
  return Object.entries(values)
    .filter(([, value]) => unwritable(value))
    .map(([field]) => ({ path: `${path}.${field}`, message: `${label} ${field} needs Latin letters or digits for the claim` }));
}

function clientProblems(client: ClientDemographics): ClaimProblem[] {
  const problems: ClaimProblem[] = [];
  if (isBlank(client.firstName) || isBlank(client.lastName) || x12Text(client.lastName, 60) === '') {
    problems.push({ path: 'client.lastName', message: "The client's name needs Latin letters for the claim" });
  }
  problems.push(...writableProblems('client', "The client's", { firstName: client.firstName }));
  if (client.address)
    problems.push(
      ...writableProblems('client.address', "The client's address", { line1: client.address.line1, city: client.address.city }),
    );
  if (!client.dateOfBirth) problems.push({ path: 'client.dateOfBirth', message: "The client's date of birth is missing" });
  if (!client.sexForClaims) problems.push({ path: 'client.sexForClaims', message: "The client's sex for claims is missing" });
  const missing = addressGaps(client.address);
  if (!client.address || missing.length === ADDRESS_PARTS.length) {
    problems.push({ path: 'client.address', message: "The client's address is missing" });
  } else if (missing.length > 0) {
    problems.push({ path: 'client.address', message: `The client's address is incomplete (missing ${missing.join(', ')})` });
  } else {
    problems.push(...postalProblems('client.address', "The client's", client.address));
  }
  return problems;
}

function postalProblems(path: string, owner: string, address: PostalAddress): ClaimProblem[] {
  const problems: ClaimProblem[] = [];
  if (!isUsState(address.state)) problems.push({ path: `${path}.state`, message: `${owner} state must be a two-letter US state code` });
  const zip = digitsOf(address.postalCode).length;
  if (zip !== 5 && zip !== 9) problems.push({ path: `${path}.postalCode`, message: `${owner} ZIP code must have 5 or 9 digits` });
  return problems;
}

function subscriberPostalProblems(policy: Policy | undefined): ClaimProblem[] {
  const memberIdProblem: ClaimProblem[] =
    policy?.memberId && !/[A-Za-z0-9]/.test(policy.memberId)
      ? [{ path: 'policy.memberId', message: 'Member ID needs letters or digits' }]
      : [];
  return [...memberIdProblem, ...subscriberNameAndAddressProblems(policy)];
}

function subscriberNameAndAddressProblems(policy: Policy | undefined): ClaimProblem[] {
  const subscriber = policy?.relationship !== 'self' ? policy?.subscriber : undefined;
  if (!subscriber) return [];
  const problems = writableProblems('policy.subscriber', 'Subscriber', { firstName: subscriber.firstName, lastName: subscriber.lastName });
  const address = subscriber.address;
  if (!address || addressGaps(address).length > 0) return problems;
  problems.push(...writableProblems('policy.subscriber.address', 'Subscriber address', { line1: address.line1, city: address.city }));
  return [...problems, ...postalProblems('policy.subscriber.address', "The subscriber's", address)];
}

function payerProblems(path: 'payer' | 'otherCoverage.payer', policy: Policy | undefined, payer: PayerFacts | undefined): ClaimProblem[] {
  // An unlinked payer is already a policy problem.
  if (!policy?.payer.payerId) return [];
  if (!payer) return [{ path: `${path}.payerId`, message: 'The linked payer no longer exists' }];
  const problems: ClaimProblem[] = [];
  if (!payer.active) problems.push({ path: `${path}.active`, message: `The payer ${payer.name} is inactive` });
  if (unwritable(payer.name)) problems.push({ path: `${path}.name`, message: 'The payer name needs Latin letters or digits' });
  if (isBlank(payer.ediPayerId)) problems.push({ path: `${path}.ediPayerId`, message: `The payer ${payer.name} has no EDI payer ID` });
  return problems;
}

/**
 * A secondary (or other) claim goes out with the payer that pays first (2320/2330): the client's Primary for
 * the date of service, complete enough to be named.
 */
function otherCoverageProblems(context: ExportContext): ClaimProblem[] {
  const { policy, otherCoverage } = context;
  if (!policy || policy.priority === 'primary') return [];
  if (!otherCoverage) {
    return [{ path: 'otherCoverage', message: `A ${policy.priority} claim needs the client's Primary policy on the date of service` }];
  }
  const other = otherCoverage.policy;
  const problems: ClaimProblem[] = [];
  if (!other.payer.payerId)
    problems.push({ path: 'otherCoverage.payer.payerId', message: "The Primary policy is not linked to a practice's payer" });
  if (!other.insuranceType) problems.push({ path: 'otherCoverage.insuranceType', message: 'The Primary policy has no insurance type' });
  if (isBlank(other.memberId)) problems.push({ path: 'otherCoverage.memberId', message: 'The Primary policy has no Member ID' });
  if (other.relationship !== 'self') {
    for (const problem of subscriberProblems(other.subscriber)) {
      problems.push({ path: problem.path.replace(/^policy\./, 'otherCoverage.'), message: `Primary policy: ${problem.message}` });
    }
  }
  problems.push(...payerProblems('otherCoverage.payer', other, otherCoverage.payer));
  return problems;
}

/** At most this many adjustments of one group fit the one CAS segment X12 allows per group (six reason trios). */
const MAX_ADJUSTMENTS_PER_GROUP = 6;

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;
const sumOf = (adjustments: readonly ClaimAdjustment[]) => adjustments.reduce((sum, adjustment) => sum + adjustment.amountCents, 0);

/**
 * The Primary's adjudication must be what a payer's front end can balance: only on a claim to a later payer,
 * one entry per service line (or none), each line's payment and adjustments adding up to its charge, the
 * claim's paid amount the sum of the lines', and paid amount plus every adjustment adding up to the total
 * charge (the 837P balancing rule for 2320/2430), adjudicated on or after the date of service and not later
 * than today, and each group's adjustments fitting its one CAS segment.
 */
function adjudicationProblems(context: ExportContext): ClaimProblem[] {
  const { claim, policy } = context;
  const adjudication = claim.primaryAdjudication;
  if (!adjudication) return [];
  if (!policy || policy.priority === 'primary') {
    return [{ path: 'primaryAdjudication', message: "Only a claim to a Secondary (or later) payer carries the Primary's adjudication" }];
  }
  const problems: ClaimProblem[] = [];
  if (adjudication.paidDate < claim.dateOfService) {
    problems.push({ path: 'primaryAdjudication.paidDate', message: "The Primary's adjudication date is before the date of service" });
  } else if (adjudication.paidDate > context.today) {
    problems.push({ path: 'primaryAdjudication.paidDate', message: "The Primary's adjudication date is in the future" });
  }
  const groups = [adjudication.adjustments, ...adjudication.lines.map((line) => line.adjustments)];
  if (
    groups.some((adjustments) =>
      ['CO', 'CR', 'OA', 'PI', 'PR'].some((group) => adjustments.filter((a) => a.groupCode === group).length > MAX_ADJUSTMENTS_PER_GROUP),
    )
  ) {
    problems.push({
      path: 'primaryAdjudication.adjustments',
      message: `At most ${MAX_ADJUSTMENTS_PER_GROUP} adjustments of one group (CO, PR, …) fit a claim or a line`,
    });
  }
  const { lines } = adjudication;
  const total = totalChargeCents(claim.serviceLines);
  if (lines.length > 0) {
    if (lines.length !== claim.serviceLines.length) {
      problems.push({
        path: 'primaryAdjudication.lines',
        message: `The Primary's adjudication has ${lines.length} lines; the claim has ${claim.serviceLines.length} service lines`,
      });
      return problems;
    }
    // Until the lines balance one by one, the claim-level balance below would only repeat their problems.
    const beforeLines = problems.length;
    lines.forEach((line, index) => {
      const charge = claim.serviceLines[index]!.chargeCents;
      const accounted = line.paidCents + sumOf(line.adjustments);
      if (accounted !== charge) {
        problems.push({
          path: `primaryAdjudication.lines.${index}`,
          message: `Line ${index + 1}: the Primary's payment and adjustments (${dollars(accounted)}) must add up to the line's charge (${dollars(charge)})`,
        });
      }
    });
    const linesPaid = lines.reduce((sum, line) => sum + line.paidCents, 0);
    if (linesPaid !== adjudication.paidCents) {
      problems.push({
        path: 'primaryAdjudication.paidCents',
        message: `The Primary's paid amount (${dollars(adjudication.paidCents)}) must be the sum of its line payments (${dollars(linesPaid)})`,
      });
    }
    if (problems.length > beforeLines) return problems;
  }
  const accounted =
    adjudication.paidCents + sumOf(adjudication.adjustments) + lines.reduce((sum, line) => sum + sumOf(line.adjustments), 0);
  if (accounted !== total) {
    problems.push({
      path: 'primaryAdjudication',
      message: `The Primary's paid amount and adjustments (${dollars(accounted)}) must add up to the claim's total charge (${dollars(total)})`,
    });
  }
  return problems;
}

function renderingProblems(userId: string | null, practitioner: RenderingPractitionerFacts | undefined): ClaimProblem[] {
  if (!userId) return [{ path: 'renderingPractitionerId', message: 'Choose the rendering practitioner' }];
  if (!practitioner) return [{ path: 'renderingPractitionerId', message: 'The rendering practitioner is not a member of the team' }];
  const problems: ClaimProblem[] = [];
  const name = `${practitioner.givenName} ${practitioner.familyName}`.trim();
  if (x12Text(practitioner.familyName ?? '', 60) === '') {
    problems.push({
      path: 'renderingPractitioner.familyName',
      message: `${name || 'The rendering practitioner'} needs a family name in Latin letters`,
    });
  }
  if (!practitioner.enabled) problems.push({ path: 'renderingPractitionerId', message: `${name} is disabled` });
  if (!practitioner.npi) problems.push({ path: 'renderingPractitioner.npi', message: `${name} has no rendering NPI` });
  else if (!isValidNpi(practitioner.npi)) problems.push({ path: 'renderingPractitioner.npi', message: `${name}'s NPI is not a valid NPI` });
  if (!practitioner.taxonomyCode || !isValidTaxonomyCode(practitioner.taxonomyCode)) {
    problems.push({ path: 'renderingPractitioner.taxonomyCode', message: `${name} has no valid taxonomy code` });
  }
  return problems;
}

function exportContentProblems(claim: ExportClaimContent, today: string): ClaimProblem[] {
  const problems: ClaimProblem[] = [];
  if (!claim.placeOfService) problems.push({ path: 'placeOfService', message: 'Choose the place of service' });
  else if (!isValidPlaceOfService(claim.placeOfService)) {
    problems.push({ path: 'placeOfService', message: 'Not a CMS place-of-service code' });
  }
  if (claim.dateOfService > today) problems.push({ path: 'dateOfService', message: 'The date of service is in the future' });
  if (claim.diagnosisCodes.length > MAX_DIAGNOSIS_CODES) {
    problems.push({ path: 'diagnosisCodes', message: `At most ${MAX_DIAGNOSIS_CODES} diagnosis codes fit on a claim` });
  }
  claim.serviceLines.forEach((line, index) => {
    const path = `serviceLines.${index}`;
    const pointers = line.diagnosisPointers ?? [];
    if (pointers.length === 0) problems.push({ path: `${path}.diagnosisPointers`, message: 'Point this line at one of the diagnoses' });
    else if (pointers.some((pointer) => pointer < 1 || pointer > claim.diagnosisCodes.length)) {
      problems.push({ path: `${path}.diagnosisPointers`, message: 'A pointer names a diagnosis the claim does not have' });
    }
    // Modifier shapes and the four-of-each limits are the service-line schema's, reported by claimProblems.
    if (line.chargeCents <= 0) problems.push({ path: `${path}.chargeCents`, message: 'A line without a charge is rejected' });
  });
  return problems;
}

function addressGaps(address: Partial<PostalAddress> | null | undefined): string[] {
  return ADDRESS_PARTS.filter(({ key }) => isBlank(address?.[key])).map(({ label }) => label);
}

const digitsOf = (value: string) => value.replace(/\D/g, '');

/** The 50 states, DC and the territories X12 N402 accepts for a US address. */
const US_STATES = new Set(
  (
    'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA ' +
    'RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI FM MH PW AA AE AP'
  ).split(' '),
);
const isUsState = (state: string) => US_STATES.has(state.trim().toUpperCase());

/**
 * The bundle the 837P and the CMS-1500 are made from. Only for a context without export problems: it asserts
 * rather than re-checks what readiness guarantees.
 */
export function toClaimBundle(claimId: string, context: ExportContext): ClaimBundle {
  const { claim, billing, client, policy, payer, otherCoverage, renderingPractitioner } = context;
  if (!billing || !policy || !payer || !renderingPractitioner) throw new Error('toClaimBundle needs a ready context');
  const patient = {
    firstName: client.firstName,
    lastName: client.lastName,
    dateOfBirth: client.dateOfBirth!,
    sex: client.sexForClaims!,
    address: client.address!,
    phone: client.phone ?? null,
  };
  const coverageOf = (source: Policy, sourcePayer: PayerFacts) => ({
    priority: source.priority,
    insuranceType: source.insuranceType!,
    memberId: source.memberId!,
    groupNumber: source.groupNumber,
    planName: source.planName,
    relationship: source.relationship,
    subscriber: source.relationship === 'self' || !source.subscriber ? patient : source.subscriber,
    payer: { name: sourcePayer.name, ediPayerId: sourcePayer.ediPayerId! },
  });
  // The payer before this one, only on a claim to a later payer (readiness made sure the Primary is there).
  const other = policy.priority !== 'primary' && otherCoverage?.payer ? coverageOf(otherCoverage.policy, otherCoverage.payer) : null;
  return {
    claimId,
    billingProvider: billing,
    renderingProvider: {
      givenName: renderingPractitioner.givenName,
      familyName: renderingPractitioner.familyName,
      npi: renderingPractitioner.npi!,
      taxonomyCode: renderingPractitioner.taxonomyCode!,
    },
    patient,
    coverage: coverageOf(policy, payer),
    otherCoverage: other,
    primaryAdjudication: other ? (claim.primaryAdjudication ?? null) : null,
    dateOfService: claim.dateOfService,
    placeOfService: claim.placeOfService!,
    diagnosisCodes: claim.diagnosisCodes,
    serviceLines: claim.serviceLines.map(withLineDefaults),
  };
}
