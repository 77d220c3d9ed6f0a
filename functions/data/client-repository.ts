import { effectiveInsuranceCollection } from '../../shared/insurance-collection.ts';
import { ApiError, notFound, versionConflict } from '../../shared/errors.ts';
import type { Actor, Client, CreateClientRequest, InsuranceCollection, Settings, UpdateClientRequest } from '../../shared/schemas.ts';
import { auditPut } from './audit.ts';
import { newId } from './ids.ts';
import { clientIndexKeys, clientPk, CLIENTS_INDEX_PK, ENTITY, keys, withoutStorageAttributes } from './keys.ts';
import { getItem, queryPage, TransactionConflict, transactWrite, versionedUpdate, type TransactItem } from './table-io.ts';

export type IntakeInsuranceState = 'pending' | 'added' | 'skipped';

/** The stored client: the API resource's own fields plus what only the server needs. */
export interface ClientRecord {
  clientId: string;
  firstName: string;
  lastName: string;
  email: string;
  dateOfBirth: string | null;
  insuranceCollection: InsuranceCollection;
  portal: { status: 'not_invited' | 'invited' | 'active'; invitedAt: string | null };
  intakeInsurance: IntakeInsuranceState;
  /** Bumped by every policy insert; the condition on it serialises concurrent inserts for one client. */
  policyRevision: number;
  /** Hash of the one live invitation token; a re-invite replaces it, which revokes the older link. */
  invitationTokenHash?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const duplicateEmail = () =>
  new ApiError('conflict', 'Another client already uses this email', [{ path: 'email', message: 'Already used by another client' }]);

export function toClient(record: ClientRecord, settings: Pick<Settings, 'collectInsurance'>): Client {
  return {
    clientId: record.clientId,
    firstName: record.firstName,
    lastName: record.lastName,
    email: record.email,
    dateOfBirth: record.dateOfBirth,
    insuranceCollection: record.insuranceCollection,
    collectInsurance: effectiveInsuranceCollection(record.insuranceCollection, settings.collectInsurance),
    portal: record.portal,
    version: record.version,
  };
}

export async function getClientRecord(clientId: string): Promise<ClientRecord | undefined> {
  const item = await getItem(keys.client(clientId));
  return item ? (withoutStorageAttributes(item) as unknown as ClientRecord) : undefined;
}

export async function requireClientRecord(clientId: string): Promise<ClientRecord> {
  const record = await getClientRecord(clientId);
  if (!record) throw notFound('Client');
  return record;
}

export interface ClientPage {
  records: ClientRecord[];
  nextCursor: string | null;
}

/** Clients by last name, a page at a time; `nameStartsWith` narrows to last names with that prefix. */
export async function listClientRecords(options: { cursor?: string; limit: number; nameStartsWith?: string }): Promise<ClientPage> {
  const prefix = options.nameStartsWith?.trim().toLowerCase();
  const startKey = options.cursor ? decodeCursor(options.cursor) : undefined;
  // A cursor from another search starts outside this query's range, which DynamoDB rejects.
  if (startKey && prefix && !(startKey.gsi1sk as string).startsWith(prefix)) throw invalidCursor();
  const { items, lastKey } = await queryPage<ClientRecord>({
    IndexName: 'gsi1',
    KeyConditionExpression: prefix ? 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)' : 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': CLIENTS_INDEX_PK, ...(prefix ? { ':prefix': prefix } : {}) },
    Limit: options.limit,
    ExclusiveStartKey: startKey,
  });
  return {
    records: items.map((item) => withoutStorageAttributes(item as unknown as Record<string, unknown>) as unknown as ClientRecord),
    nextCursor: lastKey ? encodeCursor(lastKey) : null,
  };
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const invalidCursor = () =>
  new ApiError('validation_failed', 'cursor: Not a cursor from this list', [{ path: 'cursor', message: 'Not a cursor from this list' }]);

