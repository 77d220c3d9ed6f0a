/**
 * The embedded local stack: DynamoDB Local, s3rver and cognito-local (services.ts), the table/bucket/pool
 * made from the project's definitions (bootstrap.ts), the local gateway running the real handler modules
 * (gateway.ts), the stream poller running the real stream handler, the email outbox, and the demo seed.
 * `npm start` runs it (start.ts); the integration tests, e2e tests and the benchmark start it too.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { routes, type RouteDefinition } from '../../functions/routes.ts';
import { bootstrapLocalResources, LOCAL_CREDENTIALS, type LocalResources } from './bootstrap.ts';
import { createGateway, type LambdaHttpHandler } from './gateway.ts';
import { deliverCognitoEmail } from './cognito-emails.ts';
import { createTokenVerifier } from './jwt-verifier.ts';
import { lambdaContext } from './lambda-invocation.ts';
import { assertJavaAvailable, startLocalServices, type LocalServiceEndpoints, type LocalServices } from './services.ts';
import { startStreamPoller, type StreamPoller } from './stream-poller.ts';
import { startAbandonedUploadSweeper } from './upload-sweeper.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

export interface LocalRuntimeOptions {
  port: number;
  /**
   * The interface the gateway listens on: 127.0.0.1 unless asked (HOST): it serves the outbox, which holds live
   * invitation links and temporary passwords, so it is not offered to the network by default.
   */
  host?: string;
  dataDir: string;
  /** Seed the demo practice on first start (default true). */
  seed?: boolean;
  practitionerPassword?: string;
  log?: (entry: Record<string, unknown>) => void;
}

export interface LocalRuntime {
  url: string;
  endpoints: LocalServiceEndpoints;
  resources: LocalResources;
  /** The environment the handlers run with; tests use it to call modules directly against the same services. */
  handlerEnvironment: Record<string, string>;
  poller: StreamPoller;
  /** DynamoDB Local, cognito-local and guard processes; the fault tests stop DynamoDB Local through these. */
  serviceProcessIds: readonly number[];
  stop(): Promise<void>;
}

