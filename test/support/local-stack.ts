/**
 * Starts the real local stack (`infra/local/start.ts`) as a child process for a test suite — exactly what
 * `npm start` runs, on a free port and a fresh data folder — and captures everything it logs to a file, which
 * the PHI test reads. Used by the integration and e2e global setups.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RunningStack {
  url: string;
  dataDir: string;
  logFile: string;
  endpoints: { dynamodb: string; s3: string; cognito: string };
  resources: { tableName: string; bucketName: string; userPoolId: string; userPoolClientId: string; region: string };
  handlerEnvironment: Record<string, string>;
}

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startStack(name: string): Promise<{ stack: RunningStack; child: ChildProcess; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), `portal-${name}-`));
  const logFile = join(dataDir, 'runtime.log');
  const port = await freePort();
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'infra/local/start.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);

  const runtimeFile = join(dataDir, 'runtime.json');
  const deadline = Date.now() + 90_000;
  while (!existsSync(runtimeFile)) {
    if (child.exitCode !== null) throw new Error(`The local stack exited early (code ${child.exitCode}); see ${logFile}`);
    if (Date.now() > deadline) throw new Error(`The local stack did not start within 90 s; see ${logFile}`);
    await new Promise((done) => setTimeout(done, 200));
  }
  const runtime = JSON.parse(readFileSync(runtimeFile, 'utf8')) as Omit<RunningStack, 'dataDir' | 'logFile'>;
  const stack: RunningStack = { ...runtime, dataDir, logFile };
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((done) => setTimeout(done, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    log.end();
  };
  return { stack, child, stop };
}
