import { computeCardCheck } from '$shared/card-check';
import type { Attachment, Payer } from '$shared/schemas';
import { describe, expect, it } from 'vitest';
import { emptyDraft, type PolicyDraft } from '../policy-draft';
import {
  cardFieldViews,
  cardHints,
  cardReadingStatus,
  cardValueText,
  filledFieldKey,
  firstShown,
  splitCardName,
  useCardValue,
  type CardFieldView,
} from './card-verdicts';

type CardFile = Pick<Attachment, 'attachmentId' | 'side' | 'reading' | 'contentType'>;

function card(side: Attachment['side'], reading: Partial<Attachment['reading']> = {}, contentType = 'image/png'): CardFile {
  return {
    attachmentId: `A-${side}`,
    side,
    contentType,
    reading: { state: 'read', fields: {}, readAt: '2026-01-01T00:00:00Z', ...reading },
  };
}

const payers: Pick<Payer, 'payerId' | 'name' | 'active'>[] = [
  { payerId: 'AET', name: 'Aetna', active: true },
  { payerId: 'CIG', name: 'Cigna', active: true },
  { payerId: 'OLD', name: 'Humana', active: false },
];

const draftWith = (fields: Partial<PolicyDraft>): PolicyDraft => ({ ...emptyDraft(), effectiveDate: '2026-01-01', ...fields });
const byField = (views: CardFieldView[]) => Object.fromEntries(views.map((v) => [v.field, v]));

describe('the card verdict of each field, against the form as it stands', () => {
  const front = card('front', {
    fields: {
      payerName: 'Aetna',
      memberId: 'W596564236',
      groupNumber: 'E533111',
      subscriberName: 'JAMES Q LEE',
      planName: 'Bronze EPO',
      effectiveDate: '2026-01-01',
      rxBin: '610014',
      payerPhone: '8776592430',
    },
  });

  it('a mistyped member ID differs; the same value typed with dashes and lower case matches; an empty field is not on the policy', () => {
    const views = byField(
      cardFieldViews([front], draftWith({ payerId: 'AET', memberId: 'W596564299', groupNumber: 'e533-111', planName: '' }), payers, null),
    );
    expect(views.memberId).toMatchObject({
      verdict: 'mismatch',
      card: 'W596564236',
      current: 'W596564299',
      fill: { memberId: 'W596564236' },
    });
    expect(views.groupNumber).toMatchObject({ verdict: 'match', fill: null });
    expect(views.planName).toMatchObject({ verdict: 'missing_on_policy', current: null, fill: { planName: 'Bronze EPO' } });
    expect(views.payerName).toMatchObject({ verdict: 'match', current: 'Aetna' });
    expect(views.effectiveDate).toMatchObject({ verdict: 'match' });
  });

  it('gives the verdicts the server will store after saving (the same rule on the same values)', () => {
    const draft = draftWith({
      payerId: 'CIG',
      memberId: 'X1',
      relationship: 'spouse',
      'subscriber.firstName': 'James',
      'subscriber.lastName': 'Lee',
    });
    const views = cardFieldViews([front], draft, payers, null);
    const server = computeCardCheck({
      payer: { payerId: 'CIG', name: 'Cigna', enteredName: null },
      memberId: 'X1',
      groupNumber: null,
      planName: null,
      subscriber: { firstName: 'James', lastName: 'Lee' } as never,
      effectiveDate: '2026-01-01',
      attachments: [front],
    });
    expect(views.map((v) => [v.field, v.verdict])).toEqual(server.map((e) => [e.field, e.verdict]));
  });

  it('"Use the card’s value" fixes a mismatch in one step: the field then matches', () => {
    const draft = draftWith({ payerId: 'AET', memberId: 'W596564299' });
    const memberId = byField(cardFieldViews([front], draft, payers, null)).memberId!;
    const fixed = useCardValue(draft, memberId);
    expect(fixed.memberId).toBe('W596564236');
    expect(byField(cardFieldViews([front], fixed, payers, null)).memberId!.verdict).toBe('match');
    expect(filledFieldKey(memberId)).toBe('memberId');
    expect(fixed.groupNumber).toBe(draft.groupNumber); // nothing else touched
  });

  it('the payer is chosen from the practice’s list by the card’s name, only among active payers', () => {
    const draft = draftWith({ payerId: 'CIG' });
    expect(byField(cardFieldViews([front], draft, payers, null)).payerName).toMatchObject({
      verdict: 'mismatch',
      fill: { payerId: 'AET' },
    });
    const humana = card('front', { fields: { payerName: 'HUMANA' } });
    const view = byField(cardFieldViews([humana], draft, payers, null)).payerName!;
    expect(view.fill).toBeNull();
    expect(view.note).toMatch(/None of your payers/);
  });

  it('no payer linked yet: the card is compared with the name the client typed', () => {
    const views = byField(cardFieldViews([front], draftWith({ payerId: '' }), payers, 'aetna'));
    expect(views.payerName).toMatchObject({ verdict: 'match', current: 'aetna' });
  });

  it('the subscriber name fills first and last name when the client is not the subscriber; for “Self” it is only shown', () => {
    const spouse = draftWith({ relationship: 'spouse', 'subscriber.firstName': 'Jim', 'subscriber.lastName': 'Lee' });
    const view = byField(cardFieldViews([front], spouse, payers, null)).subscriberName!;
    expect(view).toMatchObject({ verdict: 'mismatch', fill: { 'subscriber.firstName': 'JAMES Q', 'subscriber.lastName': 'LEE' } });
    const self = byField(cardFieldViews([front], draftWith({ relationship: 'self' }), payers, null, 'Jamie Rivera')).subscriberName!;
    expect(self).toMatchObject({ verdict: 'missing_on_policy', fill: null });
    // Names left in the subscriber inputs are not saved for “Self”, so they are not compared either.
    const selfWithNames = draftWith({ relationship: 'self', 'subscriber.firstName': 'James Q', 'subscriber.lastName': 'Lee' });
    expect(byField(cardFieldViews([front], selfWithNames, payers, null)).subscriberName!.verdict).toBe('missing_on_policy');
    expect(self.note).toMatch(/Self.*check the card’s name against the client’s, Jamie Rivera/);
    const same = byField(cardFieldViews([front], draftWith({ relationship: 'self' }), payers, null, 'James Q. Lee')).subscriberName!;
    expect(same.note).toMatch(/the card shows the client’s name/);
  });

  it('Rx numbers and the payer phone have no policy field: shown for reference, never a button', () => {
    const views = byField(cardFieldViews([front], draftWith({}), payers, null));
    expect(views.rxBin).toMatchObject({ verdict: 'missing_on_policy', fill: null });
    expect(views.payerPhone).toMatchObject({ verdict: 'missing_on_policy', fill: null });
  });

  it('the front’s reading wins over the back’s for the same field; unread files add nothing', () => {
    const back = card('back', { fields: { memberId: 'BACK1', rxGroup: 'RX1' } });
    const pending = card('other', { state: 'pending', fields: { memberId: 'NEVER' } });
    const views = byField(cardFieldViews([back, pending, front], draftWith({}), payers, null));
    expect(views.memberId!.card).toBe('W596564236');
    expect(views.rxGroup!.card).toBe('RX1');
  });
});

