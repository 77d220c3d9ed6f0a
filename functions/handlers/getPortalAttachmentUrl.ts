import { portalAttachmentDownloadUrl } from '../domain/uploads.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

// Only the caller's own policies: the client id comes from the token, never from the URL.
export const handler = httpRoute('getPortalAttachmentUrl', {}, async ({ portalUser, params }) =>
  ok(await portalAttachmentDownloadUrl(portalUser, params.policyId!, params.attachmentId!, new Date())),
);
