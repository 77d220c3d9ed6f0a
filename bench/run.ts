/**
 * `npm run bench`: the performance figures of the product, measured on the embedded local stack in one run, as
 * one table on stdout and bench/results/latest.json. What each figure counts and how to read it: bench/README.md.
 *
 *   npx tsx bench/run.ts [--lighthouse] [--only=matching,comparison,cards,api,stream,load,web,cold,claims,review] [--cold-samples=N]
 *
 * The stack is started here (test/support/local-stack.ts: `npm start` on a free port and a fresh data folder)
 * and stopped at the end, also when a stage fails or the run is interrupted. Progress goes to stderr.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { practitioner, useStack, type PortalClient } from '../test/support/api.ts';
import { REPO_ROOT, startStack, type RunningStack } from '../test/support/local-stack.ts';
import { benchApiOverhead, type ApiOverheadResult } from './api-overhead.bench-part.ts';
import { benchCardReading, exactShare, wrongShare, type CardReadingResult } from './card-reading.bench-part.ts';
import { benchClaimsExport, type ClaimsExportResult } from './claims-export.bench-part.ts';
import { benchColdStart, type ColdStartResult } from './cold-start.bench-part.ts';
import { prepareEvents } from './cold-start/events.ts';
import { createChart, listDemoPayers, onboardPortalClients, type ChartFixture, type PayerRef } from './fixtures.ts';
import { benchLoad, type LoadResult } from './load.bench-part.ts';
import { benchMatcherComparison, type MatcherComparisonResult } from './matcher-comparison.bench-part.ts';
import { benchPayerMatching, type DevAccuracy, type PayerMatchingBenchResult } from './payer-matching.bench-part.ts';
import { benchReview, type ReviewBenchResult } from './review.bench-part.ts';
import { benchStreamLag, type StreamLagResult } from './stream-lag.bench-part.ts';
import { directTable } from './support/direct.ts';
import { closeHttpAgent } from './support/http.ts';
import { renderNotes, renderTable, type Row, type Section } from './support/report.ts';
import { round, roundSummary, type Summary } from './support/stats.ts';
import { benchWebWeight, type WebWeightResult } from './web-weight.bench-part.ts';

// ---------------------------------------------------------------------------------------------- options

const STAGES = ['matching', 'comparison', 'cards', 'api', 'stream', 'load', 'web', 'cold', 'claims', 'review'] as const;
/** Stages that are pure CPU in this process and need no local stack. */
const STACKLESS_STAGES: ReadonlySet<Stage> = new Set(['matching', 'comparison', 'cards']);
type Stage = (typeof STAGES)[number];

const argv = process.argv.slice(2);
const flag = (name: string) => argv.find((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
const onlyArg = flag('only')?.split('=')[1];
const selected = new Set<Stage>(onlyArg ? (onlyArg.split(',') as Stage[]) : STAGES);
const unknownStages = [...selected].filter((stage) => !STAGES.includes(stage));
if (unknownStages.length) {
  process.stderr.write(`Unknown stage(s) ${unknownStages.join(', ')}; stages are ${STAGES.join(', ')}\n`);
  process.exit(2);
}
const lighthouse = Boolean(flag('lighthouse'));
const coldSamples = Number(flag('cold-samples')?.split('=')[1] ?? 7);

/** Sample sizes: large enough for a stable p95/p99, small enough that the whole run stays within ~5 minutes. */
const SIZES = {
  chartIterations: 500,
  submitIterations: 192,
  portalIterations: 200,
  apiPortalClients: 24,
  streamSamples: 30,
  loadClients: 20,
  reviewIterations: 200,
};
const WEB_TARGET_GZIP_BYTES = 80 * 1024;

const log = (line: string) => process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------- run

interface Results {
  matching?: PayerMatchingBenchResult;
  comparison?: MatcherComparisonResult;
  cards?: CardReadingResult;
  api?: ApiOverheadResult;
  stream?: StreamLagResult;
  load?: LoadResult;
  web?: WebWeightResult;
  cold?: ColdStartResult;
  claims?: ClaimsExportResult;
  review?: ReviewBenchResult;
}

const startedAt = new Date();
const results: Results = {};
const failures: Partial<Record<Stage | 'setup', string>> = {};
let running: Awaited<ReturnType<typeof startStack>> | undefined;

async function stopStack(): Promise<void> {
  closeHttpAgent();
  await running?.stop().catch(() => undefined);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`\n${signal}: stopping the local stack…`);
    void stopStack().finally(() => process.exit(130));
  });
}

