import { portalMe } from '../domain/portal.ts';
import { clientIdOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('getPortalMe', {}, async ({ caller }) => ok(await portalMe(clientIdOf(caller))));
