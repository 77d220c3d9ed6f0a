import { listPayersQuery as query } from '../../shared/schemas/practice.ts';
import { listPayers } from '../domain/payers.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('listPayers', { query }, async ({ query }) =>
  ok({ items: await listPayers({ includeInactive: query.includeInactive === 'true' }) }),
);
