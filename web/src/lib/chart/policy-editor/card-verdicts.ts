/**
 * The review dialog's card check: what the card images say next to what the form says now, field by field,
 * and what "Use the card's value" puts into the form. The verdicts come from the server's own rule
 * (shared/card-check.ts `computeCardCheck`) applied to the form as it stands, so the dialog shows before saving
 * exactly the `cardCheck` the policy will carry after saving.
 */
import { cardReadingFields, computeCardCheck, type CardCheckEntry } from '$shared/card-check';
import type { CardField } from '$shared/constants';
import type { Attachment, Payer, Policy } from '$shared/schemas';
import { formatDate } from '../../labels';
import type { DraftKey, PolicyDraft } from '../policy-draft';

const cardFieldLabels: Record<CardField, string> = {
  payerName: 'Payer',
  memberId: 'Member ID',
  groupNumber: 'Group number',
  subscriberName: 'Subscriber name',
  planName: 'Plan name',
  effectiveDate: 'Effective Date',
  rxBin: 'Rx BIN',
  rxPcn: 'Rx PCN',
  rxGroup: 'Rx group',
  payerPhone: 'Payer phone',
};

export const verdictWords: Record<CardCheckEntry['verdict'], string> = {
  match: 'Matches the card',
  mismatch: 'Differs from the card',
  missing_on_policy: 'Not on the policy',
};

/** One row of the card check as the dialog shows it. */
export interface CardFieldView {
  field: CardField;
  label: string;
  /** The value read from the card, as printed (dates `YYYY-MM-DD`). */
  card: string;
  /** The form's current value for it, or null when empty or when the policy has no such field. */
  current: string | null;
  verdict: CardCheckEntry['verdict'];
  /** What "Use the card's value" writes into the form; null when the button is not offered (see `note`). */
  fill: Partial<PolicyDraft> | null;
  /** Why there is no button, or what the button does beyond the obvious. */
  note: string | null;
}

type CardAttachment = Pick<Attachment, 'attachmentId' | 'side' | 'reading' | 'contentType'>;

/** The policy-shaped view of the form that `computeCardCheck` compares the card with. */
function policyFromDraft(draft: PolicyDraft, payers: readonly Pick<Payer, 'payerId' | 'name'>[], enteredName: string | null) {
  const linked = draft.payerId ? (payers.find((p) => p.payerId === draft.payerId)?.name ?? null) : null;
  const first = draft['subscriber.firstName'].trim();
  const last = draft['subscriber.lastName'].trim();
  // The server keeps no subscriber for "Self" (the client is the subscriber), so neither does the comparison.
  const subscriber =
    draft.relationship !== 'self' && (first || last) ? ({ firstName: first, lastName: last } as Policy['subscriber']) : null;
  return {
    payer: { payerId: draft.payerId || null, name: linked, enteredName: linked ? null : enteredName },
    memberId: draft.memberId.trim() || null,
    groupNumber: draft.groupNumber.trim() || null,
    planName: draft.planName.trim() || null,
    subscriber,
    effectiveDate: draft.effectiveDate,
  };
}

/** "JAMES Q LEE" → first name "JAMES Q", last name "LEE" (the card prints the name in reading order). */
export function splitCardName(name: string): { firstName: string; lastName: string } {
  const words = name.trim().split(/\s+/);
  const lastName = words.pop() ?? '';
  return { firstName: words.join(' '), lastName };
}

const normalisedName = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

function fillFor(
  entry: CardCheckEntry,
  draft: PolicyDraft,
  payers: readonly Pick<Payer, 'payerId' | 'name' | 'active'>[],
  clientName: string | null,
): Pick<CardFieldView, 'fill' | 'note'> {
  if (entry.verdict === 'match') return { fill: null, note: null };
  const text = (key: DraftKey) => ({ fill: { [key]: entry.card } as Partial<PolicyDraft>, note: null });
  switch (entry.field) {
    case 'memberId':
    case 'groupNumber':
    case 'planName':
    case 'effectiveDate':
      return text(entry.field);
    case 'payerName': {
      // A payer is chosen from the practice's list, not typed: offer the one whose name is the card's.
      const payer = payers.find((p) => p.active && normalisedName(p.name) === normalisedName(entry.card));
      return payer
        ? { fill: { payerId: payer.payerId }, note: null }
        : { fill: null, note: 'None of your payers has this name: choose the payer in the form, or add it.' };
    }
    case 'subscriberName':
      if (draft.relationship === 'self') {
        // The policy keeps no subscriber then (the server's verdict stays "not on the policy"); the client's own
        // name is what the card should show, so it is said here for the comparison.
        if (!clientName) return { fill: null, note: 'The client is the subscriber (relationship “Self”).' };
        return normalisedName(clientName) === normalisedName(entry.card)
          ? { fill: null, note: `The client is the subscriber (“Self”), and the card shows the client’s name.` }
          : { fill: null, note: `The client is the subscriber (“Self”): check the card’s name against the client’s, ${clientName}.` };
      }
      return {
        fill: { 'subscriber.firstName': splitCardName(entry.card).firstName, 'subscriber.lastName': splitCardName(entry.card).lastName },
        note: null,
      };
    default:
      return { fill: null, note: 'The policy has no field for this; it is shown for reference.' };
  }
}

