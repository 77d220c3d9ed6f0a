import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, periodsOverlap } from '../../shared/dates.ts';
import { planPrimaryInsertion, type ExistingPolicyPeriod } from '../../shared/primary-timeline.ts';

const primary = (
  policyId: string,
  effectiveDate: string,
  endDate: string | null = null,
  status: 'active' | 'inactive' = 'active',
): ExistingPolicyPeriod => ({
  policyId,
  priority: 'primary',
  status,
  effectiveDate,
  endDate,
});

describe('a new Primary ends the previous one', () => {
  it.each([
    {
      name: 'an open earlier Primary ends the day before the new one starts',
      existing: [primary('old', '2026-01-01')],
      insert: { effectiveDate: '2026-03-01', endDate: null },
      expected: { kind: 'insert', endDate: null, endedPolicies: [{ policyId: 'old', endDate: '2026-02-28' }] },
    },
    {
      name: 'an earlier Primary that already ended before the new start is left alone',
      existing: [primary('old', '2026-01-01', '2026-01-31')],
      insert: { effectiveDate: '2026-03-01', endDate: null },
      expected: { kind: 'insert', endDate: null, endedPolicies: [] },
    },
    {
      name: 'an earlier Primary ending exactly on the new start day is shortened by one day',
      existing: [primary('old', '2026-01-01', '2026-03-01')],
      insert: { effectiveDate: '2026-03-01', endDate: null },
      expected: { kind: 'insert', endDate: null, endedPolicies: [{ policyId: 'old', endDate: '2026-02-28' }] },
    },
    {
      name: 'a later Primary caps the new one the day before it starts',
      existing: [primary('later', '2026-06-15')],
      insert: { effectiveDate: '2026-01-01', endDate: null },
      expected: { kind: 'insert', endDate: '2026-06-14', endedPolicies: [] },
    },
    {
      name: 'a client End Date earlier than the cap is kept',
      existing: [primary('later', '2026-06-15')],
      insert: { effectiveDate: '2026-01-01', endDate: '2026-03-31' },
      expected: { kind: 'insert', endDate: '2026-03-31', endedPolicies: [] },
    },
    {
      name: 'a client End Date later than the cap is cut to the cap',
      existing: [primary('later', '2026-06-15')],
      insert: { effectiveDate: '2026-01-01', endDate: '2026-12-31' },
      expected: { kind: 'insert', endDate: '2026-06-14', endedPolicies: [] },
    },
    {
      name: 'an active Primary starting the same day is a conflict',
      existing: [primary('same', '2026-03-01')],
      insert: { effectiveDate: '2026-03-01', endDate: null },
      expected: { kind: 'conflict', conflictingPolicyId: 'same' },
    },
    {
      name: 'an inactive Primary neither conflicts nor is ended',
      existing: [primary('inactive', '2026-03-01', null, 'inactive'), primary('old-inactive', '2026-01-01', null, 'inactive')],
      insert: { effectiveDate: '2026-03-01', endDate: null },
      expected: { kind: 'insert', endDate: null, endedPolicies: [] },
    },
    {
      name: 'Secondary policies are never ended automatically',
      existing: [
        {
          policyId: 'secondary',
          priority: 'secondary',
          status: 'active',
          effectiveDate: '2026-01-01',
          endDate: null,
        } as ExistingPolicyPeriod,
      ],
      insert: { effectiveDate: '2026-03-01', endDate: null },
      expected: { kind: 'insert', endDate: null, endedPolicies: [] },
    },
    {
      name: 'a leap day boundary is handled as a calendar day',
      existing: [primary('old', '2024-01-01')],
      insert: { effectiveDate: '2024-03-01', endDate: null },
      expected: { kind: 'insert', endDate: null, endedPolicies: [{ policyId: 'old', endDate: '2024-02-29' }] },
    },
  ])('$name', ({ existing, insert, expected }) => {
    expect(planPrimaryInsertion(existing, insert)).toEqual(expected);
  });
});

/** Applies insertions one at a time, as the repository serialises them per client. */
function applyAll(insertions: { effectiveDate: string; endDate: string | null }[]) {
  const policies: ExistingPolicyPeriod[] = [];
  let refused = 0;
  insertions.forEach((insertion, index) => {
    const plan = planPrimaryInsertion(policies, insertion);
    if (plan.kind === 'conflict') {
      refused++;
      return;
    }
    for (const ended of plan.endedPolicies) policies.find((policy) => policy.policyId === ended.policyId)!.endDate = ended.endDate;
    policies.push(primary(`p${index}`, insertion.effectiveDate, plan.endDate));
  });
  return { policies, refused };
}

const day = fc.integer({ min: 0, max: 730 }).map((offset) => addDays('2025-01-01', offset));
const insertion = fc.tuple(day, fc.option(fc.integer({ min: 0, max: 400 }), { nil: null })).map(([effectiveDate, length]) => ({
  effectiveDate,
  endDate: length === null ? null : addDays(effectiveDate, length),
}));

describe('property: whatever the order of Primary additions', () => {
  it('no two active Primaries overlap', () => {
    fc.assert(
      fc.property(fc.array(insertion, { maxLength: 25 }), (insertions) => {
        const { policies } = applyAll(insertions);
        for (let i = 0; i < policies.length; i++) {
          for (let j = i + 1; j < policies.length; j++) {
            const a = policies[i]!;
            const b = policies[j]!;
            expect(periodsOverlap({ start: a.effectiveDate, end: a.endDate }, { start: b.effectiveDate, end: b.endDate })).toBe(false);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('no policy is lost: every addition is stored unless another Primary already starts that day', () => {
    fc.assert(
      fc.property(fc.array(insertion, { maxLength: 25 }), (insertions) => {
        const { policies, refused } = applyAll(insertions);
        expect(policies.length + refused).toBe(insertions.length);
        const distinctStarts = new Set(insertions.map((candidate) => candidate.effectiveDate)).size;
        expect(policies.length).toBe(distinctStarts);
        for (const policy of policies) expect(policy.endDate === null || policy.endDate >= policy.effectiveDate).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
