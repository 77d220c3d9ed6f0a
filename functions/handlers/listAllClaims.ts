import { listAllClaimsQuery } from '../../shared/schemas/claims.ts';
import { listAllClaims } from '../domain/claims-list.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('listAllClaims', { query: listAllClaimsQuery }, async ({ query }) => ok(await listAllClaims(query)));
