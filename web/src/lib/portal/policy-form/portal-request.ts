/**
 * The portal's "Add insurance" form as plain values, and its pure steps: the POST body (`createPortalPolicyRequest`)
 * from what the client typed, the card sides that still block a submit, and where the API's error paths are shown.
 */
import type { CardImages } from '$shared/schemas';
import type { FieldErrors } from '../../forms';
import type { CardItem, CardSide } from '../cards';
import { sideTitle } from '../cards';
import { t } from '../../i18n/i18n';

export interface PortalPolicyDraft {
  priority: 'primary' | 'secondary';
  /** What is typed in the insurance company box; `payerId` when it is one of the practice's payers. */
  payerText: string;
  payerId: string | null;
  insuranceType: string;
  memberId: string;
  groupNumber: string;
  planName: string;
  relationship: 'self' | 'spouse' | 'child' | 'other';
  subscriber: {
    firstName: string;
    lastName: string;
    dateOfBirth: string;
    sex: string;
    line1: string;
    line2: string;
    city: string;
    state: string;
    postalCode: string;
    phone: string;
  };
  effectiveDate: string;
  endDate: string;
}

export type Cards = Record<CardSide, CardItem | null>;

export function emptyPortalDraft(): PortalPolicyDraft {
  return {
    priority: 'primary',
    payerText: '',
    payerId: null,
    insuranceType: '',
    memberId: '',
    groupNumber: '',
    planName: '',
    relationship: 'self',
    subscriber: {
      firstName: '',
      lastName: '',
      dateOfBirth: '',
      sex: '',
      line1: '',
      line2: '',
      city: '',
      state: '',
      postalCode: '',
      phone: '',
    },
    effectiveDate: '',
    endDate: '',
  };
}

/** Field labels in the current language, in form order (the error summary lists problems in this order). */
export function portalFieldLabels(): Record<string, string> {
  return {
    priority: t('form.priority'),
    payerName: t('payer.label'),
    insuranceType: t('form.insuranceType'),
    memberId: t('form.memberId'),
    groupNumber: t('form.groupNumber'),
    planName: t('form.planName'),
    relationship: t('holder.relationship'),
    'subscriber.firstName': t('holder.firstNameLabel'),
    'subscriber.lastName': t('holder.lastNameLabel'),
    'subscriber.dateOfBirth': t('holder.dateOfBirthLabel'),
    'subscriber.sex': t('holder.sexLabel'),
    'subscriber.address.line1': t('holder.line1'),
    'subscriber.address.line2': t('holder.line2'),
    'subscriber.address.city': t('holder.city'),
    'subscriber.address.state': t('holder.state'),
    'subscriber.address.postalCode': t('holder.postalCode'),
    'subscriber.phone': t('holder.phone'),
    effectiveDate: t('form.effectiveDate'),
    endDate: t('form.endDate'),
    'cards.front': sideTitle('front'),
    'cards.back': sideTitle('back'),
  };
}

/** zod's generic wording for an empty required choice or date, said for this form (in the current language). */
export function portalFriendly(): Record<string, string> {
  return {
    insuranceType: t('form.chooseInsuranceType'),
    'subscriber.sex': t('form.chooseSex'),
    'subscriber.dateOfBirth': t('form.enterDateOfBirth'),
    effectiveDate: t('form.enterEffectiveDate'),
    endDate: t('form.enterEndDate'),
  };
}

const trimmed = (value: string) => value.trim() || undefined;

/** The POST body: what was given; a policyholder once started is sent whole (the API's all-or-nothing rule). */
export function buildPortalRequest(draft: PortalPolicyDraft, cards: Cards, showCards: boolean): Record<string, unknown> {
  const request: Record<string, unknown> = { priority: draft.priority, effectiveDate: draft.effectiveDate };
  if (draft.payerId) request.payerId = draft.payerId;
  else if (draft.payerText.trim()) request.payerName = draft.payerText.trim();
  if (draft.insuranceType) request.insuranceType = draft.insuranceType;
  for (const key of ['memberId', 'groupNumber', 'planName'] as const) {
    if (trimmed(draft[key])) request[key] = draft[key].trim();
  }
  request.relationship = draft.relationship;
  const s = draft.subscriber;
  if (draft.relationship !== 'self' && Object.values(s).some((v) => v.trim())) {
    request.subscriber = {
      firstName: s.firstName,
      lastName: s.lastName,
      dateOfBirth: s.dateOfBirth,
      sex: s.sex || undefined,
      address: { line1: s.line1, line2: trimmed(s.line2), city: s.city, state: s.state, postalCode: s.postalCode },
      phone: trimmed(s.phone),
    };
  }
  if (draft.endDate) request.endDate = draft.endDate;
  const attachmentIds = (['front', 'back'] as const).flatMap((side) =>
    showCards && cards[side]?.attachmentId ? [cards[side]!.attachmentId!] : [],
  );
  if (attachmentIds.length) request.attachmentIds = attachmentIds;
  return request;
}

/** Whether the practice's `cardImages` setting requires this side of the card. */
export function sideRequired(side: CardSide, cardImages: CardImages): boolean {
  return cardImages === 'front_and_back' || (side === 'front' && cardImages === 'front');
}

/** The card sides that block a submit: a required side missing, one still uploading, one that failed. */
export function cardErrors(cards: Cards, cardImages: CardImages): FieldErrors {
  const found: FieldErrors = {};
  if (cardImages === 'off') return found;
  for (const side of ['front', 'back'] as const) {
    const item = cards[side];
    const key = `cards.${side}`;
    if (!item) {
      if (sideRequired(side, cardImages))
        found[key] = t('form.cardRequired', { side: t(side === 'front' ? 'form.sideFront' : 'form.sideBack') });
    } else if (item.status === 'uploading' || item.status === 'preparing') {
      found[key] = t('form.stillUploading');
    } else if (item.status === 'error') {
      found[key] = t('form.uploadFailed');
    }
  }
  return found;
}

/** The API's paths placed on this form: `payerId` on the company box, `attachmentIds.N` on the card side it was. */
export function placeServerPaths(found: FieldErrors, request: Record<string, unknown>, cards: Cards): FieldErrors {
  const out: FieldErrors = {};
  const ids = (request.attachmentIds as string[] | undefined) ?? [];
  for (const [path, message] of Object.entries(found)) {
    let key = path === 'payerId' ? 'payerName' : path;
    const attachment = /^attachmentIds(?:\.(\d+))?$/.exec(path);
    if (attachment) {
      const attachmentId = attachment[1] !== undefined ? ids[Number(attachment[1])] : undefined;
      const side = (['front', 'back'] as const).find((s) => cards[s]?.attachmentId === attachmentId) ?? 'front';
      key = `cards.${side}`;
    }
    out[key] ??= message;
  }
  return out;
}
