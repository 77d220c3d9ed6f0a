import { describe, expect, it } from 'vitest';
import { DEFAULT_PRACTICE_TIME_ZONE, practiceToday } from '../../shared/practice-today.ts';
import {
  coverageState,
  endedByAfterEdit,
  groupByCoverageState,
  isAwaitingReview,
  primaryOverlaps,
  reviewReasons,
  type ReviewFacts,
} from '../../shared/policy-state.ts';
import { planPolicyInsertion, previewPolicyInsertion, type ExistingPolicyPeriod } from '../../shared/primary-timeline.ts';

describe("the practice's today", () => {
  it.each([
    // Los Angeles is UTC−8 in winter, UTC−7 in summer: its day ends at 08:00 or 07:00 UTC.
    { zone: 'America/Los_Angeles', now: '2026-03-01T07:59:59.999Z', today: '2026-02-28' },
    { zone: 'America/Los_Angeles', now: '2026-03-01T08:00:00.000Z', today: '2026-03-01' },
    { zone: 'America/Los_Angeles', now: '2026-07-01T06:59:59.000Z', today: '2026-06-30' },
    { zone: 'America/Los_Angeles', now: '2026-07-01T07:00:00.000Z', today: '2026-07-01' },
    // East of UTC the practice's day starts before UTC's.
    { zone: 'Pacific/Auckland', now: '2026-12-31T10:59:00.000Z', today: '2026-12-31' },
    { zone: 'Pacific/Auckland', now: '2026-12-31T11:00:00.000Z', today: '2027-01-01' },
    // New York on the night the clocks go back (1 November 2026, 02:00 EDT → 01:00 EST).
    { zone: 'America/New_York', now: '2026-11-02T04:59:00.000Z', today: '2026-11-01' },
    { zone: 'America/New_York', now: '2026-11-02T05:00:00.000Z', today: '2026-11-02' },
    { zone: 'UTC', now: '2024-02-29T23:59:59.000Z', today: '2024-02-29' },
    // 23:30 on New Year's Eve in New York is already the new year in Berlin and in UTC.
    { zone: 'America/New_York', now: '2026-12-31T23:30:00-05:00', today: '2026-12-31' },
    { zone: 'Europe/Berlin', now: '2026-12-31T23:30:00-05:00', today: '2027-01-01' },
    { zone: 'UTC', now: '2026-12-31T23:30:00-05:00', today: '2027-01-01' },
    { zone: 'Pacific/Honolulu', now: '2026-03-01T09:00:00Z', today: '2026-02-28' },
  ])('in $zone at $now it is $today', ({ zone, now, today }) => {
    expect(practiceToday(zone, new Date(now))).toBe(today);
  });

  it('settings without a time zone (or a zone nobody knows) mean America/New_York', () => {
    const now = new Date('2026-03-01T04:30:00.000Z'); // 23:30 on 28 February in New York
    expect(DEFAULT_PRACTICE_TIME_ZONE).toBe('America/New_York');
    expect(practiceToday(undefined, now)).toBe('2026-02-28');
    expect(practiceToday(null, now)).toBe('2026-02-28');
    expect(practiceToday('', now)).toBe('2026-02-28');
    expect(practiceToday('Mars/Olympus_Mons', now)).toBe('2026-02-28');
  });
});

