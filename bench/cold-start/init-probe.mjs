// One cold start, in a fresh Node process: import the bundled function, invoke it once with the event given,
// report the times on one marked line and exit (Lambda would freeze here; open sockets would keep Node alive).
// Plain JavaScript on purpose: no loader (tsx) may run before the import that is being timed.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundleFile, eventFile] = process.argv.slice(2);
const { event, context } = JSON.parse(readFileSync(eventFile, 'utf8'));
const deadline = Date.now() + 10_000;
const lambdaContext = { ...context, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };

const bootMs = performance.now();
const module = await import(pathToFileURL(bundleFile).href);
const importedAt = performance.now();
let outcome;
try {
  const result = await module.handler(event, lambdaContext);
  outcome =
    result && typeof result === 'object' && 'statusCode' in result
      ? String(result.statusCode)
      : result && typeof result === 'object' && Array.isArray(result.batchItemFailures)
        ? `batchItemFailures=${result.batchItemFailures.length}`
        : 'ok';
} catch (error) {
  outcome = `threw ${error?.name ?? 'error'}`;
}
const invokedAt = performance.now();
const line = JSON.stringify({ bootMs, importMs: importedAt - bootMs, invokeMs: invokedAt - importedAt, outcome });
process.stdout.write(`\n@@bench-init ${line}\n`, () => process.exit(0));
