import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * The practice's customer-managed KMS key. Everything that can hold PHI or describe it (the table and its backups,
 * uploaded cards, the stream's failure queue, function and API logs, alarm notifications) is encrypted with it, so
 * one key policy says who can ever read the practice's data, and disabling the key cuts off all of it at once.
 */
export class PracticeKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: { practiceName: string }) {
    super(scope, id);

    this.key = new Key(this, 'Key', {
      description: `Portal Insurance data key for practice ${props.practiceName}`,
      enableKeyRotation: true,
      // Deleting the key would make the retained table, backups and bucket unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // CloudWatch Logs encrypts log groups with the key itself, so it needs the key policy (not IAM) to allow it,
    // limited to log groups of this account and region.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchLogsForThisAccountsLogGroups',
        principals: [new ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*` },
        },
      }),
    );
    // CloudWatch alarms publish to the encrypted alarm topic; SNS asks KMS for a data key on the alarm's behalf.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublishToEncryptedTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
  }
}
