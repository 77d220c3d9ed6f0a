import { portalContext, toPortalMe } from '../domain/portal.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';
import { clientIdOf } from '../http/caller.ts';

export const handler = httpRoute('getPortalMe', {}, async ({ caller }) => ok(toPortalMe(await portalContext(clientIdOf(caller)))));