describe('coverage state at the practice’s today', () => {
  const period = (effectiveDate: string, endDate: string | null, status: 'active' | 'inactive' = 'active') => ({
    status,
    effectiveDate,
    endDate,
  });

  it.each([
    { name: 'the day before the Effective Date is upcoming', policy: period('2026-03-01', null), today: '2026-02-28', state: 'upcoming' },
    { name: 'the Effective Date itself is active', policy: period('2026-03-01', null), today: '2026-03-01', state: 'active' },
    { name: 'the End Date itself is still active', policy: period('2026-01-01', '2026-02-28'), today: '2026-02-28', state: 'active' },
    { name: 'the day after the End Date is ended', policy: period('2026-01-01', '2026-02-28'), today: '2026-03-01', state: 'ended' },
    { name: 'an open End Date never ends', policy: period('2020-01-01', null), today: '2199-12-31', state: 'active' },
    { name: 'a one-day policy is active on its day', policy: period('2024-02-29', '2024-02-29'), today: '2024-02-29', state: 'active' },
    {
      name: 'inactive outranks dates (inside its period)',
      policy: period('2026-01-01', null, 'inactive'),
      today: '2026-02-01',
      state: 'inactive',
    },
    {
      name: 'inactive outranks dates (not started yet)',
      policy: period('2027-01-01', null, 'inactive'),
      today: '2026-02-01',
      state: 'inactive',
    },
  ])('$name', ({ policy, today, state }) => {
    expect(coverageState(policy, today)).toBe(state);
  });

  it('a Primary auto-ended on 28 February reads Active until the end of that day in Los Angeles, then Ended', () => {
    const autoEnded = period('2025-06-01', '2026-02-28');
    const lastEvening = practiceToday('America/Los_Angeles', new Date('2026-03-01T07:30:00.000Z')); // 23:30 on the 28th
    const nextMorning = practiceToday('America/Los_Angeles', new Date('2026-03-01T08:30:00.000Z')); // 00:30 on 1 March
    expect(coverageState(autoEnded, lastEvening)).toBe('active');
    expect(coverageState(autoEnded, nextMorning)).toBe('ended');
    // In UTC the 1st had already begun at 07:30Z: a UTC "today" would have called it Ended hours early.
    expect(coverageState(autoEnded, '2026-03-01')).toBe('ended');
  });

  it('groups in the order Active, Upcoming, Ended, Inactive and never puts an ended policy under Active', () => {
    const policies = [
      { id: 'ended', ...period('2025-01-01', '2026-01-31') },
      { id: 'inactive', ...period('2026-01-01', null, 'inactive') },
      { id: 'upcoming', ...period('2026-04-01', null) },
      { id: 'active', ...period('2026-02-01', null) },
    ];
    const groups = groupByCoverageState(policies, '2026-03-15');
    expect(groups.map((group) => [group.state, group.policies.map((policy) => policy.id)])).toEqual([
      ['active', ['active']],
      ['upcoming', ['upcoming']],
      ['ended', ['ended']],
      ['inactive', ['inactive']],
    ]);
  });
});

describe('overlapping Primaries', () => {
  const policy = (
    policyId: string,
    effectiveDate: string,
    endDate: string | null,
    priority: 'primary' | 'secondary' | 'other' = 'primary',
    status: 'active' | 'inactive' = 'active',
  ) => ({ policyId, priority, status, effectiveDate, endDate });

  it.each([
    {
      name: 'back-to-back Primaries (one ends the day before the other starts) do not overlap',
      policies: [policy('a', '2026-01-01', '2026-02-28'), policy('b', '2026-03-01', null)],
      expected: {},
    },
    {
      name: 'Primaries sharing a single day overlap (End Date equals the other’s Effective Date)',
      policies: [policy('a', '2026-01-01', '2026-03-01'), policy('b', '2026-03-01', null)],
      expected: { a: ['b'], b: ['a'] },
    },
    {
      name: 'a Secondary made Primary while another Primary is open overlaps it',
      policies: [policy('a', '2026-01-01', null), policy('b', '2026-02-01', null)],
      expected: { a: ['b'], b: ['a'] },
    },
    {
      name: 'a Primary and a Secondary covering the same dates are not an overlap',
      policies: [policy('a', '2026-01-01', null), policy('b', '2026-01-01', null, 'secondary')],
      expected: {},
    },
    {
      name: 'an inactive Primary overlaps nothing',
      policies: [policy('a', '2026-01-01', null), policy('b', '2026-01-01', null, 'primary', 'inactive')],
      expected: {},
    },
    {
      name: 'past periods that overlapped still count (a claim for those dates would be ambiguous)',
      policies: [policy('a', '2020-01-01', '2020-06-30'), policy('b', '2020-06-01', '2020-12-31'), policy('c', '2021-01-01', null)],
      expected: { a: ['b'], b: ['a'] },
    },
    {
      name: 'one Primary overlapping two others names both',
      policies: [policy('long', '2026-01-01', null), policy('x', '2026-02-01', '2026-02-28'), policy('y', '2026-04-01', null)],
      expected: { long: ['x', 'y'], x: ['long'], y: ['long'] },
    },
  ])('$name', ({ policies, expected }) => {
    expect(Object.fromEntries(primaryOverlaps(policies))).toEqual(expected);
  });
});

