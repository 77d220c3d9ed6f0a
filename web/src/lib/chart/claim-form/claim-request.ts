/**
 * The claim form as plain values, and the pure steps around it: the POST body from what was typed, where each
 * problem (zod, readiness, the API's 400/422 details) is shown, and the words for it. Kept out of the
 * components so the rules read — and are tested — in one place.
 */
import { isValidIsoDate } from '$shared/dates';
import type { ErrorDetail } from '$shared/errors';
import type { Claim } from '$shared/schemas';
import type { FieldErrors } from '../../forms';
import { centsToDollars, dollarsToCents } from '../../labels';
import { primaryPaymentField, primaryPaymentLabel } from './primary-payment';

/** One service line as typed. */
export interface LineDraft {
  procedureCode: string;
  units: string;
  /** Dollars for the line (all its units). */
  charge: string;
  /** Modifiers and diagnosis pointers as typed: "95, GT" and "1, 2". */
  modifiers?: string;
  diagnosisPointers?: string;
}

export const emptyLine = (): LineDraft => ({ procedureCode: '', units: '1', charge: '', modifiers: '', diagnosisPointers: '1' });

export function linesFrom(claim: Claim | null): LineDraft[] {
  return claim?.serviceLines.length
    ? claim.serviceLines.map((l) => ({
        procedureCode: l.procedureCode,
        units: String(l.units),
        charge: centsToDollars(l.chargeCents),
        modifiers: (l.modifiers ?? []).join(', '),
        diagnosisPointers: (l.diagnosisPointers ?? []).join(', '),
      }))
    : [emptyLine()];
}

/**
 * The total of the charges that can be read, in cents. A line's charge is the charge for all its units (837P
 * SV102, CMS-1500 24F): the export and the form add the same numbers.
 */
export function totalCents(lines: readonly LineDraft[]): number {
  return lines.reduce((sum, line) => sum + (dollarsToCents(line.charge) || 0), 0);
}

export interface ClaimRequest {
  dateOfService: string;
  policyId: string;
  serviceLines: { procedureCode: string; units: number; chargeCents: number; modifiers: string[]; diagnosisPointers: number[] }[];
  diagnosisCodes: string[];
  placeOfService: string | null;
  renderingPractitionerId: string | null;
  /** The Primary's payment (secondary claims), as primary-payment.ts builds it; null: none. */
  primaryAdjudication: Record<string, unknown> | null;
}

function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}

/**
 * The POST body, and which diagnosis input each sent code came from (empty inputs are not sent, so
 * `diagnosisCodes.1` of the request may be the third input). Unreadable numbers become NaN for the schema to name.
 */
export function buildClaimRequest(
  dateOfService: string,
  policyId: string,
  lines: readonly LineDraft[],
  diagnoses: readonly string[],
  billing: { placeOfService: string; renderingPractitionerId: string | null; primaryAdjudication?: Record<string, unknown> | null } = {
    placeOfService: '',
    renderingPractitionerId: null,
  },
): { request: ClaimRequest; diagnosisInputs: number[] } {
  const diagnosisInputs = diagnoses.flatMap((code, index) => (code.trim() ? [index] : []));
  return {
    request: {
      dateOfService,
      policyId,
      serviceLines: lines.map((line) => ({
        procedureCode: line.procedureCode.trim().toUpperCase(),
        units: line.units.trim() === '' ? Number.NaN : Number(line.units),
        chargeCents: dollarsToCents(line.charge) ?? Number.NaN,
        modifiers: splitList(line.modifiers ?? '').map((modifier) => modifier.toUpperCase()),
        diagnosisPointers: splitList(line.diagnosisPointers ?? '').map((pointer) => (/^\d+$/.test(pointer) ? Number(pointer) : Number.NaN)),
      })),
      diagnosisCodes: diagnosisInputs.map((index) => diagnoses[index]!.trim().toUpperCase()),
      placeOfService: billing.placeOfService || null,
      renderingPractitionerId: billing.renderingPractitionerId,
      primaryAdjudication: billing.primaryAdjudication ?? null,
    },
    diagnosisInputs,
  };
}

/**
 * Why a new claim cannot be saved as a draft: no valid date, no policy, what the shared schema refuses, and the
 * content problems of the readiness rules (no service line, no diagnosis): a draft that could never be submitted
 * is refused, the same way on creation and on every edit. The policy's own problems are allowed: they are fixed
 * on the policy, not in the claim.
 */
