import { createPortalPolicyRequest } from '../../shared/schemas/policies.ts';
import { toPortalPolicy } from '../data/policy-repository.ts';
import { createPolicy, portalRequestToFields } from '../domain/policies.ts';
import { actorOf, clientIdOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { created } from '../http/responses.ts';

export const handler = httpRoute('createPortalPolicy', { body: createPortalPolicyRequest }, async ({ body, caller }) => {
  const clientId = clientIdOf(caller);
  // createPolicy checks that insurance is collected for this client, in the same read as everything else.
  const record = await createPolicy({
    clientId,
    source: 'client',
    actor: actorOf(caller),
    fields: portalRequestToFields(body),
    clientEntered: body,
    now: new Date(),
  });
  return created(toPortalPolicy(record));
});
