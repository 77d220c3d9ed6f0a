import { reviewQueue } from '../domain/review.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

/** Every policy waiting for the practice's review, with its reasons, oldest first (the nav count is its length). */
export const handler = httpRoute('listReviewQueue', {}, async () => ok({ items: await reviewQueue(new Date()) }));
