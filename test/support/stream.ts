/** Helpers for tests that deliver DynamoDB stream records to the stream handler themselves. */
import { marshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { as, eventually, practitioner } from './api.ts';

/** A stream record as Lambda would deliver it for a stored item (pk/sk/itemType included). */
export function streamRecord(
  image: Record<string, unknown>,
  sequenceNumber: string,
  eventName: 'INSERT' | 'MODIFY' = 'INSERT',
): DynamoDBRecord {
  return {
    eventID: `test-${sequenceNumber}`,
    eventName,
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      Keys: marshall({ pk: image.pk, sk: image.sk }) as NonNullable<DynamoDBRecord['dynamodb']>['Keys'],
      NewImage: marshall(image, { removeUndefinedValues: true }) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'],
      SequenceNumber: sequenceNumber,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
      SizeBytes: 1000,
    },
  };
}

/** The policy as the practitioner sees it. */
export async function policyOf(clientId: string, policyId: string) {
  return (await as(await practitioner()).get(`/api/clients/${clientId}/policies/${policyId}`)).body;
}

/** The policy once the stream processor has decided its payer (matching is asynchronous by design). */
export function resolvedPolicy(clientId: string, policyId: string) {
  return eventually(async () => {
    const policy = await policyOf(clientId, policyId);
    return policy.payerMatch.state !== 'pending' && policy;
  });
}

/** The Lambda context of one stream invocation (the handler puts its request id on every log line). */
export function streamContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'test-payerMatch',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test-payerMatch',
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: '/test/payerMatch',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
