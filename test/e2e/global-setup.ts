import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT, startStack, type RunningStack } from '../support/local-stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: RunningStack;
  }
}

/** A real local stack serving the built web app, for Chromium to drive. */
export default async function setup(project: TestProject) {
  if (!existsSync(join(REPO_ROOT, 'web', 'build', 'index.html'))) {
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: join(REPO_ROOT, 'web'), stdio: 'inherit' });
  }
  if (!existsSync('/usr/bin/chromium')) {
    throw new Error("The browser tests need Debian's Chromium at /usr/bin/chromium: apt-get install -y chromium");
  }
  const { stack, stop } = await startStack('e2e');
  project.provide('stack', stack);
  return stop;
}
