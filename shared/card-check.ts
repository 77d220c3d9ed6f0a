import type { CardField } from './constants.ts';
import type { Attachment, Policy } from './schemas/resources.ts';

/**
 * The card check (`Policy.cardCheck`): for each field found on the
 * policy's card images, the card's value, the policy's value and a verdict. Derived from the stored readings and
 * the policy's current fields every time a policy is read, so it is recomputed by construction when a
 * practitioner edits a field — there is no second copy to keep in step.
 *
 * Comparisons ignore case, spaces and dashes; phone numbers compare digits only. A field the policy has no
 * value (or no place) for is `missing_on_policy` — the "use the card's value" offer of the review dialog.
 * Whether a mismatch puts the policy in the Review queue is decided with the other reasons, in policy-state.ts.
 */
export type CardCheckEntry = Policy['cardCheck'][number];

export type CardCheckInput = Pick<Policy, 'payer' | 'memberId' | 'groupNumber' | 'planName' | 'subscriber' | 'effectiveDate'> & {
  attachments: readonly Pick<Attachment, 'side' | 'reading'>[];
};

const FIELD_ORDER: CardField[] = [
  'payerName',
  'memberId',
  'groupNumber',
  'subscriberName',
  'planName',
  'effectiveDate',
  'rxBin',
  'rxPcn',
  'rxGroup',
  'payerPhone',
];

/** The policy's value for a card field (null: the policy has none, or no such field — Rx and payer phone). */
function policyValue(policy: CardCheckInput, field: CardField): string | null {
  switch (field) {
    case 'payerName':
      return policy.payer.name ?? policy.payer.enteredName;
    case 'memberId':
      return policy.memberId;
    case 'groupNumber':
      return policy.groupNumber;
    case 'planName':
      return policy.planName;
    case 'subscriberName':
      return policy.subscriber ? `${policy.subscriber.firstName} ${policy.subscriber.lastName}` : null;
    case 'effectiveDate':
      return policy.effectiveDate;
    default:
      return null;
  }
}

export const comparableCardValue = (field: CardField, value: string) =>
  field === 'payerPhone' ? value.replace(/\D/g, '') : value.toLowerCase().replace(/[\s-]/g, '');

/** Fields read from the card images: the front's reading first, then the back's, then others. */
export function cardReadingFields(attachments: CardCheckInput['attachments']): Partial<Record<CardField, string>> {
  const order = { front: 0, back: 1, other: 2 } as const;
  const fields: Partial<Record<CardField, string>> = {};
  for (const attachment of [...attachments].sort((a, b) => order[a.side] - order[b.side])) {
    if (attachment.reading?.state !== 'read') continue;
    for (const [field, value] of Object.entries(attachment.reading.fields ?? {}) as [CardField, string | undefined][]) {
      if (value && fields[field] === undefined) fields[field] = value;
    }
  }
  return fields;
}

export function computeCardCheck(policy: CardCheckInput): CardCheckEntry[] {
  const card = cardReadingFields(policy.attachments);
  return FIELD_ORDER.flatMap((field) => {
    const cardValue = card[field];
    if (!cardValue) return [];
    const onPolicy = policyValue(policy, field);
    const verdict: CardCheckEntry['verdict'] = !onPolicy?.trim()
      ? 'missing_on_policy'
      : comparableCardValue(field, onPolicy) === comparableCardValue(field, cardValue)
        ? 'match'
        : 'mismatch';
    return [{ field, card: cardValue, policy: onPolicy, verdict }];
  });
}
