import { getClient } from '../domain/clients.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('getClient', {}, async ({ params }) => ok(await getClient(params.clientId!)));
