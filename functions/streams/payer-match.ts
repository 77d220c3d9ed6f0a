import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Payer } from '../../shared/schemas.ts';
import { ENTITY, ITEM_TYPE_ATTRIBUTE } from '../data/keys.ts';
import type { PolicyRecord } from '../data/policy-repository.ts';
import { PayerDirectory, payerChangeAffectsMatching, rematchWaitingPolicies, resolvePolicyPayer } from '../domain/payer-resolution.ts';
import { logger } from '../platform/logger.ts';

/**
 * The Needs Payer processor, on the table's stream: a new or changed policy still `pending` gets its payer
 * resolved; a payer added or renamed (or whose aliases or active flag changed) re-matches every policy still
 * waiting. Records are handled in order, and failures are reported per record (ReportBatchItemFailures), so
 * one bad record neither blocks nor re-runs the others.
 */
const processor = new BatchProcessor(EventType.DynamoDBStreams);

const image = (value: Record<string, unknown> | undefined) =>
  value ? (unmarshall(value as Record<string, AttributeValue>) as Record<string, unknown>) : undefined;

export async function handler(event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> {
  // Every log line of the batch carries its Lambda request id.
  const { awsRequestId: requestId } = context;
  const directory = new PayerDirectory();
  const now = new Date();
  // The directory reads the payers as they are now — already including every payer change in this batch —
  // so one re-match per batch covers them all.
  let rematch: Promise<Record<string, number>> | undefined;

  const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
    const after = image(record.dynamodb?.NewImage);
    const before = image(record.dynamodb?.OldImage);
    const itemType = (after ?? before)?.[ITEM_TYPE_ATTRIBUTE];

    if (itemType === ENTITY.policy && after) {
      const policy = after as unknown as PolicyRecord;
      if (policy.payerMatch.state !== 'pending') return;
      const outcome = await resolvePolicyPayer(policy, directory, now);
      logger.info('policy payer resolved', { requestId, policyId: policy.policyId, outcome });
    } else if (itemType === ENTITY.payer) {
      if (!payerChangeAffectsMatching(before as Partial<Payer> | undefined, after as Partial<Payer> | undefined)) return;
      if (!rematch) {
        directory.invalidate();
        rematch = rematchWaitingPolicies(directory, now);
        logger.info('waiting policies re-matched', { requestId, payerId: (after ?? before)?.payerId as string, ...(await rematch) });
      }
      await rematch;
    }
  };

  return processPartialResponse(event, handleRecord, processor, { processInParallel: false, throwOnFullBatchFailure: false });
}
