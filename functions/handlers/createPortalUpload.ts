import { createUploadRequest } from '../../shared/schemas/policies.ts';
import { requireInsuranceCollection } from '../domain/portal.ts';
import { createUpload } from '../domain/uploads.ts';
import { actorOf, clientIdOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { created } from '../http/responses.ts';

export const handler = httpRoute('createPortalUpload', { body: createUploadRequest }, async ({ body, caller }) => {
  const clientId = clientIdOf(caller);
  await requireInsuranceCollection(clientId);
  return created(await createUpload(clientId, body, actorOf(caller), new Date()));
});
