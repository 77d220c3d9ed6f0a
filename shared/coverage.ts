/**
 * Which of a client's policies cover a date of service: its active policies with Effective ≤ date ≤ End (an
 * empty End is open-ended), Primary first. One rule, used by the coverage route (which the web's claim form
 * calls) and by claim creation and submission, so that the options a practitioner is offered and the policies
 * the server accepts can never disagree.
 */
import { isValidIsoDate, periodContains, type IsoDate } from './dates.ts';
import type { Policy } from './schemas.ts';

/** The facts about a policy that decide whether, and in which position, it covers a date. */
export type CoveragePeriodFacts = Pick<Policy, 'policyId' | 'priority' | 'status' | 'effectiveDate' | 'endDate' | 'createdAt'>;

/** Why a policy does not cover a date, named by the policy field that causes it. */
export interface CoverageGap {
  path: 'policy.status' | 'policy.effectiveDate' | 'policy.endDate';
  message: string;
}

const PRIORITY_RANK: Record<Policy['priority'], number> = { primary: 0, secondary: 1, other: 2 };

/**
 * Why `policy` does not cover `dateOfService`, or null when it does: it must be active and its coverage period
 * must contain the day — the Effective Date and the End Date both count, an empty End Date is open-ended.
 */
export function coverageGap(policy: CoveragePeriodFacts, dateOfService: IsoDate): CoverageGap | null {
  if (policy.status !== 'active') return { path: 'policy.status', message: 'The policy is inactive' };
  if (dateOfService < policy.effectiveDate) {
    return { path: 'policy.effectiveDate', message: `Coverage starts on ${policy.effectiveDate}, after the date of service` };
  }
  if (policy.endDate !== null && dateOfService > policy.endDate) {
    return { path: 'policy.endDate', message: `Coverage ended on ${policy.endDate}, before the date of service` };
  }
  return null;
}

/** Whether an active policy's coverage period contains the date of service. */
export function coversDate(policy: CoveragePeriodFacts, dateOfService: IsoDate): boolean {
  return policy.status === 'active' && periodContains({ start: policy.effectiveDate, end: policy.endDate }, dateOfService);
}

/**
 * The policies a claim for `dateOfService` may use, best first.
 *
 * Order: Primary, then Secondary, then Other. Within one priority (overlaps happen: Secondaries are never
 * ended automatically, and a practitioner may create a Primary overlap by editing dates):
 * 1. the later Effective Date first — the most recently started coverage is the one most likely still in
 *    force, the older one usually being a policy nobody remembered to end;
 * 2. on the same Effective Date, the more recently added policy first (`createdAt`) — the latest thing the
 *    client or practice told us;
 * 3. finally the policy id, so that the order is total and the same on every call.
 *
 * Needs Payer policies are included (a draft may use them); callers show the flag from `policy.needsPayer`.
 * A value that is not a calendar date covers nothing (callers validate dates; the web may pass a half-typed
 * one).
 */
export function coveringPolicies<T extends CoveragePeriodFacts>(policies: readonly T[], dateOfService: IsoDate): T[] {
  if (!isValidIsoDate(dateOfService)) return [];
  return policies.filter((policy) => coversDate(policy, dateOfService)).sort(coverageOrder);
}

/** Comparator for the order described at coveringPolicies. */
export function coverageOrder(a: CoveragePeriodFacts, b: CoveragePeriodFacts): number {
  return (
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    descending(a.effectiveDate, b.effectiveDate) ||
    descending(a.createdAt, b.createdAt) ||
    ascending(a.policyId, b.policyId)
  );
}

const ascending = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const descending = (a: string, b: string) => ascending(b, a);
