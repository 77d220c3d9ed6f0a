import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';

/**
 * Where access logs land: S3 server access logs of the upload and site buckets, and CloudFront's access logs.
 * Two buckets because the two services deliver differently: S3 log delivery is authorised by a bucket policy
 * (ACLs disabled), CloudFront's standard logging still writes through an object ACL.
 */
export class AccessLogs extends Construct {
  readonly serverAccessLogs: Bucket;
  readonly cdnAccessLogs: Bucket;

  constructor(scope: Construct, id: string, props: { retentionDays: number }) {
    super(scope, id);

    const common = {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // Neither S3 server access logging nor CloudFront standard logging can write to an SSE-KMS bucket.
      encryption: BucketEncryption.S3_MANAGED,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(props.retentionDays), noncurrentVersionExpiration: Duration.days(1) }],
      // Access logs are audit evidence: they stay when the stack goes.
      removalPolicy: RemovalPolicy.RETAIN,
    };
    this.serverAccessLogs = new Bucket(this, 'ServerAccessLogs', {
      ...common,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    });
    this.cdnAccessLogs = new Bucket(this, 'CdnAccessLogs', {
      ...common,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
    });

    // cdk-nag already recognises the server-access-log bucket as a log target; CloudFront's it does not.
    const noSelfLogging = 'This is the CloudFront access-log bucket; logging access to it would write logs about logs without end.';
    acknowledge(this.cdnAccessLogs, 'AwsSolutions-S1', noSelfLogging);
    acknowledge(this.cdnAccessLogs, 'HIPAA.Security-S3BucketLoggingEnabled', noSelfLogging);
    for (const bucket of [this.serverAccessLogs, this.cdnAccessLogs]) {
      acknowledge(
        bucket,
        'HIPAA.Security-S3DefaultEncryptionKMS',
        'S3 server access logging and CloudFront standard logging only deliver to SSE-S3 buckets; the lines hold request metadata, not PHI.',
      );
      acknowledge(
        bucket,
        'HIPAA.Security-S3BucketReplicationEnabled',
        'Access logs are kept versioned and retained in-region for the configured period; replicating them elsewhere is not needed to keep them.',
      );
    }
  }
}
