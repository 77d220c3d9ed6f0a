import { portalPolicies } from '../domain/chart.ts';
import { clientIdOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('listPortalPolicies', {}, async ({ caller }) =>
  ok({ items: await portalPolicies(clientIdOf(caller), new Date()) }),
);