describe('why a policy is in the Review queue', () => {
  const facts = (overrides: Partial<ReviewFacts> & { state?: ReviewFacts['payerMatch']['state'] } = {}): ReviewFacts => {
    const { state = 'matched', ...rest } = overrides;
    return { source: 'client', reviewed: false, payerMatch: { state, matchedBy: null, suggestions: [] }, cardCheck: [], ...rest };
  };

  it.each([
    { name: 'a client policy linked to a payer and not yet saved is unreviewed', policy: facts(), reasons: ['unreviewed'] },
    {
      name: 'a client policy whose payer was not matched needs a payer too',
      policy: facts({ state: 'needs_payer' }),
      reasons: ['needs_payer', 'unreviewed'],
    },
    {
      name: 'a client policy still being matched is unreviewed (matching decides the rest)',
      policy: facts({ state: 'pending' }),
      reasons: ['unreviewed'],
    },
    { name: 'a reviewed, linked policy has no reason', policy: facts({ reviewed: true }), reasons: [] },
    {
      name: 'a reviewed policy saved without a payer still needs one',
      policy: facts({ reviewed: true, state: 'needs_payer' }),
      reasons: ['needs_payer'],
    },
    {
      // The queue is for what clients entered (DESIGN: "every client-entered policy not yet reviewed").
      name: 'a practitioner’s own policy saved with reviewed: false is not unreviewed',
      policy: facts({ source: 'practice', reviewed: false }),
      reasons: [],
    },
    {
      name: 'a card that disagrees with the policy is a card mismatch, whoever entered it and even after a save',
      policy: facts({ source: 'practice', reviewed: true, cardCheck: [{ verdict: 'match' }, { verdict: 'mismatch' }] }),
      reasons: ['card_mismatch'],
    },
    {
      name: 'reasons are listed in their order: needs payer, card mismatch, unreviewed',
      policy: facts({ state: 'needs_payer', cardCheck: [{ verdict: 'mismatch' }] }),
      reasons: ['needs_payer', 'card_mismatch', 'unreviewed'],
    },
    {
      name: 'a card value the policy lacks is an offer, not a mismatch',
      policy: facts({ reviewed: true, cardCheck: [{ verdict: 'missing_on_policy' }, { verdict: 'match' }] }),
      reasons: [],
    },
    { name: 'a practitioner’s own reviewed policy has no reason', policy: facts({ source: 'practice', reviewed: true }), reasons: [] },
  ])('$name', ({ policy, reasons }) => {
    expect(reviewReasons(policy)).toEqual(reasons);
    expect(isAwaitingReview(policy)).toBe(reasons.length > 0);
  });
});

describe('"ended when … was added" after an edit', () => {
  const endedBy = { policyId: 'new', at: '2026-03-01T10:00:00.000Z' };

  it('stays while the End Date the rule set is unchanged', () => {
    expect(endedByAfterEdit({ endedBy, endDate: '2026-02-28' }, { endDate: '2026-02-28' })).toEqual(endedBy);
  });
  it('goes when a practitioner moves the End Date', () => {
    expect(endedByAfterEdit({ endedBy, endDate: '2026-02-28' }, { endDate: '2026-02-15' })).toBeNull();
  });
  it('goes when a practitioner clears the End Date', () => {
    expect(endedByAfterEdit({ endedBy, endDate: '2026-02-28' }, { endDate: null })).toBeNull();
  });
  it('is never invented for a policy that was not auto-ended', () => {
    expect(endedByAfterEdit({ endedBy: null, endDate: '2026-02-28' }, { endDate: '2026-02-28' })).toBeNull();
    expect(endedByAfterEdit({ endDate: '2026-02-28' }, { endDate: '2026-02-28' })).toBeNull();
  });
});

