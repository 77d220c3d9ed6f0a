import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { routes, type RouteDefinition } from '../../functions/routes.ts';
import { acknowledge } from '../nag.ts';
import { routeHandlerEntry } from '../paths.ts';
import { AccessProfiles } from './access-profiles.ts';
import { bindEmail, bindTable, bindUploads, bindUserPoolAdmin } from './bindings.ts';
import { PortalFunction } from './portal-function.ts';
import type { PracticeUploads } from './uploads.ts';

export interface PracticeApiProps {
  practiceName: string;
  key: IKey;
  logRetention: RetentionDays;
  logLevel: string;
  throttle: { rateLimit: number; burstLimit: number };
  table: ITable;
  uploads: PracticeUploads;
  userPool: IUserPool;
  client: IUserPoolClient;
  email: { sender: string; senderIdentity: string };
  /** `https://<portal host>`: invitation links. */
  portalBaseUrl: string;
  /** The routes to deploy: the route table, unless a test measures the cost of fewer. */
  routes?: readonly RouteDefinition[];
}

/** Why each public route of the contract needs no token (the cdk-nag acknowledgement of its missing authorizer). */
const whyPublic: Record<string, string> = {
  health: 'an unauthenticated health check that returns no data',
  openapi: "the API's own description (OpenAPI), generated from the route table; it holds no one's data",
  acceptInvitation: 'the caller has no account yet; the one-time invitation token in the body is the credential',
  checkInvitation:
    'the accept page asks whether a link still works before any password is typed; read-only, the token in the body is the credential, and anything unusable is the same 410 as accept',
};

/** The JWT issuer of a Cognito user pool, as the authorizer and the handlers see it in `iss`. */
export function cognitoIssuer(userPool: IUserPool): string {
  return `https://cognito-idp.${Aws.REGION}.amazonaws.com/${userPool.userPoolId}`;
}

/**
 * The HTTP API, built from the route table (functions/routes.ts): one bundled function per route, the JWT
 * authorizer on every route that is not public, and each function's permissions from the route's `needs`.
 *
 * No dependency cycle with CloudFront, although CloudFront forwards /api/* here and the invitation function's
 * PORTAL_BASE_URL may be the CloudFront domain: the distribution's origin is the `AWS::ApiGatewayV2::Api`
 * resource alone (its id), which depends on no function. Function → Distribution → Api ← Route → Function is a
 * chain, not a loop (test/infra asserts the template's dependency graph is acyclic).
 */
export class PracticeApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly authorizer: HttpJwtAuthorizer;
  readonly routeFunctions = new Map<string, PortalFunction>();
  /** The execution roles, one per distinct `needs` of the route table. */
  readonly accessProfiles: AccessProfiles;

  constructor(scope: Construct, id: string, props: PracticeApiProps) {
    super(scope, id);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `portal-insurance-${props.practiceName}`,
      description: `Portal Insurance API of practice ${props.practiceName} (served under /api/* by CloudFront)`,
      // Same origin behind CloudFront: no CORS. The stage is created below with logs and throttling.
      createDefaultStage: false,
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        // The route key (`GET /api/clients/{clientId}`) instead of the path, and no source IP or user agent:
        // an access log line must not identify a client (no PHI in logs).
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTimeEpoch',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationStatus: '$context.integrationStatus',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            caller: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    this.authorizer = new HttpJwtAuthorizer('CognitoIdToken', cognitoIssuer(props.userPool), {
      authorizerName: 'cognito-id-token',
      jwtAudience: [props.client.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });

    this.accessProfiles = new AccessProfiles(this, 'AccessProfiles');
    this.addRouteFunctions(props);
  }

  /** The authorizer a route gets: none only where the contract says public. */
  authorizerFor(route: Pick<RouteDefinition, 'access'>): IHttpRouteAuthorizer {
    return route.access === 'public' ? new HttpNoneAuthorizer() : this.authorizer;
  }

  /** One function per route, bound to exactly what the route's `needs` names, with its access profile's role. */
  private addRouteFunctions(props: PracticeApiProps): void {
    const routesScope = new Construct(this, 'Routes');
    for (const route of props.routes ?? (routes as readonly RouteDefinition[])) {
      const fn = new PortalFunction(routesScope, route.id, {
        entry: routeHandlerEntry(route.id),
        description: `${route.method} ${route.path} (${route.access})`,
        key: props.key,
        logRetention: props.logRetention,
        logLevel: props.logLevel,
        role: this.accessProfiles.roleFor(route),
        // Verifying an upload re-encodes images without their metadata (sharp, a native module).
        ...(route.needs.uploads === 'verify' ? { nativeModules: ['sharp'], memorySize: 1024 } : {}),
      });
      const { needs } = route;
      if (needs.table !== 'none') bindTable(fn, { table: props.table, key: props.key, access: needs.table });
      if (needs.uploads) {
        bindUploads(fn, {
          bucket: props.uploads.bucket,
          key: props.key,
          access: needs.uploads,
          malwareScanning: props.uploads.malwareScanning,
        });
      }
      if (needs.cognito) bindUserPoolAdmin(fn, { userPool: props.userPool, client: props.client, access: needs.cognito });
      if (needs.email) {
        bindEmail(fn, { ...props.email, portalBaseUrl: props.portalBaseUrl });
      }

      const httpRoutes = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, fn),
        authorizer: this.authorizerFor(route),
      });
      this.acknowledgeApiFunctionFindings(fn);
      this.routeFunctions.set(route.id, fn);

      if (route.access === 'public') {
        const why = whyPublic[route.id];
        if (!why) throw new Error(`Route ${route.id} is public: say why in whyPublic (infra/constructs/api.ts)`);
        for (const httpRoute of httpRoutes) {
          acknowledge(httpRoute, 'AwsSolutions-APIG4', `${route.method} ${route.path} is public by contract: ${why}.`);
        }
      }
    }
  }

  /** Findings that hold for every synchronous API function, with the reason they do not apply. */
  private acknowledgeApiFunctionFindings(fn: PortalFunction): void {
    const reasons: Record<string, string> = {
      'HIPAA.Security-LambdaDLQ':
        'Invoked synchronously by API Gateway: a failure is returned to the caller as a 5xx (alarmed), there is no event to park in a DLQ.',
      'Serverless-LambdaDLQ':
        'Invoked synchronously by API Gateway: a failure is returned to the caller as a 5xx (alarmed), there is no event to park in a DLQ.',
      'HIPAA.Security-LambdaConcurrency':
        'Concurrency is bounded by the API stage throttle (per practice config); reserving concurrency for ~32 functions per practice would exhaust the shared account pool that many practice stacks draw from.',
      'HIPAA.Security-LambdaInsideVPC':
        'The function only calls regional AWS APIs (DynamoDB, S3, Cognito, SES) over TLS with IAM auth; a VPC would add NAT or endpoint cost and cold-start latency without reducing exposure.',
    };
    for (const [ruleId, reason] of Object.entries(reasons)) acknowledge(fn, ruleId, reason);
  }
}
