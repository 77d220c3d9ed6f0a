import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  Function as CloudFrontFunction,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Policy } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IConstruct } from 'constructs';
import type { PracticeConfig } from '../config.ts';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import { acknowledge, acknowledgeWildcardAction } from '../nag.ts';
import { webBuildDir, webPlaceholderDir } from '../paths.ts';
import { PracticeUploads } from './uploads.ts';
import { PracticeWebAcl } from './web-acl.ts';

export interface PracticeWebProps {
  config: PracticeConfig;
  api: HttpApi;
  userPool: IUserPool;
  client: IUserPoolClient;
  key: IKey;
  logRetention: RetentionDays;
  serverAccessLogs: IBucket;
  cdnAccessLogs: IBucket;
  /** Defaults to web/build, or a placeholder page when the web has not been built. */
  siteDir?: string;
}

/** The Cognito IdP endpoint the browser signs in against (also allowed by the CSP). */
export function cognitoEndpoint(): string {
  return `https://cognito-idp.${Aws.REGION}.amazonaws.com`;
}

/**
 * SvelteKit's static pages boot with one inline module script. A strict `script-src 'self'` would block it, and
 * `'unsafe-inline'` would allow any injected script: the CSP instead lists the SHA-256 of each inline script of
 * the build that is deployed with it (they come from the same synth, so they cannot disagree).
 */
export function inlineScriptHashes(siteDir: string): string[] {
  const hashes = new Set<string>();
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.html')) {
        const html = readFileSync(path, 'utf8');
        for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
          const body = match[1] ?? '';
          if (body.trim() === '') continue;
          hashes.add(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
        }
      }
    }
  };
  visit(siteDir);
  return [...hashes].sort();
}

