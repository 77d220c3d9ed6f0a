/**
 * "Fill in from your card": what a reading of the card's front puts into the add-insurance form. Pure rules:
 *  - only EMPTY fields are filled (blank or spaces); whatever the client typed or chose stays as it is;
 *  - each filled field is marked with the value the card gave, so the form can say "Filled from your card —
 *    please check" beside it until the client confirms it, clears it, or types something else over it;
 *  - only the fields the portal form has and a card reliably carries: insurance company, Member ID, group
 *    number, plan name, Effective Date. The card's name is not put into the policyholder fields: on a dependant's
 *    card it is often the dependant's own name, and a wrong name would be believed.
 */
import type { CardFields } from '$shared/card-reading/extract-fields';
import { isValidIsoDate } from '$shared/dates';
import type { PortalPolicyDraft } from '../policy-form/portal-request';

/** The card's payer as the reader suggests it. */
export interface CardPayer {
  name: string;
  /** The practice's payer, when the portal's typeahead recognised one; null for a name kept as printed. */
  payerId: string | null;
}

/** The form's field paths (as in `fieldId(prefix, path)` and the error summary). */
export type FilledField = 'payerName' | 'memberId' | 'groupNumber' | 'planName' | 'effectiveDate';

/** Form order, so marks and announcements read top to bottom. */
export const FILLABLE: readonly FilledField[] = ['payerName', 'memberId', 'groupNumber', 'planName', 'effectiveDate'];

/** For each field filled from the card, the value it was given. */
export type FilledMarks = Partial<Record<FilledField, string>>;

export function draftValue(draft: PortalPolicyDraft, field: FilledField): string {
  return field === 'payerName' ? draft.payerText : draft[field];
}

const isEmpty = (value: string) => value.trim() === '';

/**
 * The draft with the card's values in its empty fields, and the marks of what was filled. Values are those the
 * reader was sure of (it leaves a field out rather than guess); an Effective Date must be a real date.
 */
export function fillEmptyFields(
  draft: PortalPolicyDraft,
  reading: { fields: CardFields; payer: CardPayer | null },
): { draft: PortalPolicyDraft; marks: FilledMarks } {
  const next: PortalPolicyDraft = { ...draft, subscriber: { ...draft.subscriber } };
  const marks: FilledMarks = {};
  const { fields, payer } = reading;

  // The payer box counts as empty only with nothing typed and nothing chosen.
  if (payer && payer.name.trim() && isEmpty(draft.payerText) && !draft.payerId) {
    next.payerText = payer.name.trim();
    next.payerId = payer.payerId;
    marks.payerName = next.payerText;
  }
  for (const field of ['memberId', 'groupNumber', 'planName'] as const) {
    const value = fields[field]?.trim();
    if (value && isEmpty(draft[field])) {
      next[field] = value;
      marks[field] = value;
    }
  }
  if (fields.effectiveDate && isValidIsoDate(fields.effectiveDate) && isEmpty(draft.effectiveDate)) {
    next.effectiveDate = fields.effectiveDate;
    marks.effectiveDate = fields.effectiveDate;
  }
  return { draft: next, marks };
}

/** How many of the form's fields the reading found (filled or not): "already filled in" versus "found nothing". */
export function fillableFound(reading: { fields: CardFields; payer: CardPayer | null }): number {
  return FILLABLE.filter((field) => (field === 'payerName' ? reading.payer : reading.fields[field])).length;
}

/**
 * The marks still to show: a field keeps its mark while it holds the card's value. Typing over it (a correction)
 * or emptying it removes the mark — the client has dealt with that field.
 */
export function marksStillShown(draft: PortalPolicyDraft, marks: FilledMarks): FilledField[] {
  return FILLABLE.filter((field) => marks[field] !== undefined && draftValue(draft, field) === marks[field]);
}

/** The draft with one filled field emptied again ("Clear": the card's value was wrong and the client starts over). */
export function clearFilled(draft: PortalPolicyDraft, field: FilledField): PortalPolicyDraft {
  if (field === 'payerName') return { ...draft, payerText: '', payerId: null };
  return { ...draft, [field]: '' };
}
