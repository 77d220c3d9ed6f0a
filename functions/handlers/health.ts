import { publicRoute } from '../http/public-route.ts';
import { ok } from '../http/responses.ts';

export const handler = publicRoute('health', {}, async () => ok({ ok: true }));
