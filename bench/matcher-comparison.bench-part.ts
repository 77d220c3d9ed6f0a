/**
 * The matcher side by side with the library a developer would reach for instead (Fuse.js), on the same typed
 * names in the same run, and the portal typeahead's time with 300 payers. Wired into `npm run bench` by
 * bench/run.ts; runnable alone with `npx tsx bench/matcher-comparison.bench-part.ts`.
 *
 * The names: every generated class of test/support/payer-variants.ts (typos, spaces removed, plan or filler words
 * appended, Blue Cross respaced, BCBS, joins and splits with a typo) from every payer of a practice of real
 * payers with look-alikes (the development practice's when it is beside the project, else the demo's), plus the
 * fixture's and (when present) the development set's fuzzy cases, and insurers the practice does not have.
 *
 * Fuse.js, tuned fairly: it searches the same normal form our exact tier uses (normalisePayerName of names,
 * aliases and the typed text, so punctuation and "Inc." cost it nothing), over name and aliases, with
 * `ignoreLocation` (a payer's distinctive word is often not its first) and diacritics ignored; its threshold is
 * chosen from a grid on these very names (the best top-1 for Fuse, which favours it). A Fuse-based matcher links
 * like ours on the exact normal form; beyond that a developer would accept Fuse's near-perfect hits (score ≤
 * FUSE_LINK_SCORE) as the same payer: those are its automatic links, and a link to another payer is a wrong link.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fuse from 'fuse.js';
import {
  buildPayerMatchIndex,
  matchPayerName,
  normalisePayerName,
  rankPayersForQuery,
  type MatchablePayer,
} from '../shared/payer-matching.ts';
import { DEMO_PAYERS } from '../infra/local/demo-practice.ts';
import {
  INSURERS_THE_PRACTICE_DOES_NOT_HAVE,
  generatedVariants,
  joinedOrSplitWithTypo,
  seededRandom,
  withLookAlikePayers,
  withSingleTypo,
  type TypedVariant,
} from '../test/support/payer-variants.ts';
import { syntheticPayers } from './payer-matching.bench-part.ts';

const SEED = 20_260_101;
const FUSE_THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7];
/**
 * Fuse's threshold is chosen, and both methods are timed, on every this-many-th name: Fuse takes about a
 * millisecond a name, and a sample gives the same choice and the same medians.
 */
const SAMPLE_STEP = 4;
/** Fuse scores 0 for a perfect hit; at or below this a Fuse-based matcher would link automatically. */
const FUSE_LINK_SCORE = 0.01;
const TIMED_ROUNDS = 3;
const TYPEAHEAD_PAYERS = 300;

export interface MethodAccuracy {
  /** Named-payer cases: the payer is first / in the top three (a correct link counts as both). */
  top1: number;
  top3: number;
  total: number;
  /** Automatic links to a payer other than the one meant, over every case including unknown insurers. */
  wrongLinks: number;
  /** Unknown insurers that were offered any payer at all. */
  unknownSuggested: number;
  unknownTotal: number;
  /** Median time of one match, microseconds. */
  medianMicros: number;
}

export interface ClassRow {
  kind: string;
  n: number;
  ours: { top1: number; top3: number; wrongLinks: number };
  fuse: { top1: number; top3: number; wrongLinks: number };
}

export interface MatcherComparisonResult {
  practice: string;
  payers: number;
  fuseOptions: string;
  ours: MethodAccuracy;
  fuse: MethodAccuracy;
  classes: ClassRow[];
  typeahead: { payers: number; queries: number; medianMicros: number; p99Micros: number; firstCallMs: number };
}

interface Case extends TypedVariant {
  kind: string;
}

/** One method under comparison: what it links, and its ranked payer ids. */
interface Method {
  answer(typed: string): { linked: string | undefined; ranked: string[] };
}

