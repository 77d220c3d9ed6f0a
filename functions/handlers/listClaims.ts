import { listClaims } from '../domain/claims.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('listClaims', {}, async ({ params }) => ok({ items: await listClaims(params.clientId!) }));
