/**
 * Freezing parts of a stack a fault test started itself (never the shared one): SIGSTOP makes a process hang
 * exactly like an unresponsive server — connections are accepted by the kernel, nothing answers — and SIGCONT
 * lets it carry on where it was, with its data intact. A SIGKILL would need a restart, which the local runtime
 * does not do; a hang is also the harder case for the API (a refused connection fails fast, a hang must time out).
 */
import { readFileSync } from 'node:fs';
import type { RunningStack } from './local-stack.ts';

/** The DynamoDB Local JVM among the stack's service processes (runtime.json `serviceProcessIds`). */
export function dynamoDbLocalPid(stack: RunningStack & { serviceProcessIds?: readonly number[] }): number {
  const pid = (stack.serviceProcessIds ?? []).find((candidate) => {
    try {
      return readFileSync(`/proc/${candidate}/cmdline`, 'utf8').includes('DynamoDBLocal');
    } catch {
      return false;
    }
  });
  if (pid === undefined)
    throw new Error(`No DynamoDB Local among the stack's service processes ${JSON.stringify(stack.serviceProcessIds)}`);
  return pid;
}

/** Runs `during` with the process frozen, and always thaws it again, whatever `during` does. */
export async function whileFrozen<T>(pid: number, during: () => Promise<T>): Promise<T> {
  process.kill(pid, 'SIGSTOP');
  try {
    return await during();
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}
