/**
 * The number of client-entered policies waiting for a payer (the Review badge in the dashboard navigation).
 * Refreshed on navigation at most every 20 s, and right away after anything that can change it.
 */
import type { Client, Policy } from '$shared/schemas';
import { api } from '../api';

export interface NeedsPayerItem {
  client: Pick<Client, 'clientId' | 'firstName' | 'lastName'>;
  policy: Policy;
}

export const reviewQueue = $state<{ count: number | null }>({ count: null });

let lastLoaded = 0;
let inFlight: Promise<NeedsPayerItem[]> | null = null;

export function loadNeedsPayer(): Promise<NeedsPayerItem[]> {
  inFlight ??= api<{ items: NeedsPayerItem[] }>('/review/needs-payer')
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
  loadNeedsPayer().catch(() => undefined); // the badge is a hint; the Review page shows errors
}
