import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localEndpoints, region, tableName } from './config.ts';

/** Created once per cold start and reused by every invocation of the function. */
export const TABLE_NAME = tableName();

export const dynamo = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    region: region(),
    endpoint: localEndpoints.dynamodb(),
    maxAttempts: 3,
    // Fail fast when the database is unreachable so the caller gets a 503 in seconds, not a Lambda timeout.
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 },
  }),
  { marshallOptions: { removeUndefinedValues: true } },
);
