import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ITEM_TYPE_ATTRIBUTE } from '../../functions/data/keys.ts';
import { acknowledge, acknowledgeWildcardAction } from '../nag.ts';
import type { PortalFunction } from './portal-function.ts';

export interface TableStreamProps {
  table: Table;
  key: IKey;
  /** The item types whose inserts and updates wake the function; nothing else does. */
  itemTypes: readonly string[];
  batchSize: number;
  /** A poison batch is retried this many times (halved each time by bisection) before it is parked. */
  retryAttempts: number;
  /** What the function is, in the acknowledgements' words: `stream processor`, `card reader`. */
  role: string;
}

/**
 * Puts `fn` on the table's stream the Powertools way: a filter so the function only wakes up for its item types,
 * partial batch responses (`batchItemFailures`), bisection on error and a retry cap, then an encrypted SQS queue
 * (`FailedRecords`, in `scope`) for records that still fail, so one bad record never blocks the shard and none
 * is lost silently. Returns that queue.
 */
export function consumeTableStream(scope: Construct, fn: PortalFunction, props: TableStreamProps): Queue {
  const failedRecords = new Queue(scope, 'FailedRecords', {
    encryption: QueueEncryption.KMS,
    encryptionMasterKey: props.key,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });

  fn.addEventSource(
    new DynamoEventSource(props.table, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: props.batchSize,
      maxBatchingWindow: Duration.seconds(1),
      bisectBatchOnError: true,
      retryAttempts: props.retryAttempts,
      maxRecordAge: Duration.days(1),
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(failedRecords),
      filters: [
        FilterCriteria.filter({
          eventName: FilterRule.or('INSERT', 'MODIFY'),
          dynamodb: { NewImage: { [ITEM_TYPE_ATTRIBUTE]: { S: FilterRule.or(...props.itemTypes) } } },
        }),
      ],
    }),
  );

  for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
    acknowledgeWildcardAction(
      fn.role!,
      action,
      'Granted by aws-cdk-lib for sending to the KMS-encrypted failure queue (SqsDlq uses grantSendMessages): SQS needs a data key of the practice key to store a parked record. The statement names that one key.',
    );
  }
  acknowledge(
    failedRecords,
    'AwsSolutions-SQS3',
    `This queue is itself the on-failure destination of the ${props.role}; records parked here raise an alarm and are inspected by hand, a further DLQ would only hide them.`,
  );
  acknowledge(
    failedRecords,
    'Serverless-SQSRedrivePolicy',
    'This queue is the last stop for stream records that failed every retry; nothing consumes it automatically, so there is nothing to redrive from it.',
  );
  const notAsync =
    "Stream invocations are not asynchronous invokes: failed records go to the event source mapping's on-failure SQS destination, which a function DLQ would never receive.";
  acknowledge(fn, 'HIPAA.Security-LambdaDLQ', notAsync);
  acknowledge(fn, 'Serverless-LambdaDLQ', notAsync);
  acknowledge(
    fn,
    'HIPAA.Security-LambdaConcurrency',
    `A DynamoDB stream runs at most one concurrent batch per shard, so the ${props.role}'s concurrency is bounded by the table's shard count.`,
  );
  return failedRecords;
}
