import { requirePolicyRecord } from '../data/policy-repository.ts';
import { attachmentDownloadUrl, findAttachment } from '../domain/uploads.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('getAttachmentUrl', {}, async ({ params }) => {
  const policy = await requirePolicyRecord(params.clientId!, params.policyId!);
  return ok(await attachmentDownloadUrl(params.clientId!, findAttachment(policy, params.attachmentId!), new Date()));
});
