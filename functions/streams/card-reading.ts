import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { ENTITY, ITEM_TYPE_ATTRIBUTE } from '../data/keys.ts';
import type { PolicyRecord } from '../data/policy-repository.ts';
import { CardPayerNames, pendingReadings, readAttachedCard } from '../domain/card-reading.ts';
import { logger } from '../platform/logger.ts';
import { warmUpOcr } from '../card-reader/ocr.ts';

/**
 * The card reader, on the table's stream (filtered to policies in AWS): every card image attached to a policy
 * is read by OCR once, and the reading lands on its attachment. Records are handled in order with per-record
 * failures (ReportBatchItemFailures); a replay finds the reading no longer pending and does nothing. Logs carry
 * ids and outcomes only — never what was read (names, member IDs are PHI).
 */
const processor = new BatchProcessor(EventType.DynamoDBStreams);
// Loaded at cold start, while the first batch is on its way.
warmUpOcr();

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const payerNames = new CardPayerNames();
  const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
    const image = record.dynamodb?.NewImage;
    if (!image) return;
    const item = unmarshall(image as Record<string, AttributeValue>) as Record<string, unknown>;
    if (item[ITEM_TYPE_ATTRIBUTE] !== ENTITY.policy) return;
    const policy = item as unknown as PolicyRecord;
    for (const attachment of pendingReadings(policy)) {
      const started = Date.now();
      const outcome = await readAttachedCard(policy, attachment, payerNames, () => new Date());
      logger.info('card read', { policyId: policy.policyId, attachmentId: attachment.attachmentId, outcome, ms: Date.now() - started });
    }
  };
  return processPartialResponse(event, handleRecord, processor, { processInParallel: false, throwOnFullBatchFailure: false });
}
