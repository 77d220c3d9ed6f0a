import { updatePortalMeRequest } from '../../shared/schemas/portal.ts';
import { setPortalLanguage } from '../domain/portal.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('updatePortalMe', { body: updatePortalMeRequest }, async ({ body, portalUser }) =>
  ok(await setPortalLanguage(portalUser, body.language, new Date())),
);
