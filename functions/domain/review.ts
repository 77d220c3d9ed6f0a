/**
 * The Review queue: every policy with a review reason (needs_payer, unreviewed, …), oldest first, each with its
 * client's name. Two reads whatever the queue's length: one Query of the sparse queue index and one BatchGet of
 * the clients — whose policy summaries also give each policy's overlap flag, so no client partition is read.
 */
import type { ReviewReason } from '../../shared/policy-state.ts';
import type { Policy } from '../../shared/schemas.ts';
import { getClientRecords } from '../data/client-repository.ts';
import {
  listQueuedPolicyRecords,
  listWaitingPolicyRecords,
  overlapsFromSummaries,
  toPolicy,
  type PolicyRecord,
  type PolicySummaries,
} from '../data/policy-repository.ts';
import { practiceTodayAt } from './practice-clock.ts';

export interface NeedsPayerEntry {
  client: { clientId: string; firstName: string; lastName: string };
  policy: Policy;
}

export interface QueueEntry extends NeedsPayerEntry {
  reasons: ReviewReason[];
}

/** GET /api/review/queue: every policy waiting for the practice's review, with its reasons. */
export async function reviewQueue(now: Date): Promise<QueueEntry[]> {
  const [records, today] = await Promise.all([listQueuedPolicyRecords(), practiceTodayAt(now)]);
  return (await withClients(records, today)).filter((entry) => entry.reasons.length > 0);
}

/** Every policy still showing Needs Payer, across clients, oldest first, with its client's name. */
export async function needsPayerQueue(now: Date): Promise<NeedsPayerEntry[]> {
  const [records, today] = await Promise.all([listWaitingPolicyRecords(), practiceTodayAt(now)]);
  const entries = await withClients(
    records.filter((record) => record.payerMatch.state === 'needs_payer'),
    today,
  );
  return entries.map(({ client, policy }) => ({ client, policy }));
}

async function withClients(records: PolicyRecord[], today: string): Promise<QueueEntry[]> {
  const clients = new Map((await getClientRecords(records.map((record) => record.clientId))).map((client) => [client.clientId, client]));
  return records.map((record) => {
    const client = clients.get(record.clientId);
    const overlaps = overlapsFromSummaries(client?.policySummaries as PolicySummaries | undefined);
    const policy = toPolicy(record, { today, overlaps });
    return {
      client: { clientId: record.clientId, firstName: client?.firstName ?? '', lastName: client?.lastName ?? '' },
      policy,
      reasons: policy.review.reasons,
    };
  });
}
