/**
 * Card reading benchmark: per-field accuracy of the card reader on clean and photo-like cards, the share of
 * wrong values among the fields it returned, time per card and peak memory, in Node (the same modules the reader
 * function runs). Cards: the development set beside the project (`../shared/data/cards-dev`, when present) and a
 * generated set (test/support/synthetic-cards.ts; CARD_BENCH_GENERATED cards, default 40, each clean and
 * photo-like). Wired into `npm run bench` by bench/run.ts (stage `cards`); runnable alone with
 * `npx tsx bench/card-reading.bench-part.ts`.
 *
 * A field counts as exact when it equals the printed value ignoring case, spaces and dashes (the contract's
 * comparison); a returned field that differs, or that is not printed on the card at all, counts as wrong.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PAYERS } from '../infra/local/demo-practice.ts';
import type { CardField, CardFields } from '../shared/card-reading/extract-fields.ts';
import { cardPayerMatcher } from '../shared/card-reading/payer.ts';
import { cardFieldValues } from '../shared/constants.ts';
import { readCardImage } from '../functions/card-reader/read-card.ts';
import { stopOcr } from '../functions/card-reader/ocr.ts';
import { generateCards } from '../test/support/synthetic-cards.ts';
import { percentile } from './support/stats.ts';

/** Every field a reading may carry (the contract's list). */
const FIELDS: readonly CardField[] = cardFieldValues;

export interface Tally {
  cards: number;
  printed: number;
  exact: number;
  returned: number;
  wrong: number;
  perField: Record<string, { printed: number; exact: number; wrong: number }>;
}

export interface CardReadingResult {
  clean: Tally;
  photoLike: Tally;
  devSet: { clean: Tally; photoLike: Tally } | undefined;
  /** Generated cards by layout (test/support/synthetic-cards.ts `LAYOUTS`), clean and photo-like. */
  perLayout: Record<string, { clean: Tally; photoLike: Tally }>;
  timeMs: { median: number; p95: number; max: number; n: number };
  workerStartMs: number;
  peakRssMb: number;
}

interface BenchCard {
  id: string;
  kind: 'clean' | 'photoLike';
  bytes: Buffer;
  contentType: string;
  fields: CardFields;
  dev: boolean;
  layout?: string;
}

const DEV_DIR = path.resolve(fileURLToPath(import.meta.url), '../../../shared/data/cards-dev');
const comparable = (value: string) => value.toUpperCase().replace(/[\s-]/g, '');

function emptyTally(): Tally {
  return {
    cards: 0,
    printed: 0,
    exact: 0,
    returned: 0,
    wrong: 0,
    perField: Object.fromEntries(FIELDS.map((field) => [field, { printed: 0, exact: 0, wrong: 0 }])),
  };
}

function score(tally: Tally, truth: CardFields, read: CardFields): void {
  tally.cards++;
  for (const field of FIELDS) {
    const expected = truth[field];
    const got = read[field];
    const perField = tally.perField[field]!;
    if (expected) {
      tally.printed++;
      perField.printed++;
    }
    if (got === undefined) continue;
    tally.returned++;
    if (expected && comparable(got) === comparable(expected)) {
      tally.exact++;
      perField.exact++;
    } else {
      tally.wrong++;
      perField.wrong++;
    }
  }
}

function devCards(): BenchCard[] {
  if (!existsSync(path.join(DEV_DIR, 'truth.json'))) return [];
  const truth = JSON.parse(readFileSync(path.join(DEV_DIR, 'truth.json'), 'utf8')) as {
    id: string;
    clean: string;
    photoLike: string;
    fields: Record<string, string | null>;
  }[];
  return truth.flatMap((card) => {
    const fields = Object.fromEntries(Object.entries(card.fields).filter(([, value]) => value)) as CardFields;
    return (['clean', 'photoLike'] as const).map((kind) => ({
      id: card.id,
      kind,
      bytes: readFileSync(path.join(DEV_DIR, card[kind])),
      contentType: card[kind].endsWith('.png') ? 'image/png' : 'image/jpeg',
      fields,
      dev: true,
    }));
  });
}

