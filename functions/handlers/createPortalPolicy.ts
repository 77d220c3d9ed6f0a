import { createPortalPolicyRequest } from '../../shared/schemas/policies.ts';
import { createPortalPolicy } from '../domain/policies.ts';
import { httpRoute } from '../http/route-handler.ts';
import { created } from '../http/responses.ts';

export const handler = httpRoute('createPortalPolicy', { body: createPortalPolicyRequest }, async ({ body, portalUser, insurance }) =>
  created(await createPortalPolicy(portalUser, insurance, body, new Date())),
);
