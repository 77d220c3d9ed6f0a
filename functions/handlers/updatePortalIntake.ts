import { updateIntakeRequest } from '../../shared/schemas/portal.ts';
import { skipInsuranceIntake } from '../domain/portal.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

// The body can only say `{ insurance: 'skipped' }` (the schema): skipping is the one thing this route does.
export const handler = httpRoute('updatePortalIntake', { body: updateIntakeRequest }, async ({ portalUser, insurance }) =>
  ok(await skipInsuranceIntake(portalUser, insurance, new Date())),
);
