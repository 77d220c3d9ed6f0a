import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { outcomeOfResponse, outcomeOfThrow } from '../../infra/local/batch-outcome.ts';

const batch: DynamoDBRecord[] = ['10', '11', '12', '13'].map((sequenceNumber) => ({ dynamodb: { SequenceNumber: sequenceNumber } }));

describe('what a stream handler invocation means for its batch (Lambda, ReportBatchItemFailures)', () => {
  it('no response, or no failures reported: every record is done', () => {
    for (const response of [undefined, {}, { batchItemFailures: [] }]) {
      expect(outcomeOfResponse(batch, response as never)).toEqual({
        firstFailedIndex: undefined,
        failedSequenceNumbers: new Set(),
        threw: false,
        reason: '',
      });
    }
  });

  it('reported failures: the batch resumes from the earliest one, whatever order they are listed in', () => {
    const outcome = outcomeOfResponse(batch, { batchItemFailures: [{ itemIdentifier: '13' }, { itemIdentifier: '11' }] });
    expect(outcome.firstFailedIndex).toBe(1);
    expect(outcome.failedSequenceNumbers).toEqual(new Set(['11', '13']));
    expect(outcome.threw).toBe(false);
  });

  it('a failure naming a record that is not in the batch (or naming none) fails the whole batch', () => {
    for (const itemIdentifier of ['99', '', undefined]) {
      const outcome = outcomeOfResponse(batch, { batchItemFailures: [{ itemIdentifier: itemIdentifier as string }] });
      expect(outcome.firstFailedIndex).toBe(0);
      expect(outcome.failedSequenceNumbers).toEqual(new Set(['10', '11', '12', '13']));
      expect(outcome.reason).toMatch(/not in the batch/);
    }
  });

  it('a handler that throws fails the whole batch, and says it threw', () => {
    expect(outcomeOfThrow(batch, 'boom')).toEqual({
      firstFailedIndex: 0,
      failedSequenceNumbers: new Set(['10', '11', '12', '13']),
      threw: true,
      reason: 'boom',
    });
  });
});
