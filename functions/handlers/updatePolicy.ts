import { updatePolicyRequest } from '../../shared/schemas/policies.ts';
import { updatePolicy } from '../domain/policies.ts';
import { actorOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('updatePolicy', { body: updatePolicyRequest }, async ({ body, caller, params }) =>
  ok(await updatePolicy(params.clientId!, params.policyId!, body, actorOf(caller), new Date())),
);
