/**
 * The production stack, property by property (issue B), for two practices whose configs take opposite branches:
 * `demo` (CloudFront domain, no WAF, no malware scanning, MFA required, no threat protection) and
 * `harbor-family-therapy` (custom domain and certificate, WAF, malware scanning, MFA optional, threat protection).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '../../functions/data/table-definition.ts';
import { routes, type RouteDefinition } from '../../functions/routes.ts';
import { maxSignatureAgeMs } from '../../infra/constructs/uploads.ts';
import { functionRuntime } from '../../infra/constructs/portal-function.ts';
import { contentSecurityPolicy, inlineScriptHashes } from '../../infra/constructs/web.ts';
import { webBuildDir } from '../../infra/paths.ts';
import { synthPractice, type SynthesizedPractice } from './synth.ts';
import { findDependencyCycle, getAtt, logicalId, ref, resource, resourcesOfType } from './template-queries.ts';

const practices: Record<string, SynthesizedPractice> = {};
beforeAll(() => {
  for (const name of ['demo', 'harbor-family-therapy']) {
    practices[name] = synthPractice(name);
    console.log(`synth ${name}: ${practices[name].synthMs} ms (bundling skipped)`);
  }
});

const both = ['demo', 'harbor-family-therapy'] as const;
const demo = () => practices.demo!;
const harbor = () => practices['harbor-family-therapy']!;
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

describe.each(both)('%s: data', (name) => {
  it('keeps the single table with PITR, deletion protection, the practice key, TTL and the stream, retained', () => {
    const { stack, template } = practices[name]!;
    const tableId = logicalId(stack, stack.data.table);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: getAtt(logicalId(stack, stack.key.key)) },
        TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
        StreamSpecification: { StreamViewType: tableDefinition.streamViewType },
        GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) =>
          Match.objectLike({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
          }),
        ),
      }),
    });
    expect(tableId).toBeTruthy();
  });

  it('uses a customer-managed key with rotation that outlives the stack', () => {
    practices[name]!.template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ EnableKeyRotation: true }),
    });
  });

  it('backs the table up daily into an encrypted, retained vault for the configured days', () => {
    const { stack, template, config } = practices[name]!;
    template.hasResource('AWS::Backup::BackupVault', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ EncryptionKeyArn: getAtt(logicalId(stack, stack.key.key)) }),
    });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [Match.objectLike({ Lifecycle: { DeleteAfterDays: config.retention.backupDays } })],
      },
    });
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: [getAtt(logicalId(stack, stack.data.table))] }),
    });
  });
});

describe.each(both)('%s: uploads', (name) => {
  const bucketProps = () => {
    const { stack, template } = practices[name]!;
    return { id: logicalId(stack, stack.uploads.bucket), bucket: resource(template, logicalId(stack, stack.uploads.bucket)) };
  };

  it('blocks all public access, encrypts with the practice key, keeps versions, and is retained', () => {
    const { stack } = practices[name]!;
    const { bucket } = bucketProps();
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: getAtt(logicalId(stack, stack.key.key)),
            },
          },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  it('removes abandoned uploads after a day and earlier versions after the configured days', () => {
    const { config } = practices[name]!;
    const rules = bucketProps().bucket.Properties!.LifecycleConfiguration.Rules;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Prefix: 'uploads/',
          ExpirationInDays: 1,
          NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          Status: 'Enabled',
        }),
        expect.objectContaining({
          NoncurrentVersionExpiration: { NoncurrentDays: config.retention.noncurrentVersionDays },
          Status: 'Enabled',
        }),
      ]),
    );
    // Attached files are never expired by a rule.
    expect(rules.some((rule: { Prefix?: string; ExpirationInDays?: number }) => rule.ExpirationInDays && rule.Prefix !== 'uploads/')).toBe(
      false,
    );
  });

  it("allows CORS only from the portal's origin and only for the pre-signed POST", () => {
    const expectedOrigin =
      name === 'demo'
        ? { 'Fn::Join': ['', ['https://', getAtt(logicalId(demo().stack, demo().stack.web.distribution), 'DomainName')]] }
        : 'https://portal.harborfamilytherapy.example';
    expect(bucketProps().bucket.Properties!.CorsConfiguration).toEqual({
      CorsRules: [{ AllowedMethods: ['POST'], AllowedOrigins: [expectedOrigin], MaxAge: 600 }],
    });
  });

  it('logs server access to the access-log bucket', () => {
    const { stack } = practices[name]!;
    expect(bucketProps().bucket.Properties!.LoggingConfiguration).toEqual({
      DestinationBucketName: ref(logicalId(stack, stack.node.findChild('AccessLogs').node.findChild('ServerAccessLogs'))),
      LogFilePrefix: 'uploads-bucket/',
    });
  });

  it('refuses plain HTTP and pre-signed requests older than 5 minutes', () => {
    const { template } = practices[name]!;
    const { id } = bucketProps();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(id),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Sid: 'DenyStalePresignedRequests',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Condition: { NumericGreaterThan: { 's3:signatureAge': maxSignatureAgeMs } },
          }),
        ]),
      },
    });
    expect(maxSignatureAgeMs).toBe(300_000);
  });
});

describe('malware scanning', () => {
  it('is off for demo: no protection plan, and the functions are told so', () => {
    demo().template.resourceCountIs('AWS::GuardDuty::MalwareProtectionPlan', 0);
    const fn = resource(demo().template, logicalId(demo().stack, demo().stack.api.routeFunctions.get('getAttachmentUrl')!));
    expect(fn.Properties!.Environment.Variables.MALWARE_SCANNING).toBe('off');
  });

  it('is on for harbor: attachments are scanned and tagged, and unscanned ones cannot be read', () => {
    const { stack, template } = harbor();
    const bucketId = logicalId(stack, stack.uploads.bucket);
    template.hasResourceProperties('AWS::GuardDuty::MalwareProtectionPlan', {
      ProtectedResource: { S3Bucket: { BucketName: ref(bucketId), ObjectPrefixes: ['attachments/'] } },
      Actions: { Tagging: { Status: 'ENABLED' } },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(bucketId),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'DenyReadingAttachmentsNotScannedClean',
            Effect: 'Deny',
            Action: ['s3:GetObject', 's3:GetObjectVersion'],
            Condition: Match.objectLike({
              StringNotEquals: { 's3:ExistingObjectTag/GuardDutyMalwareScanStatus': 'NO_THREATS_FOUND' },
            }),
          }),
        ]),
      },
    });
    const fn = resource(template, logicalId(stack, stack.api.routeFunctions.get('getAttachmentUrl')!));
    expect(fn.Properties!.Environment.Variables.MALWARE_SCANNING).toBe('on');
  });
});

describe.each(both)('%s: auth', (name) => {
  it('has a strong password policy, TOTP MFA as configured, no self sign-up, and clientId that cannot change', () => {
    const { template, config } = practices[name]!;
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
        MfaConfiguration: config.auth.mfa === 'required' ? 'ON' : 'OPTIONAL',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        DeletionProtection: 'ACTIVE',
        Schema: Match.arrayWith([Match.objectLike({ Name: 'clientId', AttributeDataType: 'String', Mutable: false })]),
        UserPoolTier: config.auth.threatProtection ? 'PLUS' : 'ESSENTIALS',
      }),
    });
  });

  it('has the practitioners group and an app client without a secret, with short-lived tokens', () => {
    const { stack, template } = practices[name]!;
    const poolId = logicalId(stack, stack.auth.userPool);
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'practitioners', UserPoolId: ref(poolId) });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      UserPoolId: ref(poolId),
      GenerateSecret: false,
      IdTokenValidity: 30,
      AccessTokenValidity: 30,
      RefreshTokenValidity: 720,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
      AllowedOAuthFlowsUserPoolClient: false,
      WriteAttributes: Match.not(Match.arrayWith(['custom:clientId'])),
    });
  });

  it('sends the forgot-password code under the practice’s name', () => {
    const { template, config } = practices[name]!;
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      VerificationMessageTemplate: Match.objectLike({
        DefaultEmailOption: 'CONFIRM_WITH_CODE',
        EmailSubject: `${config.displayName}: your password reset code`,
        EmailMessage: Match.stringLikeRegexp(`\\{####\\}[\\s\\S]*${config.displayName}`),
      }),
      AdminCreateUserConfig: Match.objectLike({
        InviteMessageTemplate: Match.objectLike({ EmailSubject: `Your ${config.displayName} practice account` }),
      }),
    });
  });

  it('has the practice-admins group', () => {
    const { stack, template } = practices[name]!;
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
      GroupName: 'practice-admins',
      UserPoolId: ref(logicalId(stack, stack.auth.userPool)),
    });
  });

  it('creates the first practitioner from the config, in the practitioners group, as the practice admin', () => {
    const { template, config } = practices[name]!;
    template.hasResourceProperties('AWS::Cognito::UserPoolUser', {
      Username: config.firstPractitioner.email,
      DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: Match.arrayWith([{ Name: 'email', Value: config.firstPractitioner.email }]),
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolUserToGroupAttachment', {
      Username: config.firstPractitioner.email,
      GroupName: 'practitioners',
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolUserToGroupAttachment', {
      Username: config.firstPractitioner.email,
      GroupName: 'practice-admins',
    });
  });
});

describe.each(both)('%s: api', (name) => {
  it('logs every request as structured JSON without identifying the caller beyond the token subject', () => {
    const { stack, template } = practices[name]!;
    const stage = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage');
    expect(stage).toHaveLength(1);
    const props = stage[0]![1].Properties!;
    expect(props.StageName).toBe('$default');
    expect(props.AccessLogSettings.DestinationArn).toEqual(getAtt(logicalId(stack, stack.api.accessLogs)));
    const format = JSON.parse(props.AccessLogSettings.Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status' });
    expect(JSON.stringify(format)).not.toMatch(/sourceIp|\$context\.path|userAgent/);
  });

  it('throttles every route by default as configured', () => {
    const { template, config } = practices[name]!;
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: {
        ThrottlingRateLimit: config.api.throttleRateLimit,
        ThrottlingBurstLimit: config.api.throttleBurstLimit,
      },
    });
  });

  it('verifies Cognito ID tokens of this pool and app client', () => {
    const { stack, template } = practices[name]!;
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [ref(logicalId(stack, stack.auth.client))],
        Issuer: {
          'Fn::Join': ['', ['https://cognito-idp.', ref('AWS::Region'), '.amazonaws.com/', ref(logicalId(stack, stack.auth.userPool))]],
        },
      },
    });
  });

  it('has exactly the routes of the route table, and public ones are exactly those the contract makes public', () => {
    const { template } = practices[name]!;
    const routeKeys = resourcesOfType(template, 'AWS::ApiGatewayV2::Route')
      .map(([, r]) => r.Properties!.RouteKey)
      .sort();
    expect(routeKeys).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
    const publicKeys = resourcesOfType(template, 'AWS::ApiGatewayV2::Route')
      .filter(([, r]) => r.Properties!.AuthorizationType === 'NONE')
      .map(([, r]) => r.Properties!.RouteKey)
      .sort();
    // The contract's public routes, written out here on purpose rather than read from the route table; `check` is
    // the accept page's read-only question "does this link still work?" (README: additions to the contract).
    expect(publicKeys).toEqual([
      'GET /api/health',
      'GET /api/openapi.json',
      'POST /api/portal/invitations/accept',
      'POST /api/portal/invitations/check',
    ]);
  });
});

describe.each(both)('%s: functions', (name) => {
  it('every function runs the current Node.js on ARM64 with explicit memory and timeout, tracing, and its own encrypted log group', () => {
    const { stack, template, config } = practices[name]!;
    const all = [...stack.api.routeFunctions.values(), stack.streams.processor];
    expect(all).toHaveLength(routes.length + 1);
    for (const fn of all) {
      const props = resource(template, logicalId(stack, fn)).Properties!;
      expect(props).toMatchObject({
        Runtime: functionRuntime.name,
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
      });
      expect(props.MemorySize).toBeGreaterThanOrEqual(256);
      expect(props.Timeout).toBeGreaterThan(0);
      const logGroupId = props.LoggingConfig.LogGroup.Ref as string;
      const logGroup = resource(template, logGroupId);
      expect(logGroup.Properties).toMatchObject({
        RetentionInDays: config.retention.logDays,
        KmsKeyId: getAtt(logicalId(stack, stack.key.key)),
      });
      expect(props.Environment.Variables).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'portal-insurance',
        POWERTOOLS_LOG_LEVEL: config.logLevel,
        NODE_OPTIONS: '--enable-source-maps',
      });
    }
    expect(functionRuntime.name).toBe('nodejs24.x');
  });

  it('sets only the environment each route needs', () => {
    const { stack, template } = practices[name]!;
    for (const route of routes as readonly RouteDefinition[]) {
      const variables = Object.keys(
        resource(template, logicalId(stack, stack.api.routeFunctions.get(route.id)!)).Properties!.Environment.Variables,
      );
      const expected = ['POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_LOG_LEVEL', 'NODE_OPTIONS'];
      if (route.needs.table !== 'none') expected.push('TABLE_NAME');
      if (route.needs.uploads) expected.push('UPLOAD_BUCKET_NAME', 'MALWARE_SCANNING');
      if (route.needs.cognito) expected.push('USER_POOL_ID', 'USER_POOL_CLIENT_ID');
      if (route.needs.email) expected.push('EMAIL_SENDER', 'EMAIL_TRANSPORT', 'PORTAL_BASE_URL');
      expect(variables.sort(), route.id).toEqual(expected.sort());
    }
  });

  it('gives the invitation e-mail the portal address: the custom domain, or the CloudFront domain without a cycle', () => {
    const { stack, template } = practices[name]!;
    const env = resource(template, logicalId(stack, stack.api.routeFunctions.get('sendInvitation')!)).Properties!.Environment.Variables;
    expect(env.EMAIL_TRANSPORT).toBe('ses');
    expect(env.PORTAL_BASE_URL).toEqual(
      name === 'demo'
        ? { 'Fn::Join': ['', ['https://', getAtt(logicalId(stack, stack.web.distribution), 'DomainName')]] }
        : 'https://portal.harborfamilytherapy.example',
    );
    expect(findDependencyCycle(template)).toBeNull();
  });
});

describe.each(both)('%s: stream', (name) => {
  it('wakes the processor only for policy and payer inserts and updates, with bisection, a retry cap and partial batch responses', () => {
    const { stack, template } = practices[name]!;
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: getAtt(logicalId(stack, stack.data.table), 'StreamArn'),
      FunctionName: ref(logicalId(stack, stack.streams.processor)),
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT', 'MODIFY'],
              dynamodb: { NewImage: { itemType: { S: ['policy', 'payer'] } } },
            }),
          },
        ],
      },
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: getAtt(logicalId(stack, stack.streams.failedRecords)) } },
    });
  });

  it('parks failed records in an encrypted queue that raises an alarm', () => {
    const { stack, template } = practices[name]!;
    const queueId = logicalId(stack, stack.streams.failedRecords);
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: getAtt(logicalId(stack, stack.key.key)) });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(queueId, 'QueueName') }],
      Threshold: 1,
      AlarmActions: [ref(logicalId(stack, stack.monitoring.alarmTopic))],
    });
  });
});

describe.each(both)('%s: web', (name) => {
  const distribution = () => {
    const { stack, template } = practices[name]!;
    return resource(template, logicalId(stack, stack.web.distribution)).Properties!.DistributionConfig;
  };

  it('serves the site from a private bucket through Origin Access Control, with SPA routing only for the site', () => {
    const { stack } = practices[name]!;
    const config = distribution();
    const siteOrigin = config.Origins.find((origin: any) => origin.S3OriginConfig);
    expect(siteOrigin.DomainName).toEqual(getAtt(logicalId(stack, stack.web.siteBucket), 'RegionalDomainName'));
    expect(siteOrigin.OriginAccessControlId).toBeDefined();
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      FunctionAssociations: [{ EventType: 'viewer-request' }],
    });
    // No error-page rewriting: an API 404 keeps its JSON body and status.
    expect(config.CustomErrorResponses).toBeUndefined();
    expect(config.Logging).toMatchObject({ Prefix: 'cloudfront/' });
  });

  it('forwards /api/* to the HTTP API uncached, with every method and the Authorization header', () => {
    const { stack } = practices[name]!;
    const config = distribution();
    const api = config.CacheBehaviors.find((behavior: any) => behavior.PathPattern === '/api/*');
    expect(api).toMatchObject({
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
    });
    expect(api.FunctionAssociations).toBeUndefined();
    const apiOrigin = config.Origins.find((origin: any) => origin.Id === api.TargetOriginId);
    expect(apiOrigin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(JSON.stringify(apiOrigin.DomainName)).toContain(logicalId(stack, stack.api.httpApi));
  });

  it('sends a strict CSP that still allows posting to the upload bucket, HSTS, no framing, nosniff and a referrer policy', () => {
    const { template, config } = practices[name]!;
    const policy = resourcesOfType(template, 'AWS::CloudFront::ResponseHeadersPolicy')[0]![1].Properties!.ResponseHeadersPolicyConfig;
    const csp = JSON.stringify(policy.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    // The portal's card pre-fill: Tesseract's wasm may compile ('wasm-unsafe-eval', not 'unsafe-eval'), in a
    // same-origin worker only (no blob: workers, no other host).
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval'[ ;]/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-eval'/);
    expect(csp).toContain("worker-src 'self';");
    expect(csp).toMatch(new RegExp(`connect-src 'self' https://cognito-idp\\.[^;]*https://${config.practiceName}-uploads-`));
    expect(csp).toMatch(new RegExp(`form-action 'self' https://${config.practiceName}-uploads-`));
    expect(policy.SecurityHeadersConfig).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ContentTypeOptions: { Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'same-origin', Override: true },
    });
  });

  it('deploys the site and a config.json made from the stack outputs', () => {
    const { stack, template } = practices[name]!;
    const deployments = resourcesOfType(template, 'Custom::CDKBucketDeployment').map(([, r]) => r.Properties!);
    const withConfig = deployments.find((d) => JSON.stringify(d.SourceMarkers ?? []).includes(logicalId(stack, stack.auth.userPool)));
    expect(withConfig).toBeDefined();
    expect(JSON.stringify(withConfig!.SourceMarkers)).toContain(logicalId(stack, stack.auth.client));
    expect(withConfig!.DestinationBucketName).toEqual(ref(logicalId(stack, stack.web.siteBucket)));
    expect(withConfig!.DistributionPaths).toEqual(['/*']);
  });
});

describe('web: per-practice branches', () => {
  it('demo uses the CloudFront certificate and no WAF', () => {
    const config = resource(demo().template, logicalId(demo().stack, demo().stack.web.distribution)).Properties!.DistributionConfig;
    expect(config.Aliases).toBeUndefined();
    expect(config.WebACLId).toBeUndefined();
    demo().template.resourceCountIs('AWS::WAFv2::WebACL', 0);
  });

  it('harbor serves its own domain over TLS 1.2+ behind a logged WAF', () => {
    const { stack, template } = harbor();
    const config = resource(template, logicalId(stack, stack.web.distribution)).Properties!.DistributionConfig;
    expect(config.Aliases).toEqual(['portal.harborfamilytherapy.example']);
    expect(config.ViewerCertificate).toMatchObject({
      AcmCertificateArn: harbor().config.domain!.certificateArn,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    const [webAclId] = resourcesOfType(template, 'AWS::WAFv2::WebACL')[0]!;
    expect(config.WebACLId).toEqual(getAtt(webAclId));
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } } }),
        Match.objectLike({ Statement: { RateBasedStatement: Match.objectLike({ AggregateKeyType: 'IP' }) } }),
      ]),
    });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: getAtt(webAclId),
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }],
    });
  });

  it('keeps the logical ids the WAF had before it became its own construct (a deployed practice updates it in place)', () => {
    const { template } = harbor();
    // The log group has a fixed name and is retained: under a new logical id its re-creation would fail.
    expect(resourcesOfType(template, 'AWS::WAFv2::WebACL').map(([id]) => id)).toEqual(['WebWebAcl3A82672D']);
    expect(resourcesOfType(template, 'AWS::WAFv2::LoggingConfiguration').map(([id]) => id)).toEqual(['WebWebAclLoggingB7D580E1']);
    const wafLogGroups = resourcesOfType(template, 'AWS::Logs::LogGroup').filter(([, r]) =>
      String(r.Properties!.LogGroupName).startsWith('aws-waf-logs-'),
    );
    expect(wafLogGroups.map(([id]) => id)).toEqual(['WebWebAclLogs3B10775A']);
  });

  it('routes extensionless paths to the SPA shell and leaves files alone', () => {
    const [, fn] = resourcesOfType(demo().template, 'AWS::CloudFront::Function')[0]!;
    const code = fn.Properties!.FunctionCode as string;
    const route = (uri: string) => runInNewContext(`${code}\nhandler({ request: { uri: ${JSON.stringify(uri)} } }).uri`);
    expect(route('/')).toBe('/index.html');
    expect(route('/portal/accept')).toBe('/index.html');
    expect(route('/dashboard/clients/c_123/policies')).toBe('/index.html');
    expect(route('/config.json')).toBe('/config.json');
    expect(route('/_app/immutable/entry/start.abc123.js')).toBe('/_app/immutable/entry/start.abc123.js');
  });
});

describe.each(both)('%s: monitoring', (name) => {
  it('alarms on API 5xx, on every function error and throttle (ten functions per alarm), and on each stream consumer’s lag and parked records, to the configured e-mail', () => {
    const { stack, template, config } = practices[name]!;
    const topicId = logicalId(stack, stack.monitoring.alarmTopic);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: getAtt(logicalId(stack, stack.key.key)) });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: config.alarmEmail, TopicArn: ref(topicId) });

    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties!);
    const alarmOn = (namespace: string, metric: string, dimension?: unknown) =>
      alarms.filter(
        (alarm) =>
          alarm.Namespace === namespace &&
          alarm.MetricName === metric &&
          (dimension === undefined || JSON.stringify(alarm.Dimensions).includes(JSON.stringify(dimension))) &&
          JSON.stringify(alarm.AlarmActions) === JSON.stringify([ref(topicId)]),
      );
    expect(alarmOn('AWS/ApiGateway', '5xx', ref(logicalId(stack, stack.api.httpApi)))).toHaveLength(1);
    // Errors and throttles: metric-math alarms over at most ten functions each (CloudWatch's limit), every function
    // in exactly one alarm per concern, missing data filled with 0 so that one idle function cannot mute the rest.
    const mathAlarms = alarms.filter((alarm) => alarm.Metrics && JSON.stringify(alarm.AlarmActions) === JSON.stringify([ref(topicId)]));
    const readers = (metric: string, fnRef: unknown) =>
      mathAlarms.filter((alarm) =>
        alarm.Metrics.some(
          (query: any) =>
            query.MetricStat?.Metric.MetricName === metric &&
            JSON.stringify(query.MetricStat.Metric.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: fnRef }]),
        ),
      );
    const monitored = [...stack.api.routeFunctions.values(), stack.streams.processor, stack.cardReader.fn, stack.resetMessages.fn];
    for (const fn of monitored) {
      const fnRef = ref(logicalId(stack, fn));
      expect(readers('Errors', fnRef), fn.node.path).toHaveLength(1);
      expect(readers('Throttles', fnRef), fn.node.path).toHaveLength(1);
    }
    for (const alarm of mathAlarms) {
      const metrics = alarm.Metrics.filter((query: any) => query.MetricStat);
      expect(metrics.length).toBeLessThanOrEqual(10);
      expect(metrics.every((query: any) => query.MetricStat.Stat === 'Sum' && query.MetricStat.Period === 300)).toBe(true);
      const expression = alarm.Metrics.find((query: any) => query.ReturnData !== false && query.Expression).Expression;
      expect(expression).toBe(metrics.map((query: any) => `FILL(${query.Id}, 0)`).join(' + '));
      expect(alarm.Threshold).toBe(1);
    }
    expect(mathAlarms).toHaveLength(2 * Math.ceil(monitored.length / 10));
    for (const [consumer, queue] of [
      [stack.streams.processor, stack.streams.failedRecords],
      [stack.cardReader.fn, stack.cardReader.failedRecords],
    ] as const) {
      const iteratorAge = alarmOn('AWS/Lambda', 'IteratorAge', ref(logicalId(stack, consumer)));
      expect(iteratorAge, consumer.node.path).toHaveLength(1);
      expect(iteratorAge[0]!.Threshold).toBe(300_000);
      const parked = alarmOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible', getAtt(logicalId(stack, queue), 'QueueName'));
      expect(parked, queue.node.path).toHaveLength(1);
    }
  });

  it('has a dashboard', () => {
    practices[name]!.template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: `portal-insurance-${practices[name]!.config.practiceName}`,
    });
  });
});

describe('outputs', () => {
  it.each(both)('%s exposes what the DevOps person needs after deploy', (name) => {
    const outputs = practices[name]!.template.toJSON().Outputs as Record<string, unknown>;
    for (const output of [
      'PortalUrl',
      'DistributionDomainName',
      'ApiEndpoint',
      'UserPoolId',
      'UserPoolClientId',
      'TableName',
      'UploadBucketName',
      'AlarmTopicArn',
    ]) {
      expect(outputs, output).toHaveProperty(output);
    }
  });
});

describe('content security policy', () => {
  it("allows exactly the build's inline boot scripts by hash, not inline scripts in general", () => {
    const site = mkdtempSync(join(tmpdir(), 'site-'));
    mkdirSync(join(site, 'portal'));
    const boot = 'import("/_app/immutable/entry/start.js").then((m) => m.start());';
    writeFileSync(
      join(site, 'index.html'),
      `<html><head><script type="module">${boot}</script><script src="/x.js"></script></head></html>`,
    );
    writeFileSync(join(site, 'portal', 'index.html'), `<script>${boot}</script><script>  </script>`);
    const expected = `'sha256-${createHash('sha256').update(boot).digest('base64')}'`;
    expect(inlineScriptHashes(site)).toEqual([expected]);
    expect(contentSecurityPolicy({ scriptHashes: [expected], uploadOrigins: ['https://b.s3.amazonaws.com'] })).toContain(
      `script-src 'self' 'wasm-unsafe-eval' ${expected};`,
    );
  });

  it("fits CloudFront's 1783-character limit for the longest practice name, account and region", () => {
    const bucket = `${'p'.repeat(24)}-uploads-123456789012-ap-southeast-4`;
    const csp = contentSecurityPolicy({
      scriptHashes: (existsSync(webBuildDir) ? inlineScriptHashes(webBuildDir) : []).concat([
        `'sha256-${'A'.repeat(43)}='`,
        `'sha256-${'B'.repeat(43)}='`,
      ]),
      uploadOrigins: [`https://${bucket}.s3.ap-southeast-4.amazonaws.com`, `https://${bucket}.s3.amazonaws.com`],
    }).replace(/\$\{Token\[AWS\.Region\.\d+\]\}/g, 'ap-southeast-4');
    expect(csp.length).toBeLessThan(1783);
  });
});
