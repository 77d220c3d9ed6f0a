import { updateClientRequest } from '../../shared/schemas/clients.ts';
import { toClient, updateClient } from '../data/client-repository.ts';
import { getSettings } from '../data/settings-repository.ts';
import { actorOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('updateClient', { body: updateClientRequest }, async ({ body, caller, params }) => {
  const [record, settings] = await Promise.all([
    updateClient(params.clientId!, body, actorOf(caller), new Date().toISOString()),
    getSettings(),
  ]);
  return ok(toClient(record, settings));
});
