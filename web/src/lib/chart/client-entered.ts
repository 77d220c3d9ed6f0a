/**
 * "What the client entered" next to "what the policy says now", field by field, for the review dialog.
 * `clientEntered` is the client's submission exactly as the portal sent it (it never changes); the current
 * values are the saved policy's.
 */
import type { Payer, Policy } from '$shared/schemas';
import { formatDate, insuranceTypeLabels, priorityLabels, relationshipLabels, sexLabels } from '../labels';

export interface ComparisonRow {
  label: string;
  entered: string;
  current: string;
  changed: boolean;
}

const NOT_GIVEN = '—';

type Subscriberish = {
  firstName?: string;
  lastName?: string;
  dateOfBirth?: string;
  sex?: string;
  address?: { line1?: string; line2?: string | null; city?: string; state?: string; postalCode?: string };
  phone?: string;
} | null;

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : NOT_GIVEN);
const label = (labels: Record<string, string>, value: unknown) =>
  typeof value === 'string' && value ? (labels[value] ?? value) : NOT_GIVEN;
const date = (value: unknown) => (typeof value === 'string' && value ? formatDate(value) : NOT_GIVEN);

function address(s: Subscriberish): string {
  const a = s?.address;
  if (!a) return NOT_GIVEN;
  const parts = [a.line1, a.line2, a.city, [a.state, a.postalCode].filter(Boolean).join(' ')].filter((part) => part && String(part).trim());
  return parts.length ? parts.join(', ') : NOT_GIVEN;
}

function name(s: Subscriberish): string {
  const full = [s?.firstName, s?.lastName].filter((part) => part && part.trim()).join(' ');
  return full || NOT_GIVEN;
}

/** The rows of the side-by-side, or an empty list for a policy the practice added (nothing to compare). */
export function comparisonRows(policy: Policy, payers: readonly Pick<Payer, 'payerId' | 'name'>[]): ComparisonRow[] {
  const entered = policy.clientEntered;
  if (!entered) return [];
  const payerName = (id: unknown) =>
    payers.find((payer) => payer.payerId === id)?.name ??
    (id === policy.payer.payerId ? policy.payer.name : null) ??
    'A payer from your list';
  const enteredPayer =
    typeof entered.payerName === 'string' && entered.payerName.trim()
      ? `“${entered.payerName.trim()}” (typed)`
      : entered.payerId
        ? `${payerName(entered.payerId)} (chosen from your list)`
        : NOT_GIVEN;
  const currentPayer = policy.payer.name ?? (policy.needsPayer ? 'Not linked yet (Needs Payer)' : 'Not linked');
  // A typed name is "changed" once a payer with a different name is linked; still unlinked is not a change.
  const typed = typeof entered.payerName === 'string' ? entered.payerName.trim().toLowerCase() : '';
  const payerChanged = entered.payerId
    ? entered.payerId !== policy.payer.payerId
    : !!policy.payer.name && policy.payer.name.toLowerCase() !== typed;

  const sEntered = (entered.subscriber ?? null) as Subscriberish;
  const sNow = policy.subscriber as Subscriberish;
  const enteredFiles = Array.isArray(entered.attachmentIds) ? entered.attachmentIds.length : 0;

  const rows: Omit<ComparisonRow, 'changed'>[] = [
    { label: 'Priority', entered: label(priorityLabels, entered.priority), current: priorityLabels[policy.priority] },
    {
      label: 'Insurance type',
      entered: label(insuranceTypeLabels, entered.insuranceType),
      current: label(insuranceTypeLabels, policy.insuranceType),
    },
    { label: 'Member ID', entered: text(entered.memberId), current: text(policy.memberId) },
    { label: 'Group number', entered: text(entered.groupNumber), current: text(policy.groupNumber) },
    { label: 'Plan name', entered: text(entered.planName), current: text(policy.planName) },
    {
      label: 'Relationship',
      entered: label(relationshipLabels, entered.relationship ?? 'self'),
      current: relationshipLabels[policy.relationship],
    },
  ];
  if (sEntered || sNow) {
    rows.push(
      { label: 'Subscriber name', entered: name(sEntered), current: name(sNow) },
      { label: 'Subscriber date of birth', entered: date(sEntered?.dateOfBirth), current: date(sNow?.dateOfBirth) },
      { label: 'Subscriber sex', entered: label(sexLabels, sEntered?.sex), current: label(sexLabels, sNow?.sex) },
      { label: 'Subscriber address', entered: address(sEntered), current: address(sNow) },
      { label: 'Subscriber phone', entered: text(sEntered?.phone), current: text(sNow?.phone) },
    );
  }
  rows.push(
    { label: 'Effective Date', entered: date(entered.effectiveDate), current: date(policy.effectiveDate) },
    { label: 'End Date', entered: date(entered.endDate), current: date(policy.endDate) },
    { label: 'Card files', entered: String(enteredFiles), current: String(policy.attachments.length) },
  );
  return [
    { label: 'Payer', entered: enteredPayer, current: currentPayer, changed: payerChanged },
    ...rows.map((row) => ({ ...row, changed: row.entered !== row.current })),
  ];
}
