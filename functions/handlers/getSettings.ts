import { getSettings } from '../data/settings-repository.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('getSettings', {}, async () => ok(await getSettings()));
