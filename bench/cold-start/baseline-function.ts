/**
 * The cold-start baseline: the least a function of this product can be. It creates the DynamoDB document client
 * exactly as every function does (functions/platform/dynamodb.ts) and runs one consistent Query — nothing else:
 * no middy, no zod, no logger. bench/cold-start bundles it exactly like the route functions and compares each
 * function's size and init time with it.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, TABLE_NAME } from '../../functions/platform/dynamodb.ts';

export async function handler(event: { pathParameters?: { clientId?: string } }): Promise<{ statusCode: number; body: string }> {
  const clientId = event.pathParameters?.clientId ?? 'none';
  const result = await dynamo.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `CLIENT#${clientId}`, ':prefix': 'POLICY#' },
      ConsistentRead: true,
    }),
  );
  return { statusCode: 200, body: JSON.stringify({ count: result.Count ?? 0 }) };
}
