/**
 * Payer-matching benchmark: how long one typed name takes to match against a large payer list, and how well the
 * development examples match. Wired into `npm run bench` by bench/run.ts; runnable alone with
 * `npx tsx bench/payer-matching.bench-part.ts`.
 *
 * The large list is synthetic (10,000 payers: invented brand names in the shapes real payer names take, plus
 * the development practice's real payers) because no practice has that many; it exists to prove the inverted
 * index keeps a match well under a millisecond however many payers a practice keeps.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPayerMatchIndex, matchPayerName, type MatchablePayer, type PayerMatchIndex } from '../shared/payer-matching.ts';
import { DEMO_PAYERS } from '../infra/local/demo-practice.ts';

export interface DevAccuracy {
  exactLinked: number;
  exactTotal: number;
  noneUnlinked: number;
  noneWithoutSuggestions: number;
  noneTotal: number;
  fuzzyTop1: number;
  fuzzyTop3: number;
  fuzzyTotal: number;
  /** Any case linked to a payer other than the expected one (must be 0). */
  wronglyLinked: number;
}

export interface PayerMatchingBenchResult {
  medianMs: number;
  p99Ms: number;
  maxMs: number;
  payers: number;
  buildIndexMs: number;
  matchesTimed: number;
  /** The project's own cases (test/fixtures/payer-matching-cases.json) against their practice's payer list. */
  fixtureAccuracy: DevAccuracy;
  /**
   * The development cases against the development practice's own payer list. Undefined when the development
   * set is not beside the project (`../shared/data`).
   */
  devAccuracy: DevAccuracy | undefined;
  /** The same cases with the practice's payers hidden among the 10,000 synthetic ones. */
  devAccuracyAmongSyntheticPayers: DevAccuracy | undefined;
}

const SYNTHETIC_PAYER_COUNT = 10_000;
const TIMED_ROUNDS = 40;
const WARM_UP_ROUNDS = 5;

interface DevCase {
  typed: string;
  expect: string | null;
  kind: 'exact' | 'fuzzy' | 'none';
}

interface DevSet {
  practicePayers: { name: string }[];
  cases: DevCase[];
}

export async function benchPayerMatching(): Promise<PayerMatchingBenchResult> {
  const devSet = readDevSet();
  // Without the development set, the demo practice's payers stand in for the practice (timing only).
  const practiceNames = devSet?.practicePayers.map((payer) => payer.name) ?? DEMO_PAYERS.map((payer) => payer.name);
  const practicePayers: MatchablePayer[] = practiceNames.map((name, i) => ({
    payerId: `practice-${i}`,
    name,
    aliases: [],
    active: true,
  }));
  const allPayers = [...practicePayers, ...syntheticPayers(SYNTHETIC_PAYER_COUNT - practicePayers.length)];

  const buildStarted = performance.now();
  const largeIndex = buildPayerMatchIndex(allPayers);
  const buildIndexMs = performance.now() - buildStarted;

  // Typed names of every kind: the development cases plus a mistyped, plan-suffixed and unspaced variant of
  // each synthetic payer drawn, so the timing covers exact, fuzzy and no-match paths.
  const random = seededRandom(7);
  const typedNames = [...(devSet?.cases.map((c) => c.typed) ?? [])];
  for (let i = 0; i < 200; i++) {
    const payer = allPayers[Math.floor(random() * allPayers.length)]!;
    typedNames.push(withTypo(payer.name, random), `${payer.name} PPO`, payer.name.replace(/ /g, ''));
  }

  for (let round = 0; round < WARM_UP_ROUNDS; round++) {
    for (const typed of typedNames) matchPayerName(largeIndex, typed);
  }
  const durations: number[] = [];
  for (let round = 0; round < TIMED_ROUNDS; round++) {
    for (const typed of typedNames) {
      const started = performance.now();
      matchPayerName(largeIndex, typed);
      durations.push(performance.now() - started);
    }
  }
  durations.sort((a, b) => a - b);

  return {
    medianMs: round4(percentile(durations, 0.5)),
    p99Ms: round4(percentile(durations, 0.99)),
    maxMs: round4(durations.at(-1) ?? 0),
    payers: allPayers.length,
    buildIndexMs: round4(buildIndexMs),
    matchesTimed: durations.length,
    fixtureAccuracy: measureCaseSetAccuracy(readFixtureSet()),
    devAccuracy: devSet ? measureDevAccuracy(buildPayerMatchIndex(practicePayers), practicePayers, devSet.cases) : undefined,
    devAccuracyAmongSyntheticPayers: devSet ? measureDevAccuracy(largeIndex, practicePayers, devSet.cases) : undefined,
  };
}

