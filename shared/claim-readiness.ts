/**
 * "Is this claim ready to submit?": its policy is active on the date of service, linked to a payer, and has
 * insurance type, Member ID, relationship and, when the client is not the subscriber, the subscriber's name,
 * date of birth, sex and address. Submitting is refused with 422 `claim_not_ready`
 * listing every problem at once, so that the practitioner fixes the policy in one pass instead of one error
 * per attempt. Drafts are never refused: they carry warnings in plain words instead.
 *
 * Pure and isomorphic: the server decides with it and the web previews the same answer.
 */
import { coverageGap } from './coverage.ts';
import type { ErrorDetail } from './errors.ts';
import { issuesToDetails } from './errors.ts';
import { relationshipValues, sexValues } from './constants.ts';
import { diagnosisCode, serviceLine, type ServiceLine } from './schemas/claims.ts';
import type { Policy } from './schemas/resources.ts';

/** The parts of a claim that readiness looks at. */
export interface ClaimContent {
  dateOfService: string;
  serviceLines: readonly ServiceLine[];
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
  const missingParts = ADDRESS_PARTS.filter(({ key }) => isBlank(address?.[key])).map(({ label }) => label);
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
