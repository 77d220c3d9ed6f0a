/**
 * Where each export-readiness problem is shown in the claim form (GET …/claims/{claimId}/readiness answers them
 * with the paths of shared/claim-readiness.ts `exportProblems`):
 * - the claim's own fields (date and place of service, rendering practitioner, service lines, diagnoses, the
 *   Primary's payment) get the message beside the input;
 * - the policy's problems are listed inside the Policy group, where "Review this policy" fixes them in place;
 * - what is fixed outside the claim (the billing profile, the client's details, the payer, the Primary policy of a
 *   secondary claim, the rendering practitioner's NPI) is grouped at the top of the form, each group with a link
 *   to where it is fixed.
 * Pure, so the placement is tested without a browser.
 */
import type { ErrorDetail } from '$shared/errors';
import type { FieldErrors } from '../../forms';
import { primaryPaymentField } from './primary-payment';

export type OutsidePlace = 'billing' | 'client' | 'policy' | 'payer' | 'otherCoverage' | 'renderingPractitioner' | 'other';

export interface OutsideGroup {
  place: OutsidePlace;
  title: string;
  messages: string[];
  /** Where it is fixed: another page, or a part of this form (`field`: an input path); null when no page exists yet. */
  link: { href: string; text: string } | { field: string; text: string } | null;
}

export interface PlacedReadiness {
  /** By the form's input path (`placeOfService`, `serviceLines.0.diagnosisPointers`, `diagnosisCodes.1`, …). */
  fields: FieldErrors;
  /** Shown in the Policy group (paths `policy.*`; `policyId` as `policy.policyId`). */
  policyProblems: ErrorDetail[];
  /** Fixed elsewhere, in a fixed order: billing profile, client, policy, payer, Primary policy, practitioner. */
  outside: OutsideGroup[];
}

const ORDER: OutsidePlace[] = ['billing', 'client', 'policy', 'payer', 'otherCoverage', 'renderingPractitioner', 'other'];

/** The form's inputs that a readiness path can name directly. */
const CLAIM_FIELD = /^(dateOfService|placeOfService|renderingPractitionerId|serviceLines(\.\d+\.\w+)?|diagnosisCodes(\.\d+)?)(\..*)?$/;

export function placeReadiness(problems: readonly ErrorDetail[], clientId: string): PlacedReadiness {
  const fields: FieldErrors = {};
  const policyProblems: ErrorDetail[] = [];
  const outside = new Map<OutsidePlace, string[]>();
  const addOutside = (place: OutsidePlace, message: string) => outside.set(place, [...(outside.get(place) ?? []), message]);
  const addField = (path: string, message: string) => {
    fields[path] = fields[path] ? `${fields[path]} ${message}` : message;
  };

  for (const { path, message } of problems) {
    const head = path.split('.')[0]!;
    const claimField = CLAIM_FIELD.exec(path);
    if (claimField) {
      // A zod issue deep in a line (`serviceLines.0.modifiers.1`) belongs to the line's input.
      addField(claimField[1]!, message);
    } else if (head === 'renderingPractitioner') {
      // The NPI and taxonomy are the practitioner's, not the claim's: named beside the claim's field and fixed
      // on the practitioner's record.
      addField('renderingPractitionerId', message);
      addOutside('renderingPractitioner', message);
    } else if (head === 'policy' || path === 'policyId') {
      if (!policyProblems.some((problem) => problem.path === (path === 'policyId' ? 'policy.policyId' : path))) {
        policyProblems.push({ path: path === 'policyId' ? 'policy.policyId' : path, message });
      }
      addOutside('policy', message);
    } else if (head === 'primaryAdjudication') {
      addField(primaryPaymentField(path), message);
    } else if (head === 'billing' || head === 'client' || head === 'payer' || head === 'otherCoverage') {
      addOutside(head, message);
    } else addOutside('other', message);
  }

  const client = `/dashboard/clients/${encodeURIComponent(clientId)}`;
  const groups: Record<OutsidePlace, Omit<OutsideGroup, 'messages' | 'place'>> = {
    billing: {
      title: 'Practice billing profile',
      link: { href: '/dashboard/settings#billing', text: 'Fix the billing profile in Settings' },
    },
    client: { title: 'Client details', link: { href: `${client}?tab=overview#client-details`, text: 'Fix the client’s details' } },
    policy: { title: 'Policy', link: { field: 'policyId', text: 'Go to the policy (“Review this policy” fixes it here)' } },
    payer: { title: 'Payer', link: { href: '/dashboard/payers', text: 'Fix the payer on the Payers page' } },
    otherCoverage: {
      title: 'Primary policy (this claim is secondary)',
      link: { href: `${client}?tab=billing`, text: 'Fix the Primary policy under Billing' },
    },
    renderingPractitioner: {
      title: 'Rendering practitioner',
      link: { href: '/dashboard/team', text: 'Fix the rendering NPI and taxonomy on the Team page' },
    },
    other: { title: 'Other', link: null },
  };
  return {
    fields,
    policyProblems,
    outside: ORDER.filter((place) => outside.has(place)).map((place) => ({ place, ...groups[place], messages: outside.get(place)! })),
  };
}

/** What the form holds, as typed: the snapshot that says whether anything is unsaved. */
export interface ClaimFormValues {
  dateOfService: string;
  policyId: string;
  placeOfService: string;
  lines: readonly { procedureCode: string; units: string; charge: string; modifiers?: string; diagnosisPointers?: string }[];
  diagnoses: readonly string[];
  /** The Primary's payment as the request would send it (null: none). */
  primaryPayment?: Record<string, unknown> | null;
  /** Who rendered the service (a team member's user id). */
  renderingPractitionerId?: string | null;
}

/**
 * A comparable snapshot of the form. For a claim not saved yet, the policy is left out: the form picks the first
 * covering policy by itself, and that choice alone is no work to lose.
 */
export function formSnapshot(values: ClaimFormValues, saved: boolean): string {
  return JSON.stringify({
    dateOfService: values.dateOfService,
    policyId: saved ? values.policyId : '',
    placeOfService: values.placeOfService,
    lines: values.lines.map((line) => [
      line.procedureCode.trim(),
      line.units.trim(),
      line.charge.trim(),
      (line.modifiers ?? '').trim(),
      (line.diagnosisPointers ?? '').trim(),
    ]),
    // Empty diagnosis inputs are not sent, so adding one and leaving it empty changes nothing.
    diagnoses: values.diagnoses.map((code) => code.trim()).filter(Boolean),
    primaryPayment: values.primaryPayment ?? null,
    renderingPractitionerId: values.renderingPractitionerId ?? null,
  });
}
