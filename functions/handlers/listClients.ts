import { z } from 'zod';
import { listClientRecords, toClient } from '../data/client-repository.ts';
import { getSettings } from '../data/settings-repository.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

const query = z.object({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  /** Last-name prefix, case-insensitive. */
  q: z.string().max(100).optional(),
});

export const handler = httpRoute('listClients', { query }, async ({ query }) => {
  const [page, settings] = await Promise.all([
    listClientRecords({ cursor: query.cursor, limit: query.limit ?? 50, nameStartsWith: query.q }),
    getSettings(),
  ]);
  return ok({ items: page.records.map((record) => toClient(record, settings)), nextCursor: page.nextCursor });
});
