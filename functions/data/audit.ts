import { fieldChanges } from '../../shared/audit.ts';
import type { Actor, AuditEvent } from '../../shared/schemas.ts';
import { newId } from './ids.ts';
import { ENTITY, fromItem, keys, SK_PREFIX, toItem, type Stored } from './keys.ts';
import { queryPage, type TransactItem } from './table-io.ts';

export interface AuditInput {
  /** The partition the event belongs to: the client's (policies, claims, client) or the practice's. */
  scopePk: string;
  actor: Actor;
  action: string;
  entity: { type: string; id: string };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  at: string;
  /** A deterministic id makes a retried or replayed write unable to record the same event twice. */
  eventId?: string;
}

/**
 * An audit event as a transaction item: it commits with the change it records or not at all, and is
 * append-only (a Put that may never overwrite).
 */
export function auditPut(input: AuditInput): TransactItem {
  const eventId = input.eventId ?? newId();
  const event: AuditEvent = {
    eventId,
    at: input.at,
    actor: input.actor,
    action: input.action,
    entity: input.entity,
    changes: fieldChanges(input.before, input.after),
  };
  return {
    Put: {
      Item: toItem(ENTITY.audit, keys.audit(input.scopePk, input.at, eventId), event),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The newest events first; a trail is read from the top, so one page of the latest is what is served. */
export async function listAuditEvents(scopePk: string, limit = 500): Promise<AuditEvent[]> {
  const { items } = await queryPage<Stored<AuditEvent>>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': scopePk, ':prefix': SK_PREFIX.audit },
    ScanIndexForward: false,
    Limit: limit,
  });
  return items.map(fromItem);
}
