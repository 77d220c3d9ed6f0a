import type { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ApiError } from '../../shared/errors.ts';
import { dynamo, TABLE_NAME } from '../platform/dynamodb.ts';
import type { ItemKey } from './keys.ts';

type RawTransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Operation = 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
/**
 * A transaction item without TableName (there is one table; transactWrite adds it), and what it means when its
 * condition fails: the domain error to answer with (a stale version, a duplicate name, a refused write).
 */
export type TransactItem = { [K in Operation]?: Omit<NonNullable<RawTransactItem[K]>, 'TableName'> } & {
  onConditionFailed?: () => Error;
};
export type StoredItem = Record<string, unknown>;

export async function getItem<T = StoredItem>(key: ItemKey, consistent = true): Promise<T | undefined> {
  const result = await dynamo.send(new GetCommand({ TableName: TABLE_NAME, Key: key, ConsistentRead: consistent }));
  return result.Item as T | undefined;
}

/**
 * BatchGet with the unprocessed-keys retry the API requires; order of the answer is not the order asked.
 * Eventually consistent unless `consistent` (unlike getItem): pass it where the answer decides access.
 */
export async function batchGetItems<T = StoredItem>(keys: readonly ItemKey[], options: { consistent?: boolean } = {}): Promise<T[]> {
  const found: T[] = [];
  for (let start = 0; start < keys.length; start += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(start, start + 100).map((key) => ({ ...key }));
    for (let attempt = 0; pending && pending.length > 0 && attempt < 5; attempt++) {
      const result = await dynamo.send(
        new BatchGetCommand({ RequestItems: { [TABLE_NAME]: { Keys: pending, ConsistentRead: options.consistent } } }),
      );
      found.push(...((result.Responses?.[TABLE_NAME] ?? []) as T[]));
      pending = result.UnprocessedKeys?.[TABLE_NAME]?.Keys as Record<string, unknown>[] | undefined;
      if (pending?.length) await sleep(20 * 2 ** attempt);
    }
    if (pending?.length) throw new ApiError('unavailable', 'The database is busy; try again shortly');
  }
  return found;
}