/** The card check of the form as it stands: one row per field read from the card images, in the server's order. */
export function cardFieldViews(
  attachments: readonly CardAttachment[],
  draft: PolicyDraft,
  payers: readonly Pick<Payer, 'payerId' | 'name' | 'active'>[],
  enteredName: string | null,
  /** The client's name (the subscriber when the relationship is "Self"). */
  clientName: string | null = null,
): CardFieldView[] {
  const entries = computeCardCheck({ ...policyFromDraft(draft, payers, enteredName), attachments });
  return entries.map((entry) => ({
    field: entry.field,
    label: cardFieldLabels[entry.field],
    card: entry.card,
    current: entry.policy,
    verdict: entry.verdict,
    ...fillFor(entry, draft, payers, clientName),
  }));
}

/** The form after "Use the card's value" on one row. */
export function useCardValue(draft: PolicyDraft, view: Pick<CardFieldView, 'fill'>): PolicyDraft {
  return view.fill ? { ...draft, ...view.fill } : draft;
}

/** Where the card stands, in the words the dialog uses when there is nothing (or nothing yet) to compare. */
export type CardReadingStatus =
  | { kind: 'read' }
  | { kind: 'none'; message: string }
  | { kind: 'pending'; message: string }
  | { kind: 'unreadable'; message: string }
  | { kind: 'nothing_found'; message: string }
  | { kind: 'not_an_image'; message: string };

export function cardReadingStatus(attachments: readonly CardAttachment[]): CardReadingStatus {
  if (!attachments.length) return { kind: 'none', message: 'No card image on this policy.' };
  const states = attachments.map((a) => a.reading?.state ?? 'pending');
  if (Object.keys(cardReadingFields(attachments)).length) return { kind: 'read' };
  if (states.includes('pending')) {
    return { kind: 'pending', message: 'Card not read yet. Reading usually takes a few seconds after the card is attached.' };
  }
  if (states.includes('unreadable')) {
    return { kind: 'unreadable', message: 'Card could not be read. Compare the image with the fields yourself.' };
  }
  if (states.includes('read')) {
    return {
      kind: 'nothing_found',
      message: 'Nothing on the card could be read with confidence. Compare the image with the fields yourself.',
    };
  }
  return { kind: 'not_an_image', message: 'PDF files are not read automatically. Open the file and compare it with the fields yourself.' };
}

/** Whether a file can be drawn as an image in the browser (HEIC and PDFs cannot, in Chromium and Firefox). */
export const isDrawableImage = (contentType: string) => ['image/jpeg', 'image/png', 'image/webp', 'image/gif'].includes(contentType);

/** The file shown first: the front of the card, then the back, then anything else. */
export function firstShown<T extends Pick<Attachment, 'side'>>(attachments: readonly T[]): T | null {
  const order = { front: 0, back: 1, other: 2 } as const;
  return [...attachments].sort((a, b) => order[a.side] - order[b.side])[0] ?? null;
}

/** A card or policy value as a person reads it: dates in words, phone numbers grouped. */
export function cardValueText(field: CardField, value: string): string {
  if (field === 'effectiveDate') return formatDate(value);
  if (field === 'payerPhone' && /^\d{10}$/.test(value)) return `(${value.slice(0, 3)}) ${value.slice(3, 6)}-${value.slice(6)}`;
  return value;
}

/** The form field "Use the card's value" fills first (focused afterwards, so the practitioner sees the change). */
export function filledFieldKey(view: Pick<CardFieldView, 'fill'>): DraftKey | null {
  return view.fill ? ((Object.keys(view.fill)[0] as DraftKey | undefined) ?? null) : null;
}

const HINT_VERDICTS: Record<CardCheckEntry['verdict'], string> = {
  match: 'matches',
  mismatch: 'differs',
  missing_on_policy: 'not entered here',
};
/** Form fields that carry the card's value in their hint (read with the field by a screen reader). */
const HINTED: Partial<Record<CardField, DraftKey>> = {
  memberId: 'memberId',
  groupNumber: 'groupNumber',
  planName: 'planName',
  effectiveDate: 'effectiveDate',
};

/** The card's word on a form field, said under its label: "Card: W596564236 — differs". */
export function cardHints(views: readonly CardFieldView[]): Partial<Record<DraftKey, string>> {
  return Object.fromEntries(
    views.flatMap((view) => {
      const key = HINTED[view.field];
      return key ? [[key, `Card: ${cardValueText(view.field, view.card)} — ${HINT_VERDICTS[view.verdict]}`]] : [];
    }),
  );
}
