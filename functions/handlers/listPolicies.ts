import { listPoliciesQuery as query } from '../../shared/schemas/policies.ts';
import { listPayers } from '../domain/payers.ts';
import { loadClientWithPolicies, toPolicy } from '../data/policy-repository.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('listPolicies', { query }, async ({ params, query }) => {
  const clientId = params.clientId!;
  const { client, policies: records } = await loadClientWithPolicies(clientId);
  const policies = records.map(toPolicy);
  if (query.format === 'fhir') {
    const { coverageBundle } = await import('../../shared/fhir-coverage.ts');
    // The EDI payer ID lives on the payer, not the policy; inactive payers count, old policies still name them.
    const payers = await listPayers({ includeInactive: true });
    const ediPayerIds = new Map(payers.flatMap((payer) => (payer.ediPayerId ? [[payer.payerId, payer.ediPayerId] as const] : [])));
    return ok(coverageBundle(client, policies, { ediPayerIds, timestamp: new Date().toISOString() }));
  }
  return ok({ items: policies });
});
