import { portalPolicies } from '../domain/chart.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('listPortalPolicies', {}, async ({ portalUser }) =>
  ok({ items: await portalPolicies(portalUser, new Date()) }),
);
