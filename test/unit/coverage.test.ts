import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coverageGap, coveringPolicies, coversDate, type CoveragePeriodFacts } from '../../shared/coverage.ts';

type TestPolicy = CoveragePeriodFacts & { needsPayer: boolean };

let sequence = 0;
function policy(overrides: Partial<TestPolicy> = {}): TestPolicy {
  sequence += 1;
  return {
    policyId: `P${String(sequence).padStart(3, '0')}`,
    priority: 'primary',
    status: 'active',
    effectiveDate: '2024-01-01',
    endDate: '2024-06-30',
    createdAt: '2024-01-01T09:00:00.000Z',
    needsPayer: false,
    ...overrides,
  };
}

const ids = (policies: readonly CoveragePeriodFacts[]) => policies.map((entry) => entry.policyId);

describe('which policies cover a date of service', () => {
  // One policy, Effective 2024-01-01, End 2024-06-30, unless the row says otherwise.
  it.each([
    { name: 'a policy starting on the date of service covers it (the Effective day)', overrides: {}, date: '2024-01-01', covered: true },
    { name: 'the day before the Effective Date is not covered', overrides: {}, date: '2023-12-31', covered: false },
    { name: 'a date inside the coverage period is covered', overrides: {}, date: '2024-03-15', covered: true },
    { name: 'a policy ending on the date of service still covers it (the End day)', overrides: {}, date: '2024-06-30', covered: true },
    { name: 'the day after the End Date is not covered', overrides: {}, date: '2024-07-01', covered: false },
    { name: 'an open End Date covers every later day', overrides: { endDate: null }, date: '2031-05-17', covered: true },
    {
      name: 'an open End Date still does not reach back before the Effective Date',
      overrides: { endDate: null },
      date: '2023-12-31',
      covered: false,
    },
    {
      name: 'a one-day policy covers exactly its day',
      overrides: { effectiveDate: '2024-02-29', endDate: '2024-02-29' },
      date: '2024-02-29',
      covered: true,
    },
    {
      name: 'a policy ending on a leap day does not cover 1 March',
      overrides: { endDate: '2024-02-29' },
      date: '2024-03-01',
      covered: false,
    },
    {
      name: 'an inactive policy covers nothing, even inside its dates',
      overrides: { status: 'inactive' as const },
      date: '2024-03-15',
      covered: false,
    },
    {
      name: 'an inactive open-ended policy covers nothing',
      overrides: { status: 'inactive' as const, endDate: null },
      date: '2024-03-15',
      covered: false,
    },
  ])('$name', ({ overrides, date, covered }) => {
    const candidate = policy(overrides);
    expect(coversDate(candidate, date)).toBe(covered);
    expect(ids(coveringPolicies([candidate], date))).toEqual(covered ? [candidate.policyId] : []);
  });

  it('a value that is not a calendar date covers nothing', () => {
    const open = policy({ effectiveDate: '2000-01-01', endDate: null });
    for (const notADate of ['', '2024-02-30', '2024-3-1', 'tomorrow', '9999-99-99']) {
      expect(coveringPolicies([open], notADate)).toEqual([]);
    }
  });

  it('Needs Payer policies are offered, with their flag intact for the caller to show', () => {
    const needsPayer = policy({ needsPayer: true });
    const [offered] = coveringPolicies([needsPayer], '2024-03-15');
    expect(offered).toBe(needsPayer);
    expect(offered?.needsPayer).toBe(true);
  });
});

