import { getClaimExport } from '../domain/claim-exports.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('getClaimExport', {}, async ({ params }) => ok(await getClaimExport(params.exportId!)));
