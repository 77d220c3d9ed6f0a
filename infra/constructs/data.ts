import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';
import { tableDefinition } from '../../functions/data/table-definition.ts';

export interface PracticeDataProps {
  key: IKey;
  backupRetentionDays: number;
}

/**
 * The practice's single table, built from the same definition as the local bootstrap
 * (functions/data/table-definition.ts), so keys, indexes, stream and TTL cannot drift between a laptop and AWS.
 *
 * `Table`, not `TableV2`: cdk-nag inspects `AWS::DynamoDB::Table` only, and its HIPAA rules (PITR, backup plan)
 * are exactly the ones we want enforced here.
 */
export class PracticeData extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: PracticeDataProps) {
    super(scope, id);

    this.table = new Table(this, 'Table', {
      partitionKey: { name: tableDefinition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      stream: StreamViewType[tableDefinition.streamViewType],
      // The table is the practice's record of its clients' insurance: it outlives the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of tableDefinition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }

    // PITR covers the last 35 days; daily backups in an encrypted, retained vault cover longer and survive an
    // accidental table deletion (the recovery points are independent of the table).
    const vault = new BackupVault(this, 'BackupVault', {
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const plan = new BackupPlan(this, 'BackupPlan', {
      backupVault: vault,
      backupPlanRules: [
        new BackupPlanRule({
          ruleName: 'Daily',
          scheduleExpression: Schedule.cron({ hour: '5', minute: '0' }),
          deleteAfter: Duration.days(props.backupRetentionDays),
        }),
      ],
    });
    const selection = plan.addSelection('Table', { resources: [BackupResource.fromDynamoDbTable(this.table)] });
    acknowledge(
      selection,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'The AWS Backup service role policy is the one AWS maintains for Backup to snapshot supported resources; it is assumable only by backup.amazonaws.com and used only by this selection.',
    );
  }
}
