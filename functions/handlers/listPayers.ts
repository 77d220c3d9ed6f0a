import { z } from 'zod';
import { listPayers } from '../data/payer-repository.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

const query = z.object({ includeInactive: z.enum(['true', 'false']).optional() });

export const handler = httpRoute('listPayers', { query }, async ({ query }) =>
  ok({ items: await listPayers({ includeInactive: query.includeInactive === 'true' }) }),
);
