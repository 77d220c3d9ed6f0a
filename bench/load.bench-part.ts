/**
 * 6. Load: 200 client submissions from 20 portal clients at once through the gateway. Each client submits its
 * 10 policies one after another (as a person would); the 20 clients run concurrently. Each client's mix: 4
 * Primaries whose Effective Dates arrive out of order (so later submissions auto-end or are cut short by earlier
 * ones), and 6 Secondaries, payers picked or typed. No two Primaries of one client share a day, so a 409 can
 * only come from a concurrency bug and counts as an error like any non-201.
 *
 * Afterwards, through the practitioner API: every submitted policy is in its client's chart, and the client's
 * active Primaries never overlap (each ends before the next one starts).
 */
import type { PortalClient } from '../test/support/api.ts';
import type { RunningStack } from '../test/support/local-stack.ts';
import { portalPolicyBody, type PayerRef } from './fixtures.ts';
import { timedRequest } from './support/http.ts';
import { summarize, type Summary } from './support/stats.ts';

export interface LoadResult {
  submissions: number;
  clients: number;
  errors: number;
  errorStatuses: Record<string, number>;
  missingPolicies: number;
  overlappingPrimaryPairs: number;
  latency: Summary;
  wallSeconds: number;
  throughputPerSecond: number;
}

const PRIMARY_DATES = ['2024-07-01', '2023-01-01', '2025-03-15', '2023-09-01'];
const SECONDARY_DATES = ['2023-01-01', '2023-04-01', '2024-01-01', '2024-02-15', '2025-01-01', '2025-06-30'];

function plan(clientIndex: number, payers: readonly PayerRef[]) {
  const submissions = [
    ...PRIMARY_DATES.map((effectiveDate) => ({ priority: 'primary' as const, effectiveDate })),
    ...SECONDARY_DATES.map((effectiveDate) => ({ priority: 'secondary' as const, effectiveDate })),
  ];
  // A per-client interleaving of Primaries and Secondaries; Primary dates keep their out-of-order sequence.
  const order = submissions
    .map((submission, index) => ({ submission, key: (index * 7 + clientIndex * 3) % 10 }))
    .sort((a, b) => a.key - b.key);
  return order.map(({ submission }, index) => {
    const payer = payers[(clientIndex + index) % payers.length]!;
    const typed = index % 3 === 2;
    return portalPolicyBody({ ...submission, ...(typed ? { payerName: `${payer.name} PPO` } : { payerId: payer.payerId }) });
  });
}

export async function benchLoad(options: {
  stack: RunningStack;
  practitionerToken: string;
  clients: readonly PortalClient[];
  payers: readonly PayerRef[];
}): Promise<LoadResult> {
  const latencies: number[] = [];
  const errorStatuses: Record<string, number> = {};
  const submitted = new Map<string, string[]>();
  const started = performance.now();
  await Promise.all(
    options.clients.map(async (client, clientIndex) => {
      const ids: string[] = [];
      submitted.set(client.clientId, ids);
      for (const body of plan(clientIndex, options.payers)) {
        try {
          const response = await timedRequest(options.stack.url, 'POST', '/api/portal/policies', { token: client.token, body });
          latencies.push(response.ms);
          if (response.status === 201) ids.push(response.body.policyId as string);
          else errorStatuses[response.status] = (errorStatuses[response.status] ?? 0) + 1;
        } catch (error) {
          errorStatuses[(error as Error).name] = (errorStatuses[(error as Error).name] ?? 0) + 1;
        }
      }
    }),
  );
  const wallSeconds = (performance.now() - started) / 1000;

  let missingPolicies = 0;
  let overlappingPrimaryPairs = 0;
  for (const client of options.clients) {
    const chart = await timedRequest(options.stack.url, 'GET', `/api/clients/${client.clientId}/policies`, {
      token: options.practitionerToken,
    });
    const policies = (chart.body?.items ?? []) as {
      policyId: string;
      priority: string;
      status: string;
      effectiveDate: string;
      endDate: string | null;
    }[];
    const present = new Set(policies.map((policy) => policy.policyId));
    missingPolicies += (submitted.get(client.clientId) ?? []).filter((id) => !present.has(id)).length;
    const primaries = policies
      .filter((policy) => policy.priority === 'primary' && policy.status === 'active')
      .sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
    for (let i = 0; i < primaries.length; i++) {
      for (let j = i + 1; j < primaries.length; j++) {
        const earlier = primaries[i]!;
        const later = primaries[j]!;
        if (earlier.endDate === null || earlier.endDate >= later.effectiveDate) overlappingPrimaryPairs++;
      }
    }
  }
  const submissions = options.clients.length * 10;
  const errors = Object.values(errorStatuses).reduce((total, count) => total + count, 0);
  return {
    submissions,
    clients: options.clients.length,
    errors,
    errorStatuses,
    missingPolicies,
    overlappingPrimaryPairs,
    latency: summarize(latencies),
    wallSeconds,
    throughputPerSecond: submissions / wallSeconds,
  };
}
