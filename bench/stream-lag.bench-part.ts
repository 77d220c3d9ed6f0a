/**
 * 2. Stream lag: a client submits a policy with a typed payer name; how long until the practitioner's API shows
 * it `matched` or `needs_payer` (the badge is computed by the stream processor, not by the request path).
 * Locally that is the stream poller (100 ms poll interval) + the stream handler + its conditional write.
 *
 * Timed from the 201 of the submit to the first practitioner GET of the policy that no longer says `pending`;
 * the policy is polled every ~10 ms, so each value is an upper bound by at most one poll (≈ 10–15 ms).
 * Typed names alternate between an exact payer name (→ matched) and a name no payer has (→ needs_payer).
 */
import type { PortalClient } from '../test/support/api.ts';
import type { RunningStack } from '../test/support/local-stack.ts';
import { portalPolicyBody, type PayerRef } from './fixtures.ts';
import { timedRequest } from './support/http.ts';
import { sleep, summarize, type Summary } from './support/stats.ts';

export interface StreamLagResult {
  lag: Summary;
  matched: Summary;
  needsPayer: Summary;
  timedOut: number;
  pollIntervalMs: number;
}

const POLL_INTERVAL_MS = 10;
const TIMEOUT_MS = 10_000;

export async function benchStreamLag(options: {
  stack: RunningStack;
  practitionerToken: string;
  clients: readonly PortalClient[];
  payers: readonly PayerRef[];
  samples: number;
}): Promise<StreamLagResult> {
  const lags: number[] = [];
  const byOutcome = { matched: [] as number[], needs_payer: [] as number[] };
  let timedOut = 0;
  for (let i = 0; i < options.samples; i++) {
    const client = options.clients[i % options.clients.length]!;
    const exact = i % 2 === 0;
    const payerName = exact ? options.payers[i % options.payers.length]!.name : `Bench Unknown Mutual ${i} of Nowhere`;
    const submitted = await timedRequest(options.stack.url, 'POST', '/api/portal/policies', {
      token: client.token,
      body: portalPolicyBody({ priority: 'secondary', effectiveDate: `2025-${String(1 + (i % 12)).padStart(2, '0')}-15`, payerName }),
    });
    if (submitted.status !== 201) throw new Error(`stream-lag submit answered ${submitted.status} ${JSON.stringify(submitted.body)}`);
    const committedAt = performance.now();
    const path = `/api/clients/${client.clientId}/policies/${submitted.body.policyId as string}`;
    for (;;) {
      const read = await timedRequest(options.stack.url, 'GET', path, { token: options.practitionerToken });
      const state = read.body?.payerMatch?.state as string | undefined;
      if (state === 'matched' || state === 'needs_payer') {
        const lag = performance.now() - committedAt;
        lags.push(lag);
        byOutcome[state].push(lag);
        break;
      }
      if (performance.now() - committedAt > TIMEOUT_MS) {
        timedOut++;
        break;
      }
      await sleep(POLL_INTERVAL_MS);
    }
    // Let the poller go back to idle so that samples do not share a batch.
    await sleep(50 + Math.random() * 100);
  }
  return {
    lag: summarize(lags),
    matched: summarize(byOutcome.matched),
    needsPayer: summarize(byOutcome.needs_payer),
    timedOut,
    pollIntervalMs: POLL_INTERVAL_MS,
  };
}
