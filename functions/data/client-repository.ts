import { effectiveInsuranceCollection } from '../../shared/insurance-collection.ts';
import { ApiError, notFound, versionConflict } from '../../shared/errors.ts';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/i18n/languages.ts';
import type { Actor, Client, InsuranceCollection, Settings } from '../../shared/schemas.ts';

import { auditPut } from './audit.ts';
import {
  clientActivityIndexKeys,
  clientIndexKeys,
  clientPk,
  CLIENTS_BY_ACTIVITY_INDEX_PK,
  CLIENTS_INDEX_PK,
  ENTITY,
  fromItem,
  keys,
  REVIEW_QUEUE_INDEX_PK,
  toItem,
  type Stored,
} from './keys.ts';
import {
  batchGetItems,
  getItem,
  queryAll,
  queryPage,
  setAttributes,
  transactWrite,
  transactWriteIfUnchanged,
  versionedUpdate,
  type TransactItem,
} from './table-io.ts';

export type IntakeInsuranceState = 'pending' | 'added' | 'skipped';

/** The stored client: the API resource's own fields plus what only the server needs. */
export interface ClientRecord {
  clientId: string;
  firstName: string;
  lastName: string;
  email: string;
  dateOfBirth: string | null;
  /** Absent on clients written before claims were exported. */
  address?: Client['address'];
  sexForClaims?: Client['sexForClaims'];
  phone?: Client['phone'];
  insuranceCollection: InsuranceCollection;
  portal: PortalState;
  intakeInsurance: IntakeInsuranceState;
  /** Absent on clients created before languages existed: English. */
  language?: Language;
  /**
   * Bumped by every policy insert and edit; inserts and claim submissions condition on it, so they never commit
   * on a stale view of the client's policies.
   */
  policyRevision: number;
  /** What the client list and the Review queue need of each policy (policy-repository's PolicySummary). */
  policySummaries?: Record<string, unknown>;
  /** The last change by a person to the client or its policies (the client list sorts by it). */
  lastActivityAt?: string;
  /** Hash of the one live invitation token; a re-invite replaces it, which revokes the older link. */
  invitationTokenHash?: string;
  /**
   * The Cognito user the client's invitation was made for (its user name, the email at the time), kept so that
   * revoking access after an email change disables the *old* login.
   */
  portalUsername?: string;
  /**
   * The `sub` of the client's current portal login, set when an invitation is accepted and removed when access is
   * revoked. Every portal route compares the caller's token with it on the client item it reads anyway, so a
   * revocation takes effect on the next request at no extra round trip.
   */
  portalUserSub?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type PortalStatus = 'not_invited' | 'invited' | 'active';
export interface PortalState {
  status: PortalStatus;
  invitedAt: string | null;
  revokedAt?: string | null;
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
    phone: record.phone ?? null,
    address: record.address ?? null,
    insuranceCollection: record.insuranceCollection,
    collectInsurance: effectiveInsuranceCollection(record.insuranceCollection, settings.collectInsurance),
    portal: { status: record.portal.status, invitedAt: record.portal.invitedAt, revokedAt: record.portal.revokedAt ?? null },
    language: record.language ?? DEFAULT_LANGUAGE,
    sexForClaims: record.sexForClaims ?? null,
    version: record.version,
  };
}

export type ClientItem = Stored<ClientRecord, typeof ENTITY.client>;

const clientItem = (record: ClientRecord): ClientItem =>
  toItem(ENTITY.client, keys.client(record.clientId), record, {
    ...clientIndexKeys(record),
    ...clientActivityIndexKeys({ clientId: record.clientId, lastActivityAt: record.lastActivityAt ?? record.createdAt }),
  });

export async function getClientRecord(clientId: string): Promise<ClientRecord | undefined> {
  const item = await getItem<ClientItem>(keys.client(clientId));
  return item ? fromItem(item) : undefined;
}