describe('the order of the covering policies', () => {
  it('Primary comes first, then Secondary, then Other, whatever order they were added in', () => {
    const other = policy({ priority: 'other' });
    const secondary = policy({ priority: 'secondary' });
    const primary = policy({ priority: 'primary' });
    expect(ids(coveringPolicies([other, secondary, primary], '2024-03-15'))).toEqual([
      primary.policyId,
      secondary.policyId,
      other.policyId,
    ]);
  });

  it('overlapping Secondaries are both offered, the one that started later first', () => {
    const olderOpen = policy({ priority: 'secondary', effectiveDate: '2022-01-01', endDate: null });
    const newer = policy({ priority: 'secondary', effectiveDate: '2024-02-01', endDate: null });
    const primary = policy({ priority: 'primary' });
    expect(ids(coveringPolicies([olderOpen, newer, primary], '2024-03-15'))).toEqual([
      primary.policyId,
      newer.policyId,
      olderOpen.policyId,
    ]);
  });

  it('an overlapping Secondary that ended before the date is not offered, the open one is', () => {
    const ended = policy({ priority: 'secondary', effectiveDate: '2023-01-01', endDate: '2024-03-14' });
    const open = policy({ priority: 'secondary', effectiveDate: '2024-03-01', endDate: null });
    expect(ids(coveringPolicies([ended, open], '2024-03-15'))).toEqual([open.policyId]);
    expect(ids(coveringPolicies([ended, open], '2024-03-14'))).toEqual([open.policyId, ended.policyId]);
  });

  it('on the same Effective Date, the policy added most recently comes first', () => {
    const first = policy({ priority: 'secondary', createdAt: '2024-01-02T10:00:00.000Z' });
    const second = policy({ priority: 'secondary', createdAt: '2024-01-05T10:00:00.000Z' });
    expect(ids(coveringPolicies([first, second], '2024-03-15'))).toEqual([second.policyId, first.policyId]);
  });

  it('policies alike in everything else are ordered by id, so every caller sees the same order', () => {
    const a = policy({ policyId: 'A' });
    const b = policy({ policyId: 'B' });
    expect(ids(coveringPolicies([b, a], '2024-03-15'))).toEqual(['A', 'B']);
    expect(ids(coveringPolicies([a, b], '2024-03-15'))).toEqual(['A', 'B']);
  });

  it('does not reorder the list it was given', () => {
    const list = [policy({ priority: 'other' }), policy({ priority: 'primary' })];
    const before = ids(list);
    coveringPolicies(list, '2024-03-15');
    expect(ids(list)).toEqual(before);
  });
});

describe('why a policy does not cover a date', () => {
  it.each([
    { name: 'inside the period: no gap', overrides: {}, date: '2024-03-15', gap: null },
    { name: 'on the Effective day: no gap', overrides: {}, date: '2024-01-01', gap: null },
    { name: 'on the End day: no gap', overrides: {}, date: '2024-06-30', gap: null },
    { name: 'open-ended, years later: no gap', overrides: { endDate: null }, date: '2030-01-01', gap: null },
    {
      name: 'inactive: the status',
      overrides: { status: 'inactive' as const },
      date: '2024-03-15',
      gap: { path: 'policy.status', message: 'The policy is inactive' },
    },
    {
      name: 'before the Effective Date: the Effective Date',
      overrides: {},
      date: '2023-12-31',
      gap: { path: 'policy.effectiveDate', message: 'Coverage starts on 2024-01-01, after the date of service' },
    },
    {
      name: 'after the End Date: the End Date',
      overrides: {},
      date: '2024-07-01',
      gap: { path: 'policy.endDate', message: 'Coverage ended on 2024-06-30, before the date of service' },
    },
  ])('$name', ({ overrides, date, gap }) => {
    expect(coverageGap(policy(overrides), date)).toEqual(gap);
  });

  it('names a gap exactly when the policy does not cover the date', () => {
    // A three-week window, so that the date often falls exactly on a boundary.
    const day = fc.integer({ min: 0, max: 20 }).map((offset) => new Date(Date.UTC(2023, 0, 1 + offset)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        day,
        day,
        fc.option(day, { nil: null }),
        fc.constantFrom('active' as const, 'inactive' as const),
        (date, effectiveDate, endDate, status) => {
          const candidate = policy({
            effectiveDate,
            endDate: endDate !== null && endDate < effectiveDate ? effectiveDate : endDate,
            status,
          });
          expect(coverageGap(candidate, date) === null).toBe(coversDate(candidate, date));
        },
      ),
    );
  });
});
