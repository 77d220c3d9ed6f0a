import { createPortalPolicyRequest } from '../../shared/schemas/policies.ts';
import { createPortalPolicy } from '../domain/policies.ts';
import { httpRoute } from '../http/route-handler.ts';
import { created } from '../http/responses.ts';

export const handler = httpRoute('createPortalPolicy', { body: createPortalPolicyRequest }, async ({ body, insurance }) =>
  created(await createPortalPolicy(insurance, body, new Date())),
);
