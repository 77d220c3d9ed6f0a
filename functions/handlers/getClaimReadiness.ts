import { claimReadiness } from '../domain/claim-exports.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('getClaimReadiness', {}, async ({ params }) =>
  ok(await claimReadiness(params.clientId!, params.claimId!, new Date())),
);
