import { createUploadRequest } from '../../shared/schemas/policies.ts';
import { createPortalUpload } from '../domain/uploads.ts';
import { httpRoute } from '../http/route-handler.ts';
import { created } from '../http/responses.ts';

export const handler = httpRoute('createPortalUpload', { body: createUploadRequest }, async ({ body, portalUser, insurance }) =>
  created(await createPortalUpload(portalUser, insurance, body, new Date())),
);
