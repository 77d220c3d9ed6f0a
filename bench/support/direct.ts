/**
 * Direct access to the local stack's table for the floors: the same DynamoDB document client the functions use
 * (functions/platform/dynamodb.ts, same retry and timeout settings), so that a floor differs from the API call
 * only by what the API adds. The handlers' configuration is read from the environment at import, so the stack's
 * handler environment is applied to this process first.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RunningStack } from '../../test/support/local-stack.ts';

export async function directTable(stack: RunningStack) {
  Object.assign(process.env, stack.handlerEnvironment);
  const [{ dynamo, TABLE_NAME }, keys, policies, payers, settings, audit, tableIo, ids] = await Promise.all([
    import('../../functions/platform/dynamodb.ts'),
    import('../../functions/data/keys.ts'),
    import('../../functions/data/policy-repository.ts'),
    import('../../functions/data/payer-repository.ts'),
    import('../../functions/data/settings-repository.ts'),
    import('../../functions/data/audit.ts'),
    import('../../functions/data/table-io.ts'),
    import('../../functions/data/ids.ts'),
  ]);
  return { dynamo, tableName: TABLE_NAME, keys, policies, payers, settings, audit, tableIo, ids };
}

export type DirectTable = Awaited<ReturnType<typeof directTable>>;

/**
 * Set-up writes of many items (a practice's scale), 25 a BatchWriteItem, four batches at a time, unprocessed items
 * sent again until none is left. Through a client of their own with the SDK's default timeouts: the functions'
 * client gives up after 2 s (right for a request path), which a loaded machine can exceed while it writes
 * thousands of items.
 */
export async function putItemsInBatches(stack: RunningStack, tableName: string, items: Record<string, unknown>[]): Promise<void> {
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
