import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localEndpoints, region, tableName } from './config.ts';
import { refuseCallsAfterRequestEnded } from './request-scope.ts';

/** Created once per cold start and reused by every invocation of the function. */
export const TABLE_NAME = tableName();

export const dynamo = refuseCallsAfterRequestEnded(
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: region(),
      endpoint: localEndpoints.dynamodb(),
      maxAttempts: 3,
      // Fail fast when the database is unreachable so the caller gets a 503 in seconds, not a Lambda timeout.
      // Fail fast enough that three attempts end well before the function's 10 s timeout; without
      // throwOnRequestTimeout the SDK only warns when requestTimeout passes.
      requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000, throwOnRequestTimeout: true },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  ),
);