export function benchMatcherComparison(): MatcherComparisonResult {
  const devSet = readCaseSet(path.resolve(repoRoot(), '../shared/data/payer-matching-dev.json'));
  const fixture = readCaseSet(path.resolve(repoRoot(), 'test/fixtures/payer-matching-cases.json'))!;
  const practiceNames = devSet?.practicePayers.map((payer) => payer.name) ?? DEMO_PAYERS.map((payer) => payer.name);
  const payers = withLookAlikePayers([...practiceNames, ...fixture.practicePayers.map((payer) => payer.name)]).map(
    (name, i): MatchablePayer => ({ payerId: `payer-${i}`, name, aliases: [], active: true }),
  );
  const idOf = (name: string | null) => payers.find((payer) => payer.name === name)?.payerId;

  const cases: Case[] = [];
  for (const [kind, variants] of Object.entries({
    ...generatedVariants(payers, SEED),
    joinSplitTypo: joinedOrSplitWithTypo(payers, SEED),
  })) {
    for (const variant of variants) cases.push({ ...variant, kind });
  }
  for (const [label, set] of [
    ['fixture cases', fixture],
    ['dev set cases', devSet],
  ] as const) {
    for (const devCase of set?.cases ?? []) {
      if (devCase.kind === 'fuzzy') cases.push({ typed: devCase.typed, payerId: idOf(devCase.expect)!, kind: label });
    }
  }
  const unknown = [
    ...INSURERS_THE_PRACTICE_DOES_NOT_HAVE,
    ...[fixture, devSet].flatMap((set) => (set?.cases ?? []).filter((c) => c.kind === 'none').map((c) => c.typed)),
  ].filter(
    (typed) => normalisePayerName(typed) !== '' && !payers.some((payer) => normalisePayerName(payer.name) === normalisePayerName(typed)),
  );

  const index = buildPayerMatchIndex(payers);
  const ours: Method = {
    answer(typed) {
      const result = matchPayerName(index, typed);
      return result.kind === 'linked'
        ? { linked: result.payerId, ranked: [result.payerId] }
        : { linked: undefined, ranked: result.suggestions.map((suggestion) => suggestion.payerId) };
    },
  };

  // Fuse's threshold: the best top-1 on (a sample of) these names, so the comparison is against Fuse at its best.
  const sample = cases.filter((_, i) => i % SAMPLE_STEP === 0);
  let best: { threshold: number; top1: number } | undefined;
  for (const threshold of FUSE_THRESHOLDS) {
    const method = fuseMethod(payers, threshold);
    const top1 = sample.filter((c) => topOf(method.answer(c.typed)) === c.payerId).length;
    if (best === undefined || top1 > best.top1) best = { threshold, top1 };
  }
  const fuse = fuseMethod(payers, best!.threshold);
  const oursAnswers = memoised(ours);
  const fuseAnswers = memoised(fuse);

  const classes = [...new Set(cases.map((c) => c.kind))].map((kind): ClassRow => {
    const ofKind = cases.filter((c) => c.kind === kind);
    return { kind, n: ofKind.length, ours: tally(oursAnswers, ofKind, []), fuse: tally(fuseAnswers, ofKind, []) };
  });

  const timed = medianMicros({ ours, fuse }, [...sample.map((c) => c.typed), ...unknown]);
  return {
    practice: devSet ? 'development practice + fixture practice + look-alikes' : 'demo practice + fixture practice + look-alikes',
    payers: payers.length,
    fuseOptions: `keys name+aliases on the normal form, ignoreLocation, ignoreDiacritics, threshold ${best!.threshold} (best of ${FUSE_THRESHOLDS.join('/')}), link at score ≤ ${FUSE_LINK_SCORE}`,
    ours: { ...accuracy(oursAnswers, cases, unknown), medianMicros: timed.ours },
    fuse: { ...accuracy(fuseAnswers, cases, unknown), medianMicros: timed.fuse },
    classes,
    typeahead: benchTypeahead(),
  };
}

function fuseMethod(payers: readonly MatchablePayer[], threshold: number): Method {
  const documents = payers.map((payer) => ({
    payerId: payer.payerId,
    name: normalisePayerName(payer.name),
    aliases: payer.aliases.map(normalisePayerName),
  }));
  const exact = new Map<string, string>();
  for (const document of documents) for (const name of [document.name, ...document.aliases]) exact.set(name, document.payerId);
  const fuse = new Fuse(documents, {
    keys: ['name', 'aliases'],
    includeScore: true,
    ignoreLocation: true,
    ignoreDiacritics: true,
    threshold,
  });
  return {
    answer(typed) {
      const normalised = normalisePayerName(typed);
      const exactId = exact.get(normalised);
      if (exactId !== undefined) return { linked: exactId, ranked: [exactId] };
      if (normalised === '') return { linked: undefined, ranked: [] };
      const hits = fuse.search(normalised, { limit: 3 });
      const top = hits[0];
      const linked = top !== undefined && (top.score ?? 1) <= FUSE_LINK_SCORE ? top.item.payerId : undefined;
      return { linked, ranked: hits.map((hit) => hit.item.payerId) };
    },
  };
}