export async function benchCardReading(options: { generated?: number } = {}): Promise<CardReadingResult> {
  const generated = await generateCards(options.generated ?? Number(process.env.CARD_BENCH_GENERATED ?? 40));
  const cards: BenchCard[] = [
    ...devCards(),
    ...generated.flatMap((card) => [
      {
        id: card.id,
        kind: 'clean' as const,
        bytes: card.clean,
        contentType: 'image/png',
        fields: card.fields,
        dev: false,
        layout: card.layout,
      },
      {
        id: card.id,
        kind: 'photoLike' as const,
        bytes: card.photoLike,
        contentType: 'image/jpeg',
        fields: card.fields,
        dev: false,
        layout: card.layout,
      },
    ]),
  ];
  // The practice's payers are the demo practice's: cards of other payers must be read as printed, or not at all.
  const matchPayer = cardPayerMatcher(
    DEMO_PAYERS.map((payer, index) => ({ payerId: String(index), name: payer.name, aliases: payer.aliases ?? [], active: true })),
  );

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const workerStarted = performance.now();
  // The first reading starts the worker; timed separately (a warm Lambda or browser tab pays it once).
  await readCardImage(cards[0]!.bytes, cards[0]!.contentType, matchPayer);
  const workerStartMs = performance.now() - workerStarted;

  const all = { clean: emptyTally(), photoLike: emptyTally() };
  const dev = { clean: emptyTally(), photoLike: emptyTally() };
  const perLayout: CardReadingResult['perLayout'] = {};
  const times: number[] = [];
  for (const card of cards) {
    const started = performance.now();
    const reading = await readCardImage(card.bytes, card.contentType, matchPayer);
    times.push(performance.now() - started);
    score(all[card.kind], card.fields, reading.fields);
    if (card.dev) score(dev[card.kind], card.fields, reading.fields);
    if (card.layout)
      score((perLayout[card.layout] ??= { clean: emptyTally(), photoLike: emptyTally() })[card.kind], card.fields, reading.fields);
  }
  clearInterval(sampler);
  await stopOcr();
  times.sort((a, b) => a - b);
  return {
    clean: all.clean,
    photoLike: all.photoLike,
    devSet: dev.clean.cards ? dev : undefined,
    perLayout,
    timeMs: { median: percentile(times, 0.5), p95: percentile(times, 0.95), max: times[times.length - 1]!, n: times.length },
    workerStartMs,
    peakRssMb: peakRss / 1024 / 1024,
  };
}

export const exactShare = (tally: Tally) => (100 * tally.exact) / Math.max(1, tally.printed);
export const wrongShare = (tally: Tally) => (100 * tally.wrong) / Math.max(1, tally.returned);

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void benchCardReading().then((result) => {
    const line = (name: string, tally: Tally) =>
      `${name}: ${tally.cards} cards, exact ${exactShare(tally).toFixed(1)} % of ${tally.printed} printed fields, wrong ${wrongShare(tally).toFixed(1)} % of ${tally.returned} returned\n` +
      FIELDS.map((field) => {
        const perField = tally.perField[field]!;
        return `    ${field.padEnd(15)} ${perField.exact}/${perField.printed} exact, ${perField.wrong} wrong`;
      }).join('\n');
    console.log(line('clean', result.clean));
    console.log(line('photo-like', result.photoLike));
    if (result.devSet)
      console.log(line('dev set, clean', result.devSet.clean), '\n' + line('dev set, photo-like', result.devSet.photoLike));
    for (const [layout, tallies] of Object.entries(result.perLayout)) {
      console.log(
        `generated, ${layout}: clean ${exactShare(tallies.clean).toFixed(1)} % of ${tallies.clean.printed} (wrong ${wrongShare(tallies.clean).toFixed(1)} %), photo-like ${exactShare(tallies.photoLike).toFixed(1)} % of ${tallies.photoLike.printed} (wrong ${wrongShare(tallies.photoLike).toFixed(1)} %)`,
      );
    }
    console.log(
      `time per card: median ${result.timeMs.median.toFixed(0)} ms, p95 ${result.timeMs.p95.toFixed(0)} ms, max ${result.timeMs.max.toFixed(0)} ms (n ${result.timeMs.n}); worker start + first card ${result.workerStartMs.toFixed(0)} ms; peak RSS ${result.peakRssMb.toFixed(0)} MB`,
    );
  });
}
