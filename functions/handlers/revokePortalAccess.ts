import { revokePortalAccess } from '../domain/portal-access.ts';
import { actorOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('revokePortalAccess', {}, async ({ caller, params }) =>
  ok(await revokePortalAccess(params.clientId!, actorOf(caller), new Date())),
);
