import { notFound } from '../../shared/errors.ts';
import type { Policy } from '../../shared/schemas.ts';
import type { ClientRecord } from './client-repository.ts';
import {
  clientPk,
  ENTITY,
  ITEM_TYPE_ATTRIBUTE,
  keys,
  PAYER_WAITING_INDEX_PK,
  payerWaitingIndexKeys,
  SK_PREFIX,
  withoutStorageAttributes,
} from './keys.ts';
import { getItem, queryAll, queryPrefix } from './table-io.ts';

/** The stored policy: the resource (needsPayer is derived, not stored) plus its keys. */
export type PolicyRecord = Omit<Policy, 'needsPayer'>;

export function toPolicy(record: PolicyRecord | Record<string, unknown>): Policy {
  const resource = withoutStorageAttributes(record as Record<string, unknown>) as unknown as PolicyRecord;
  return { ...resource, needsPayer: resource.payerMatch.state === 'needs_payer' };
}

/** What a client sees of its own policy: no ranked guesses about which practice payer it might be. */
export function toPortalPolicy(record: PolicyRecord): Policy {
  const policy = toPolicy(record);
  return { ...policy, payerMatch: { ...policy.payerMatch, suggestions: [] } };
}

/** Whether a policy belongs in the sparse "waiting for a payer" index. */
export const isWaitingForPayer = (record: Pick<PolicyRecord, 'payerMatch'>) => record.payerMatch.state !== 'matched';

/** The item to store: the record, its keys, and the waiting-index keys while its payer is unresolved. */
export function policyItem(record: PolicyRecord): Record<string, unknown> {
  return {
    ...keys.policy(record.clientId, record.policyId),
    itemType: ENTITY.policy,
    ...record,
    ...(isWaitingForPayer(record) ? payerWaitingIndexKeys(record) : {}),
  };
}

/** Stored items carry keys and index attributes; records are what the domain works with. */
const toRecord = (item: Record<string, unknown>) => withoutStorageAttributes(item) as unknown as PolicyRecord;

export async function getPolicyRecord(clientId: string, policyId: string): Promise<PolicyRecord | undefined> {
  const item = await getItem(keys.policy(clientId, policyId));
  return item ? toRecord(item) : undefined;
}

export async function requirePolicyRecord(clientId: string, policyId: string): Promise<PolicyRecord> {
  const record = await getPolicyRecord(clientId, policyId);
  if (!record) throw notFound('Policy');
  return record;
}

/**
 * The client and its policies in one Query: in the client's partition the sort keys `CLIENT` and `POLICY#…`
 * are adjacent (`CLAIM#` sorts before, `UPLOAD#` after), so `BETWEEN 'CLIENT' AND 'POLICY$'` ('$' follows '#')
 * reads exactly those — one round trip instead of a GetItem beside a Query, on the chart read and every insert.
 */
export async function loadClientWithPolicies(clientId: string): Promise<{ client: ClientRecord; policies: PolicyRecord[] }> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': clientPk(clientId), ':from': 'CLIENT', ':to': `${SK_PREFIX.policy.slice(0, -1)}$` },
    ConsistentRead: true,
  });
  const clientItem = items.find((item) => item[ITEM_TYPE_ATTRIBUTE] === ENTITY.client);
  if (!clientItem) throw notFound('Client');
  return {
    client: withoutStorageAttributes(clientItem) as unknown as ClientRecord,
    policies: items.filter((item) => item[ITEM_TYPE_ATTRIBUTE] === ENTITY.policy).map(toRecord),
  };
}

/** A client's policies, oldest first (policy ids are time-ordered). */
export async function listPolicyRecords(clientId: string): Promise<PolicyRecord[]> {
  return (await queryPrefix(clientPk(clientId), SK_PREFIX.policy)).map(toRecord);
}

/** Every policy whose payer is unresolved, oldest first, through the sparse index — never a Scan. */
export async function listWaitingPolicyRecords(): Promise<PolicyRecord[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': PAYER_WAITING_INDEX_PK },
    ScanIndexForward: true,
  });
  return items.map(toRecord);
}
