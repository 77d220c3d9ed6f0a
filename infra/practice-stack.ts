import { type App, CfnOutput, Lazy, Stack, type StackProps } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { RouteDefinition } from '../functions/routes.ts';
import { senderIdentity, type PracticeConfig } from './config.ts';
import { AccessLogs } from './constructs/access-logs.ts';
import { PracticeApi } from './constructs/api.ts';
import { PracticeAuth } from './constructs/auth.ts';
import { PracticeData } from './constructs/data.ts';
import { PracticeKey } from './constructs/encryption.ts';
import { PracticeMonitoring } from './constructs/monitoring.ts';
import { CardReader } from './constructs/card-reader.ts';
import { ResetMessages } from './constructs/reset-messages.ts';
import { PayerMatchStream } from './constructs/streams.ts';
import { PracticeUploads } from './constructs/uploads.ts';
import { PracticeWeb } from './constructs/web.ts';

export interface PracticeStackProps extends StackProps {
  config: PracticeConfig;
  /** Site build to deploy; defaults to web/build (or a placeholder page when it does not exist). */
  siteDir?: string;
  /** The API's routes; the route table unless a test measures what each route costs (test/infra/resource-budget.test.ts). */
  routes?: readonly RouteDefinition[];
}

export function practiceStackName(practiceName: string): string {
  return `PracticeStack-${practiceName}`;
}

/** The practice's stack in `app`, as `cdk deploy -c practice=<name>` builds it (tests build it the same way). */
export function createPracticeStack(
  app: App,
  config: PracticeConfig,
  options: { siteDir?: string; routes?: readonly RouteDefinition[] } = {},
): PracticeStack {
  return new PracticeStack(app, practiceStackName(config.practiceName), {
    config,
    env: {
      account: config.env.account ?? process.env.CDK_DEFAULT_ACCOUNT,
      region: config.env.region ?? process.env.CDK_DEFAULT_REGION,
    },
    description: `Portal Insurance for practice ${config.practiceName} (${config.displayName})`,
    // Deleting a practice's stack is a decision, not an accident: it has to be switched off first.
    terminationProtection: true,
    tags: { application: 'portal-insurance', practice: config.practiceName },
    ...options,
  });
}

/**
 * One practice: a thin composition of one construct per concern, fed by the practice's config.
 */
export class PracticeStack extends Stack {
  readonly config: PracticeConfig;
  readonly key: PracticeKey;
  readonly data: PracticeData;
  readonly auth: PracticeAuth;
  readonly uploads: PracticeUploads;
  readonly api: PracticeApi;
  readonly web: PracticeWeb;
  readonly streams: PayerMatchStream;
  readonly cardReader: CardReader;
  readonly resetMessages: ResetMessages;
  readonly monitoring: PracticeMonitoring;
  /** `https://<portal host>`: invitation links, Cognito's e-mail, the upload bucket's CORS origin. */
  readonly portalBaseUrl: string;

