/**
 * What one invocation of a stream handler means for its batch, by Lambda's rules for ReportBatchItemFailures:
 * no failures reported → every record is done; reported failures → everything before the first failed record
 * is done, and the batch resumes from it; a handler that throws, or names a record that is not in the batch
 * (empty, missing or unknown `itemIdentifier`), fails the whole batch. Pure, unit-tested on its own.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { sequenceNumberOf } from './stream-records.ts';

export interface InvocationOutcome {
  /** Index into the invoked batch of the first failed record; undefined when all succeeded. */
  firstFailedIndex: number | undefined;
  /** Sequence numbers of the records that count as failed in this invocation. */
  failedSequenceNumbers: ReadonlySet<string>;
  threw: boolean;
  reason: string;
}

/** The handler threw: the whole batch failed. */
export function outcomeOfThrow(batch: readonly DynamoDBRecord[], reason: string): InvocationOutcome {
  return allFailed(batch, reason, true);
}

/** The handler returned `response` (or nothing). */
export function outcomeOfResponse(batch: readonly DynamoDBRecord[], response: DynamoDBBatchResponse | void): InvocationOutcome {
  const reported = response?.batchItemFailures ?? [];
  if (reported.length === 0) {
    return { firstFailedIndex: undefined, failedSequenceNumbers: new Set(), threw: false, reason: '' };
  }
  const indexBySequenceNumber = new Map(batch.map((record, index) => [sequenceNumberOf(record), index]));
  const failedIndexes = reported.map((failure) => indexBySequenceNumber.get(failure?.itemIdentifier));
  if (failedIndexes.some((index) => index === undefined)) {
    return allFailed(batch, 'batchItemFailures named a record that is not in the batch', false);
  }
  const indexes = failedIndexes as number[];
  return {
    firstFailedIndex: Math.min(...indexes),
    failedSequenceNumbers: new Set(indexes.map((index) => sequenceNumberOf(batch[index] as DynamoDBRecord))),
    threw: false,
    reason: 'reported in batchItemFailures',
  };
}

function allFailed(batch: readonly DynamoDBRecord[], reason: string, threw: boolean): InvocationOutcome {
  return { firstFailedIndex: 0, failedSequenceNumbers: new Set(batch.map(sequenceNumberOf)), threw, reason };
}
