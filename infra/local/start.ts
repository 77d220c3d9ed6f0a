/**
 * `npm start`: the whole product on a laptop. Ctrl-C (or SIGTERM) stops every child process.
 *   PORT      the gateway's port (default 3000)
 *   HOST      the interface it listens on (default 127.0.0.1; HOST=0.0.0.0 offers it — and the outbox — to the network)
 *   DATA_DIR  where data persists between runs (default .data/)
 *   LOCAL_PRACTITIONER_PASSWORD  the demo practitioner's password (default Practice-demo-1)
 *   LOCAL_DEBUG=1  also print the local services' own output
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { DEFAULT_PRACTITIONER_PASSWORD, DEMO_PRACTITIONER_EMAIL, REPO_ROOT, startLocalRuntime } from './runtime.ts';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST || '127.0.0.1';
const dataDir = resolve(process.env.DATA_DIR ?? join(REPO_ROOT, '.data'));
const password = process.env.LOCAL_PRACTITIONER_PASSWORD || DEFAULT_PRACTITIONER_PASSWORD;
const startedAt = performance.now();

/** The newest modification time of any file below `directory`. */
function newestChange(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

// Build the web app on first start, and again whenever its sources (or the shared code it imports) changed.
const builtIndex = join(REPO_ROOT, 'web', 'build', 'index.html');
const sourcesChanged = () =>
  Math.max(newestChange(join(REPO_ROOT, 'web', 'src')), newestChange(join(REPO_ROOT, 'shared'))) > statSync(builtIndex).mtimeMs;
if (!existsSync(builtIndex) || sourcesChanged()) {
  process.stdout.write('Building the web app…\n');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: join(REPO_ROOT, 'web'), stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Service chatter (DEBUG) stays out of the console unless asked for with LOCAL_DEBUG=1. */
const log = (entry: Record<string, unknown>) => {
  if (entry.level === 'DEBUG' && !process.env.LOCAL_DEBUG) return;
  process.stdout.write(`${JSON.stringify(entry)}\n`);
};

try {
  const runtime = await startLocalRuntime({ port, host, dataDir, practitionerPassword: password, log });
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  // For tools that attach to a running stack (tests, the benchmark): where everything is.
  writeFileSync(
    join(dataDir, 'runtime.json'),
    JSON.stringify(
      {
        url: runtime.url,
        endpoints: runtime.endpoints,
        resources: runtime.resources,
        handlerEnvironment: runtime.handlerEnvironment,
        pid: process.pid,
        serviceProcessIds: runtime.serviceProcessIds,
      },
      null,
      2,
    ),
  );
  process.stdout.write(
    [
      '',
      `Portal Insurance is running (ready in ${seconds} s)`,
      `  Practice dashboard  ${runtime.url}/`,
      `  Client portal       ${runtime.url}/portal`,
      `  Sign in as          ${DEMO_PRACTITIONER_EMAIL} / ${password === DEFAULT_PRACTITIONER_PASSWORD ? password : '(LOCAL_PRACTITIONER_PASSWORD)'}`,
      `  Emails (outbox)     ${runtime.url}/local/outbox`,
      `  API health          ${runtime.url}/api/health`,
      `  Data folder         ${dataDir}`,
      `  Listening on        ${host}:${port}${host === '127.0.0.1' ? ' (this machine only; HOST=0.0.0.0 to share it)' : ''}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Portal Insurance could not start: ${message}\n`);
  process.exit(1);
}
