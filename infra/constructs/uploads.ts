import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { CfnMalwareProtectionPlan } from 'aws-cdk-lib/aws-guardduty';
import { AnyPrincipal, Effect, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeWildcardResource } from '../nag.ts';

/** Browsers post new files here (pre-signed POST); the lifecycle removes what is never attached. */
export const uploadsPrefix = 'uploads/';
/** Verified files, moved here by a server-side copy when they are attached to a policy. */
export const attachmentsPrefix = 'attachments/';
/** The tag GuardDuty Malware Protection for S3 writes on every object it scans. */
export const malwareScanTag = 'GuardDutyMalwareScanStatus';

/**
 * Pre-signed URLs are issued for at most 5 minutes (shared `PRESIGN_SECONDS`); the bucket refuses anything signed earlier than
 * that, so a handler bug that signs a longer expiry cannot widen the window.
 */
export const maxSignatureAgeMs = 5 * 60 * 1000;

export interface PracticeUploadsProps {
  practiceName: string;
  key: IKey;
  /** `https://<portal host>`: the only origin allowed to post files. */
  siteOrigin: string;
  accessLogs: IBucket;
  noncurrentVersionDays: number;
  malwareScanning: boolean;
}

/**
 * The bucket for insurance-card images and PDFs. The name is derived from the practice, account and region
 * (instead of generated) so that the site's Content-Security-Policy can name the bucket's host without referring
 * to the bucket resource, which would close a dependency cycle: bucket CORS → distribution → CSP → bucket.
 */
export class PracticeUploads extends Construct {
  static bucketName(practiceName: string): string {
    return `${practiceName}-uploads-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
  }

  /** The hosts a browser talks to for this bucket: the regional virtual-hosted endpoint and the legacy global one. */
  static browserOrigins(practiceName: string): string[] {
    const bucket = PracticeUploads.bucketName(practiceName);
    return [`https://${bucket}.s3.${Aws.REGION}.amazonaws.com`, `https://${bucket}.s3.amazonaws.com`];
  }

  readonly bucket: Bucket;
  readonly malwareScanning: boolean;

  constructor(scope: Construct, id: string, props: PracticeUploadsProps) {
    super(scope, id);
    this.malwareScanning = props.malwareScanning;

    this.bucket = new Bucket(this, 'Bucket', {
      bucketName: PracticeUploads.bucketName(props.practiceName),
      encryption: BucketEncryption.KMS,
      encryptionKey: props.key,
      // One KMS data key per bucket and hour instead of one call per object: cheaper, same protection.
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'uploads-bucket/',
      lifecycleRules: [
        {
          id: 'RemoveAbandonedUploads',
          prefix: uploadsPrefix,
          expiration: Duration.days(1),
          // With versioning on, expiry only hides the object; the card image itself goes a day later.
          noncurrentVersionExpiration: Duration.days(1),
        },
        {
          id: 'ExpireEarlierVersions',
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
          expiredObjectDeleteMarker: true,
        },
      ],
      // The pre-signed POST is the only cross-origin call: reading goes through pre-signed GET URLs opened as
      // links or images, which need no CORS.
      cors: [{ allowedOrigins: [props.siteOrigin], allowedMethods: [HttpMethods.POST], maxAge: 600 }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyStalePresignedRequests',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:*'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { NumericGreaterThan: { 's3:signatureAge': maxSignatureAgeMs } },
      }),
    );

    acknowledge(
      this.bucket,
      'HIPAA.Security-S3BucketReplicationEnabled',
      'Durability comes from versioning with a retained, KMS-encrypted bucket; cross-region replication doubles PHI copies and cost and is a disaster-recovery decision each practice makes, not this stack.',
    );

    if (props.malwareScanning) this.enableMalwareScanning(props.key);
  }

  /**
   * GuardDuty Malware Protection for S3 scans each new object under attachments/ and tags it. Only attached files
   * are scanned (abandoned uploads are never shown, and are deleted within two days), so each kept file is
   * scanned once. Until the tag says NO_THREATS_FOUND the bucket refuses to serve the object to anyone but the
   * scanner, so even a pre-signed URL issued too early cannot show an unscanned file.
   */
  private enableMalwareScanning(key: IKey): void {
    const bucketArn = this.bucket.bucketArn;
    const guardDutyRuleArn = `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*`;
    const role = new Role(this, 'MalwareProtectionRole', {
      assumedBy: new ServicePrincipal('malware-protection-plan.guardduty.amazonaws.com'),
      description: 'GuardDuty Malware Protection for S3: scans and tags attachments of the practice upload bucket',
      inlinePolicies: {
        MalwareProtection: new PolicyDocument({
          statements: [
            // GuardDuty manages its own EventBridge rule to learn about new objects.
            new PolicyStatement({
              actions: ['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets'],
              resources: [guardDutyRuleArn],
              conditions: { StringLike: { 'events:ManagedBy': 'malware-protection-plan.guardduty.amazonaws.com' } },
            }),
            new PolicyStatement({
              actions: ['events:DescribeRule', 'events:ListTargetsByRule'],
              resources: [guardDutyRuleArn],
            }),
            new PolicyStatement({
              actions: ['s3:PutBucketNotification', 's3:GetBucketNotification', 's3:ListBucket'],
              resources: [bucketArn],
            }),
            new PolicyStatement({
              actions: [
                's3:GetObject',
                's3:GetObjectVersion',
                's3:GetObjectTagging',
                's3:GetObjectVersionTagging',
                's3:PutObjectTagging',
                's3:PutObjectVersionTagging',
              ],
              resources: [`${bucketArn}/${attachmentsPrefix}*`],
            }),
            // GuardDuty proves it can write to the bucket with this one object when the plan is created.
            new PolicyStatement({
              actions: ['s3:PutObject'],
              resources: [`${bucketArn}/malware-protection-resource-validation-object`],
            }),
            new PolicyStatement({
              actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
              resources: [key.keyArn],
              conditions: { StringLike: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
            }),
          ],
        }),
      },
    });

    const plan = new CfnMalwareProtectionPlan(this, 'MalwareProtectionPlan', {
      role: role.roleArn,
      protectedResource: { s3Bucket: { bucketName: this.bucket.bucketName, objectPrefixes: [attachmentsPrefix] } },
      actions: { tagging: { status: 'ENABLED' } },
    });
    plan.node.addDependency(role);

    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyReadingAttachmentsNotScannedClean',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [`${bucketArn}/${attachmentsPrefix}*`],
        conditions: {
          StringNotEquals: { [`s3:ExistingObjectTag/${malwareScanTag}`]: 'NO_THREATS_FOUND' },
          ArnNotEquals: { 'aws:PrincipalArn': role.roleArn },
        },
      }),
    );

    acknowledge(
      role,
      'HIPAA.Security-IAMNoInlinePolicy',
      'The policy is the one AWS documents for a GuardDuty malware protection plan, scoped to this bucket and key; it belongs to this role alone.',
    );
    acknowledgeWildcardResource(
      role,
      guardDutyRuleArn,
      'GuardDuty names the EventBridge rule it manages itself; this prefix is the narrowest ARN AWS documents for the malware protection role.',
    );
    acknowledgeWildcardResource(
      role,
      `${bucketArn}/${attachmentsPrefix}*`,
      'The scanner must read and tag every attachment, whose keys are generated per upload; the grant is limited to the attachments/ prefix.',
    );
  }
}
