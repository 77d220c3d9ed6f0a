import { createClientRequest } from '../../shared/schemas/clients.ts';
import { createClient, toClient } from '../data/client-repository.ts';
import { getSettings } from '../data/settings-repository.ts';
import { actorOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { created } from '../http/responses.ts';

export const handler = httpRoute('createClient', { body: createClientRequest }, async ({ body, caller }) => {
  const [record, settings] = await Promise.all([createClient(body, actorOf(caller), new Date().toISOString()), getSettings()]);
  return created(toClient(record, settings));
});
