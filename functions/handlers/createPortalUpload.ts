import { createUploadRequest } from '../../shared/schemas/policies.ts';
import { createPortalUpload } from '../domain/uploads.ts';
import { httpRoute } from '../http/route-handler.ts';
import { created } from '../http/responses.ts';

export const handler = httpRoute('createPortalUpload', { body: createUploadRequest }, async ({ body, insurance }) =>
  created(await createPortalUpload(insurance, body, new Date())),
);
