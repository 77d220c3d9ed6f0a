import type { AuditEvent } from '../../shared/schemas.ts';
import { listAuditEvents } from '../data/audit.ts';
import { requireClientRecord } from '../data/client-repository.ts';
import { clientPk, PRACTICE_PK } from '../data/keys.ts';

/** Every change to a client, its policies and its claims, newest first (404 for an unknown client). */
export async function clientAuditTrail(clientId: string): Promise<AuditEvent[]> {
  const [, events] = await Promise.all([requireClientRecord(clientId), listAuditEvents(clientPk(clientId))]);
  return events;
}

/** Practice-wide changes (settings, payers, learned aliases), newest first. */
export function practiceAuditTrail(): Promise<AuditEvent[]> {
  return listAuditEvents(PRACTICE_PK);
}
