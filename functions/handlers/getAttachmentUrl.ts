import { attachmentDownloadUrl } from '../domain/uploads.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('getAttachmentUrl', {}, async ({ params }) =>
  ok(await attachmentDownloadUrl(params.clientId!, params.policyId!, params.attachmentId!, new Date())),
);
