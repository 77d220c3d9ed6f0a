import { updatePortalMeRequest } from '../../shared/schemas/portal.ts';
import { setPortalLanguage } from '../domain/portal.ts';
import { clientIdOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('updatePortalMe', { body: updatePortalMeRequest }, async ({ body, caller }) =>
  ok(await setPortalLanguage(clientIdOf(caller), body.language, new Date())),
);
