import { coverageQuery } from '../../shared/schemas/claims.ts';
import { coverageOn } from '../domain/claims.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('getCoverage', { query: coverageQuery }, async ({ params, query }) =>
  ok({ items: await coverageOn(params.clientId!, query.dateOfService) }),
);