  constructor(scope: Construct, id: string, props: PracticeStackProps) {
    super(scope, id, props);
    const config = (this.config = props.config);
    const logRetention = config.retention.logDays as RetentionDays;
    const logLevel = config.logLevel;

    // With a custom domain the portal's address is a literal. Without one it is the CloudFront domain, which
    // exists only once PracticeWeb (built last, since it fronts the API) is constructed: Lazy reads it at
    // synthesis. In the template it is a plain GetAtt on the distribution, and the distribution depends on the
    // API resource only, never on the functions that read this value (see PracticeApi).
    this.portalBaseUrl = config.domain ? `https://${config.domain.name}` : Lazy.string({ produce: () => this.web.baseUrl });

    this.key = new PracticeKey(this, 'Encryption', { practiceName: config.practiceName });
    const key = this.key.key;
    const accessLogs = new AccessLogs(this, 'AccessLogs', { retentionDays: config.retention.accessLogDays });

    this.data = new PracticeData(this, 'Data', { key, backupRetentionDays: config.retention.backupDays });

    this.uploads = new PracticeUploads(this, 'Uploads', {
      practiceName: config.practiceName,
      key,
      siteOrigin: this.portalBaseUrl,
      accessLogs: accessLogs.serverAccessLogs,
      noncurrentVersionDays: config.retention.noncurrentVersionDays,
      malwareScanning: config.features.malwareScanning,
    });

    this.auth = new PracticeAuth(this, 'Auth', { config, portalBaseUrl: this.portalBaseUrl });

    this.api = new PracticeApi(this, 'Api', {
      practiceName: config.practiceName,
      key,
      logRetention,
      logLevel,
      throttle: { rateLimit: config.api.throttleRateLimit, burstLimit: config.api.throttleBurstLimit },
      table: this.data.table,
      uploads: this.uploads,
      userPool: this.auth.userPool,
      client: this.auth.client,
      email: { sender: config.email.sender, senderIdentity: senderIdentity(config) },
      portalBaseUrl: this.portalBaseUrl,
      ...(props.routes ? { routes: props.routes } : {}),
    });

    this.web = new PracticeWeb(this, 'Web', {
      config,
      api: this.api.httpApi,
      userPool: this.auth.userPool,
      client: this.auth.client,
      key,
      logRetention,
      serverAccessLogs: accessLogs.serverAccessLogs,
      cdnAccessLogs: accessLogs.cdnAccessLogs,
      ...(props.siteDir ? { siteDir: props.siteDir } : {}),
    });

    this.streams = new PayerMatchStream(this, 'PayerMatch', { table: this.data.table, key, logRetention, logLevel });
    this.cardReader = new CardReader(this, 'CardReader', {
      table: this.data.table,
      key,
      bucket: this.uploads.bucket,
      logRetention,
      logLevel,
    });

    this.resetMessages = new ResetMessages(this, 'ResetMessages', {
      userPool: this.auth.userPool,
      table: this.data.table,
      key,
      logRetention,
      logLevel,
    });

    const functions = new Map<string, IFunction>(this.api.routeFunctions);
    functions.set('payerMatch', this.streams.processor);
    functions.set('cardReader', this.cardReader.fn);
    functions.set('resetMessages', this.resetMessages.fn);
    this.monitoring = new PracticeMonitoring(this, 'Monitoring', {
      practiceName: config.practiceName,
      alarmEmail: config.alarmEmail,
      key,
      api: this.api.httpApi,
      functions,
      streamConsumers: [
        {
          id: 'Stream',
          fn: this.streams.processor,
          failedRecords: this.streams.failedRecords,
          whenBehind: 'The payer-match stream processor is behind the table: Needs Payer badges are stale.',
          whenParked: 'A stream record failed every retry and was parked in the failure queue: a policy may show a wrong payer match.',
        },
        {
          id: 'CardReader',
          fn: this.cardReader.fn,
          failedRecords: this.cardReader.failedRecords,
          whenBehind: 'The card reader is behind the table: new cards are not read, and the review shows no card check.',
          whenParked: 'A card could not be read after every retry and its record was parked: that policy has no card check.',
        },
      ],
    });

    const outputs: Record<string, [string, string]> = {
      PortalUrl: [this.portalBaseUrl, 'Open this in a browser; practitioners and clients sign in here'],
      DistributionDomainName: [this.web.distribution.distributionDomainName, 'Point the custom domain (CNAME/alias) here'],
      DistributionId: [this.web.distribution.distributionId, 'CloudFront distribution (invalidations)'],
      ApiEndpoint: [this.api.httpApi.apiEndpoint, 'The HTTP API behind /api/* (use the portal URL instead)'],
      UserPoolId: [this.auth.userPool.userPoolId, 'Cognito user pool of the practice'],
      UserPoolClientId: [this.auth.client.userPoolClientId, 'Cognito app client used by the web'],
      TableName: [this.data.table.tableName, 'DynamoDB table (retained on stack deletion)'],
      UploadBucketName: [this.uploads.bucket.bucketName, 'Insurance card uploads (retained on stack deletion)'],
      SiteBucketName: [this.web.siteBucket.bucketName, 'Static site bucket'],
      AlarmTopicArn: [this.monitoring.alarmTopic.topicArn, 'Alarm notifications (confirm the e-mail subscription)'],
      DashboardName: [this.monitoring.dashboard.dashboardName, 'CloudWatch dashboard'],
    };
    for (const [name, [value, description]] of Object.entries(outputs)) new CfnOutput(this, name, { value, description });
  }
}
