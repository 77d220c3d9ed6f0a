import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The abort signal of the request being handled. middy aborts it when the function is about to time out and
 * answers 503; from then on no AWS call of that request may start — a client told "unavailable, try again"
 * must not find that its first attempt was written after all.
 */
const requestSignal = new AsyncLocalStorage<AbortSignal>();

export function runInRequestScope<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  return requestSignal.run(signal, work);
}

export class RequestEndedError extends Error {
  constructor() {
    super('The request already ended; no further AWS calls are made for it');
    this.name = 'RequestEndedError';
  }
}

type Middleware = (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>;

/** Makes an SDK client refuse to start a call for a request that has already been answered. */
export function refuseCallsAfterRequestEnded<T extends { middlewareStack: object }>(client: T): T {
  // Every SDK v3 client has this stack; its exact generic type differs per client.
  (client.middlewareStack as { add(middleware: Middleware, options: { step: 'initialize'; name: string }): void }).add(
    (next) => async (args) => {
      if (requestSignal.getStore()?.aborted) throw new RequestEndedError();
      return next(args);
    },
    { step: 'initialize', name: 'refuseCallsAfterRequestEnded' },
  );
  return client;
}
