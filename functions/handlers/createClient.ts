import { createClientRequest } from '../../shared/schemas/clients.ts';
import { createClient } from '../domain/clients.ts';
import { actorOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { created } from '../http/responses.ts';

export const handler = httpRoute('createClient', { body: createClientRequest }, async ({ body, caller }) =>
  created(await createClient(body, actorOf(caller), new Date())),
);
