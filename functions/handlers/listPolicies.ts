import { z } from 'zod';
import { requireClientRecord } from '../data/client-repository.ts';
import { listPolicyRecords, toPolicy } from '../data/policy-repository.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

const query = z.object({ format: z.enum(['json', 'fhir']).optional() });

export const handler = httpRoute('listPolicies', { query }, async ({ params, query }) => {
  const clientId = params.clientId!;
  const [client, records] = await Promise.all([requireClientRecord(clientId), listPolicyRecords(clientId)]);
  const policies = records.map(toPolicy);
  if (query.format === 'fhir') {
    const { coverageBundle } = await import('../../shared/fhir-coverage.ts');
    return ok(coverageBundle(client, policies));
  }
  return ok({ items: policies });
});
