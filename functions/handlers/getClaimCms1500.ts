import { renderCms1500 } from '../../shared/cms1500.ts';
import { claimBundleForForm } from '../domain/claim-exports.ts';
import { httpRoute } from '../http/route-handler.ts';
import { pdfFile } from '../http/responses.ts';

export const handler = httpRoute('getClaimCms1500', {}, async ({ params }) => {
  const now = new Date();
  const bundle = await claimBundleForForm(params.clientId!, params.claimId!, now);
  const pdf = await renderCms1500(bundle, { signedOn: now.toISOString().slice(0, 10), createdAt: now });
  return pdfFile(pdf, `cms1500-${params.claimId}.pdf`);
});
