import { needsPayerQueue } from '../domain/review.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('listNeedsPayer', {}, async () => ok({ items: await needsPayerQueue(new Date()) }));
