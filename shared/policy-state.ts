/**
 * What a policy's stored facts mean today, for people: its coverage state (Active / Upcoming / Ended /
 * Inactive), whether it overlaps another active Primary, why it is waiting in the Review queue, and whether an
 * "ended when … was added" note is still true after an edit. Pure and isomorphic: the API computes these on
 * every read, and the web groups and labels with the same functions.
 */
import { coverageStateValues, reviewReasonValues } from './constants.ts';
import { periodsOverlap, type IsoDate } from './dates.ts';
import type { Policy } from './schemas/resources.ts';

export type CoverageState = (typeof coverageStateValues)[number];
export type ReviewReason = (typeof reviewReasonValues)[number];

type PeriodFacts = Pick<Policy, 'status' | 'effectiveDate' | 'endDate'>;

/**
 * The policy's state at the practice's `today`: `inactive` by status first (a practitioner's decision outranks
 * dates); then `upcoming` before its Effective Date, `ended` after its End Date (the End Date itself still
 * counts as covered), otherwise `active`. An auto-ended Primary therefore reads Ended from the day after its new
 * End Date, never Active.
 */
export function coverageState(policy: PeriodFacts, today: IsoDate): CoverageState {
  if (policy.status !== 'active') return 'inactive';
  if (today < policy.effectiveDate) return 'upcoming';
  if (policy.endDate !== null && today > policy.endDate) return 'ended';
  return 'active';
}

/** The policies sorted into the four groups, in display order; empty groups are kept so callers choose. */
export function groupByCoverageState<T extends PeriodFacts>(
  policies: readonly T[],
  today: IsoDate,
): { state: CoverageState; policies: T[] }[] {
  return coverageStateValues.map((state) => ({ state, policies: policies.filter((policy) => coverageState(policy, today) === state) }));
}

type OverlapFacts = Pick<Policy, 'policyId' | 'priority' | 'status' | 'effectiveDate' | 'endDate'>;

/**
 * For each active Primary, the other active Primaries whose coverage periods share at least one day with it
 * (only a practitioner's edit can cause that: inserts end or cap Primaries so that they never overlap).
 * Policies without an overlap are absent from the map. Whole periods count, past ones included: a claim for a
 * past date of service would be just as ambiguous.
 */
export function primaryOverlaps(policies: readonly OverlapFacts[]): Map<string, string[]> {
  const primaries = policies.filter((policy) => policy.priority === 'primary' && policy.status === 'active');
  const overlaps = new Map<string, string[]>();
  for (const policy of primaries) {
    const others = primaries.filter(
      (other) =>
        other.policyId !== policy.policyId &&
        periodsOverlap({ start: policy.effectiveDate, end: policy.endDate }, { start: other.effectiveDate, end: other.endDate }),
    );
    if (others.length > 0)
      overlaps.set(
        policy.policyId,
        others.map((other) => other.policyId),
      );
  }
  return overlaps;
}

/**
 * The facts the review reasons read: the stored policy's source, review and payer match, and its card check
 * (derived from the card readings — shared/card-check.ts). A new reason adds its fields here and one rule below.
 */
export type ReviewFacts = Pick<Policy, 'source' | 'reviewed' | 'payerMatch'> & {
  cardCheck: readonly Pick<Policy['cardCheck'][number], 'verdict'>[];
};

/**
 * One rule per reason (listed in `reviewReasonValues` order). The whole queue follows from this table: a policy is
 * in the Review queue exactly while at least one rule applies (the stored index entry and the client's summary
 * are kept in step with it on every write, the card reader's included).
 * - `needs_payer`: the payer is unresolved after matching — whatever the source and even after a save, since
 *   no claim can go out until a payer is chosen;
 * - `card_mismatch`: a field read from the card images disagrees with the policy's value — until the policy or
 *   the images change (a practitioner's edit recomputes the check);
 * - `unreviewed`: a client-entered policy nobody at the practice has saved yet, or one a practitioner sent back
 *   (`reviewed: false`). The queue is for what clients entered: a practitioner's own policy is never unreviewed.
 */
const REVIEW_REASON_RULES: Record<ReviewReason, (policy: ReviewFacts) => boolean> = {
  needs_payer: (policy) => policy.payerMatch.state === 'needs_payer',
  card_mismatch: (policy) => policy.cardCheck.some((entry) => entry.verdict === 'mismatch'),
  unreviewed: (policy) => policy.source === 'client' && !policy.reviewed,
};

/** The reasons that apply, in the listing order of `reviewReasonValues` (a reason without a rule does not compile). */
export function reviewReasons(policy: ReviewFacts): ReviewReason[] {
  return reviewReasonValues.filter((reason) => REVIEW_REASON_RULES[reason](policy));
}

export const isAwaitingReview = (policy: ReviewFacts): boolean => reviewReasons(policy).length > 0;

/** On a Primary ended automatically: the Primary whose addition ended it, and when. */
export interface EndedBy {
  policyId: string;
  at: string;
}

/**
 * "Ended when … was added" stays true only while the End Date the rule set is the End Date the policy has: a
 * practitioner who moves it (or clears it) has made the date their own decision, so the note goes.
 */
export function endedByAfterEdit(
  before: { endedBy?: EndedBy | null; endDate: IsoDate | null },
  after: { endDate: IsoDate | null },
): EndedBy | null {
  return before.endedBy && before.endDate === after.endDate ? before.endedBy : null;
}

type ActivePrimaryFacts = Pick<Policy, 'policyId' | 'priority' | 'status' | 'effectiveDate' | 'endDate'>;

/**
 * The Primary in force at `today`, or null. Should a practitioner's edit have left two (an overlap), the one
 * that started later is the likelier to be current — the order the claim form uses too.
 */
export function activePrimary<T extends ActivePrimaryFacts>(policies: readonly T[], today: IsoDate): T | null {
  const current = policies.filter((policy) => policy.priority === 'primary' && coverageState(policy, today) === 'active');
  return current.sort((a, b) => (a.effectiveDate > b.effectiveDate ? -1 : a.effectiveDate < b.effectiveDate ? 1 : 0))[0] ?? null;
}
