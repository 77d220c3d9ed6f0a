import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PAYER_MATCH_ITEM_TYPES } from '../../functions/data/keys.ts';
import { acknowledge } from '../nag.ts';
import { payerMatchEntry } from '../paths.ts';
import { bindTable } from './bindings.ts';
import { PortalFunction } from './portal-function.ts';
import { consumeTableStream } from './table-stream.ts';

/** A poison batch is retried this many times (halved each time by bisection) before it is parked. */
export const payerMatchRetryAttempts = 5;

export interface PayerMatchStreamProps {
  table: Table;
  key: IKey;
  logRetention: RetentionDays;
  logLevel: string;
}

/**
 * The DynamoDB stream processor that computes Needs Payer (functions/streams/payer-match.ts), woken for policies
 * and payers only (table-stream.ts: partial batch responses, bisection, a retry cap, then an encrypted queue for
 * records that still fail; this queue is alarmed, monitoring.ts).
 */
export class PayerMatchStream extends Construct {
  readonly processor: PortalFunction;
  readonly failedRecords: Queue;

  constructor(scope: Construct, id: string, props: PayerMatchStreamProps) {
    super(scope, id);

    this.processor = new PortalFunction(this, 'Processor', {
      entry: payerMatchEntry,
      description: 'DynamoDB stream: payer matching (Needs Payer, suggestions, alias links)',
      key: props.key,
      logRetention: props.logRetention,
      logLevel: props.logLevel,
      timeout: Duration.seconds(60),
    });
    bindTable(this.processor, { table: props.table, key: props.key, access: 'write' });

    this.failedRecords = consumeTableStream(this, this.processor, {
      table: props.table,
      key: props.key,
      itemTypes: PAYER_MATCH_ITEM_TYPES,
      batchSize: 25,
      retryAttempts: payerMatchRetryAttempts,
      role: 'stream processor',
    });
    acknowledge(
      this.processor,
      'HIPAA.Security-LambdaInsideVPC',
      'The function only calls DynamoDB and the stream over TLS with IAM auth; a VPC would add NAT or endpoint cost without reducing exposure.',
    );
  }
}
