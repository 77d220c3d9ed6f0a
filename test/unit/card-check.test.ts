import { describe, expect, it } from 'vitest';
import { computeCardCheck, type CardCheckInput } from '../../shared/card-check.ts';
import { reviewReasons } from '../../shared/policy-state.ts';

const policy = (overrides: Partial<CardCheckInput> = {}): CardCheckInput => ({
  payer: { payerId: 'P1', name: 'Aetna', enteredName: 'aetna' },
  memberId: 'W-596 564 236',
  groupNumber: null,
  planName: 'bronze epo',
  subscriber: null,
  effectiveDate: '2023-06-01',
  attachments: [],
  ...overrides,
});

const read = (side: 'front' | 'back', fields: Record<string, string>) => ({
  side,
  reading: { state: 'read' as const, fields, readAt: '2026-01-01T00:00:00.000Z' },
});

describe('card check', () => {
  it('compares ignoring case, spaces and dashes; phones by digits; absent policy values are missing_on_policy', () => {
    const check = computeCardCheck(
      policy({
        attachments: [
          read('front', {
            payerName: 'AETNA',
            memberId: 'W596564236',
            planName: 'Bronze EPO',
            groupNumber: 'E533111',
            effectiveDate: '2023-07-01',
          }),
          read('back', { payerPhone: '8776592430', rxBin: '610014' }),
        ],
      }),
    );
    expect(check).toEqual([
      { field: 'payerName', card: 'AETNA', policy: 'Aetna', verdict: 'match' },
      { field: 'memberId', card: 'W596564236', policy: 'W-596 564 236', verdict: 'match' },
      { field: 'groupNumber', card: 'E533111', policy: null, verdict: 'missing_on_policy' },
      { field: 'planName', card: 'Bronze EPO', policy: 'bronze epo', verdict: 'match' },
      { field: 'effectiveDate', card: '2023-07-01', policy: '2023-06-01', verdict: 'mismatch' },
      { field: 'rxBin', card: '610014', policy: null, verdict: 'missing_on_policy' },
      { field: 'payerPhone', card: '8776592430', policy: null, verdict: 'missing_on_policy' },
    ]);
  });

  it('a one-letter difference in the member ID is a mismatch, and a card_mismatch review reason', () => {
    const check = computeCardCheck(policy({ memberId: 'W596564239', attachments: [read('front', { memberId: 'W596564236' })] }));
    expect(check).toEqual([{ field: 'memberId', card: 'W596564236', policy: 'W596564239', verdict: 'mismatch' }]);
    expect(
      reviewReasons({
        source: 'client',
        reviewed: false,
        payerMatch: { state: 'needs_payer', matchedBy: null, suggestions: [] },
        cardCheck: check,
      }),
    ).toEqual(['needs_payer', 'card_mismatch', 'unreviewed']);
    expect(
      reviewReasons({
        source: 'practice',
        reviewed: true,
        payerMatch: { state: 'matched', matchedBy: 'practitioner', suggestions: [] },
        cardCheck: [],
      }),
    ).toEqual([]);
  });

  it('only read images count, the front before the back; nothing read means no check', () => {
    expect(
      computeCardCheck(
        policy({
          attachments: [
            read('back', { memberId: 'BACK1234' }),
            read('front', { memberId: 'W596564236' }),
            { side: 'front', reading: { state: 'pending', fields: {}, readAt: null } },
          ],
        }),
      ).map((entry) => entry.card),
    ).toEqual(['W596564236']);
    expect(
      computeCardCheck(policy({ attachments: [{ side: 'front', reading: { state: 'unreadable', fields: {}, readAt: 'x' } }] })),
    ).toEqual([]);
  });

  it('the subscriber name compares with the subscriber on the policy', () => {
    const subscriber = {
      firstName: 'James',
      lastName: 'Lee',
      dateOfBirth: '1980-01-01',
      sex: 'male' as const,
      address: { line1: 'x', city: 'y', state: 'TX', postalCode: '75001' },
    };
    expect(computeCardCheck(policy({ subscriber, attachments: [read('front', { subscriberName: 'JAMES LEE' })] }))[0]!.verdict).toBe(
      'match',
    );
  });
});