/** Only a well-formed key of the clients index is passed on to DynamoDB; anything else is the caller's error. */
function decodeCursor(cursor: string): Record<string, string> {
  let key: Record<string, unknown>;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw invalidCursor();
  }
  const { pk, sk, gsi1pk, gsi1sk } = (key ?? {}) as Record<string, unknown>;
  const valid =
    typeof pk === 'string' &&
    pk.startsWith('CLIENT#') &&
    sk === 'CLIENT' &&
    gsi1pk === CLIENTS_INDEX_PK &&
    typeof gsi1sk === 'string' &&
    gsi1sk.length <= 1024;
  if (!valid) throw invalidCursor();
  return { pk, sk, gsi1pk, gsi1sk };
}

function clientAuditView(record: ClientRecord): Record<string, unknown> {
  return {
    firstName: record.firstName,
    lastName: record.lastName,
    email: record.email,
    dateOfBirth: record.dateOfBirth,
    insuranceCollection: record.insuranceCollection,
    portalStatus: record.portal.status,
  };
}

export async function createClient(request: CreateClientRequest, actor: Actor, now: string): Promise<ClientRecord> {
  const record: ClientRecord = {
    clientId: newId(),
    firstName: request.firstName,
    lastName: request.lastName,
    email: request.email,
    dateOfBirth: request.dateOfBirth ?? null,
    insuranceCollection: 'inherit',
    portal: { status: 'not_invited', invitedAt: null },
    intakeInsurance: 'pending',
    policyRevision: 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await transactWrite([
      {
        Put: {
          Item: { ...keys.client(record.clientId), ...clientIndexKeys(record), itemType: ENTITY.client, ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          Item: { ...keys.clientEmail(record.email), itemType: ENTITY.clientEmail, clientId: record.clientId },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      auditPut({
        scopePk: clientPk(record.clientId),
        actor,
        action: 'client.created',
        entity: { type: 'client', id: record.clientId },
        before: null,
        after: clientAuditView(record),
        at: now,
      }),
    ]);
  } catch (error) {
    if (error instanceof TransactionConflict) throw duplicateEmail();
    throw error;
  }
  return record;
}

export async function updateClient(clientId: string, request: UpdateClientRequest, actor: Actor, now: string): Promise<ClientRecord> {
  const before = await requireClientRecord(clientId);
  if (before.version !== request.version) throw versionConflict('This client');
  const after: ClientRecord = {
    ...before,
    firstName: request.firstName ?? before.firstName,
    lastName: request.lastName ?? before.lastName,
    email: request.email ?? before.email,
    dateOfBirth: request.dateOfBirth === undefined ? before.dateOfBirth : request.dateOfBirth,
    insuranceCollection: request.insuranceCollection ?? before.insuranceCollection,
    version: before.version + 1,
    updatedAt: now,
  };
  const emailChanged = after.email !== before.email;
  return writeClientChange(before, after, actor, now, 'client.updated', emailChanged ? emailSwap(before, after) : [], emailChanged);
}

function emailSwap(before: ClientRecord, after: ClientRecord): TransactItem[] {
  return [
    {
      Put: {
        Item: { ...keys.clientEmail(after.email), itemType: ENTITY.clientEmail, clientId: after.clientId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Delete: {
        Key: keys.clientEmail(before.email),
        ConditionExpression: 'attribute_not_exists(pk) OR clientId = :clientId',
        ExpressionAttributeValues: { ':clientId': before.clientId },
      },
    },
  ];
}

/** A versioned client write with its audit event and any items that must commit with it. */
export async function writeClientChange(
  before: ClientRecord,
  after: ClientRecord,
  actor: Actor,
  now: string,
  action: string,
  extra: TransactItem[] = [],
  extraConflictIsDuplicateEmail = false,
): Promise<ClientRecord> {
  const { clientId: _id, version: _version, createdAt: _createdAt, ...changed } = after;
  try {
    await transactWrite([
      versionedUpdate(keys.client(before.clientId), { ...changed, ...clientIndexKeys(after) }, before.version),
      auditPut({
        scopePk: clientPk(before.clientId),
        actor,
        action,
        entity: { type: 'client', id: before.clientId },
        before: clientAuditView(before),
        after: clientAuditView(after),
        at: now,
      }),
      ...extra,
    ]);
  } catch (error) {
    if (error instanceof TransactionConflict) {
      if (extraConflictIsDuplicateEmail && !error.failedIndexes.includes(0) && error.failedIndexes.length > 0) throw duplicateEmail();
      throw versionConflict('This client');
    }
    throw error;
  }
  return after;
}
