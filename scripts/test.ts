/**
 * `npm test`: every suite, cheapest first, each in its own vitest run so that the suites that start a local
 * stack or a browser do not compete for this machine's two cores. Runs them all and fails if any failed.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const steps: { name: string; command: string[]; cwd?: string }[] = [
  { name: 'format', command: ['npx', 'prettier', '--check', '--log-level', 'warn', '.'] },
  { name: 'typecheck', command: ['npx', 'tsc', '-p', 'tsconfig.json', '--noEmit'] },
  // The web is type-checked by svelte-check against web/tsconfig.json (the root tsconfig leaves web/ out);
  // `svelte-kit sync` first writes the generated types it extends. Warnings fail it too.
  { name: 'web check', command: ['npm', 'run', '--silent', 'check:web'] },
  { name: 'unit', command: ['npx', 'vitest', 'run', '--project', 'unit'] },
  { name: 'web-unit', command: ['npx', 'vitest', 'run', '--project', 'web-unit'] },
  { name: 'local-runtime', command: ['npx', 'vitest', 'run', '--project', 'local-runtime'] },
  { name: 'integration', command: ['npx', 'vitest', 'run', '--project', 'integration'] },
  { name: 'infra', command: ['npx', 'vitest', 'run', '--project', 'infra'] },
  { name: 'web build', command: ['npx', 'vite', 'build', '--logLevel', 'warn'], cwd: join(root, 'web') },
  { name: 'e2e', command: ['npx', 'vitest', 'run', '--project', 'e2e'] },
];

const only = process.argv.slice(2);
const results: { name: string; ok: boolean; seconds: number }[] = [];
for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue;
  process.stdout.write(`\n── ${step.name} ${'─'.repeat(Math.max(0, 60 - step.name.length))}\n`);
  const started = performance.now();
  const result = spawnSync(step.command[0]!, step.command.slice(1), { cwd: step.cwd ?? root, stdio: 'inherit', env: process.env });
  results.push({ name: step.name, ok: result.status === 0, seconds: (performance.now() - started) / 1000 });
}

process.stdout.write('\n── summary ' + '─'.repeat(52) + '\n');
for (const result of results)
  process.stdout.write(`${result.ok ? 'pass' : 'FAIL'}  ${result.name.padEnd(14)} ${result.seconds.toFixed(1)} s\n`);
process.exit(results.every((result) => result.ok) ? 0 : 1);