/** Every page of a Query; for partitions that stay small (a client's items, the practice's payers). */
export async function queryAll<T = StoredItem>(input: Omit<QueryCommandInput, 'TableName'>): Promise<T[]> {
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(new QueryCommand({ TableName: TABLE_NAME, ...input, ExclusiveStartKey: startKey }));
    items.push(...((page.Items ?? []) as T[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export async function queryPage<T = StoredItem>(
  input: Omit<QueryCommandInput, 'TableName'>,
): Promise<{ items: T[]; lastKey: Record<string, unknown> | undefined }> {
  const page = await dynamo.send(new QueryCommand({ TableName: TABLE_NAME, ...input }));
  return { items: (page.Items ?? []) as T[], lastKey: page.LastEvaluatedKey };
}

/** Items whose sort key starts with `prefix` in one partition. */
export function queryPrefix<T = StoredItem>(pk: string, prefix: string, options: { newestFirst?: boolean } = {}): Promise<T[]> {
  return queryAll<T>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
    ScanIndexForward: !options.newestFirst,
    ConsistentRead: true,
  });
}

/**
 * A transaction lost a race in a way none of its items names: a condition without its own error failed, or
 * the transaction collided with another one touching the same items. Retrying on fresh reads can succeed
 * (withOptimisticRetry does); escaping to the HTTP layer it is a 503 with Retry-After.
 */
export class TransactionConflict extends Error {
  constructor(readonly failedIndexes: number[]) {
    super(`Transaction lost a race (failed items: ${failedIndexes.join(', ')})`);
    this.name = 'TransactionConflict';
  }
}

/**
 * TransactWriteItems. When DynamoDB cancels it, the caller gets a domain error, never the SDK's: the
 * `onConditionFailed` of the first failed item that has one; otherwise `otherwise` (also when the transaction
 * only collided with another one — for a single-record change that is the same as a concurrent edit);
 * otherwise TransactionConflict, for callers that retry on fresh reads.
 */
export async function transactWrite(items: TransactItem[], options: { otherwise?: () => Error } = {}): Promise<void> {
  try {
    await dynamo.send(new TransactWriteCommand({ TransactItems: items.map(withTable) }));
  } catch (error) {
    // By name, not instanceof: importing the exception class brings the client's whole error schema (≈ 46 KB) into
    // every function's bundle, and the SDK sets `name` on every service error anyway.
    if ((error as Error).name !== 'TransactionCanceledException') throw error;
    const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
    const failed = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
    const contended = reasons.some((reason) => reason.Code === 'TransactionConflict');
    if (failed.length === 0 && !contended) {
      // Anything else (a validation problem in one of the items) is a bug: name the codes, never the items.
      (error as Error).message = `Transaction cancelled: ${reasons.map((reason) => reason.Code ?? 'None').join(', ')}`;
      throw error;
    }
    const named = failed.map((index) => items[index]?.onConditionFailed).find((explain) => explain !== undefined);
    throw (named ?? options.otherwise)?.() ?? new TransactionConflict(failed);
  }
}

/**
 * A write decided on a state that may have moved on since (a stream record, a re-read): true when it was
 * written, false when one of its conditions found the state changed. A collision with another transaction
 * is not an answer and throws TransactionConflict (the caller's retry — the stream's — runs it again).
 */
export async function transactWriteIfUnchanged(items: TransactItem[]): Promise<boolean> {
  try {
    await transactWrite(items);
    return true;
  } catch (error) {
    if (error instanceof TransactionConflict && error.failedIndexes.length > 0) return false;
    throw error;
  }
}

function withTable({ onConditionFailed: _meaning, ...item }: TransactItem): RawTransactItem {
  const [operation, input] = Object.entries(item)[0] as [Operation, Record<string, unknown>];
  return { [operation]: { TableName: TABLE_NAME, ...input } } as RawTransactItem;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` again (with fresh reads inside it) when its transaction lost a race, up to `times`; then
 * answers 409 so the caller can retry. Used where a write depends on other items (auto-ending Primaries).
 */
export async function withOptimisticRetry<T>(
  times: number,
  attempt: (round: number) => Promise<T>,
  onExhausted: () => ApiError,
): Promise<T> {
  for (let round = 0; ; round++) {
    try {
      return await attempt(round);
    } catch (error) {
      if (!(error instanceof TransactionConflict) || round >= times - 1) {
        if (error instanceof TransactionConflict) throw onExhausted();
        throw error;
      }
      await sleep(5 + Math.random() * 20 * (round + 1));
    }
  }
}

/** Builds an `Update` that sets the given attributes, names and values escaped. */
export function setAttributes(values: Record<string, unknown>): {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
} {
  const names: Record<string, string> = {};
  const attributeValues: Record<string, unknown> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  Object.entries(values).forEach(([attribute, value], index) => {
    names[`#a${index}`] = attribute;
    if (value === undefined) {
      removes.push(`#a${index}`);
    } else {
      attributeValues[`:v${index}`] = value;
      sets.push(`#a${index} = :v${index}`);
    }
  });
  const expression = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : '']
    .filter(Boolean)
    .join(' ');
  return { UpdateExpression: expression, ExpressionAttributeNames: names, ExpressionAttributeValues: attributeValues };
}

/**
 * An optimistic-locking update: sets `values` and `version = expected + 1` only if the stored version is still
 * `expected` (0 = the item must not exist yet). A stale version fails the transaction's condition.
 */
export function versionedUpdate(key: ItemKey, values: Record<string, unknown>, expectedVersion: number): TransactItem {
  const update = setAttributes({ ...values, version: expectedVersion + 1 });
  const isNew = expectedVersion === 0;
  return {
    Update: {
      Key: key,
      ...update,
      ConditionExpression: isNew ? 'attribute_not_exists(pk)' : '#expectedVersionName = :expectedVersion',
      ExpressionAttributeNames: { ...update.ExpressionAttributeNames, ...(isNew ? {} : { '#expectedVersionName': 'version' }) },
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ...(isNew ? {} : { ':expectedVersion': expectedVersion }) },
    },
  };
}
