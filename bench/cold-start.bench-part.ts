/**
 * 4. Cold start. Every function is bundled exactly as the CDK app bundles it (bench/cold-start/bundle.ts, checked
 * byte for byte against the PortalFunction construct), next to a baseline bundled the same way that only
 * creates the DynamoDB document client and runs one Query. For each: the minified size, the largest
 * contributors (esbuild metafile), and the init time in a fresh `node` process — import of the bundle, then
 * one invocation against the running local services — with the function's deployed NODE_OPTIONS
 * (--enable-source-maps, which makes Node read the source map at import, as in Lambda).
 *
 * Samples are interleaved: every round runs every function once in a shuffled order, with the baseline
 * spread through the round, so the machine's drift touches functions and baseline alike.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { payerMatchEntry, routeHandlerEntry } from '../infra/paths.ts';
import { routes, type RouteDefinition } from '../functions/routes.ts';
import {
  bundleFunction,
  cdkEsbuildOptions,
  contributors,
  extraOverBaseline,
  filesOfPackage,
  verifyAgainstCdk,
  type Contributor,
  type EquivalenceCheck,
} from './cold-start/bundle.ts';
import type { EventFactory } from './cold-start/events.ts';
import type { RunningStack } from '../test/support/local-stack.ts';
import { seededRandom, shuffled, summarize, type Summary } from './support/stats.ts';

const PROBE = join(import.meta.dirname, 'cold-start', 'init-probe.mjs');
const BASELINE_ENTRY = join(import.meta.dirname, 'cold-start', 'baseline-function.ts');

export type ServiceClass = 'dynamodb' | 'dynamodb+s3' | 'dynamodb+cognito';

export interface FunctionColdStart {
  id: string;
  /** An HTTP route's function, or the stream processor. */
  kind: 'route' | 'stream';
  services: ServiceClass;
  bytes: number;
  mapBytes: number;
  sizeRatio: number;
  sizeTarget: number;
  init: Summary;
  importMs: Summary;
  invokeMs: Summary;
  initRatio: number;
  initTarget: number;
  outcomes: Record<string, number>;
  topContributors: Contributor[];
  extraOverBaseline: Contributor[];
  /** Service clients or upload helpers in the bundle that the route's `needs` do not call for. */
  outsideNeeds: Contributor[];
  pass: { size: boolean; init: boolean };
}

export interface ColdStartResult {
  esbuildTarget: string;
  cdkEquivalence: EquivalenceCheck[] | { error: string };
  baseline: { bytes: number; mapBytes: number; init: Summary; importMs: Summary; invokeMs: Summary; contributors: Contributor[] };
  functions: FunctionColdStart[];
  samplesPerFunction: number;
  /**
   * What every route function carries beyond the baseline (the smallest extra of each contributor present in
   * all of them): the shared HTTP layer. Each function's own `extraOverBaseline` includes it.
   */
  commonToRoutes: Contributor[];
  /** Inside the heaviest package of the functions (what would be cut), which files weigh most. */
  heaviestPackage?: { name: string; files: Contributor[] };
}

function servicesOf(route: RouteDefinition | undefined): ServiceClass {
  if (!route) return 'dynamodb';
  if (route.needs.cognito) return 'dynamodb+cognito';
  if (route.needs.uploads) return 'dynamodb+s3';
  return 'dynamodb';
}

/** Packages that only a route with the matching `needs` (functions/routes.ts) should carry. */
const NEEDS_OF_PACKAGE: Record<string, (needs: RouteDefinition['needs']) => boolean> = {
  '@aws-sdk/client-dynamodb': (needs) => needs.table !== 'none',
  '@aws-sdk/lib-dynamodb': (needs) => needs.table !== 'none',
  '@aws-sdk/client-s3': (needs) => Boolean(needs.uploads),
  '@aws-sdk/s3-presigned-post': (needs) => needs.uploads === 'presign-post',
  '@aws-sdk/s3-request-presigner': (needs) => needs.uploads === 'read',
  'file-type': (needs) => needs.uploads === 'verify',
  '@aws-sdk/client-cognito-identity-provider': (needs) => Boolean(needs.cognito),
  '@aws-sdk/client-sesv2': (needs) => Boolean(needs.email),
};
const STREAM_NEEDS: RouteDefinition['needs'] = { table: 'write' };