export function contentSecurityPolicy(props: { scriptHashes: string[]; uploadOrigins: string[] }): string {
  const uploads = props.uploadOrigins.join(' ');
  return [
    "default-src 'self'",
    // 'wasm-unsafe-eval' lets the portal's card pre-fill compile Tesseract's WebAssembly (it allows wasm only, not
    // eval); the OCR worker gets this same policy with its own script's response.
    `script-src 'self' 'wasm-unsafe-eval'${props.scriptHashes.map((hash) => ` ${hash}`).join('')}`,
    // That worker is started from its own URL on the site, never from a blob: (no blob: worker to allow).
    "worker-src 'self'",
    // Svelte sets style attributes for transitions; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    // Card images are shown from pre-signed S3 URLs; previews may be blob: or data: URLs.
    `img-src 'self' data: blob: ${uploads}`,
    "font-src 'self'",
    // The API is same-origin; the browser also talks to Cognito (sign-in) and posts files to the upload bucket.
    `connect-src 'self' ${cognitoEndpoint()} ${uploads}`,
    `form-action 'self' ${uploads}`,
    // PDF cards may be previewed in a frame straight from their pre-signed URL.
    `frame-src ${uploads}`,
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}

/**
 * The portal on CloudFront: the static SvelteKit site from a private bucket (Origin Access Control), `/api/*`
 * forwarded to the HTTP API uncached, security headers on every response, access logs, optional WAF (web-acl.ts), and the
 * built site plus `config.json` (the web's runtime settings from stack outputs) deployed with the stack.
 */
export class PracticeWeb extends Construct {
  readonly siteBucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<custom domain or CloudFront domain>`, no trailing slash. */
  readonly baseUrl: string;
  readonly siteDir: string;

  constructor(scope: Construct, id: string, props: PracticeWebProps) {
    super(scope, id);
    const { config } = props;
    this.siteDir = props.siteDir ?? (existsSync(join(webBuildDir, 'index.html')) ? webBuildDir : webPlaceholderDir);

    this.siteBucket = new Bucket(this, 'SiteBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // The static site is public by nature and holds no PHI; SSE-S3 keeps Origin Access Control free of a KMS
      // key policy that would have to name the distribution (a cycle).
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: props.serverAccessLogs,
      serverAccessLogsPrefix: 'site-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.siteBucket,
      'HIPAA.Security-S3DefaultEncryptionKMS',
      'The bucket holds the public static site (HTML, JS, CSS, config.json with public ids) and no PHI; SSE-S3 avoids a KMS key policy naming the distribution.',
    );
    acknowledge(
      this.siteBucket,
      'HIPAA.Security-S3BucketReplicationEnabled',
      'The site is rebuilt and redeployed from source by `cdk deploy`; a replica would add nothing that the repository does not already hold.',
    );

    // Client-side routes (no file extension) get the SPA shell; files keep their URI, so a missing asset is a real
    // 404. Only the site behaviour runs this: /api/* answers keep their own status and JSON body.
    const spaRouting = new CloudFrontFunction(this, 'SpaRouting', {
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Rewrite extensionless paths to /index.html (SvelteKit SPA fallback)',
      code: FunctionCode.fromInline(
        [
          'function handler(event) {',
          '  var request = event.request;',
          "  var lastSegment = request.uri.substring(request.uri.lastIndexOf('/') + 1);",
          "  if (lastSegment.indexOf('.') === -1) request.uri = '/index.html';",
          '  return request;',
          '}',
        ].join('\n'),
      ),
    });

    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Portal security headers: CSP, HSTS, no framing, no sniffing, same-origin referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy({
            scriptHashes: inlineScriptHashes(this.siteDir),
            uploadOrigins: PracticeUploads.browserOrigins(config.practiceName),
          }),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        // Portal paths carry client ids: never send them to another origin (S3, Cognito).
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.SAME_ORIGIN, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()', override: true },
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
        ],
      },
    });

    const apiOrigin = new HttpOrigin(`${props.api.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Portal Insurance - ${config.practiceName}`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [{ function: spaRouting, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: {
        '/api/*': {
          origin: apiOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Forwards Authorization, query strings and every viewer header but Host (API Gateway routes on its own
          // host name).
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
        },
      },
      ...(config.domain
        ? {
            domainNames: [config.domain.name],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', config.domain.certificateArn),
            // Only meaningful with our own certificate: *.cloudfront.net's policy is fixed by AWS.
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.cdnAccessLogs,
      logFilePrefix: 'cloudfront/',
      webAclId: this.createOrReferenceWebAcl(props),
    });

    this.baseUrl = config.domain ? `https://${config.domain.name}` : `https://${this.distribution.distributionDomainName}`;

    this.deploySite(props);
    this.acknowledgeDistributionFindings(config);
  }

  /** The web ACL: the configured one, one created here, or none. */
  private createOrReferenceWebAcl(props: PracticeWebProps): string | undefined {
    const waf = props.config.features.waf;
    if (!waf.enabled) return undefined;
    if (waf.webAclArn) return waf.webAclArn;
    // 'Default' is left out of logical ids by CDK, so the WAF's resources keep the ids they had when they were
    // created directly in this construct: a deployed practice updates them in place (a re-created log group would
    // clash with the retained one of the same name).
    return new PracticeWebAcl(this, 'Default', {
      practiceName: props.config.practiceName,
      logRetention: props.logRetention,
      key: props.key,
    }).webAclArn;
  }

  /**
   * Two deployments so that caching can be right for both: SvelteKit's content-hashed files under
   * _app/immutable/ are cached for a year, everything else (index.html, config.json) is revalidated on every load
   * so a new deploy is picked up at once. The assets go first, so a new index.html never points at missing files;
   * old assets are kept (prune: false) for browsers that still run the previous version.
   */
  private deploySite(props: PracticeWebProps): void {
    const runtimeConfig = {
      apiBase: '/api',
      cognito: {
        region: Aws.REGION,
        userPoolId: props.userPool.userPoolId,
        userPoolClientId: props.client.userPoolClientId,
        endpoint: cognitoEndpoint(),
      },
    };
    const deploymentLogs = new LogGroup(this, 'DeploymentLogs', {
      retention: props.logRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const immutableAssets = new BucketDeployment(this, 'DeployImmutableAssets', {
      sources: [Source.asset(this.siteDir)],
      destinationBucket: this.siteBucket,
      exclude: ['*'],
      include: ['_app/immutable/*'],
      prune: false,
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
      memoryLimit: 512,
      logGroup: deploymentLogs,
    });
    const pages = new BucketDeployment(this, 'DeployPagesAndConfig', {
      sources: [Source.asset(this.siteDir), Source.jsonData('config.json', runtimeConfig)],
      destinationBucket: this.siteBucket,
      exclude: ['_app/immutable/*'],
      prune: false,
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
      logGroup: deploymentLogs,
    });
    pages.node.addDependency(immutableAssets);

    // BucketDeployment runs one CDK-provided singleton function per stack; its findings are CDK's, not ours.
    const stack = Stack.of(this);
    for (const child of stack.node.children) {
      if (child.node.id.startsWith('Custom::CDKBucketDeployment')) {
        acknowledgeCdkProvidedFunction(child, 'BucketDeployment');
        acknowledgeCdkProvidedWildcards(
          child,
          'The BucketDeployment handler (aws-cdk-lib) copies the built site from the CDK asset bucket into the site bucket and invalidates the distribution; these are the grants aws-cdk-lib gives it for that copy, scoped to those two buckets.',
        );
      }
    }
  }

  private acknowledgeDistributionFindings(config: PracticeConfig): void {
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'Clients of a practice sign in from wherever they are (travel, relocation); a geo restriction would lock them out of their own records. WAF and the JWT authorizer guard access instead.',
    );
    if (!config.features.waf.enabled) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR2',
        `WAF is off by this practice's configuration (features.waf in infra/practices/${config.practiceName}.json, about $10/month); every API route but the two public ones requires a Cognito JWT, and the API stage is throttled.`,
      );
    }
    if (!config.domain) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        `No custom domain in infra/practices/${config.practiceName}.json: CloudFront serves *.cloudfront.net with its default certificate, whose minimum protocol AWS fixes at TLSv1; configuring domain.certificateArn enforces TLSv1.2_2021.`,
      );
    }
  }
}

