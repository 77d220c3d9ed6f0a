import { describe, expect, it } from 'vitest';
import { isEmptyPayment, primaryPaymentField, primaryPaymentFrom, primaryPaymentLabel, primaryPaymentRequest } from './primary-payment';

describe('the Primary’s payment in the claim form', () => {
  const stored = {
    paidCents: 7000,
    paidDate: '2026-03-20',
    adjustments: [
      { groupCode: 'CO' as const, reasonCode: '45', amountCents: 3000 },
      { groupCode: 'CR' as const, reasonCode: '129', amountCents: -500 },
    ],
    lines: [],
  };

  it('a stored payment fills the form and comes back unchanged', () => {
    const draft = primaryPaymentFrom(stored);
    expect(draft).toEqual({
      paid: '70.00',
      paidDate: '2026-03-20',
      adjustments: [
        { groupCode: 'CO', reasonCode: '45', amount: '30.00' },
        { groupCode: 'CR', reasonCode: '129', amount: '-5.00' },
      ],
      lines: null,
    });
    expect(primaryPaymentRequest(draft)).toEqual(stored);
  });

  it('nothing entered is no payment; empty adjustment rows are left out', () => {
    const draft = primaryPaymentFrom(null);
    expect(isEmptyPayment(draft)).toBe(true);
    expect(primaryPaymentRequest(draft)).toBeNull();
    expect(
      primaryPaymentRequest({
        ...draft,
        paid: '120',
        paidDate: '2026-03-20',
        adjustments: [{ groupCode: 'CO', reasonCode: '', amount: '' }],
      }),
    ).toEqual({
      paidCents: 12000,
      paidDate: '2026-03-20',
      adjustments: [],
      lines: [],
    });
  });

  it('unreadable amounts become NaN for the schema to name; reason codes are upper-cased', () => {
    const request = primaryPaymentRequest({
      paid: 'lots',
      paidDate: '',
      adjustments: [{ groupCode: 'PR', reasonCode: ' b1 ', amount: '1.234' }],
      lines: null,
    });
    expect(request!.paidCents).toBeNaN();
    expect(request!.paidDate).toBe('');
    expect((request!.adjustments as { reasonCode: string; amountCents: number }[])[0]).toMatchObject({
      reasonCode: 'B1',
      amountCents: Number.NaN,
    });
  });

  it('a payment recorded line by line is sent back as it is', () => {
    const lines = [{ paidCents: 7000, adjustments: [] }];
    const draft = primaryPaymentFrom({ ...stored, lines });
    expect(draft.lines).toEqual(lines);
    expect(isEmptyPayment({ ...draft, paid: '', paidDate: '', adjustments: [] })).toBe(false);
    expect(primaryPaymentRequest(draft)!.lines).toEqual(lines);
  });
});

describe('where the payment’s problems are shown', () => {
  it.each([
    ['primaryAdjudication.paidCents', 'primaryAdjudication.paidCents', 'Paid by the Primary'],
    ['primaryAdjudication.paidDate', 'primaryAdjudication.paidDate', 'Primary’s remittance date'],
    ['primaryAdjudication.adjustments.1.reasonCode', 'primaryAdjudication.adjustments.1.reasonCode', 'Adjustment 2 reason code'],
    ['primaryAdjudication.adjustments', 'primaryAdjudication.adjustments', 'Primary’s adjustments'],
    ['primaryAdjudication.lines.0', 'primaryAdjudication', 'Primary’s payment'],
    ['primaryAdjudication', 'primaryAdjudication', 'Primary’s payment'],
  ])('%s → %s (“%s”)', (path, field, label) => {
    expect(primaryPaymentField(path)).toBe(field);
    expect(primaryPaymentLabel(field)).toBe(label);
  });
});
