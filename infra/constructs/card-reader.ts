import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENTITY, ITEM_TYPE_ATTRIBUTE } from '../../functions/data/keys.ts';
import { acknowledge, acknowledgeWildcardAction, acknowledgeWildcardResource } from '../nag.ts';
import { cardReadingEntry } from '../paths.ts';
import { bindTable } from './bindings.ts';
import { PortalFunction } from './portal-function.ts';
import { attachmentsPrefix } from './uploads.ts';

/**
 * Sized from the bench (bench/card-reading.bench-part.ts): one reused tesseract.js worker peaks near 370 MB with
 * sharp's decode of a 12-megapixel photo; Lambda gives a full vCPU from 1,769 MB, and OCR is CPU-bound, so
 * 2,048 MB reads a card in about the time the bench measures on one core. A batch of five cards stays well
 * inside the timeout even with a cold start (engine and English data load in under a second).
 */
export const cardReaderMemoryMb = 2048;
export const cardReaderTimeout = Duration.seconds(90);

export interface CardReaderProps {
  table: Table;
  key: IKey;
  bucket: IBucket;
  logRetention: RetentionDays;
  logLevel: string;
}

/**
 * The card reader (functions/streams/card-reading.ts) on the table's stream, filtered to policy items: OCR of
 * each newly attached card image, the reading written back onto the attachment. Its own function (OCR needs
 * memory and seconds the API routes must not carry), ARM64, with sharp, tesseract.js and its English data
 * installed beside the bundle from npm at synth — nothing is downloaded when the function runs or deploys.
 * It may read kept attachments and write the table; nothing else.
 */
export class CardReader extends Construct {
  readonly fn: PortalFunction;
  readonly failedRecords: Queue;

  constructor(scope: Construct, id: string, props: CardReaderProps) {
    super(scope, id);
    this.failedRecords = new Queue(this, 'FailedRecords', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.fn = new PortalFunction(this, 'Function', {
      entry: cardReadingEntry,
      description: 'DynamoDB stream: OCR of attached insurance-card images (Attachment.reading)',
      key: props.key,
      logRetention: props.logRetention,
      logLevel: props.logLevel,
      memorySize: cardReaderMemoryMb,
      timeout: cardReaderTimeout,
      nativeModules: ['sharp', 'tesseract.js', '@tesseract.js-data/eng'],
    });
    bindTable(this.fn, { table: props.table, key: props.key, access: 'write' });
    this.fn.addEnvironment('UPLOAD_BUCKET_NAME', props.bucket.bucketName);
    const attachments = props.bucket.arnForObjects(`${attachmentsPrefix}*`);
    this.fn.addToRolePolicy(new PolicyStatement({ sid: 'ReadKeptAttachments', actions: ['s3:GetObject'], resources: [attachments] }));
    acknowledgeWildcardResource(
      this.fn.role!,
      attachments,
      'Attachment keys are generated per upload (attachments/<clientId>/<attachmentId>); the reader builds each key from the policy item it was handed.',
    );

    this.fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 5,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 3,
        maxRecordAge: Duration.days(1),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.failedRecords),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: { NewImage: { [ITEM_TYPE_ATTRIBUTE]: { S: FilterRule.isEqual(ENTITY.policy) } } },
          }),
        ],
      }),
    );

    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      acknowledgeWildcardAction(
        this.fn.role!,
        action,
        'Granted by aws-cdk-lib for sending to the KMS-encrypted failure queue (SqsDlq uses grantSendMessages); the statement names the practice key only.',
      );
    }
    const reasons: [Construct, string, string][] = [
      [
        this.failedRecords,
        'AwsSolutions-SQS3',
        'This queue is itself the on-failure destination of the card reader; parked records are inspected by hand.',
      ],
      [
        this.failedRecords,
        'Serverless-SQSRedrivePolicy',
        'The last stop for stream records that failed every retry; nothing consumes it automatically.',
      ],
      [
        this.fn,
        'HIPAA.Security-LambdaDLQ',
        "Stream invocations are not asynchronous invokes: failed records go to the event source mapping's on-failure queue.",
      ],
      [
        this.fn,
        'Serverless-LambdaDLQ',
        "Stream invocations are not asynchronous invokes: failed records go to the event source mapping's on-failure queue.",
      ],
      [
        this.fn,
        'HIPAA.Security-LambdaConcurrency',
        'A DynamoDB stream runs at most one concurrent batch per shard, which bounds the reader.',
      ],
      [
        this.fn,
        'HIPAA.Security-LambdaInsideVPC',
        'The reader only calls DynamoDB and S3 over TLS with IAM auth; a VPC would add NAT or endpoint cost without reducing exposure.',
      ],
    ];
    for (const [target, rule, reason] of reasons) acknowledge(target, rule, reason);
  }
}
