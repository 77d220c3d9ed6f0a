import { listClientsQuery as query } from '../../shared/schemas/clients.ts';
import { listClientRecords, toClient } from '../data/client-repository.ts';
import { getSettings } from '../data/settings-repository.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('listClients', { query }, async ({ query }) => {
  const [page, settings] = await Promise.all([
    listClientRecords({ cursor: query.cursor, limit: query.limit ?? 50, nameStartsWith: query.q }),
    getSettings(),
  ]);
  return ok({ items: page.records.map((record) => toClient(record, settings)), nextCursor: page.nextCursor });
});
