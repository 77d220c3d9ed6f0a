import { deleteClaim } from '../domain/claims.ts';
import { actorOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { noContent } from '../http/responses.ts';

export const handler = httpRoute('deleteClaim', {}, async ({ caller, params }) => {
  await deleteClaim(params.clientId!, params.claimId!, actorOf(caller), new Date());
  return noContent();
});
