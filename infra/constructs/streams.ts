import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ITEM_TYPE_ATTRIBUTE, PAYER_MATCH_ITEM_TYPES } from '../../functions/data/keys.ts';
import { acknowledge, acknowledgeWildcardAction } from '../nag.ts';
import { payerMatchEntry } from '../paths.ts';
import { bindTable } from './bindings.ts';
import { PortalFunction } from './portal-function.ts';

/** A poison batch is retried this many times (halved each time by bisection) before it is parked. */
export const payerMatchRetryAttempts = 5;

export interface PayerMatchStreamProps {
  table: Table;
  key: IKey;
  logRetention: RetentionDays;
  logLevel: string;
}

/**
 * The DynamoDB stream processor that computes Needs Payer (functions/streams/payer-match.ts), wired the
 * Powertools way: a filter so the function only wakes up for policies and payers, partial batch responses
 * (`batchItemFailures`), bisection on error and a retry cap, then an encrypted SQS queue for records that still
 * fail, so one bad record never blocks the shard and none is lost silently (the queue is alarmed).
 */
export class PayerMatchStream extends Construct {
  readonly processor: PortalFunction;
  readonly failedRecords: Queue;

  constructor(scope: Construct, id: string, props: PayerMatchStreamProps) {
    super(scope, id);

    this.failedRecords = new Queue(this, 'FailedRecords', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.processor = new PortalFunction(this, 'Processor', {
      entry: payerMatchEntry,
      description: 'DynamoDB stream: payer matching (Needs Payer, suggestions, alias links)',
      key: props.key,
      logRetention: props.logRetention,
      logLevel: props.logLevel,
      timeout: Duration.seconds(60),
    });
    bindTable(this.processor, { table: props.table, key: props.key, access: 'write' });

    this.processor.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: payerMatchRetryAttempts,
        maxRecordAge: Duration.days(1),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.failedRecords),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: { NewImage: { [ITEM_TYPE_ATTRIBUTE]: { S: FilterRule.or(...PAYER_MATCH_ITEM_TYPES) } } },
          }),
        ],
      }),
    );

    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      acknowledgeWildcardAction(
        this.processor.role!,
        action,
        'Granted by aws-cdk-lib for sending to the KMS-encrypted failure queue (SqsDlq uses grantSendMessages): SQS needs a data key of the practice key to store a parked record. The statement names that one key.',
      );
    }
    acknowledge(
      this.failedRecords,
      'AwsSolutions-SQS3',
      'This queue is itself the on-failure destination of the stream processor; records parked here are alarmed and inspected by hand, a further DLQ would only hide them.',
    );
    acknowledge(
      this.failedRecords,
      'Serverless-SQSRedrivePolicy',
      'This queue is the last stop for stream records that failed every retry; nothing consumes it automatically, so there is nothing to redrive from it. Its depth is alarmed.',
    );
    acknowledge(
      this.processor,
      'HIPAA.Security-LambdaDLQ',
      "Stream invocations are not asynchronous invokes: failed records go to the event source mapping's on-failure SQS destination, which a function DLQ would never receive.",
    );
    acknowledge(
      this.processor,
      'Serverless-LambdaDLQ',
      "Stream invocations are not asynchronous invokes: failed records go to the event source mapping's on-failure SQS destination, which a function DLQ would never receive.",
    );
    acknowledge(
      this.processor,
      'HIPAA.Security-LambdaConcurrency',
      "A DynamoDB stream runs at most one concurrent batch per shard, so the processor's concurrency is bounded by the table's shard count.",
    );
    acknowledge(
      this.processor,
      'HIPAA.Security-LambdaInsideVPC',
      'The function only calls DynamoDB and the stream over TLS with IAM auth; a VPC would add NAT or endpoint cost without reducing exposure.',
    );
  }
}
