import { requirePolicyRecord, toPolicy } from '../data/policy-repository.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('getPolicy', {}, async ({ params }) =>
  ok(toPolicy(await requirePolicyRecord(params.clientId!, params.policyId!))),
);
