import { clientAuditTrail } from '../domain/audit-trail.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('listAudit', {}, async ({ params }) => ok({ items: await clientAuditTrail(params.clientId!) }));
