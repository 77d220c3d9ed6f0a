import { submitClaim } from '../domain/claims.ts';
import { actorOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

// The contract's submit takes no body: the claim's state, not the request, decides whether it may be submitted.
export const handler = httpRoute('submitClaim', {}, async ({ caller, params }) =>
  ok(await submitClaim(params.clientId!, params.claimId!, actorOf(caller), new Date())),
);