async function stage<T>(name: Stage, work: () => Promise<T>): Promise<T | undefined> {
  if (!selected.has(name)) return undefined;
  const started = performance.now();
  log(`▶ ${name}`);
  try {
    const value = await work();
    log(`  ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return value;
  } catch (error) {
    failures[name] = (error as Error).stack ?? String(error);
    log(`  ${name} FAILED: ${(error as Error).message}`);
    return undefined;
  }
}

let stack: RunningStack | undefined;
try {
  // Payer matching is pure CPU in this process: measured first, before the stack competes for the cores.
  results.matching = await stage('matching', () => benchPayerMatching());
  results.comparison = await stage('comparison', async () => benchMatcherComparison());
  // Card reading is CPU-bound too (OCR in WebAssembly): measured before the stack starts.
  results.cards = await stage('cards', () => benchCardReading());

  const needsStack = [...selected].some((name) => !STACKLESS_STAGES.has(name));
  if (needsStack) {
    const stackStarted = performance.now();
    log('▶ starting the local stack');
    running = await startStack('bench');
    stack = running.stack;
    useStack(stack);
    log(`  local stack up at ${stack.url} in ${((performance.now() - stackStarted) / 1000).toFixed(1)} s`);

    log('▶ fixtures (chart with 10 policies and 20 card images; portal clients through the invitation flow)');
    const fixturesStarted = performance.now();
    const practitionerToken = await practitioner();
    const payers: PayerRef[] = await listDemoPayers();
    const table = await directTable(stack);
    const chart: ChartFixture = await createChart(payers);
    const apiClients: PortalClient[] = await onboardPortalClients(SIZES.apiPortalClients);
    log(`  fixtures ready in ${((performance.now() - fixturesStarted) / 1000).toFixed(1)} s`);
    const currentStack = stack;

    results.api = await stage('api', () =>
      benchApiOverhead({
        stack: currentStack,
        table,
        practitionerToken,
        chart,
        payers,
        portalClients: apiClients,
        chartIterations: SIZES.chartIterations,
        submitIterations: SIZES.submitIterations,
        portalIterations: SIZES.portalIterations,
      }),
    );
    results.stream = await stage('stream', () =>
      benchStreamLag({ stack: currentStack, practitionerToken, clients: apiClients, payers, samples: SIZES.streamSamples }),
    );
    results.load = await stage('load', async () => {
      const loadClients = await onboardPortalClients(SIZES.loadClients);
      return benchLoad({ stack: currentStack, practitionerToken, clients: loadClients, payers });
    });
    results.web = await stage('web', () =>
      benchWebWeight({ stack: currentStack, portalClient: apiClients[0]!, lighthouse, targetGzipBytes: WEB_TARGET_GZIP_BYTES }),
    );
    results.cold = await stage('cold', async () => {
      const events = await prepareEvents({
        stack: currentStack,
        table,
        practitionerToken,
        portalClient: apiClients[1]!,
        chart,
        payers,
        runId: Date.now().toString(36),
      });
      return benchColdStart({ stack: currentStack, events, baselineClientId: chart.clientId, samples: coldSamples, log });
    });
    results.claims = await stage('claims', () => benchClaimsExport({ stack: currentStack, table, practitionerToken, log }));
    // Last: it adds 300 payers and 5,000 clients to the practice, which the other stages should not see.
    results.review = await stage('review', () =>
      benchReview({ stack: currentStack, table, practitionerToken, portalClient: apiClients[2]!, iterations: SIZES.reviewIterations }),
    );
  }
} catch (error) {
  failures.setup = (error as Error).stack ?? String(error);
  log(`Set-up FAILED: ${(error as Error).message}${stack ? ` (stack log: ${stack.logFile})` : ''}`);
} finally {
  await stopStack();
}

// ---------------------------------------------------------------------------------------------- report

const sections: Section[] = [];
const ms = (summary: Summary) => ({ n: summary.n, median: summary.median, p95: summary.p95, p99: summary.p99 });
/** A timing row compared with another timing of the same loop (its median is the baseline). */
const versus = (metric: string, sample: Summary, baseline: Summary): Row => ({
  metric,
  ...ms(sample),
  unit: 'ms',
  baseline: baseline.median,
  ratio: sample.median / baseline.median,
});
/** A request against its floor, with the issue's target for every such pair: median ≤ 1.5×. */
const againstFloorRow = (metric: string, { api, floor }: { api: Summary; floor: Summary }): Row => {
  const row = versus(metric, api, floor);
  return { ...row, target: 'median ≤ 1.5×', pass: row.ratio! <= 1.5 };
};
const failedSection = (title: string, name: Stage) =>
  failures[name]
    ? sections.push({ title, rows: [{ metric: `stage failed: ${failures[name]!.split('\n')[0]}`, unit: 'count', pass: false }], notes: [] })
    : undefined;

if (results.api) {
  const { chartRead, submit, portalList, portalTypeahead } = results.api;
  sections.push({
    title: '1. API overhead through the local gateway vs the floor (DynamoDB Local, same loop, interleaved)',
    rows: [
      againstFloorRow('chart read GET /api/clients/{id}/policies', chartRead),
      { metric: '  floor: the handler’s Query, direct', ...ms(chartRead.floor), unit: 'ms' },
      versus('  handler’s DB work replayed (its one Query)', chartRead.replay, chartRead.floor),
      ...(chartRead.hop ? [{ metric: '  GET /api/health: HTTP hop + gateway + middy', ...ms(chartRead.hop), unit: 'ms' as const }] : []),
      againstFloorRow('client submit POST /api/portal/policies', submit),
      { metric: '  floor: TransactWriteItems (3 items), direct', ...ms(submit.floor), unit: 'ms' },
      versus('  handler’s DB work replayed (Query → write + 2 checks)', submit.replay, submit.floor),
    ],
    notes: [
      `Answers: chart ${(chartRead.responseBytes / 1024).toFixed(1)} KB of JSON, submit ${(submit.responseBytes / 1024).toFixed(1)} KB.${chartRead.hop ? ' GET /api/health is public (no JWT) and reads nothing: what the HTTP hop, the gateway and middy cost on their own.' : ''}`,
      `Warm-up: ${chartRead.warmUp} chart reads and ${submit.warmUp} submits per variant, not counted. The three variants run back to back in rotating order.`,
      `What the API adds besides database round trips (API median − replay median): chart read ${chartRead.nonDbOverheadMs.toFixed(2)} ms, submit ${submit.nonDbOverheadMs.toFixed(2)} ms (gateway HTTP hop, JWT verification, middy, zod, JSON).`,
      `The submit handler’s read before its write, and its two ConditionChecks: replay − floor = ${(submit.replay.median - submit.floor.median).toFixed(2)} ms median.`,
    ],
  });
  if (portalList && portalTypeahead) {
    sections.push({
      title: '1b. The portal access check (is the caller still the client’s portal user?): database work before → after',
      rows: [
        { metric: 'portal list GET /api/portal/policies', ...ms(portalList.api), unit: 'ms' },
        { metric: '  before: Query the policies', ...ms(portalList.floor), unit: 'ms' },
        {
          ...versus('  after: the same Query, client item included', portalList.replay, portalList.floor),
          target: 'no extra round trip (≤ 1.2×)',
          pass: portalList.replay.median / portalList.floor.median <= 1.2,
        },
        { metric: 'typeahead GET /api/portal/payers', ...ms(portalTypeahead.api), unit: 'ms' },
        { metric: '  before: Query the payers', ...ms(portalTypeahead.floor), unit: 'ms' },
        versus('  after: that Query ∥ GetItem client', portalTypeahead.replay, portalTypeahead.floor),
      ],
      notes: [
        'Every other client route already read the client item (me, intake, uploads, submit) or now reads it in the same request (attachment links: one BatchGetItem of client + policy).',
        'The typeahead reads the payers (practice partition) and the client item at once: one more request, no more waiting in sequence (a sequential pair would be ≈ 2× its Query).',
        `Warm-up: ${portalList.warmUp} per variant; variants interleaved. API − after: list ${portalList.nonDbOverheadMs.toFixed(2)} ms, typeahead ${portalTypeahead.nonDbOverheadMs.toFixed(2)} ms.`,
      ],
    });
  }
} else failedSection('1. API overhead', 'api');

if (results.stream) {
  const stream = results.stream;
  sections.push({
    title: '2. Stream lag: submit (201) → matched / needs_payer visible to the practitioner API',
    rows: [
      {
        metric: 'stream lag, all',
        ...ms(stream.lag),
        unit: 'ms',
        target: 'p95 ≤ 1 s (tests)',
        pass: stream.timedOut === 0 && stream.lag.p95 <= 1000,
      },
      { metric: '  typed name = a payer → matched', ...ms(stream.matched), unit: 'ms' },
      { metric: '  unknown name → needs_payer', ...ms(stream.needsPayer), unit: 'ms' },
    ],
    notes: [
      `Poller interval 100 ms (infra/local/stream-poller.ts); the policy is polled every ${stream.pollIntervalMs} ms, so values are upper bounds by one poll. Timed out (10 s): ${stream.timedOut}.`,
    ],
  });
} else failedSection('2. Stream lag', 'stream');

if (results.cards) {
  const cards = results.cards;
  const accuracy = (label: string, tally: CardReadingResult['clean'], target?: number) => ({
    metric: `${label}: fields exact (${tally.cards} cards, ${tally.printed} printed fields)`,
    median: exactShare(tally),
    unit: '%' as const,
    ...(target !== undefined ? { target: `≥ ${target} %`, pass: exactShare(tally) >= target } : {}),
  });
  const returned = cards.clean.returned + cards.photoLike.returned;
  const wrong = ((cards.clean.wrong + cards.photoLike.wrong) * 100) / Math.max(1, returned);
  sections.push({
    title: '2b. Card reading in Node (clean-up + tesseract.js + field extraction), dev set and generated cards',
    rows: [
      accuracy('clean cards', cards.clean, 97),
      accuracy('photo-like cards', cards.photoLike, 75),
      { metric: `wrong values among ${returned} returned fields`, median: wrong, unit: '%', target: '≤ 3 %', pass: wrong <= 3 },
      ...(cards.devSet
        ? [accuracy('  dev set only, clean', cards.devSet.clean), accuracy('  dev set only, photo-like', cards.devSet.photoLike)]
        : []),
      {
        metric: 'time per card (one warm worker)',
        n: cards.timeMs.n,
        median: cards.timeMs.median,
        p95: cards.timeMs.p95,
        unit: 'ms',
        target: 'p95 ≤ 1.5 s',
        pass: cards.timeMs.p95 <= 1500,
      },
      { metric: '  worker start + first card', median: cards.workerStartMs, unit: 'ms' },
    ],
    notes: [
      `Peak RSS of the bench process while reading: ${cards.peakRssMb.toFixed(0)} MB. Wrong = a returned value that differs from the printed one (ignoring case, spaces, dashes) or a field not on the card. Photo-like wrong share ${wrongShare(cards.photoLike).toFixed(1)} %, clean ${wrongShare(cards.clean).toFixed(1)} %.`,
    ],
  });
} else failedSection('2b. Card reading', 'cards');

if (results.matching) {
  const matching = results.matching;
  const accuracyRows = (label: string, accuracy: DevAccuracy | undefined): Row[] =>
    accuracy === undefined
      ? [{ metric: `${label}: not measured (../shared/data/payer-matching-dev.json is not beside the project)`, unit: '%' }]
      : [
          {
            metric: `${label}: exact names linked`,
            n: accuracy.exactTotal,
            median: (100 * accuracy.exactLinked) / accuracy.exactTotal,
            unit: '%',
            target: '100 %',
            pass: accuracy.exactLinked === accuracy.exactTotal,
          },
          {
            metric: `${label}: fuzzy, right payer top-1`,
            n: accuracy.fuzzyTotal,
            median: (100 * accuracy.fuzzyTop1) / accuracy.fuzzyTotal,
            unit: '%',
          },
          {
            metric: `${label}: fuzzy, right payer in top 3`,
            n: accuracy.fuzzyTotal,
            median: (100 * accuracy.fuzzyTop3) / accuracy.fuzzyTotal,
            unit: '%',
          },
          {
            metric: `${label}: unknown names left unlinked`,
            n: accuracy.noneTotal,
            median: (100 * accuracy.noneUnlinked) / accuracy.noneTotal,
            unit: '%',
            target: '100 %',
            pass: accuracy.noneUnlinked === accuracy.noneTotal,
          },
          {
            metric: `${label}: linked to a wrong payer`,
            n: accuracy.exactTotal + accuracy.fuzzyTotal + accuracy.noneTotal,
            median: accuracy.wronglyLinked,
            unit: 'count',
            target: '0',
            pass: accuracy.wronglyLinked === 0,
          },
        ];
  sections.push({
    title: `3. Payer matching (shared/payer-matching.ts) against ${matching.payers.toLocaleString('en-US')} payers`,
    rows: [
      {
        metric: 'one match, index built',
        n: matching.matchesTimed,
        median: matching.medianMs,
        p99: matching.p99Ms,
        unit: 'ms',
        target: 'p99 < 1 ms',
        pass: matching.p99Ms < 1,
      },
      { metric: '  building the index (once per batch)', n: 1, median: matching.buildIndexMs, unit: 'ms' },
      ...accuracyRows('project fixture', matching.fixtureAccuracy),
      ...accuracyRows('dev set', matching.devAccuracy),
      ...accuracyRows('dev set among 10k', matching.devAccuracyAmongSyntheticPayers),
    ],
    notes: [`Slowest single match: ${matching.maxMs} ms (a GC pause or the scheduler; p99 is the figure).`],
  });
} else failedSection('3. Payer matching', 'matching');

if (results.comparison) {
  const comparison = results.comparison;
  const methodRows = (label: string, method: MatcherComparisonResult['ours'], ours: boolean): Row[] => [
    {
      metric: `${label}: right payer top-1`,
      n: method.total,
      median: method.top1,
      unit: '%',
      ...(ours ? { target: '> Fuse.js', pass: method.top1 > comparison.fuse.top1 } : {}),
    },
    {
      metric: `${label}: right payer in top 3`,
      n: method.total,
      median: method.top3,
      unit: '%',
      ...(ours ? { target: '≥ Fuse.js', pass: method.top3 >= comparison.fuse.top3 } : {}),
    },
    {
      metric: `${label}: linked to a wrong payer`,
      median: method.wrongLinks,
      unit: 'count',
      ...(ours ? { target: '0', pass: method.wrongLinks === 0 } : {}),
    },
    { metric: `${label}: unknown insurers offered a payer`, n: method.unknownTotal, median: method.unknownSuggested, unit: 'count' },
    { metric: `${label}: one match (median)`, median: method.medianMicros / 1000, unit: 'ms' },
  ];
  const joinSplit = comparison.classes.find((row) => row.kind === 'joinSplitTypo');
  sections.push({
    title: `3b. Matcher vs Fuse.js on the same ${comparison.ours.total.toLocaleString('en-US')} typed names (${comparison.payers} payers: ${comparison.practice})`,
    rows: [
      ...methodRows('ours', comparison.ours, true),
      ...methodRows('Fuse.js', comparison.fuse, false),
      ...(joinSplit
        ? [
            {
              metric: `ours, joins/splits with a typo: top-1 (Fuse.js ${joinSplit.fuse.top1} %)`,
              n: joinSplit.n,
              median: joinSplit.ours.top1,
              unit: '%' as const,
              target: '≥ 95 %, 0 wrong links',
              pass: joinSplit.ours.top1 >= 95 && joinSplit.ours.wrongLinks === 0,
            },
          ]
        : []),
      {
        metric: `typeahead rankPayersForQuery, ${comparison.typeahead.payers} payers`,
        n: comparison.typeahead.queries,
        median: comparison.typeahead.medianMicros / 1000,
        p99: comparison.typeahead.p99Micros / 1000,
        unit: 'ms',
      },
      { metric: '  its first call (builds the index)', n: 1, median: comparison.typeahead.firstCallMs, unit: 'ms' },
    ],
    notes: [
      `Fuse.js ${comparison.fuseOptions}.`,
      `Per class, top-1 ours / Fuse.js: ${comparison.classes.map((row) => `${row.kind} ${row.ours.top1} / ${row.fuse.top1} %`).join('; ')}.`,
    ],
  });
} else failedSection('3b. Matcher vs Fuse.js', 'comparison');

if (results.cold) {
  const cold = results.cold;
  const rows: Row[] = [
    { metric: 'baseline (DocumentClient + 1 Query): size', median: cold.baseline.bytes, unit: 'KB' },
    { metric: 'baseline: init (import + 1st invocation)', ...ms(cold.baseline.init), unit: 'ms' },
  ];
  for (const fn of cold.functions) {
    rows.push({
      metric: `${fn.id} [${fn.services}]: size`,
      median: fn.bytes,
      unit: 'KB',
      baseline: cold.baseline.bytes,
      ratio: fn.sizeRatio,
      target: `≤ ${fn.sizeTarget}×`,
      pass: fn.pass.size,
    });
    rows.push({
      metric: `${fn.id}: init`,
      ...ms(fn.init),
      unit: 'ms',
      baseline: cold.baseline.init.median,
      ratio: fn.initRatio,
      target: `≤ ${fn.initTarget}×`,
      pass: fn.pass.init,
    });
  }
  const equivalence = Array.isArray(cold.cdkEquivalence)
    ? `Bundles checked against the PortalFunction construct's own bundling: ${cold.cdkEquivalence.map((check) => `${check.id} ${check.identical ? 'byte-identical' : `DIFFERENT (${check.cdkBytes} vs ${check.benchBytes} bytes)`}`).join(', ')}.`
    : `Bundles could NOT be checked against CDK: ${cold.cdkEquivalence.error}`;
  const notes = [
    `esbuild as PortalFunction bundles (target ${cold.esbuildTarget}, ESM, minified, source map, AWS SDK bundled). ${equivalence}`,
    `Init = import + first invocation in a fresh node process with NODE_OPTIONS=--enable-source-maps (as deployed); ${cold.samplesPerFunction} samples per function, baseline n=${cold.baseline.init.n} spread through the rounds.`,
    `Baseline: import ${cold.baseline.importMs.median.toFixed(0)} ms + first Query ${cold.baseline.invokeMs.median.toFixed(0)} ms (medians); its largest parts: ${cold.baseline.contributors
      .slice(0, 4)
      .map((entry) => `${entry.name} ${(entry.bytes / 1024).toFixed(0)} KB`)
      .join(', ')}.`,
  ];
  const outside = cold.functions.filter((fn) => fn.outsideNeeds.length);
  notes.push(
    outside.length
      ? `Bundled but outside the route's needs (functions/routes.ts): ${outside.map((fn) => `${fn.id}: ${fn.outsideNeeds.map((entry) => `${entry.name} ${(entry.bytes / 1024).toFixed(0)} KB`).join(', ')}`).join('; ')}.`
      : "No function bundles an AWS service client (or upload helper) outside its route's needs.",
  );
  const unexpected = cold.functions.filter((fn) =>
    Object.keys(fn.outcomes).some((outcome) => !/^2\d\d$|^batchItemFailures=0$/.test(outcome)),
  );
  if (unexpected.length)
    notes.push(
      `First invocations that did not answer 2xx: ${unexpected.map((fn) => `${fn.id} ${JSON.stringify(fn.outcomes)}`).join('; ')}.`,
    );
  const over = cold.functions.filter((fn) => !fn.pass.size || !fn.pass.init);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const common = new Map(cold.commonToRoutes.map((entry) => [entry.name, entry.bytes]));
  const commonTotal = cold.commonToRoutes.reduce((total, entry) => total + entry.bytes, 0);
  if (over.length) {
    notes.push(
      `${over.length} of ${cold.functions.length} functions are over target. What they carry beyond the baseline (esbuild metafile, bytes in the minified output):`,
    );
    notes.push(
      `  every route function (the HTTP layer): +${kb(commonTotal)} = ${((cold.baseline.bytes + commonTotal) / cold.baseline.bytes).toFixed(2)}× the baseline before any route code — ${cold.commonToRoutes
        .slice(0, 7)
        .map((entry) => `${entry.name} +${kb(entry.bytes)}`)
        .join(', ')}`,
    );
    for (const fn of over) {
      const shared = fn.kind === 'route' ? common : new Map<string, number>();
      const own = fn.extraOverBaseline
        .map((entry) => ({ name: entry.name, bytes: entry.bytes - (shared.get(entry.name) ?? 0) }))
        .filter((entry) => entry.bytes >= 1024)
        .sort((a, b) => b.bytes - a.bytes);
      const beyond = fn.kind === 'route' ? 'beyond the HTTP layer' : 'beyond the baseline';
      notes.push(
        `  ${fn.id.padEnd(23)} ${kb(fn.bytes).padStart(9)}, init ${fn.importMs.median.toFixed(0).padStart(3)} ms import + ${fn.invokeMs.median.toFixed(0).padStart(3)} ms 1st call; ${beyond}: ${
          own.length
            ? own
                .slice(0, 5)
                .map((entry) => `${entry.name} +${kb(entry.bytes)}`)
                .join(', ')
            : 'nothing over 1 KB'
        }`,
      );
    }
    if (cold.heaviestPackage) {
      notes.push(
        `Inside ${cold.heaviestPackage.name}: ${cold.heaviestPackage.files.map((entry) => `${entry.name} ${(entry.bytes / 1024).toFixed(0)} KB`).join(', ')}.`,
      );
    }
  }
  sections.push({
    title: '4. Cold start: each function bundled as the CDK app bundles it, vs the baseline bundled the same way',
    rows,
    notes,
  });
} else failedSection('4. Cold start', 'cold');

if (results.web) {
  const web = results.web;
  const rows: Row[] = [];
  for (const page of web.pages) {
    rows.push({
      metric: `JS gzip, first load: ${page.name} (→ ${page.landedOn})`,
      n: page.scripts.length,
      median: page.jsGzipBytes,
      unit: 'KB',
      target: page.targetGzipBytes ? `≤ ${(page.targetGzipBytes / 1024).toFixed(0)} KB` : undefined,
      pass: page.targetGzipBytes ? page.jsGzipBytes <= page.targetGzipBytes : undefined,
    });
    rows.push({ metric: `  JS uncompressed (as the local gateway sends it)`, n: page.scripts.length, median: page.jsRawBytes, unit: 'KB' });
  }
  const notes = [
    web.build.stale
      ? `web/build (built ${web.build.builtAt}) is OLDER than web/src (changed ${web.build.sourceChangedAt}): these figures are for the old build — run \`npm run build:web\` first.`
      : `web/build built ${web.build.builtAt}, newer than every file in web/src.`,
  ];
  notes.push(
    ...web.pages.map(
      (page) =>
        `${page.name}: largest scripts ${page.scripts
          .slice(0, 3)
          .map((script) => `${script.path.split('/').pop()} ${(script.gzipBytes / 1024).toFixed(1)} KB`)
          .join(', ')}; CSS ${(page.cssGzipBytes / 1024).toFixed(1)} KB gzip.`,
    ),
  );
  if (Array.isArray(web.lighthouse)) {
    for (const run of web.lighthouse) {
      const path = new URL(run.url).pathname;
      rows.push({ metric: `Lighthouse performance ${path} (mobile, simulated)`, n: 1, median: run.score ?? Number.NaN, unit: 'score' });
      notes.push(
        run.error
          ? `Lighthouse ${path}: ${run.error}`
          : `Lighthouse ${path} (${run.seconds.toFixed(0)} s): ${Object.entries(run.metrics)
              .map(([id, value]) => `${id} ${id === 'cumulative-layout-shift' ? value.toFixed(3) : `${value.toFixed(0)} ms`}`)
              .join(', ')}.`,
      );
    }
  } else if (web.lighthouse === 'not requested') {
    notes.push('Lighthouse: not run (add --lighthouse; runs lighthouse 12.8.2 via npx with /usr/bin/chromium, ~15 s per page).');
  } else {
    notes.push(`Lighthouse failed: ${web.lighthouse.error}`);
  }
  if ('error' in web.cardReading) {
    rows.push({ metric: `card pre-fill in Chromium: could not run (${web.cardReading.error})`, unit: 'count', pass: false });
  } else {
    const reading = web.cardReading;
    rows.push(
      { metric: 'card pre-fill in Chromium: first reading (engine download + start)', n: 1, median: reading.firstReadingMs, unit: 'ms' },
      { metric: '  each further card (engine warm), tap → form filled', ...reading.warmMs, unit: 'ms' },
      { metric: '  OCR files downloaded once (worker, wasm core, English data; gzip)', n: 1, median: reading.ocrDownloadBytes, unit: 'KB' },
    );
    notes.push(
      `Card pre-fill (${reading.cards}, phone-sized page, one page throughout), per field exact / filled / printed: ${Object.entries(
        reading.fields,
      )
        .map(([field, tally]) => `${field} ${tally.exact}/${tally.filled}/${tally.printed}`)
        .join(', ')} (the insurance company counts when the practice has it: the demo practice's payers).`,
    );
  }
  sections.push({ title: '5. Web weight: JavaScript of a first visit (empty cache, until network idle)', rows, notes });
} else failedSection('5. Web weight', 'web');

if (results.load) {
  const load = results.load;
  sections.push({
    title: `6. Load: ${load.submissions} portal submissions from ${load.clients} concurrent clients through the gateway`,
    rows: [
      {
        metric: 'errors (any non-201, 409 included)',
        n: load.submissions,
        median: load.errors,
        unit: 'count',
        target: '0',
        pass: load.errors === 0,
      },
      {
        metric: 'submitted policies missing afterwards',
        n: load.submissions - load.errors,
        median: load.missingPolicies,
        unit: 'count',
        target: '0',
        pass: load.missingPolicies === 0,
      },
      {
        metric: 'overlapping active Primary pairs',
        n: load.clients,
        median: load.overlappingPrimaryPairs,
        unit: 'count',
        target: '0',
        pass: load.overlappingPrimaryPairs === 0,
      },
      { metric: 'submit latency under load', ...ms(load.latency), unit: 'ms' },
    ],
    notes: [
      `${load.throughputPerSecond.toFixed(1)} submissions/s over ${load.wallSeconds.toFixed(1)} s.${load.errors ? ` Errors by status: ${JSON.stringify(load.errorStatuses)}.` : ''}`,
    ],
  });
} else failedSection('6. Load', 'load');

if (results.claims) {
  const claims = results.claims;
  sections.push({
    title: '7. Claims export: 837P generator, CMS-1500, export of 500 claims, the Claims page with 5,000 claims',
    rows: [
      { metric: `837P generator, ${claims.generator.claims} claims in one interchange`, median: claims.generator.medianMs, unit: 'ms' },
      { metric: '  throughput (claims per second)', median: Math.round(claims.generator.claimsPerSecond), unit: 'count' },
      { metric: '  the file', median: claims.generator.bytes, unit: 'KB' },
      { metric: '  bench process heap in use with it', median: claims.generator.heapPeakMb * 1024 * 1024, unit: 'KB' },
      { metric: 'CMS-1500 PDF, one claim', ...ms(claims.cms1500), unit: 'ms' },
      {
        metric: `export of ${claims.export500.claims} claims (${claims.export500.exports} exports of ≤ 48)`,
        median: claims.export500.totalMs,
        unit: 'ms',
      },
      { metric: '  one export of 48 claims, POST /api/claims/exports', ...ms(claims.export500.perExport), unit: 'ms' },
      againstFloorRow(
        `first screen GET /api/claims (50 of ${claims.firstScreen.claimsInTable.toLocaleString('en-US')})`,
        claims.firstScreen,
      ),
      {
        metric: '  floor: its three status Queries on gsi1 + BatchGet of the clients, direct',
        ...ms(claims.firstScreen.floor),
        unit: 'ms',
      },
    ],
    notes: [],
  });
} else failedSection('7. Claims export', 'claims');

if (results.review) {
  const { typeahead, clientList } = results.review;
  sections.push({
    title: '8. Typeahead and client list at a practice’s scale vs their floors (interleaved)',
    rows: [
      againstFloorRow(`typeahead GET /api/portal/payers?q= (${typeahead.payers} payers)`, typeahead),
      { metric: '  floor: the Query of the practice’s payers, direct', ...ms(typeahead.floor), unit: 'ms' },
      againstFloorRow(`client list, first page of ${clientList.pageSize} (${clientList.clients}+ clients)`, clientList),
      { metric: '  floor: one Query of the clients index (Limit 50), direct', ...ms(clientList.floor), unit: 'ms' },
    ],
    notes: [
      `Typed: ${typeahead.queries.map((query) => `“${query}”`).join(', ')} in turn. Warm-up ${typeahead.warmUp} per variant, not counted.`,
    ],
  });
} else failedSection('8. Typeahead and client list', 'review');

if (failures.setup)
  sections.unshift({
    title: 'Set-up',
    rows: [{ metric: `set-up failed: ${failures.setup.split('\n')[0]}`, unit: 'count', pass: false }],
    notes: [],
  });

const durationSeconds = (Date.now() - startedAt.getTime()) / 1000;
let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
} catch {
  /* not a git checkout */
}
const header = `Portal Insurance benchmark — ${startedAt.toISOString()} — commit ${commit} (+ working tree) — node ${process.version}, ${cpus().length} CPUs, load ${loadavg()
  .map((value) => value.toFixed(1))
  .join(' ')} — ${durationSeconds.toFixed(0)} s`;
process.stdout.write(`\n${header}\n\n${renderTable(sections)}\n\nNotes\n${renderNotes(sections)}\n`);
const allRows = sections.flatMap((section) => section.rows);
const failed = allRows.filter((row) => row.pass === false).length;
const passed = allRows.filter((row) => row.pass === true).length;
process.stdout.write(
  `\n${passed} targets met, ${failed} missed${Object.keys(failures).length ? `, ${Object.keys(failures).length} stage(s) could not run` : ''}.\n`,
);

// ---------------------------------------------------------------------------------------------- JSON

const roundDeep = (value: unknown): unknown => {
  if (typeof value === 'number') return Number.isInteger(value) ? value : round(value, 4);
  if (Array.isArray(value)) return value.map(roundDeep);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const isSummary = ['n', 'median', 'p95', 'p99'].every((key) => key in (value as object));
    return isSummary ? roundSummary(value as Summary, 3) : Object.fromEntries(entries.map(([key, inner]) => [key, roundDeep(inner)]));
  }
  return value;
};
const resultsDir = join(REPO_ROOT, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
// A partial run (--only) does not replace the last full run's figures.
const jsonFile = join(resultsDir, onlyArg ? `latest-only-${[...selected].join('-')}.json` : 'latest.json');
writeFileSync(
  jsonFile,
  `${JSON.stringify(
    {
      startedAt: startedAt.toISOString(),
      durationSeconds: round(durationSeconds, 1),
      commit,
      machine: { node: process.version, cpus: cpus().length, loadAverage: loadavg().map((value) => round(value, 2)) },
      options: { stages: [...selected], lighthouse, coldSamples, sizes: SIZES },
      summary: { targetsMet: passed, targetsMissed: failed, stageFailures: failures },
      table: sections,
      results: roundDeep(results),
    },
    null,
    2,
  )}\n`,
);
process.stdout.write(`Wrote ${jsonFile}\n`);

if (stack && Object.keys(failures).length === 0) rmSync(stack.dataDir, { recursive: true, force: true });
else if (stack) log(`Kept the stack's data folder for inspection: ${stack.dataDir}`);
process.exit(Object.keys(failures).length ? 1 : 0);
