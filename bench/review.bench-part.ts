/**
 * Review and typeahead reads at a practice's scale, each against its floor (the handler's own database read,
 * direct, interleaved in the same loop):
 * - the portal typeahead `GET /api/portal/payers?q=` with 300 practice payers (typos, joins, abbreviations,
 *   beginnings), floor: the Query of the practice's payers it makes;
 * - the client list's first page `GET /api/clients` (by name, 50) with 5,000 clients, floor: its one Query of
 *   the clients index. The handler's other reads (collection default, time zone) come from the per-container
 *   settings glance (settings-repository.ts), so a warm page is that one Query.
 * Runnable alone: `npx tsx bench/run.ts --only=review`. Payers and clients are written straight to the table
 * with BatchWriteItem, as the repositories would store them.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { PortalClient } from '../test/support/api.ts';
import type { RunningStack } from '../test/support/local-stack.ts';
import { syntheticPayers } from './payer-matching.bench-part.ts';
import { putItemsInBatches, type DirectTable } from './support/direct.ts';
import { timedRequest } from './support/http.ts';
import { againstFloor, timed, type FloorComparison } from './support/interleave.ts';

export interface ReviewBenchResult {
  typeahead: FloorComparison & { payers: number; queries: string[] };
  clientList: FloorComparison & { clients: number; pageSize: number };
}

const TYPED = ['Cigan', 'Unted Health Care', 'Aet', 'bcbs tex', 'Humanna', 'uhc', 'Molin Helthcare', 'Kaiser'];
const PAYERS = 300;
const CLIENTS = 5_000;
const PAGE = 50;

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
  await putItemsInBatches(stack, table.tableName, payerItems);

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
  await putItemsInBatches(stack, table.tableName, clientItems);

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
  const typeahead = await againstFloor(options.iterations, warmUp, {
    api: async (iteration) => {
      const typed = TYPED[iteration % TYPED.length]!;
      const response = await timedRequest(stack.url, 'GET', `/api/portal/payers?q=${encodeURIComponent(typed)}`, {
        token: options.portalClient.token,
      });
      if (response.status !== 200 || !Array.isArray(response.body.items)) throw new Error(`typeahead answered ${response.status}`);
      return response.ms;
    },
    floor: () => timed(payerQuery),
  });

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
  const clientList = await againstFloor(options.iterations, warmUp, {
    api: async () => {
      const response = await timedRequest(stack.url, 'GET', `/api/clients?limit=${PAGE}`, { token: options.practitionerToken });
      if (response.status !== 200 || response.body.items.length !== PAGE) throw new Error(`client list answered ${response.status}`);
      return response.ms;
    },
    floor: () =>
      timed(async () => {
        const result = await clientPage();
        if (result.Items?.length !== PAGE) throw new Error('floor query found the wrong page');
      }),
  });

  return {
    typeahead: { ...typeahead, payers, queries: TYPED },
    clientList: { ...clientList, clients: CLIENTS, pageSize: PAGE },
  };
}
