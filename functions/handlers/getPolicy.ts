import { getPolicy } from '../domain/chart.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('getPolicy', {}, async ({ params }) =>
  ok(await getPolicy(params.clientId!, params.policyId!, new Date())),
);
