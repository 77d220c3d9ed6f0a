import type { TestProject } from 'vitest/node';
import { startStack, type RunningStack } from '../support/local-stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: RunningStack;
  }
}

/** One real local stack for the whole integration suite. */
export default async function setup(project: TestProject) {
  const { stack, stop } = await startStack('integration');
  project.provide('stack', stack);
  return stop;
}
