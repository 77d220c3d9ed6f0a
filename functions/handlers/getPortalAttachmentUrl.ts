import { requirePolicyRecord } from '../data/policy-repository.ts';
import { attachmentDownloadUrl, findAttachment } from '../domain/uploads.ts';
import { clientIdOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('getPortalAttachmentUrl', {}, async ({ caller, params }) => {
  const clientId = clientIdOf(caller);
  const policy = await requirePolicyRecord(clientId, params.policyId!);
  return ok(await attachmentDownloadUrl(clientId, findAttachment(policy, params.attachmentId!), new Date()));
});