/** Several clients at once (one BatchGet); clients that do not exist are simply absent from the answer. */
export async function getClientRecords(clientIds: readonly string[]): Promise<ClientRecord[]> {
  const items = await batchGetItems<ClientItem>([...new Set(clientIds)].map((clientId) => keys.client(clientId)));
  return items.map(fromItem);
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

/**
 * Clients with the most recent activity first, a page at a time, from the by-activity index (gsi2): one Query
 * per page, like the list by name.
 */
export async function listClientRecordsByActivity(options: { cursor?: string; limit: number }): Promise<ClientPage> {
  const startKey = options.cursor ? decodeCursor(options.cursor, 'activity') : undefined;
  const { items, lastKey } = await queryPage<ClientItem>({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': CLIENTS_BY_ACTIVITY_INDEX_PK },
    ScanIndexForward: false,
    Limit: options.limit,
    ExclusiveStartKey: startKey,
  });
  return { records: items.map(fromItem), nextCursor: lastKey ? encodeCursor(lastKey) : null };
}

/**
 * Clients with at least one policy in the Review queue, sorted by name or by activity, a page at a time. The
 * set is found through the sparse queue index (only client ids are projected) and the clients are read with
 * BatchGet: the work is bounded by the queue, which the practice empties, not by the number of clients. The
 * cursor is the last entry's sort key.
 */
export async function listClientRecordsNeedingReview(options: {
  cursor?: string;
  limit: number;
  sort: 'name' | 'activity';
  nameStartsWith?: string;
}): Promise<ClientPage> {
  const after = options.cursor ? decodeSortKeyCursor(options.cursor) : undefined;
  const queued = await queryAll<{ clientId: string }>({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': REVIEW_QUEUE_INDEX_PK },
    ProjectionExpression: 'clientId',
  });
  const prefix = options.nameStartsWith?.trim().toLowerCase();
  const records = (await getClientRecords(queued.map((entry) => entry.clientId))).filter(
    (record) => !prefix || record.lastName.toLowerCase().startsWith(prefix),
  );
  const sortKey = (record: ClientRecord) =>
    options.sort === 'name' ? clientIndexKeys(record).gsi1sk : `${record.lastActivityAt ?? record.createdAt}#${record.clientId}`;
  const ordered = records.map((record) => ({ record, key: sortKey(record) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (options.sort === 'activity') ordered.reverse();
  const remaining =
    after === undefined ? ordered : ordered.filter((entry) => (options.sort === 'name' ? entry.key > after : entry.key < after));
  const page = remaining.slice(0, options.limit);
  const last = page.at(-1);
  return {
    records: page.map((entry) => entry.record),
    nextCursor: remaining.length > options.limit && last ? Buffer.from(JSON.stringify({ after: last.key })).toString('base64url') : null,
  };
}

/** Clients by last name, a page at a time; `nameStartsWith` narrows to last names with that prefix. */
export async function listClientRecords(options: { cursor?: string; limit: number; nameStartsWith?: string }): Promise<ClientPage> {
  const prefix = options.nameStartsWith?.trim().toLowerCase();
  const startKey = options.cursor ? decodeCursor(options.cursor) : undefined;
  // A cursor from another search starts outside this query's range, which DynamoDB rejects.
  if (startKey && prefix && !(startKey.gsi1sk as string).startsWith(prefix)) throw invalidCursor();
  const { items, lastKey } = await queryPage<ClientItem>({
    IndexName: 'gsi1',
    KeyConditionExpression: prefix ? 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)' : 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': CLIENTS_INDEX_PK, ...(prefix ? { ':prefix': prefix } : {}) },
    Limit: options.limit,
    ExclusiveStartKey: startKey,
  });
  return {
    records: items.map(fromItem),
    nextCursor: lastKey ? encodeCursor(lastKey) : null,
  };
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const invalidCursor = () =>
  new ApiError('validation_failed', 'cursor: Not a cursor from this list', [{ path: 'cursor', message: 'Not a cursor from this list' }]);

function parseCursor(cursor: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidCursor();
    return parsed as Record<string, unknown>;
  } catch {
    throw invalidCursor();
  }
}

/**
 * Only a well-formed key of the index the list reads is passed on to DynamoDB (a cursor from the other order
 * is refused too); anything else is the caller's error.
 */
function decodeCursor(cursor: string, order: 'name' | 'activity' = 'name'): Record<string, string> {
  const key = parseCursor(cursor);
  const [indexPk, indexSk, expectedPk] =
    order === 'name' ? (['gsi1pk', 'gsi1sk', CLIENTS_INDEX_PK] as const) : (['gsi2pk', 'gsi2sk', CLIENTS_BY_ACTIVITY_INDEX_PK] as const);
  const { pk, sk } = key;
  const partition = key[indexPk];
  const sortValue = key[indexSk];
  const valid =
    Object.keys(key).length === 4 &&
    typeof pk === 'string' &&
    pk.startsWith('CLIENT#') &&
    sk === 'CLIENT' &&
    partition === expectedPk &&
    typeof sortValue === 'string' &&
    sortValue.length <= 1024;
  if (!valid) throw invalidCursor();
  return { pk, sk, [indexPk]: partition as string, [indexSk]: sortValue };
}

function decodeSortKeyCursor(cursor: string): string {
  const { after, ...rest } = parseCursor(cursor);
  if (typeof after !== 'string' || after.length > 1024 || Object.keys(rest).length > 0) throw invalidCursor();
  return after;
}

function clientAuditView(record: ClientRecord): Record<string, unknown> {
  return {
    firstName: record.firstName,
    lastName: record.lastName,
    email: record.email,
    dateOfBirth: record.dateOfBirth,
    insuranceCollection: record.insuranceCollection,
    language: record.language ?? DEFAULT_LANGUAGE,
    portalStatus: record.portal.status,
    address: record.address ?? null,
    sexForClaims: record.sexForClaims ?? null,
    phone: record.phone ?? null,
  };
}

/** Stores a new client with the guard item that keeps its email unique, and its audit event. */
export async function insertClient(record: ClientRecord, actor: Actor): Promise<void> {
  await transactWrite(
    [
      { Put: { Item: clientItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
      emailGuard(record),
      auditPut({
        scopePk: clientPk(record.clientId),
        actor,
        action: 'client.created',
        entity: { type: 'client', id: record.clientId },
        before: null,
        after: clientAuditView(record),
        at: record.createdAt,
      }),
    ],
    { otherwise: duplicateEmail },
  );
}

/** The guard item that reserves a client's email: a second client with the same email fails its condition. */
const emailGuard = (record: Pick<ClientRecord, 'clientId' | 'email'>): TransactItem => ({
  Put: {
    Item: toItem(ENTITY.clientEmail, keys.clientEmail(record.email), { clientId: record.clientId }),
    ConditionExpression: 'attribute_not_exists(pk)',
  },
  onConditionFailed: duplicateEmail,
});

/** Moves the email reservation when a client's email changes. */
function emailSwap(before: ClientRecord, after: ClientRecord): TransactItem[] {
  return [
    emailGuard(after),
    {
      Delete: {
        Key: keys.clientEmail(before.email),
        ConditionExpression: 'attribute_not_exists(pk) OR clientId = :clientId',
        ExpressionAttributeValues: { ':clientId': before.clientId },
      },
    },
  ];
}

/**
 * A versioned client write with its audit event and any items that must commit with it; a changed email
 * moves its reservation in the same transaction (409 `conflict` when another client holds the new one).
 */
export async function writeClientChange(
  before: ClientRecord,
  after: ClientRecord,
  actor: Actor,
  now: string,
  action: string,
  extra: TransactItem[] = [],
): Promise<ClientRecord> {
  // The policy summaries and revision belong to policy writes (which update them element by element): a client
  // change must not write back the copy it read.
  const {
    clientId: _id,
    version: _version,
    createdAt: _createdAt,
    policySummaries: _summaries,
    policyRevision: _revision,
    ...changed
  } = after;
  after.lastActivityAt = now;
  const activity = { lastActivityAt: now, ...clientActivityIndexKeys({ clientId: before.clientId, lastActivityAt: now }) };
  await transactWrite(
    [
      versionedUpdate(keys.client(before.clientId), { ...changed, ...activity, ...clientIndexKeys(after) }, before.version),
      auditPut({
        scopePk: clientPk(before.clientId),
        actor,
        action,
        entity: { type: 'client', id: before.clientId },
        before: clientAuditView(before),
        after: clientAuditView(after),
        at: now,
      }),
      ...(after.email !== before.email ? emailSwap(before, after) : []),
      ...extra,
    ],
    { otherwise: () => versionConflict('This client') },
  );
  return after;
}

/**
 * Records that the client skipped the insurance step of intake, unless it is no longer pending (a policy was
 * added meanwhile): false then, and nothing is written.
 */
export function saveIntakeSkipped(client: ClientRecord, at: string): Promise<boolean> {
  const update = setAttributes({ intakeInsurance: 'skipped', updatedAt: at });
  return transactWriteIfUnchanged([
    {
      Update: {
        Key: keys.client(client.clientId),
        ...update,
        ConditionExpression: 'attribute_not_exists(intakeInsurance) OR intakeInsurance = :pending',
        ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':pending': 'pending' },
      },
    },
    auditPut({
      scopePk: clientPk(client.clientId),
      actor: { kind: 'client', id: client.clientId },
      action: 'client.intake_insurance_skipped',
      entity: { type: 'client', id: client.clientId },
      before: { intakeInsurance: 'pending' },
      after: { intakeInsurance: 'skipped' },
      at,
    }),
  ]);
}
