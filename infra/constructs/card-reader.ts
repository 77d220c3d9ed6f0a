import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENTITY } from '../../functions/data/keys.ts';
import { acknowledge, acknowledgeWildcardResource } from '../nag.ts';
import { cardReadingEntry } from '../paths.ts';
import { bindTable } from './bindings.ts';
import { PortalFunction } from './portal-function.ts';
import { consumeTableStream } from './table-stream.ts';
import { attachmentsPrefix } from './uploads.ts';

/**
 * Sized from the bench (bench/card-reading.bench-part.ts): one reused tesseract.js worker peaks near 370 MB with
 * sharp's decode of a 12-megapixel photo; Lambda gives a full vCPU from 1,769 MB, and OCR is CPU-bound, so
 * 2,048 MB reads a card in about the time the bench measures on one core. A batch of five cards stays well
 * inside the timeout even with a cold start (engine and English data load in under a second).
 */
const cardReaderMemoryMb = 2048;
const cardReaderTimeout = Duration.seconds(90);

export interface CardReaderProps {
  table: Table;
  key: IKey;
  bucket: IBucket;
  logRetention: RetentionDays;
  logLevel: string;
}

/**
 * The card reader (functions/streams/card-reading.ts) on the table's stream (table-stream.ts), filtered to policy
 * items: OCR of each newly attached card image, the reading written back onto the attachment. Its own function (OCR needs
 * memory and seconds the API routes must not carry), ARM64, with sharp, tesseract.js and its English data
 * installed beside the bundle from npm at synth — nothing is downloaded when the function runs or deploys.
 * It may read kept attachments and write the table; nothing else.
 */
export class CardReader extends Construct {
  readonly fn: PortalFunction;
  readonly failedRecords: Queue;

  constructor(scope: Construct, id: string, props: CardReaderProps) {
    super(scope, id);
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

    this.failedRecords = consumeTableStream(this, this.fn, {
      table: props.table,
      key: props.key,
      itemTypes: [ENTITY.policy],
      batchSize: 5,
      retryAttempts: 3,
      role: 'card reader',
    });
    acknowledge(
      this.fn,
      'HIPAA.Security-LambdaInsideVPC',
      'The reader only calls DynamoDB and S3 over TLS with IAM auth; a VPC would add NAT or endpoint cost without reducing exposure.',
    );
  }
}
