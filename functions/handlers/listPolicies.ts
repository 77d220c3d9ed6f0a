import { listPoliciesQuery as query } from '../../shared/schemas/chart.ts';
import { chartAsFhirBundle, chartPolicies } from '../domain/chart.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('listPolicies', { query }, async ({ params, query }) =>
  ok(
    query.format === 'fhir'
      ? await chartAsFhirBundle(params.clientId!, new Date())
      : { items: await chartPolicies(params.clientId!, new Date()) },
  ),
);