/** Acknowledge what a CDK-provided helper function (custom resource handler) cannot change. */
export function acknowledgeCdkProvidedFunction(scope: IConstruct, what: string): void {
  const reasons: Record<string, string> = {
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]': `The ${what} handler is provided by aws-cdk-lib with this role; it only writes its own logs.`,
    'AwsSolutions-L1': `The ${what} handler is provided by aws-cdk-lib, which pins its runtime; it runs only during deployments.`,
    'HIPAA.Security-LambdaConcurrency': `The ${what} handler runs only during CloudFormation deployments, one invocation at a time.`,
    'HIPAA.Security-LambdaDLQ': `The ${what} handler is a CloudFormation custom resource: a failure fails (and rolls back) the deployment.`,
    'HIPAA.Security-LambdaInsideVPC': `The ${what} handler only calls S3 and CloudFront APIs during deployments and never sees PHI.`,
    'HIPAA.Security-IAMNoInlinePolicy': `The ${what} handler's role and its policy are generated by aws-cdk-lib for this one function.`,
    'Serverless-LambdaDLQ': `The ${what} handler is a CloudFormation custom resource: a failure fails (and rolls back) the deployment.`,
    'Serverless-LambdaTracing': `The ${what} handler is provided by aws-cdk-lib and runs only during deployments; tracing it would trace CDK, not the product.`,
    'Serverless-LambdaLatestVersion': `The ${what} handler is provided by aws-cdk-lib, which pins its runtime.`,
  };
  for (const [ruleId, reason] of Object.entries(reasons)) acknowledge(scope, ruleId, reason);
}

/**
 * Acknowledge, one by one, the wildcard actions and resources that aws-cdk-lib itself granted to a helper
 * function's role (read back from the synthesized policy), so that nothing we add later hides behind them.
 */
export function acknowledgeCdkProvidedWildcards(scope: IConstruct, reason: string): void {
  const policy = scope.node.tryFindChild('ServiceRole')?.node.tryFindChild('DefaultPolicy');
  if (!(policy instanceof Policy)) return;
  const document = Stack.of(scope).resolve(policy.document.toJSON()) as {
    Statement?: { Action?: string | string[]; Resource?: unknown }[];
  };
  for (const statement of document.Statement ?? []) {
    for (const action of [statement.Action ?? []].flat()) {
      if (action.includes('*')) acknowledgeWildcardAction(scope, action, reason);
    }
    for (const resource of [statement.Resource ?? []].flat()) {
      const flattened = flattenCfnReference(resource);
      if (flattened.includes('*')) acknowledge(scope, `AwsSolutions-IAM5[Resource::${flattened}]`, reason);
    }
  }
}
