import { createPracticePolicyRequest } from '../../shared/schemas/policies.ts';
import { createPracticePolicy } from '../domain/policies.ts';
import { actorOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { created } from '../http/responses.ts';

export const handler = httpRoute('createPracticePolicy', { body: createPracticePolicyRequest }, async ({ body, caller, params }) =>
  created(await createPracticePolicy(params.clientId!, body, actorOf(caller), new Date())),
);