export const DEMO_PRACTITIONER_EMAIL = 'practitioner@demo.test';
export const DEFAULT_PRACTITIONER_PASSWORD = 'Practice-demo-1';

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const log = options.log ?? ((entry) => process.stdout.write(`${JSON.stringify(entry)}\n`));
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  assertJavaAvailable();

  const siteOrigin = `http://localhost:${options.port}`;
  let services: LocalServices | undefined;
  let poller: StreamPoller | undefined;
  let cardPoller: StreamPoller | undefined;
  let server: Server | undefined;
  try {
    services = await startLocalServices({
      dataDir,
      log: (line) => log({ level: 'DEBUG', message: 'service', line }),
      onCognitoEmail: (message) => void deliverCognitoEmail(message, siteOrigin, log),
    });
    const { endpoints } = services;
    const resources = await bootstrapLocalResources(endpoints, { dataDir, siteOrigin });

    const handlerEnvironment = {
      AWS_REGION: resources.region,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      TABLE_NAME: resources.tableName,
      UPLOAD_BUCKET_NAME: resources.bucketName,
      USER_POOL_ID: resources.userPoolId,
      USER_POOL_CLIENT_ID: resources.userPoolClientId,
      PORTAL_BASE_URL: siteOrigin,
      EMAIL_SENDER: 'no-reply@portal.localhost',
      EMAIL_TRANSPORT: 'outbox',
      OUTBOX_DIR: join(dataDir, 'outbox'),
      MALWARE_SCANNING: 'off',
      DYNAMODB_ENDPOINT: endpoints.dynamodb,
      S3_ENDPOINT: endpoints.s3,
      COGNITO_ENDPOINT: endpoints.cognito,
      POWERTOOLS_SERVICE_NAME: 'portal-insurance-local',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    };
    // The handler modules read their configuration at import (cold start), exactly as in Lambda; they all
    // run in this process, so the environment is set before the first of them is imported.
    Object.assign(process.env, handlerEnvironment);

    if (options.seed !== false) {
      const { seedDemoPractice } = await import('./seed.ts');
      await seedDemoPractice({
        dataDir,
        resources,
        endpoints,
        practitionerPassword: options.practitionerPassword ?? DEFAULT_PRACTITIONER_PASSWORD,
        log,
      });
    }

    // A data folder from before the Review queue gets its clients' and queued policies' index entries, and one from
    // before claims were listed across clients its claims' (what `npm run backfill` does to a deployed table).
    const { backfillClaimIndex, backfillReviewState } = await import('../../functions/data/review-backfill.ts');
    await oncePerDataFolder(join(dataDir, 'review-backfill-v1.json'), backfillReviewState);
    await oncePerDataFolder(join(dataDir, 'claims-backfill-v1.json'), backfillClaimIndex);

    const { handler: streamHandler } = await import('../../functions/streams/payer-match.ts');
    poller = startStreamPoller({
      endpoint: endpoints.dynamodb,
      tableName: resources.tableName,
      handler: (event) =>
        streamHandler(event, lambdaContext('payerMatch', 60 /* the deployed function's timeout, infra/constructs/streams.ts */)),
      parkedFile: join(dataDir, 'parked-stream-records.jsonl'),
      log,
    });

    // The card reader reads the same stream through its own poller and checkpoints, as its own event source
    // mapping does in AWS; OCR runs in tesseract.js's worker thread, off the gateway's event loop.
    const { handler: cardReadingHandler } = await import('../../functions/streams/card-reading.ts');
    cardPoller = startStreamPoller({
      endpoint: endpoints.dynamodb,
      tableName: resources.tableName,
      handler: cardReadingHandler,
      batchSize: 5,
      parkedFile: join(dataDir, 'parked-card-reading-records.jsonl'),
      checkpointFile: join(dataDir, 'card-reading-checkpoints.json'),
      log,
    });

    const sweeper = startAbandonedUploadSweeper({ endpoint: endpoints.s3, bucketName: resources.bucketName, log });

    server = createGateway({
      routes,
      loadHandler: loadRouteHandler,
      verifier: createTokenVerifier({
        jwksUrl: `${endpoints.cognito}/${resources.userPoolId}/.well-known/jwks.json`,
        issuer: `${endpoints.cognito}/${resources.userPoolId}`,
        audience: resources.userPoolClientId,
      }),
      webDir: join(REPO_ROOT, 'web', 'build'),
      cognitoEndpoint: endpoints.cognito,
      config: {
        apiBase: '/api',
        cognito: {
          region: resources.region,
          userPoolId: resources.userPoolId,
          userPoolClientId: resources.userPoolClientId,
          endpoint: endpoints.cognito,
        },
      },
      localEndpoints: { '/local/outbox': async () => ({ items: await readOutbox(handlerEnvironment.OUTBOX_DIR) }) },
      log,
    });
    await new Promise<void>((resolveListen, rejectListen) => {
      server!.once('error', rejectListen);
      server!.listen(options.port, options.host ?? '127.0.0.1', () => resolveListen());
    });

    const runningServer = server;
    const runningPoller = poller;
    const runningCardPoller = cardPoller;
    const runningServices = services;
    let stopped: Promise<void> | undefined;
    return {
      url: siteOrigin,
      endpoints,
      resources,
      handlerEnvironment,
      poller: runningPoller,
      serviceProcessIds: runningServices.processIds,
      stop: () =>
        (stopped ??= (async () => {
          await new Promise<void>((done) => {
            runningServer.close(() => done());
            runningServer.closeAllConnections();
          });
          sweeper.stop();
          await runningPoller.stop();
          await runningCardPoller.stop();
          const { stopOcr } = await import('../../functions/card-reader/ocr.ts');
          await stopOcr();
          await runningServices.stop();
        })()),
    };
  } catch (error) {
    server?.close();
    await poller?.stop().catch(() => undefined);
    await cardPoller?.stop().catch(() => undefined);
    await services?.stop().catch(() => undefined);
    throw error;
  }
}

/** Runs `work` unless `marker` exists, then writes the marker with what it counted. */
async function oncePerDataFolder(marker: string, work: () => Promise<Record<string, number>>): Promise<void> {
  if (existsSync(marker)) return;
  const counts = await work();
  await writeFile(marker, `${JSON.stringify({ at: new Date().toISOString(), ...counts })}\n`);
}

async function loadRouteHandler(route: RouteDefinition): Promise<LambdaHttpHandler> {
  const module = (await import(pathToFileURL(join(REPO_ROOT, 'functions', 'handlers', `${route.id}.ts`)).href)) as {
    handler: LambdaHttpHandler;
  };
  return module.handler;
}

/** Every email the system "sent", newest first. */
async function readOutbox(directory: string): Promise<unknown[]> {
  let files: string[];
  try {
    files = await readdir(directory);
  } catch {
    return [];
  }
  const messages = await Promise.all(
    files
      .filter((file) => file.endsWith('.json'))
      .map(async (file) => JSON.parse(await readFile(join(directory, file), 'utf8')) as { sentAt: string }),
  );
  return messages.sort((a, b) => b.sentAt.localeCompare(a.sentAt));
}