function tally(method: Method, cases: readonly Case[], unknown: readonly string[]) {
  let top1 = 0;
  let top3 = 0;
  let wrongLinks = 0;
  for (const { typed, payerId } of cases) {
    const { linked, ranked } = method.answer(typed);
    if (linked !== undefined && linked !== payerId) wrongLinks++;
    if (linked === payerId || (linked === undefined && ranked[0] === payerId)) top1++;
    if (linked === payerId || (linked === undefined && ranked.slice(0, 3).includes(payerId))) top3++;
  }
  for (const typed of unknown) if (method.answer(typed).linked !== undefined) wrongLinks++;
  return { top1: percent(top1, cases.length), top3: percent(top3, cases.length), wrongLinks };
}

function accuracy(method: Method, cases: readonly Case[], unknown: readonly string[]) {
  const { top1, top3, wrongLinks } = tally(method, cases, unknown);
  const unknownSuggested = unknown.filter((typed) => method.answer(typed).ranked.length > 0).length;
  return { top1, top3, total: cases.length, wrongLinks, unknownSuggested, unknownTotal: unknown.length };
}

/** Both methods timed on the same names, name by name in turn, so machine noise hits both alike. */
function medianMicros(methods: { ours: Method; fuse: Method }, names: readonly string[]): { ours: number; fuse: number } {
  for (const typed of names) (methods.ours.answer(typed), methods.fuse.answer(typed));
  const durations = { ours: [] as number[], fuse: [] as number[] };
  for (let round = 0; round < TIMED_ROUNDS; round++) {
    for (const typed of names) {
      for (const key of ['ours', 'fuse'] as const) {
        const started = performance.now();
        methods[key].answer(typed);
        durations[key].push(performance.now() - started);
      }
    }
  }
  const median = (values: number[]) => Math.round(values.sort((a, b) => a - b)[Math.floor(values.length / 2)]! * 10_000) / 10;
  return { ours: median(durations.ours), fuse: median(durations.fuse) };
}

/** Answers computed once per name, for the accuracy tallies. */
function memoised(method: Method): Method {
  const answers = new Map<string, ReturnType<Method['answer']>>();
  return {
    answer(typed) {
      let answer = answers.get(typed);
      if (answer === undefined) answers.set(typed, (answer = method.answer(typed)));
      return answer;
    },
  };
}

/** The payer a method puts first: its link, or else its first suggestion. */
function topOf(answer: ReturnType<Method['answer']>): string | undefined {
  return answer.linked ?? answer.ranked[0];
}

/** rankPayersForQuery with 300 payers: what a client types letter by letter, and typos of whole names. */
function benchTypeahead(): MatcherComparisonResult['typeahead'] {
  const demo: MatchablePayer[] = DEMO_PAYERS.map((payer, i) => ({
    payerId: `demo-${i}`,
    name: payer.name,
    aliases: payer.aliases ?? [],
    active: true,
  }));
  const payers = [...demo, ...syntheticPayers(TYPEAHEAD_PAYERS - demo.length)];
  const random = seededRandom(SEED);
  const queries: string[] = [];
  for (let i = 0; i < 100; i++) {
    const name = payers[Math.floor(random() * payers.length)]!.name;
    queries.push(name.slice(0, 1 + Math.floor(random() * name.length)), withSingleTypo(name, random));
  }
  const started = performance.now();
  rankPayersForQuery(queries[0]!, payers);
  const firstCallMs = performance.now() - started;
  const durations: number[] = [];
  for (let round = 0; round < TIMED_ROUNDS; round++) {
    for (const query of queries) {
      const begun = performance.now();
      rankPayersForQuery(query, payers);
      durations.push(performance.now() - begun);
    }
  }
  durations.sort((a, b) => a - b);
  const micros = (fraction: number) => Math.round(durations[Math.floor(fraction * durations.length)]! * 10_000) / 10;
  return {
    payers: payers.length,
    queries: durations.length,
    medianMicros: micros(0.5),
    p99Micros: micros(0.99),
    firstCallMs: Math.round(firstCallMs * 100) / 100,
  };
}

interface CaseSet {
  practicePayers: { name: string }[];
  cases: { typed: string; expect: string | null; kind: 'exact' | 'fuzzy' | 'none' }[];
}

function readCaseSet(file: string): CaseSet | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CaseSet) : undefined;
}

function repoRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
}

function percent(count: number, total: number): number {
  return total === 0 ? 0 : Math.round((1000 * count) / total) / 10;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(benchMatcherComparison(), null, 2));
}
