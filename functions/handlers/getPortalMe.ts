import { portalMe } from '../domain/portal.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('getPortalMe', {}, async ({ portalUser }) => ok(await portalMe(portalUser)));
