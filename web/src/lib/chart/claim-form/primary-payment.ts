/**
 * The Primary's payment on a secondary claim (coordination of benefits) as the claim form holds it: paid amount
 * and remittance date in dollars and a date, claim-level adjustments as rows. A payment recorded line by line
 * (through the API) is kept as it is: the form shows it and sends it back unchanged.
 */
import type { Claim } from '$shared/schemas';
import { centsToDollars, dollarsToCents } from '../../labels';

type Adjudication = NonNullable<Claim['primaryAdjudication']>;

export const ADJUSTMENT_GROUPS = {
  CO: 'CO – contractual obligation',
  PR: 'PR – patient responsibility',
  OA: 'OA – other adjustment',
  PI: 'PI – payer initiated',
  CR: 'CR – correction or reversal',
} as const;

export interface AdjustmentDraft {
  groupCode: string;
  reasonCode: string;
  /** Dollars; a reversal may be negative. */
  amount: string;
}

export interface PrimaryPaymentDraft {
  paid: string;
  paidDate: string;
  adjustments: AdjustmentDraft[];
  /** A line-by-line adjudication from the API, sent back as it is (null: none). */
  lines: Adjudication['lines'] | null;
}

export const emptyAdjustment = (): AdjustmentDraft => ({ groupCode: 'CO', reasonCode: '', amount: '' });

export function primaryPaymentFrom(adjudication: Claim['primaryAdjudication'] | null | undefined): PrimaryPaymentDraft {
  if (!adjudication) return { paid: '', paidDate: '', adjustments: [], lines: null };
  return {
    paid: centsToDollars(adjudication.paidCents),
    paidDate: adjudication.paidDate,
    adjustments: adjudication.adjustments.map((a) => ({
      groupCode: a.groupCode,
      reasonCode: a.reasonCode,
      amount: signedDollars(a.amountCents),
    })),
    lines: adjudication.lines.length ? adjudication.lines : null,
  };
}

/** Nothing entered: no payment recorded. */
export function isEmptyPayment(draft: PrimaryPaymentDraft): boolean {
  return !draft.paid.trim() && !draft.paidDate && draft.adjustments.every((a) => !a.reasonCode.trim() && !a.amount.trim()) && !draft.lines;
}

/**
 * The request's `primaryAdjudication`: null when nothing is entered; unreadable amounts become NaN (and a
 * missing date '') for the shared schema to name on their fields.
 */
export function primaryPaymentRequest(draft: PrimaryPaymentDraft): Record<string, unknown> | null {
  if (isEmptyPayment(draft)) return null;
  return {
    paidCents: draft.paid.trim() ? (dollarsToCents(draft.paid) ?? Number.NaN) : Number.NaN,
    paidDate: draft.paidDate,
    adjustments: draft.adjustments
      .filter((a) => a.reasonCode.trim() || a.amount.trim())
      .map((a) => ({ groupCode: a.groupCode, reasonCode: a.reasonCode.trim().toUpperCase(), amountCents: signedCents(a.amount) })),
    lines: draft.lines ?? [],
  };
}

function signedDollars(cents: number): string {
  return cents < 0 ? `-${centsToDollars(-cents)}` : centsToDollars(cents);
}

function signedCents(text: string): number {
  const value = text.trim();
  const negative = value.startsWith('-');
  const cents = dollarsToCents(negative ? value.slice(1) : value);
  return typeof cents === 'number' ? (negative ? -cents : cents) : Number.NaN;
}

/**
 * Where a problem of the payment is shown: the paid amount, the date, one adjustment's input, the adjustments as
 * a whole, or the section (balance, line-by-line problems).
 */
export function primaryPaymentField(path: string): string {
  const match = /^primaryAdjudication\.(paidCents|paidDate|adjustments\.\d+\.\w+|adjustments)(\..*)?$/.exec(path);
  return match ? `primaryAdjudication.${match[1]}` : 'primaryAdjudication';
}

const adjustmentFieldLabel: Record<string, string> = { groupCode: 'group', reasonCode: 'reason code', amountCents: 'amount' };

/** The error summary's name for a payment path. */
export function primaryPaymentLabel(path: string): string {
  if (path === 'primaryAdjudication.paidCents') return 'Paid by the Primary';
  if (path === 'primaryAdjudication.paidDate') return 'Primary’s remittance date';
  if (path === 'primaryAdjudication.adjustments') return 'Primary’s adjustments';
  const adjustment = /^primaryAdjudication\.adjustments\.(\d+)\.(\w+)$/.exec(path);
  if (adjustment) return `Adjustment ${Number(adjustment[1]) + 1} ${adjustmentFieldLabel[adjustment[2]!] ?? adjustment[2]}`;
  return 'Primary’s payment';
}
