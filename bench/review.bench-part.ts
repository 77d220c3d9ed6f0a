/**
 * Review and typeahead reads at a practice's scale, each against its floor (the handler's own database read,
 * direct, interleaved in the same loop):
 * - the portal typeahead `GET /api/portal/payers?q=` with 300 practice payers (typos, joins, abbreviations,
 *   beginnings), floor: the Query of the practice's payers it makes;
 * - the client list's first page `GET /api/clients` (by name, 50) with 5,000 clients, floor: its one Query of
 *   the clients index. The other reads the handler makes (settings, time zone) run in parallel with it.
 * Runnable alone: `npx tsx bench/run.ts --only=review`. Payers and clients are written straight to the table
 * with BatchWriteItem, as the repositories would store them.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { PortalClient } from '../test/support/api.ts';
import type { RunningStack } from '../test/support/local-stack.ts';
import { syntheticPayers } from './payer-matching.bench-part.ts';
import type { DirectTable } from './support/direct.ts';
import { timedRequest } from './support/http.ts';
import { summarize, type Summary } from './support/stats.ts';

export interface FloorComparison {
  api: Summary;
  floor: Summary;
  ratio: number;
  warmUp: number;
}

export interface ReviewBenchResult {
  typeahead: FloorComparison & { payers: number; queries: string[] };
  clientList: FloorComparison & { clients: number; pageSize: number };
}

const TYPED = ['Cigan', 'Unted Health Care', 'Aet', 'bcbs tex', 'Humanna', 'uhc', 'Molin Helthcare', 'Kaiser'];
const PAYERS = 300;
const CLIENTS = 5_000;
const PAGE = 50;

/**
 * Set-up writes go through a client of their own with the SDK's default timeouts: the functions' client gives up
 * after 2 s (right for a request path), which a loaded machine can exceed while it writes thousands of items.
 */
async function batchWrite(stack: RunningStack, tableName: string, items: Record<string, unknown>[]): Promise<void> {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: stack.endpoints.dynamodb,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  try {
    const batches: Record<string, unknown>[][] = [];
    for (let start = 0; start < items.length; start += 25) batches.push(items.slice(start, start + 25));
    for (let start = 0; start < batches.length; start += 4) {
      await Promise.all(
        batches.slice(start, start + 4).map(async (batch) => {
          let pending: any[] = batch.map((Item) => ({ PutRequest: { Item } }));
          while (pending.length > 0) {
            const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
            pending = result.UnprocessedItems?.[tableName] ?? [];
          }
        }),
      );
    }
  } finally {
    client.destroy();
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function interleavedPair(
  iterations: number,
  warmUp: number,
  api: (i: number) => Promise<number>,
  floor: (i: number) => Promise<number>,
) {
  const samples = { api: [] as number[], floor: [] as number[] };
  for (let iteration = 0; iteration < warmUp + iterations; iteration++) {
    const order = iteration % 2 === 0 ? (['api', 'floor'] as const) : (['floor', 'api'] as const);
    for (const variant of order) {
      const ms = await (variant === 'api' ? api(iteration) : floor(iteration));
      if (iteration >= warmUp) samples[variant].push(ms);
    }
  }
  const apiSummary = summarize(samples.api);
  const floorSummary = summarize(samples.floor);
  return { api: apiSummary, floor: floorSummary, ratio: apiSummary.median / floorSummary.median, warmUp };
}

export async function benchReview(options: {
  stack: RunningStack;
  table: DirectTable;
  practitionerToken: string;
  portalClient: PortalClient;
  iterations: number;
}): Promise<ReviewBenchResult> {
  const { stack, table } = options;
  const { keys } = table;
  const run = Date.now().toString(36);

  // ---- 300 practice payers (the demo's ~20 plus synthetic ones), with their name guards.
  const existing = await table.dynamo.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'PRACTICE', ':prefix': 'PAYER#' },
      Select: 'COUNT',
    }),
  );
  const { normalisePayerName } = await import('../shared/payer-name.ts');
  const now = new Date().toISOString();
  const seen = new Set<string>();
  const payerItems = syntheticPayers(PAYERS * 2)
    .filter((payer) => {
      const key = normalisePayerName(payer.name);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, Math.max(0, PAYERS - (existing.Count ?? 0)))
    .flatMap((payer, index) => {
      const payerId = `BENCH${run.toUpperCase()}P${String(index).padStart(4, '0')}`;
      const record = {
        payerId,
        name: `${payer.name}`,
        ediPayerId: null,
        aliases: [],
        active: true,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      return [
        { ...keys.keys.payer(payerId), itemType: 'payer', ...record },
        { ...keys.keys.payerKey(`${normalisePayerName(payer.name)}`), itemType: 'payer_key', payerId },
      ];
    });
  await batchWrite(stack, table.tableName, payerItems);

  // ---- 5,000 clients, as the client repository stores them.
  const clientItems: Record<string, unknown>[] = [];
  for (let index = 0; index < CLIENTS; index++) {
    const clientId = `BENCH${run.toUpperCase()}C${String(index).padStart(5, '0')}`;
    const record = {
      clientId,
      firstName: 'Bench',
      lastName: `Client${String((index * 7919) % CLIENTS).padStart(5, '0')}`,
      email: `${clientId.toLowerCase()}@bench.test`,
      dateOfBirth: null,
      insuranceCollection: 'inherit',
      portal: { status: 'not_invited', invitedAt: null },
      intakeInsurance: 'pending',
      policyRevision: 0,
      policySummaries: {},
      lastActivityAt: now,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    clientItems.push({
      ...keys.keys.client(clientId),
      ...keys.clientIndexKeys(record),
      ...keys.clientActivityIndexKeys(record),
      itemType: 'client',
      ...record,
    });
  }
  await batchWrite(stack, table.tableName, clientItems);

  // ---- typeahead
  const payerQuery = async () => {
    let startKey: Record<string, unknown> | undefined;
    let count = 0;
    do {
      const page = await table.dynamo.send(
        new QueryCommand({
          TableName: table.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': 'PRACTICE', ':prefix': 'PAYER#' },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      count += page.Items?.length ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return count;
  };
  const payers = await payerQuery();
  const warmUp = 20;
  const typeahead = await interleavedPair(
    options.iterations,
    warmUp,
    async (iteration) => {
      const typed = TYPED[iteration % TYPED.length]!;
      const response = await timedRequest(stack.url, 'GET', `/api/portal/payers?q=${encodeURIComponent(typed)}`, {
        token: options.portalClient.token,
      });
      if (response.status !== 200 || !Array.isArray(response.body.items)) throw new Error(`typeahead answered ${response.status}`);
      return response.ms;
    },
    () => timed(payerQuery),
  );

  // ---- client list, first page by name
  const clientPage = () =>
    table.dynamo.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'CLIENTS' },
        Limit: PAGE,
      }),
    );
  const clientList = await interleavedPair(
    options.iterations,
    warmUp,
    async () => {
      const response = await timedRequest(stack.url, 'GET', `/api/clients?limit=${PAGE}`, { token: options.practitionerToken });
      if (response.status !== 200 || response.body.items.length !== PAGE) throw new Error(`client list answered ${response.status}`);
      return response.ms;
    },
    () =>
      timed(async () => {
        const result = await clientPage();
        if (result.Items?.length !== PAGE) throw new Error('floor query found the wrong page');
      }),
  );

  return {
    typeahead: { ...typeahead, payers, queries: TYPED },
    clientList: { ...clientList, clients: CLIENTS, pageSize: PAGE },
  };
}