describe('the portal’s preview of what a submission will end (the insert’s own rule)', () => {
  const existing = (
    policyId: string,
    effectiveDate: string,
    endDate: string | null = null,
    priority: ExistingPolicyPeriod['priority'] = 'primary',
    status: ExistingPolicyPeriod['status'] = 'active',
  ) => ({ policyId, priority, status, effectiveDate, endDate, payerName: `Payer ${policyId}` });

  it('names the open Primary a new Primary ends, and the day it will end', () => {
    const policies = [existing('old', '2025-01-01'), existing('second', '2025-01-01', null, 'secondary')];
    const preview = previewPolicyInsertion(policies, { priority: 'primary', status: 'active', effectiveDate: '2026-03-01', endDate: null });
    expect(preview).toEqual({ kind: 'insert', ends: [{ policy: policies[0], endDate: '2026-02-28' }], cappedEndDate: null });
  });

  it('names every open earlier Primary (left by a practitioner’s overlap), earliest first', () => {
    const policies = [existing('b', '2025-06-01'), existing('a', '2025-01-01')];
    const preview = previewPolicyInsertion(policies, { priority: 'primary', status: 'active', effectiveDate: '2026-03-01', endDate: null });
    expect(preview.kind === 'insert' && preview.ends.map((entry) => entry.policy.policyId)).toEqual(['a', 'b']);
  });

  it('says when a later Primary caps the new one', () => {
    const policies = [existing('later', '2026-06-01')];
    const preview = previewPolicyInsertion(policies, { priority: 'primary', status: 'active', effectiveDate: '2026-03-01', endDate: null });
    expect(preview).toEqual({ kind: 'insert', ends: [], cappedEndDate: '2026-05-31' });
  });

  it('keeps an earlier End Date the client gave (nothing to say)', () => {
    const policies = [existing('later', '2026-06-01')];
    const preview = previewPolicyInsertion(policies, {
      priority: 'primary',
      status: 'active',
      effectiveDate: '2026-03-01',
      endDate: '2026-04-30',
    });
    expect(preview).toEqual({ kind: 'insert', ends: [], cappedEndDate: null });
  });

  it('a Secondary ends nothing, whatever is open', () => {
    const policies = [existing('old', '2025-01-01')];
    expect(
      previewPolicyInsertion(policies, { priority: 'secondary', status: 'active', effectiveDate: '2026-03-01', endDate: null }),
    ).toEqual({
      kind: 'insert',
      ends: [],
      cappedEndDate: null,
    });
  });

  it('a Primary that already ended before the new start is not mentioned; an inactive one neither', () => {
    const policies = [existing('ended', '2025-01-01', '2025-12-31'), existing('inactive', '2025-01-01', null, 'primary', 'inactive')];
    expect(previewPolicyInsertion(policies, { priority: 'primary', status: 'active', effectiveDate: '2026-03-01', endDate: null })).toEqual(
      {
        kind: 'insert',
        ends: [],
        cappedEndDate: null,
      },
    );
  });

  it('warns before submit about a Primary starting the very same day (the server refuses it)', () => {
    const policies = [existing('same', '2026-03-01')];
    expect(previewPolicyInsertion(policies, { priority: 'primary', status: 'active', effectiveDate: '2026-03-01', endDate: null })).toEqual(
      {
        kind: 'conflict',
        policy: policies[0],
      },
    );
  });

  it('agrees with the plan the insert applies, for every combination in a small grid', () => {
    const dates = ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01'];
    const ends = [null, '2026-02-15', '2026-03-15'];
    const policies = [
      existing('a', '2026-01-01', '2026-03-15'),
      existing('b', '2026-04-01'),
      existing('s', '2026-02-01', null, 'secondary'),
    ];
    for (const effectiveDate of dates) {
      for (const endDate of ends) {
        if (endDate && endDate < effectiveDate) continue;
        for (const priority of ['primary', 'secondary'] as const) {
          const insertion = { priority, status: 'active' as const, effectiveDate, endDate };
          const plan = planPolicyInsertion(policies, insertion);
          const preview = previewPolicyInsertion(policies, insertion);
          if (plan.kind === 'conflict') {
            expect(preview).toEqual({ kind: 'conflict', policy: policies.find((p) => p.policyId === plan.conflictingPolicyId) });
          } else {
            expect(preview.kind).toBe('insert');
            if (preview.kind !== 'insert') continue;
            expect(preview.ends.map((entry) => ({ policyId: entry.policy.policyId, endDate: entry.endDate }))).toEqual(plan.endedPolicies);
            expect(preview.cappedEndDate ?? endDate).toBe(plan.endDate);
          }
        }
      }
    }
  });
});