interface InitSample {
  bootMs: number;
  importMs: number;
  invokeMs: number;
  outcome: string;
}

function runProbe(bundleFile: string, eventFile: string, env: Record<string, string>): Promise<InitSample> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PROBE, bundleFile, eventFile], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((entry) => entry.startsWith('@@bench-init '));
      if (!line) return reject(new Error(`cold-start probe exited ${code} without a result: ${stderr.slice(-500) || stdout.slice(-500)}`));
      resolve(JSON.parse(line.slice('@@bench-init '.length)) as InitSample);
    });
  });
}

export async function benchColdStart(options: {
  stack: RunningStack;
  events: Map<string, EventFactory>;
  /** The client whose policies the baseline's one Query reads (the chart's). */
  baselineClientId: string;
  samples: number;
  log: (line: string) => void;
}): Promise<ColdStartResult> {
  const outRoot = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  try {
    const esbuildOptions = await cdkEsbuildOptions();
    const entries = [
      { id: 'baseline', entry: BASELINE_ENTRY },
      ...routes.map((route) => ({ id: route.id as string, entry: routeHandlerEntry(route.id) })),
      { id: 'payerMatch', entry: payerMatchEntry },
    ];
    const bundles = await Promise.all(entries.map(({ id, entry }) => bundleFunction(id, entry, outRoot, esbuildOptions)));
    const byId = new Map(bundles.map((bundle) => [bundle.id, bundle]));
    const baseline = byId.get('baseline')!;
    options.log(`  bundled ${bundles.length} functions (esbuild ${esbuildOptions.target}, ESM, minified)`);

    let cdkEquivalence: ColdStartResult['cdkEquivalence'];
    try {
      cdkEquivalence = await verifyAgainstCdk([baseline, byId.get('listPolicies')!, byId.get('createPortalPolicy')!]);
      options.log(
        `  CDK equivalence: ${cdkEquivalence.map((check) => `${check.id} ${check.identical ? 'identical' : 'DIFFERENT'}`).join(', ')}`,
      );
    } catch (error) {
      cdkEquivalence = { error: (error as Error).message };
      options.log(`  CDK equivalence could not be checked: ${(error as Error).message}`);
    }

    // The Lambda environment: the stack's handler configuration and the deployed NODE_OPTIONS, nothing of this
    // process (no tsx loader, no inherited NODE_OPTIONS).
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      TZ: 'UTC',
      ...options.stack.handlerEnvironment,
      NODE_OPTIONS: '--enable-source-maps',
    };

    const eventDir = join(outRoot, 'events');
    mkdirSync(eventDir);
    const functionIds = bundles.filter((bundle) => bundle.id !== 'baseline').map((bundle) => bundle.id);
    const samples = new Map<string, InitSample[]>(bundles.map((bundle) => [bundle.id, []]));
    const random = seededRandom(2024);
    const baselineEvent = join(eventDir, 'baseline.json');
    writeFileSync(baselineEvent, JSON.stringify({ event: { pathParameters: { clientId: options.baselineClientId } }, context: {} }));

    // One warm-up process so that the first timed sample does not pay for a cold page cache.
    await runProbe(baseline.file, baselineEvent, env);
    const baselineEvery = 5;
    for (let round = 0; round < options.samples; round++) {
      const order = shuffled(functionIds, random);
      for (let index = 0; index < order.length; index++) {
        if (index % baselineEvery === 0) samples.get('baseline')!.push(await runProbe(baseline.file, baselineEvent, env));
        const id = order[index]!;
        const input = await options.events.get(id)!(round);
        const eventFile = join(eventDir, `${id}-${round}.json`);
        writeFileSync(eventFile, JSON.stringify(input));
        samples.get(id)!.push(await runProbe(byId.get(id)!.file, eventFile, env));
      }
      options.log(`  cold-start round ${round + 1}/${options.samples} done`);
    }

    const initOf = (list: InitSample[]) => summarize(list.map((sample) => sample.importMs + sample.invokeMs));
    const baselineSamples = samples.get('baseline')!;
    const baselineInit = initOf(baselineSamples);
    const routeById = new Map<string, RouteDefinition>(routes.map((route) => [route.id, route]));

    const functions = functionIds.map((id): FunctionColdStart => {
      const bundle = byId.get(id)!;
      const list = samples.get(id)!;
      const services = servicesOf(routeById.get(id));
      const light = services === 'dynamodb';
      const init = initOf(list);
      const sizeRatio = bundle.bytes / baseline.bytes;
      const initRatio = init.median / baselineInit.median;
      const sizeTarget = light ? 1.2 : 2;
      const initTarget = light ? 1.3 : 2;
      const outcomes: Record<string, number> = {};
      for (const sample of list) outcomes[sample.outcome] = (outcomes[sample.outcome] ?? 0) + 1;
      return {
        id,
        kind: routeById.has(id) ? 'route' : 'stream',
        services,
        bytes: bundle.bytes,
        mapBytes: bundle.mapBytes,
        sizeRatio,
        sizeTarget,
        init,
        importMs: summarize(list.map((sample) => sample.importMs)),
        invokeMs: summarize(list.map((sample) => sample.invokeMs)),
        initRatio,
        initTarget,
        outcomes,
        topContributors: contributors(bundle).slice(0, 8),
        extraOverBaseline: extraOverBaseline(bundle, baseline),
        outsideNeeds: contributors(bundle).filter((entry) => {
          const allowed = NEEDS_OF_PACKAGE[entry.name];
          return allowed !== undefined && !allowed(routeById.get(id)?.needs ?? STREAM_NEEDS);
        }),
        pass: { size: sizeRatio <= sizeTarget, init: initRatio <= initTarget },
      };
    });

    const routeFunctions = functions.filter((entry) => entry.kind === 'route');
    const commonToRoutes = (routeFunctions[0]?.extraOverBaseline ?? [])
      .map((entry) => ({
        name: entry.name,
        bytes: Math.min(...routeFunctions.map((fn) => fn.extraOverBaseline.find((other) => other.name === entry.name)?.bytes ?? 0)),
      }))
      .filter((entry) => entry.bytes >= 512)
      .sort((a, b) => b.bytes - a.bytes);

    const heaviest = functions.flatMap((entry) => entry.extraOverBaseline).sort((a, b) => b.bytes - a.bytes)[0];
    const heaviestBundle = heaviest
      ? bundles.find((bundle) => contributors(bundle).some((entry) => entry.name === heaviest.name))
      : undefined;
    const heaviestFiles = heaviest && heaviestBundle ? filesOfPackage(heaviestBundle, heaviest.name) : [];

    return {
      esbuildTarget: String(esbuildOptions.target),
      cdkEquivalence,
      baseline: {
        bytes: baseline.bytes,
        mapBytes: baseline.mapBytes,
        init: baselineInit,
        importMs: summarize(baselineSamples.map((sample) => sample.importMs)),
        invokeMs: summarize(baselineSamples.map((sample) => sample.invokeMs)),
        contributors: contributors(baseline).slice(0, 8),
      },
      functions,
      commonToRoutes,
      samplesPerFunction: options.samples,
      heaviestPackage: heaviest && heaviestFiles.length ? { name: heaviest.name, files: heaviestFiles } : undefined,
    };
  } finally {
    rmSync(outRoot, { recursive: true, force: true });
  }
}
