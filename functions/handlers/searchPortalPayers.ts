import { portalPayersQuery as query } from '../../shared/schemas/portal.ts';
import { searchPayersForClient } from '../domain/payers.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

/** Typeahead over the practice's active payers; only ids and names are exposed to clients. */
export const handler = httpRoute('searchPortalPayers', { query }, async ({ query, portalUser }) =>
  ok({ items: await searchPayersForClient(portalUser, query.q) }),
);
