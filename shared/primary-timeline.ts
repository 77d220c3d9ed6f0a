import { addDays, type IsoDate } from './dates.ts';

/** The facts about an existing policy that decide whether a new Primary ends it. */
export interface ExistingPolicyPeriod {
  policyId: string;
  priority: 'primary' | 'secondary' | 'other';
  status: 'active' | 'inactive';
  effectiveDate: IsoDate;
  endDate: IsoDate | null;
}

export interface PrimaryInsertion {
  effectiveDate: IsoDate;
  /** The End Date the client or practitioner gave, if any. */
  endDate: IsoDate | null;
}

export type PrimaryInsertionPlan =
  | {
      kind: 'insert';
      /** The new policy's End Date after the rule: capped the day before the next Primary starts. */
      endDate: IsoDate | null;
      /** Earlier Primaries still open on the new Effective Date, each ended the day before it. */
      endedPolicies: { policyId: string; endDate: IsoDate }[];
    }
  | { kind: 'conflict'; conflictingPolicyId: string };

/**
 * "A new Primary ends the previous one", so that Primaries added in any order never overlap by accident. Given the client's existing policies and a new active
 * Primary starting on E:
 * - every other active Primary that started before E and is still open on E ends on E − 1;
 * - if an active Primary starts after E, the new one ends the day before the earliest such start (or earlier,
 *   if it was given an earlier End Date);
 * - an active Primary starting on E itself is a conflict: two Primaries cannot both start the same day.
 * Applied to each insertion in turn (the repository serialises insertions per client), active Primaries
 * never overlap, whatever the order of additions.
 */
export function planPrimaryInsertion(existing: readonly ExistingPolicyPeriod[], insertion: PrimaryInsertion): PrimaryInsertionPlan {
  const start = insertion.effectiveDate;
  const activePrimaries = existing.filter((policy) => policy.priority === 'primary' && policy.status === 'active');

  const sameDay = activePrimaries.find((policy) => policy.effectiveDate === start);
  if (sameDay) return { kind: 'conflict', conflictingPolicyId: sameDay.policyId };

  const dayBefore = addDays(start, -1);
  const endedPolicies = activePrimaries
    .filter((policy) => policy.effectiveDate < start && (policy.endDate === null || policy.endDate >= start))
    .map((policy) => ({ policyId: policy.policyId, endDate: dayBefore }));

  const nextStart = activePrimaries
    .map((policy) => policy.effectiveDate)
    .filter((effectiveDate) => effectiveDate > start)
    .sort()[0];

  let endDate = insertion.endDate;
  if (nextStart !== undefined) {
    const cap = addDays(nextStart, -1);
    if (endDate === null || endDate > cap) endDate = cap;
  }
  return { kind: 'insert', endDate, endedPolicies };
}

/** A policy about to be added, as far as the auto-end rule is concerned. */
export interface PolicyInsertion extends PrimaryInsertion {
  priority: 'primary' | 'secondary' | 'other';
  status: 'active' | 'inactive';
}

/**
 * The plan for adding any policy: only an active Primary ends or is capped by others; everything else is
 * inserted with the End Date it was given. The insert transaction applies this plan, and the portal previews
 * it before the client submits, so what the client is told is what happens.
 */
export function planPolicyInsertion(existing: readonly ExistingPolicyPeriod[], insertion: PolicyInsertion): PrimaryInsertionPlan {
  if (insertion.priority !== 'primary' || insertion.status !== 'active') {
    return { kind: 'insert', endDate: insertion.endDate, endedPolicies: [] };
  }
  return planPrimaryInsertion(existing, insertion);
}

/** What adding a policy will do to the client's other Primaries, for people (the portal says it before Submit). */
export type AutoEndPreview<T extends ExistingPolicyPeriod> =
  | {
      kind: 'insert';
      /** Each policy the submission will end, with its new End Date (earliest start first). */
      ends: { policy: T; endDate: IsoDate }[];
      /** The End Date the new policy will get when a later Primary caps it; null when nothing changes it. */
      cappedEndDate: IsoDate | null;
    }
  | { kind: 'conflict'; policy: T };

/** planPolicyInsertion's answer with the policies themselves, so that the portal can name them. */
export function previewPolicyInsertion<T extends ExistingPolicyPeriod>(
  existing: readonly T[],
  insertion: PolicyInsertion,
): AutoEndPreview<T> {
  const plan = planPolicyInsertion(existing, insertion);
  const byId = new Map(existing.map((policy) => [policy.policyId, policy]));
  if (plan.kind === 'conflict') return { kind: 'conflict', policy: byId.get(plan.conflictingPolicyId)! };
  return {
    kind: 'insert',
    ends: plan.endedPolicies
      .map((ended) => ({ policy: byId.get(ended.policyId)!, endDate: ended.endDate }))
      .sort((a, b) => (a.policy.effectiveDate < b.policy.effectiveDate ? -1 : a.policy.effectiveDate > b.policy.effectiveDate ? 1 : 0)),
    cappedEndDate: plan.endDate !== insertion.endDate ? plan.endDate : null,
  };
}
