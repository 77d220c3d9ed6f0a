/**
 * "A refused request writes nothing": snapshots of the partitions a request could touch, taken straight from
 * the table (consistent reads), compared before and after.
 *
 * The Needs Payer stream processor writes to client partitions on its own schedule (it resolves the payer of
 * policies that earlier, accepted requests created, and re-matches waiting policies when a payer changes). So
 * that its work is not mistaken for a write by the refused request, a snapshot leaves out exactly what the
 * processor may change: a policy's payer, match state, version, updatedAt and index keys, the client item's summary
 * of its policies, and audit
 * events whose actor is the system. Everything a request path writes — new policies, uploads, claims, client
 * changes, practitioner and client audit events, any other policy field — stays in.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { table, tableName } from './table.ts';

const STREAM_MANAGED_POLICY_ATTRIBUTES = ['payer', 'payerMatch', 'version', 'updatedAt', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'];
/** The client item's summary of each policy follows the stream's payer decisions too. */
const STREAM_MANAGED_CLIENT_ATTRIBUTES = ['policySummaries'];

type Item = Record<string, unknown>;

function withoutStreamWork(items: Item[]): Item[] {
  return items
    .filter((item) => !(item.itemType === 'audit' && (item.actor as { kind?: string } | undefined)?.kind === 'system'))
    .map((item) => {
      const managed =
        item.itemType === 'policy' ? STREAM_MANAGED_POLICY_ATTRIBUTES : item.itemType === 'client' ? STREAM_MANAGED_CLIENT_ATTRIBUTES : [];
      const copy = { ...item };
      for (const attribute of managed) delete copy[attribute];
      return copy;
    });
}

/** Every item of a partition (every page: the practice's partition grows with each payer and audit event). */
async function wholePartition(pk: string): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...((page.Items ?? []) as Item[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** How many clients the practice has (the CLIENTS index): a client created by a refused request shows here. */
async function clientCount(): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'CLIENTS' },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

export interface WriteSnapshot {
  partitions: Record<string, Item[]>;
  clientCount?: number;
}

/**
 * The partitions (e.g. `CLIENT#<id>`, `PRACTICE`) as they are now, stream-processor work left out — or, with
 * `includeStreamWork`, item for item as stored (for tests of the stream processor itself).
 */
export async function snapshotPartitions(
  partitionKeys: readonly string[],
  options: { countClients?: boolean; includeStreamWork?: boolean } = {},
): Promise<WriteSnapshot> {
  const view = options.includeStreamWork ? (items: Item[]) => items : withoutStreamWork;
  const [contents, count] = await Promise.all([
    Promise.all(partitionKeys.map(async (pk) => [pk, view(await wholePartition(pk))] as const)),
    options.countClients ? clientCount() : Promise.resolve(undefined),
  ]);
  return { partitions: Object.fromEntries(contents), ...(count === undefined ? {} : { clientCount: count }) };
}

/** Item keys that differ between two snapshots, for a readable failure message. */
export function changedItems(before: WriteSnapshot, after: WriteSnapshot): string[] {
  const changes: string[] = [];
  for (const pk of new Set([...Object.keys(before.partitions), ...Object.keys(after.partitions)])) {
    const index = (items: Item[] | undefined) => new Map((items ?? []).map((item) => [String(item.sk), item]));
    const was = index(before.partitions[pk]);
    const now = index(after.partitions[pk]);
    for (const [sk, item] of now) {
      const previous = was.get(sk);
      if (!previous) {
        changes.push(`${pk} ${sk} written`);
        continue;
      }
      const names = [...new Set([...Object.keys(previous), ...Object.keys(item)])].filter(
        (name) => JSON.stringify(previous[name]) !== JSON.stringify(item[name]),
      );
      if (names.length) changes.push(`${pk} ${sk} changed (${names.sort().join(', ')})`);
    }
    for (const sk of was.keys()) if (!now.has(sk)) changes.push(`${pk} ${sk} deleted`);
  }
  if (before.clientCount !== after.clientCount) changes.push(`client count ${before.clientCount} → ${after.clientCount}`);
  return changes;
}
