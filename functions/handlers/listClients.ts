import { listClientsQuery as query } from '../../shared/schemas/clients.ts';
import { listClients } from '../domain/clients.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('listClients', { query }, async ({ query }) =>
  ok(
    await listClients(
      { cursor: query.cursor, limit: query.limit, nameStartsWith: query.q, sort: query.sort, filter: query.filter },
      new Date(),
    ),
  ),
);
