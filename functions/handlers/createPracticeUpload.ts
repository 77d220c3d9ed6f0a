import { createUploadRequest } from '../../shared/schemas/policies.ts';
import { createPracticeUpload } from '../domain/uploads.ts';
import { actorOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { created } from '../http/responses.ts';

export const handler = httpRoute('createPracticeUpload', { body: createUploadRequest }, async ({ body, caller, params }) =>
  created(await createPracticeUpload(params.clientId!, body, actorOf(caller), new Date())),
);
