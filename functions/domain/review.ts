import type { Policy } from '../../shared/schemas.ts';
import { getClientRecords } from '../data/client-repository.ts';
import { listWaitingPolicyRecords, toPolicy } from '../data/policy-repository.ts';

export interface NeedsPayerEntry {
  client: { clientId: string; firstName: string; lastName: string };
  policy: Policy;
}

/** Every policy still showing Needs Payer, across clients, oldest first, with its client's name. */
export async function needsPayerQueue(): Promise<NeedsPayerEntry[]> {
  const waiting = (await listWaitingPolicyRecords()).filter((record) => record.payerMatch.state === 'needs_payer');
  const clients = new Map((await getClientRecords(waiting.map((record) => record.clientId))).map((client) => [client.clientId, client]));
  return waiting.map((record) => {
    const client = clients.get(record.clientId);
    return {
      client: { clientId: record.clientId, firstName: client?.firstName ?? '', lastName: client?.lastName ?? '' },
      policy: toPolicy(record),
    };
  });
}