describe('the card’s word under each form field it speaks to', () => {
  it('says the card’s value and the verdict on the fields the form has; nothing for payer, subscriber or Rx rows', () => {
    const front = card('front', {
      fields: { memberId: 'W1', groupNumber: 'G1', effectiveDate: '2026-03-01', payerName: 'Aetna', rxBin: '1' },
    });
    const hints = cardHints(cardFieldViews([front], draftWith({ memberId: 'W2', groupNumber: 'g1' }), payers, null));
    expect(hints).toEqual({
      memberId: 'Card: W1 — differs',
      groupNumber: 'Card: G1 — matches',
      effectiveDate: 'Card: Mar 1, 2026 — differs',
    });
  });
});

describe('where the card stands when there is nothing to compare', () => {
  it.each([
    ['no file', [], 'none', /No card image/],
    ['still being read', [card('front', { state: 'pending', readAt: null })], 'pending', /Card not read yet/],
    ['unreadable', [card('front', { state: 'unreadable' })], 'unreadable', /Card could not be read/],
    ['read, nothing certain', [card('front')], 'nothing_found', /Nothing on the card could be read/],
    ['a PDF', [card('front', { state: 'not_an_image' }, 'application/pdf')], 'not_an_image', /PDF files are not read/],
  ] as const)('%s', (_name, files, kind, message) => {
    const status = cardReadingStatus(files);
    expect(status.kind).toBe(kind);
    expect('message' in status ? status.message : '').toMatch(message);
  });

  it('a file with fields makes the card readable even while another is pending', () => {
    expect(cardReadingStatus([card('back', { state: 'pending' }), card('front', { fields: { memberId: 'A1' } })]).kind).toBe('read');
  });
});

describe('small helpers', () => {
  it('splits a printed name into first and last name', () => {
    expect(splitCardName(' JAMES  Q LEE ')).toEqual({ firstName: 'JAMES Q', lastName: 'LEE' });
  });
  it('shows dates in words and phone numbers grouped', () => {
    expect(cardValueText('effectiveDate', '2026-03-01')).toBe('Mar 1, 2026');
    expect(cardValueText('payerPhone', '8776592430')).toBe('(877) 659-2430');
    expect(cardValueText('memberId', 'W1')).toBe('W1');
  });
  it('shows the front first, then the back', () => {
    expect(firstShown([card('other'), card('back'), card('front')])?.side).toBe('front');
    expect(firstShown([])).toBeNull();
  });
});
