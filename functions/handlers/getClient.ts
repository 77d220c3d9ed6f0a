import { requireClientRecord, toClient } from '../data/client-repository.ts';
import { getSettings } from '../data/settings-repository.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('getClient', {}, async ({ params }) => {
  const [record, settings] = await Promise.all([requireClientRecord(params.clientId!), getSettings()]);
  return ok(toClient(record, settings));
});
