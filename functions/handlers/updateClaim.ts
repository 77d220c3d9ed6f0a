import { updateClaimRequest } from '../../shared/schemas/claims.ts';
import { updateClaim } from '../domain/claims.ts';
import { actorOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('updateClaim', { body: updateClaimRequest }, async ({ body, caller, params }) =>
  ok(await updateClaim(params.clientId!, params.claimId!, body, actorOf(caller), new Date())),
);
