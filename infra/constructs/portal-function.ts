import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { ROUTE_TIMEOUT_SECONDS } from '../../functions/routes.ts';
import { type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';
import { repoRoot } from '../paths.ts';

export interface PortalFunctionProps {
  /** Absolute path of the module exporting `handler`. */
  entry: string;
  description: string;
  /** Log groups, the function's own included. */
  logRetention: RetentionDays;
  /** The practice key: logs are encrypted with it like the data they describe. */
  key: IKey;
  logLevel: string;
  memorySize?: number;
  timeout?: Duration;
  environment?: Record<string, string>;
  /**
   * A role shared with functions whose grants are identical (the API's access profiles, `access-profiles.ts`).
   * Without one the function gets its own. Either way the role may write to this function's log group.
   */
  role?: Role;
  /**
   * Packages with native code (sharp) that esbuild cannot bundle: installed beside the bundle by npm, for
   * Lambda's linux-arm64 (their prebuilt binaries come inside npm packages, `@img/sharp-linux-arm64`), at the
   * versions of package-lock.json.
   */
  nativeModules?: string[];
}

/** npm's platform filter for optional dependencies: what Lambda ARM64 runs, whatever machine synthesizes. */
const LAMBDA_NPM_PLATFORM = { npm_config_os: 'linux', npm_config_cpu: 'arm64', npm_config_libc: 'glibc' } as const;

/** The Node.js runtime every function runs on; esbuild targets the same version. */
export const functionRuntime = Runtime.NODEJS_24_X;

/**
 * Every Lambda function of the product, with all defaults in one place (the Powertools `FunctionWithLogGroup`
 * habit): current Node.js on ARM64, explicit memory and timeout, esbuild bundling with minification and source
 * maps, X-Ray tracing, and its own KMS-encrypted log group with a retention. The role starts empty: each
 * function only gets what its route needs, through the binders in `bindings.ts`.
 */
export class PortalFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: PortalFunctionProps) {
    // Created before the function (and not by Lambda on first write) so that it has a retention, the practice
    // key and a removal policy; the role writes to this group only.
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = props.role ?? functionRole(scope, `${id}Role`, props.description);
    grantLogWrite(role, logGroup);

    super(scope, id, {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: functionRuntime,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(ROUTE_TIMEOUT_SECONDS),
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}/package-lock.json`,
      bundling: {
        minify: true,
        sourceMap: true,
        // Stack traces map back to the TypeScript lines without shipping the sources themselves.
        sourcesContent: false,
        // @middy/core and zod 4 are ESM; the banner gives bundled CommonJS dependencies a `require`.
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        // Bundle the pinned AWS SDK v3 instead of trusting the runtime's copy: the code runs with the versions
        // it was tested with (package-lock.json), and @aws-sdk/s3-presigned-post is not in the runtime anyway.
        externalModules: [],
        logLevel: LogLevel.ERROR,
        ...(props.nativeModules?.length ? { nodeModules: props.nativeModules, environment: { ...LAMBDA_NPM_PLATFORM } } : {}),
      },
      environment: {
        POWERTOOLS_SERVICE_NAME: 'portal-insurance',
        POWERTOOLS_LOG_LEVEL: props.logLevel,
        // Stack traces in the logs point at the TypeScript sources (the bundle is minified).
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });
  }

  /**
   * Functions sharing a role ask for the same grants (they have the same needs): each statement is added once,
   * so the role's policy stays the size of one function's, not of the sum of its functions'.
   */
  override addToRolePolicy(statement: PolicyStatement): void {
    const seen = statementsOf.get(this.role!) ?? new Set<string>();
    statementsOf.set(this.role!, seen);
    const key = JSON.stringify(Stack.of(this).resolve(statement.toStatementJson()));
    if (seen.has(key)) return;
    seen.add(key);
    super.addToRolePolicy(statement);
  }
}

const statementsOf = new WeakMap<IRole, Set<string>>();
const logStatementOf = new WeakMap<IRole, PolicyStatement>();

/** One statement per role that lists the log group of each function using the role (and no other). */
function grantLogWrite(role: Role, logGroup: LogGroup): void {
  let statement = logStatementOf.get(role);
  if (!statement) {
    statement = new PolicyStatement({ sid: 'WriteOwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'] });
    role.addToPrincipalPolicy(statement);
    logStatementOf.set(role, statement);
  }
  statement.addResources(logGroup.logGroupArn);
}

/**
 * An execution role for Lambda functions, empty but for what the binders (`bindings.ts`) and the log group add.
 * Its findings are acknowledged here once, whether one function or a whole access profile uses it.
 */
export function functionRole(scope: Construct, id: string, description: string): Role {
  const role = new Role(scope, id, { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description });
  acknowledge(
    role,
    'HIPAA.Security-IAMNoInlinePolicy',
    "The role's one policy is generated from its functions' needs (functions/routes.ts) and lives and dies with them; a customer-managed policy beside it would only add a second resource to keep in sync.",
  );
  acknowledge(
    role,
    'AwsSolutions-IAM5[Resource::*]',
    'X-Ray PutTraceSegments/PutTelemetryRecords (added by active tracing) support no resource-level permissions; every other statement of this role names its resources.',
  );
  return role;
}
