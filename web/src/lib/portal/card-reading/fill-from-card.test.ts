import { describe, expect, it } from 'vitest';
import type { CardFields } from '$shared/card-reading/extract-fields';
import { emptyPortalDraft, type PortalPolicyDraft } from '../policy-form/portal-request';
import { clearFilled, fillableFound, fillEmptyFields, marksStillShown, type CardPayer } from './fill-from-card';

const card: CardFields = {
  payerName: 'Aetna',
  memberId: 'W481516234',
  groupNumber: '0718290',
  planName: 'Gold PPO',
  effectiveDate: '2026-01-01',
  subscriberName: 'JORDAN A RIVERA',
  rxBin: '610014',
  payerPhone: '8005551234',
};
const aetna: CardPayer = { name: 'Aetna', payerId: 'PAY-AETNA' };
const draft = (changes: Partial<PortalPolicyDraft> = {}): PortalPolicyDraft => ({ ...emptyPortalDraft(), ...changes });

describe('filling the portal form from a card reading', () => {
  it('fills every empty field the form has and marks each one with the card’s value', () => {
    const { draft: filled, marks } = fillEmptyFields(draft(), { fields: card, payer: aetna });
    expect(filled).toMatchObject({
      payerText: 'Aetna',
      payerId: 'PAY-AETNA',
      memberId: 'W481516234',
      groupNumber: '0718290',
      planName: 'Gold PPO',
      effectiveDate: '2026-01-01',
    });
    expect(marks).toEqual({
      payerName: 'Aetna',
      memberId: 'W481516234',
      groupNumber: '0718290',
      planName: 'Gold PPO',
      effectiveDate: '2026-01-01',
    });
  });

  it('never replaces what the client typed or chose, and does not mark it', () => {
    const typed = draft({ payerText: 'Cigna', payerId: 'PAY-CIGNA', memberId: 'TYPED-1', groupNumber: 'G-2', effectiveDate: '2025-07-01' });
    const { draft: filled, marks } = fillEmptyFields(typed, { fields: card, payer: aetna });
    expect(filled).toMatchObject({
      payerText: 'Cigna',
      payerId: 'PAY-CIGNA',
      memberId: 'TYPED-1',
      groupNumber: 'G-2',
      effectiveDate: '2025-07-01',
    });
    expect(filled.planName).toBe('Gold PPO');
    expect(Object.keys(marks)).toEqual(['planName']);
  });

  it('a field holding only spaces counts as empty; a payer box with a chosen payer does not', () => {
    const { draft: filled, marks } = fillEmptyFields(draft({ memberId: '   ', payerText: '', payerId: 'PAY-X' }), {
      fields: card,
      payer: aetna,
    });
    expect(filled.memberId).toBe('W481516234');
    expect(filled.payerId).toBe('PAY-X');
    expect(marks.payerName).toBeUndefined();
  });

  it('a payer the practice lacks is filled as printed, as free text', () => {
    const { draft: filled } = fillEmptyFields(draft(), {
      fields: { payerName: 'Acme Health' },
      payer: { name: 'Acme Health', payerId: null },
    });
    expect(filled).toMatchObject({ payerText: 'Acme Health', payerId: null });
  });

  it('fills nothing the card did not give, never the policyholder, and no invalid date', () => {
    const { draft: filled, marks } = fillEmptyFields(draft({ relationship: 'spouse' }), {
      fields: { memberId: 'W1', effectiveDate: '2026-02-30' },
      payer: null,
    });
    expect(marks).toEqual({ memberId: 'W1' });
    expect(filled.effectiveDate).toBe('');
    expect(filled.payerText).toBe('');
    expect(filled.subscriber).toEqual(emptyPortalDraft().subscriber);
  });

  it('counts only what the form could use as found: Rx and phone values alone are "found nothing"', () => {
    expect(fillableFound({ fields: { rxBin: '610014', payerPhone: '8005551234' }, payer: null })).toBe(0);
    expect(fillableFound({ fields: card, payer: aetna })).toBe(5);
  });

  it('does not change the draft it was given', () => {
    const original = draft();
    fillEmptyFields(original, { fields: card, payer: aetna });
    expect(original).toEqual(emptyPortalDraft());
  });
});

describe('the “filled from your card” marks', () => {
  const { draft: filled, marks } = fillEmptyFields(draft({ groupNumber: 'G-2' }), { fields: card, payer: aetna });

  it('show on the filled fields in form order while they hold the card’s value', () => {
    expect(marksStillShown(filled, marks)).toEqual(['payerName', 'memberId', 'planName', 'effectiveDate']);
  });

  it('go away from a field the client corrected or emptied', () => {
    expect(marksStillShown({ ...filled, memberId: 'W481516243' }, marks)).not.toContain('memberId');
    expect(marksStillShown({ ...filled, planName: '' }, marks)).not.toContain('planName');
    expect(marksStillShown({ ...filled, payerText: 'Aetna Better Health' }, marks)).not.toContain('payerName');
  });

  it('“Clear” empties the field (the payer’s choice too)', () => {
    expect(clearFilled(filled, 'memberId').memberId).toBe('');
    expect(clearFilled(filled, 'payerName')).toMatchObject({ payerText: '', payerId: null });
    expect(marksStillShown(clearFilled(filled, 'effectiveDate'), marks)).not.toContain('effectiveDate');
  });
});