/** The development set lives beside the project, not in it: absent on a machine that cloned only the project. */
function readDevSet(): DevSet | undefined {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const file = path.resolve(repoRoot, '../shared/data/payer-matching-dev.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DevSet) : undefined;
}

/** The project's own cases, committed so that accuracy is measured on every clone. */
function readFixtureSet(): DevSet {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/fixtures/payer-matching-cases.json');
  return JSON.parse(readFileSync(file, 'utf8')) as DevSet;
}

function measureCaseSetAccuracy(set: DevSet): DevAccuracy {
  const payers: MatchablePayer[] = set.practicePayers.map((payer, i) => ({
    payerId: `fixture-${i}`,
    name: payer.name,
    aliases: [],
    active: true,
  }));
  return measureDevAccuracy(buildPayerMatchIndex(payers), payers, set.cases);
}

function measureDevAccuracy(index: PayerMatchIndex, practicePayers: readonly MatchablePayer[], cases: readonly DevCase[]): DevAccuracy {
  const accuracy: DevAccuracy = {
    exactLinked: 0,
    exactTotal: 0,
    noneUnlinked: 0,
    noneWithoutSuggestions: 0,
    noneTotal: 0,
    fuzzyTop1: 0,
    fuzzyTop3: 0,
    fuzzyTotal: 0,
    wronglyLinked: 0,
  };
  for (const devCase of cases) {
    const expectedId = practicePayers.find((payer) => payer.name === devCase.expect)?.payerId;
    const result = matchPayerName(index, devCase.typed);
    if (result.kind === 'linked' && result.payerId !== expectedId) accuracy.wronglyLinked++;
    if (devCase.kind === 'exact') {
      accuracy.exactTotal++;
      if (result.kind === 'linked' && result.payerId === expectedId) accuracy.exactLinked++;
    } else if (devCase.kind === 'none') {
      accuracy.noneTotal++;
      if (result.kind === 'needs_payer') {
        accuracy.noneUnlinked++;
        if (result.suggestions.length === 0) accuracy.noneWithoutSuggestions++;
      }
    } else {
      accuracy.fuzzyTotal++;
      if (result.kind !== 'needs_payer') continue;
      const rank = result.suggestions.findIndex((suggestion) => suggestion.payerId === expectedId);
      if (rank === 0) accuracy.fuzzyTop1++;
      if (rank >= 0 && rank < 3) accuracy.fuzzyTop3++;
    }
  }
  return accuracy;
}

// ---------------------------------------------------------------------------------------------------------------
// Synthetic payers
// ---------------------------------------------------------------------------------------------------------------

const STATE_NAMES = [
  'Alabama',
  'Alaska',
  'Arizona',
  'Arkansas',
  'California',
  'Colorado',
  'Connecticut',
  'Delaware',
  'Florida',
  'Georgia',
  'Hawaii',
  'Idaho',
  'Illinois',
  'Indiana',
  'Iowa',
  'Kansas',
  'Kentucky',
  'Louisiana',
  'Maine',
  'Maryland',
  'Massachusetts',
  'Michigan',
  'Minnesota',
  'Mississippi',
  'Missouri',
  'Montana',
  'Nebraska',
  'Nevada',
  'New Hampshire',
  'New Jersey',
  'New Mexico',
  'New York',
  'North Carolina',
  'North Dakota',
  'Ohio',
  'Oklahoma',
  'Oregon',
  'Pennsylvania',
  'Rhode Island',
  'South Carolina',
  'South Dakota',
  'Tennessee',
  'Texas',
  'Utah',
  'Vermont',
  'Virginia',
  'Washington',
  'West Virginia',
  'Wisconsin',
  'Wyoming',
];
const SYLLABLES = [
  'am',
  'bel',
  'cor',
  'dan',
  'el',
  'fin',
  'gar',
  'hal',
  'is',
  'jor',
  'kel',
  'lum',
  'mar',
  'nor',
  'ol',
  'pra',
  'quin',
  'ros',
  'sel',
  'tor',
  'ul',
  'ven',
  'wes',
  'xan',
  'yor',
  'zel',
  'tri',
  'med',
  'ca',
  'vi',
  'ta',
  'ra',
];
/** The shapes real payer names take, with {brand}, {brand2} and {state} to fill in. */
const NAME_SHAPES = [
  '{brand}',
  '{brand} Health',
  '{brand} Health Plan',
  '{brand} Healthcare',
  '{brand} Insurance Company',
  '{brand} Health Plan of {state}',
  '{brand} Blue Cross Blue Shield',
  '{brand} BlueCross BlueShield of {state}',
  '{brand} Blue Cross',
  '{brand} {brand2}',
  '{brand} {brand2} Health',
  '{brand} Medicare Advantage',
  '{brand} Behavioral Health',
  '{brand} Community Health Plan',
  '{brand} Benefit Administrators',
];

export function syntheticPayers(count: number): MatchablePayer[] {
  const random = seededRandom(42);
  const brand = () => {
    const syllableCount = 2 + Math.floor(random() * 2);
    let word = '';
    for (let i = 0; i < syllableCount; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)]!;
    return word.charAt(0).toUpperCase() + word.slice(1);
  };
  const payers: MatchablePayer[] = [];
  for (let i = 0; i < count; i++) {
    const shape = NAME_SHAPES[Math.floor(random() * NAME_SHAPES.length)]!;
    const name = shape
      .replace('{brand}', brand())
      .replace('{brand2}', brand())
      .replace('{state}', STATE_NAMES[Math.floor(random() * STATE_NAMES.length)]!);
    const aliases = random() < 0.2 ? [name.split(' ')[0]!.toUpperCase() + ' PPO'] : [];
    payers.push({ payerId: `synthetic-${i}`, name, aliases, active: random() > 0.05 });
  }
  return payers;
}

function withTypo(name: string, random: () => number): string {
  const position = 1 + Math.floor(random() * Math.max(1, name.length - 1));
  return name.slice(0, position) + name.slice(position + 1);
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // mulberry32: small, fast and good enough to make repeatable synthetic data.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(sortedValues: readonly number[], fraction: number): number {
  if (sortedValues.length === 0) return 0;
  const position = Math.min(sortedValues.length - 1, Math.floor(fraction * sortedValues.length));
  return sortedValues[position]!;
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void benchPayerMatching().then((result) => console.log(JSON.stringify(result, null, 2)));
}
