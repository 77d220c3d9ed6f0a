import { createPracticePolicyRequest } from '../../shared/schemas/policies.ts';
import { toPolicy } from '../data/policy-repository.ts';
import { createPolicy } from '../domain/policies.ts';
import { actorOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { created } from '../http/responses.ts';

export const handler = httpRoute('createPracticePolicy', { body: createPracticePolicyRequest }, async ({ body, caller, params }) => {
  const record = await createPolicy({
    clientId: params.clientId!,
    source: 'practice',
    actor: actorOf(caller),
    fields: body,
    clientEntered: null,
    now: new Date(),
  });
  return created(toPolicy(record));
});
