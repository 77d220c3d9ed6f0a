import { updateClientRequest } from '../../shared/schemas/clients.ts';
import { updateClient } from '../domain/clients.ts';
import { actorOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('updateClient', { body: updateClientRequest }, async ({ body, caller, params }) =>
  ok(await updateClient(params.clientId!, body, actorOf(caller), new Date())),
);
