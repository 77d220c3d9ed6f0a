import { updateIntakeRequest } from '../../shared/schemas/policies.ts';
import { requireInsuranceCollection, skipInsuranceIntake, toPortalMe } from '../domain/portal.ts';
import { clientIdOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('updatePortalIntake', { body: updateIntakeRequest }, async ({ caller }) => {
  const context = await requireInsuranceCollection(clientIdOf(caller));
  return ok(toPortalMe(await skipInsuranceIntake(context, new Date())));
});
