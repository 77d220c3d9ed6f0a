import type { ClientRecord } from '../data/client-repository.ts';
import { keys } from '../data/keys.ts';
import { listWaitingPolicyRecords, toPolicy } from '../data/policy-repository.ts';
import { batchGetItems } from '../data/table-io.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

/** Every policy still showing Needs Payer, across clients, oldest first. */
export const handler = httpRoute('listNeedsPayer', {}, async () => {
  const waiting = (await listWaitingPolicyRecords()).filter((record) => record.payerMatch.state === 'needs_payer');
  const clientIds = [...new Set(waiting.map((record) => record.clientId))];
  const clients = new Map(
    (await batchGetItems<ClientRecord>(clientIds.map((id) => keys.client(id)))).map((client) => [client.clientId, client]),
  );
  return ok({
    items: waiting.map((record) => {
      const client = clients.get(record.clientId);
      return {
        client: { clientId: record.clientId, firstName: client?.firstName ?? '', lastName: client?.lastName ?? '' },
        policy: toPolicy(record),
      };
    }),
  });
});
