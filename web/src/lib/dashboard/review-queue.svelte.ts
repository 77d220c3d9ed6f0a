/**
 * The Review queue (every policy waiting for the practice's review, with its reasons) and its count, the
 * Review badge in the dashboard navigation. The count is refreshed on navigation at most every 20 s, right
 * away after anything that can change it, and while the Review page is open (on focus and every 30 s).
 */
import type { ReviewReason } from '$shared/policy-state';
import type { Client, Policy } from '$shared/schemas';
import { api } from '../api';

export interface QueueItem {
  client: Pick<Client, 'clientId' | 'firstName' | 'lastName'>;
  policy: Policy;
  reasons: ReviewReason[];
}

export const reviewQueue = $state<{ count: number | null }>({ count: null });

let lastLoaded = 0;
let inFlight: Promise<QueueItem[]> | null = null;

export function loadReviewQueue(): Promise<QueueItem[]> {
  inFlight ??= api<{ items: QueueItem[] }>('/review/queue')
    .then(({ items }) => {
      reviewQueue.count = items.length;
      lastLoaded = Date.now();
      return items;
    })
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

export function refreshReviewCount(force = false): void {
  if (!force && Date.now() - lastLoaded < 20_000) return;
  loadReviewQueue().catch(() => undefined); // the badge is a hint; the Review page shows errors
}
