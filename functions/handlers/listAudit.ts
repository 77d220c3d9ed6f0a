import { listAuditEvents } from '../data/audit.ts';
import { requireClientRecord } from '../data/client-repository.ts';
import { clientPk } from '../data/keys.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('listAudit', {}, async ({ params }) => {
  await requireClientRecord(params.clientId!);
  return ok({ items: await listAuditEvents(clientPk(params.clientId!)) });
});
