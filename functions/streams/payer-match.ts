import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Payer } from '../../shared/schemas.ts';
import { ENTITY, fromItem, type Stored } from '../data/keys.ts';
import type { PolicyItem } from '../data/policy-repository.ts';
import {
  cardPayerNames,
  PayerDirectory,
  payerChangeAffectsMatching,
  rematchWaitingPolicies,
  resolvePolicyPayer,
} from '../domain/payer-resolution.ts';
import { logger } from '../platform/logger.ts';

/**
 * The Needs Payer processor, on the table's stream: a new or changed policy still `pending` gets its payer
 * resolved; a payer added or renamed (or whose aliases or active flag changed) re-matches every policy still
 * waiting. Records are handled in order, and failures are reported per record (ReportBatchItemFailures), so
 * one bad record neither blocks nor re-runs the others.
 */
const processor = new BatchProcessor(EventType.DynamoDBStreams);

/** The items the event source lets through (its filter is on PAYER_MATCH_ITEM_TYPES). */
type WatchedItem = PolicyItem | Stored<Payer, typeof ENTITY.payer>;

const image = (value: Record<string, unknown> | undefined) =>
  value ? (unmarshall(value as Record<string, AttributeValue>) as WatchedItem) : undefined;

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
    if (after?.itemType === ENTITY.policy) {
      const policy = fromItem(after);
      // A card read on a Needs Payer policy brings a further source of suggestions: refresh them.
      const cardRead =
        policy.payerMatch.state === 'needs_payer' &&
        JSON.stringify(cardPayerNames(policy)) !==
          JSON.stringify(cardPayerNames(before?.itemType === ENTITY.policy ? fromItem(before) : { attachments: [] }));
      if (policy.payerMatch.state !== 'pending' && !cardRead) return;
      const outcome = await resolvePolicyPayer(policy, directory, now);
      logger.info('policy payer resolved', { requestId, policyId: policy.policyId, outcome });
    } else if ((after ?? before)?.itemType === ENTITY.payer) {
      const payerBefore = before?.itemType === ENTITY.payer ? fromItem(before) : undefined;
      const payerAfter = after?.itemType === ENTITY.payer ? fromItem(after) : undefined;
      if (!payerChangeAffectsMatching(payerBefore, payerAfter)) return;
      if (!rematch) {
        directory.invalidate();
        rematch = rematchWaitingPolicies(directory, now);
        logger.info('waiting policies re-matched', { requestId, payerId: (payerAfter ?? payerBefore)?.payerId, ...(await rematch) });
      }
      await rematch;
    }
  };

  return processPartialResponse(event, handleRecord, processor, { processInParallel: false, throwOnFullBatchFailure: false });
}
