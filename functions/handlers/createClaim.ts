import { createClaimRequest } from '../../shared/schemas/claims.ts';
import { createClaim } from '../domain/claims.ts';
import { actorOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { created } from '../http/responses.ts';

export const handler = httpRoute('createClaim', { body: createClaimRequest }, async ({ body, caller, params }) =>
  created(await createClaim(params.clientId!, body, actorOf(caller), new Date())),
);