export function draftProblems(input: {
  request: ClaimRequest;
  /** How many policies cover the date (none: the message says so). */
  coverageCount: number;
  /** The shared schema's issues for `request`. */
  schemaIssues: readonly ErrorDetail[];
  /** The readiness rules' problems for `request`. */
  readinessProblems: readonly ErrorDetail[];
}): ErrorDetail[] {
  const { request, coverageCount } = input;
  const details: ErrorDetail[] = [];
  if (!isValidIsoDate(request.dateOfService)) details.push({ path: 'dateOfService', message: 'Enter the date of service' });
  if (!request.policyId) {
    details.push({ path: 'policyId', message: coverageCount ? 'Choose the policy to bill' : 'No policy covers this date of service' });
  }
  details.push(...input.schemaIssues);
  details.push(...input.readinessProblems.filter((problem) => problem.path === 'serviceLines' || problem.path === 'diagnosisCodes'));
  return details;
}

const lineFieldLabel: Record<string, string> = {
  procedureCode: 'procedure code',
  units: 'units',
  chargeCents: 'charge',
  modifiers: 'modifiers',
  diagnosisPointers: 'diagnosis pointers',
};

/** The error summary's name for a problem's path, or undefined to list it as plain text. */
export function claimErrorLabel(path: string): string | undefined {
  if (path === 'dateOfService') return 'Date of service';
  if (path === 'placeOfService') return 'Place of service';
  if (path === 'renderingPractitionerId') return 'Rendering practitioner';
  if (path === 'policyId' || path.startsWith('policy.')) return 'Policy';
  if (path === 'serviceLines') return 'Service lines';
  if (path === 'diagnosisCodes') return 'Diagnoses';
  const line = /^serviceLines\.(\d+)\.(\w+)$/.exec(path);
  if (line) return `Line ${Number(line[1]) + 1} ${lineFieldLabel[line[2]!] ?? line[2]}`;
  const diagnosis = /^diagnosisCodes\.(\d+)$/.exec(path);
  if (diagnosis) return `Diagnosis ${Number(diagnosis[1]) + 1}`;
  if (path.startsWith('primaryAdjudication')) return primaryPaymentLabel(path);
  return undefined;
}

/** zod's generic messages, said for this form. */
function friendly(path: string, message: string): string {
  if (path.startsWith('primaryAdjudication.') && /expected number|NaN/.test(message)) return 'Enter an amount in dollars, like 30.00';
  if (path === 'primaryAdjudication.paidDate' && message.startsWith('Must be a calendar date')) return 'Enter the date the Primary paid';
  if (path.endsWith('.units') && !/CPT|HCPCS/.test(message)) return 'Enter a whole number of units from 1 to 999';
  if (path.endsWith('.chargeCents')) return 'Enter the charge in dollars, like 150.00';
  if (path === 'dateOfService') return 'Enter the date of service';
  if (path === 'policyId') return message === 'Required' || message.startsWith('Not a valid') ? 'Choose the policy to bill' : message;
  return message;
}

export interface PlacedClaimErrors {
  /** By input path (`serviceLines.0.units`, `diagnosisCodes.2` = the third input). */
  errors: FieldErrors;
  /** Problems of the policy, listed inside the Policy group with "Review this policy". */
  policyProblems: ErrorDetail[];
  /** A problem of the request as a whole. */
  formError: string;
}

/**
 * Where each problem goes: `policy.*` (and, for a saved claim, `policyId`) to the policy's list; every other
 * path to its input, the request's diagnosis index mapped back to the input it came from; no path to the form.
 */
export function placeClaimErrors(
  details: readonly ErrorDetail[],
  savedClaim: boolean,
  diagnosisInputs: readonly number[],
): PlacedClaimErrors {
  const errors: FieldErrors = {};
  const policyProblems: ErrorDetail[] = [];
  for (const detail of details) {
    const raw = toInputPath(detail.path || '_', diagnosisInputs);
    const path = raw.startsWith('primaryAdjudication') ? primaryPaymentField(raw) : raw;
    if (path.startsWith('policy.') || (savedClaim && path === 'policyId')) {
      policyProblems.push({ path: path === 'policyId' ? 'policy.policyId' : path, message: detail.message });
    } else errors[path] ??= friendly(path, detail.message);
  }
  const formError = errors._ ?? '';
  delete errors._;
  return { errors, policyProblems, formError };
}

/** `diagnosisCodes.2` of the request → the input it came from. */
function toInputPath(path: string, diagnosisInputs: readonly number[]): string {
  const match = /^diagnosisCodes\.(\d+)$/.exec(path);
  return match ? `diagnosisCodes.${diagnosisInputs[Number(match[1])] ?? match[1]}` : path;
}
