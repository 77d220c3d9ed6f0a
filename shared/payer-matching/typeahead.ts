/**
 * The portal's payer typeahead: the practice's active payers ranked for what a client has typed so far, best
 * first. Two readings are combined, and a payer keeps the better of its two scores:
 *  - the text as the beginning of a name (what someone typing sees: "Aet" → Aetna, "united he" →
 *    UnitedHealthcare, "Blue Shield Cal" → Blue Shield of California: each typed word begins a word of the name,
 *    in order), of a word in it ("Cross" → Anthem Blue Cross), or inside it spaces ignored;
 *  - the matcher's suggestion tier, the same that ranks Needs Payer suggestions: typos ("Cigan"), abbreviations
 *    ("BCBS Texas"), joined or split words with a slip ("Unted Health Care").
 * Scores are in [0, 1]; 1 only for a name or alias equal to the text after normalisation. Pure; the index of
 * the last payer list is kept, so repeated calls with an unchanged list (a warm function) do not rebuild it.
 */
import { normalisePayerName } from '../payer-name.ts';
import { normalisedForSuggestions } from './matching-words.ts';
import { buildPayerMatchIndex, type BuiltPayerMatchIndex, type MatchablePayer } from './payer-index.ts';
import { compareText } from './scoring.ts';
import { suggestPayers } from './suggestions.ts';

/** The contract's bound: `GET /api/portal/payers` answers at most this many payers. */
export const TYPEAHEAD_LIMIT = 20;

export interface RankedPayer {
  payerId: string;
  name: string;
  /** How well the payer fits the text, in [0, 1]; absent when nothing was typed (the list is then by name). */
  score?: number;
}

/** Bands of the beginning reading; within a band, the more of the name the text spells, the higher. */
const BEGINNING_OF_NAME = 0.9;
const BEGINNING_OF_WORD = 0.8;
const INSIDE_NAME = 0.6;
const BAND_WIDTH = 0.09;
/** Text shorter than this is only read as a beginning: "ae" inside "Michael Health" is noise. */
const MIN_INSIDE_LENGTH = 3;

interface PreparedName {
  /** Normalised: words separated by single spaces. */
  readonly spaced: string;
  /** Normalised without spaces, so "united he" still begins "UnitedHealthcare". */
  readonly compact: string;
  readonly words: readonly string[];
}

interface PreparedPayers {
  readonly fingerprint: string;
  readonly index: BuiltPayerMatchIndex;
  /** Active payers by name, each with its name and aliases prepared. */
  readonly payers: readonly { readonly payerId: string; readonly name: string; readonly names: readonly PreparedName[] }[];
}

let lastPrepared: PreparedPayers | undefined;

/**
 * Ranks the active payers for `query`: at most `limit`, best first (equal scores by name). An empty query lists
 * the first `limit` active payers by name, without scores.
 */
export function rankPayersForQuery(query: string, payers: readonly MatchablePayer[], limit: number = TYPEAHEAD_LIMIT): RankedPayer[] {
  const prepared = preparedFor(payers);
  const typed = normalisePayerName(query);
  if (typed === '') return prepared.payers.slice(0, limit).map(({ payerId, name }) => ({ payerId, name }));

  const scores = new Map<string, number>();
  const typedCompact = typed.replace(/ /g, '');
  const typedWords = typed.split(' ');
  for (const payer of prepared.payers) {
    let best = 0;
    for (const name of payer.names) best = Math.max(best, beginningScore(typed, typedWords, typedCompact, name));
    if (best > 0) scores.set(payer.payerId, best);
  }
  for (const suggestion of suggestPayers(prepared.index, normalisedForSuggestions(query, 'typed'), limit)) {
    if (suggestion.score > (scores.get(suggestion.payerId) ?? 0)) scores.set(suggestion.payerId, suggestion.score);
  }

  return prepared.payers
    .filter((payer) => scores.has(payer.payerId))
    .map(({ payerId, name }) => ({ payerId, name, score: scores.get(payerId)! }))
    .sort((a, b) => b.score - a.score || compareText(a.name, b.name) || compareText(a.payerId, b.payerId))
    .slice(0, limit);
}

/** Plain comparisons, no allocation: this runs for every name of every payer on every keystroke. */
function beginningScore(typed: string, typedWords: readonly string[], typedCompact: string, name: PreparedName): number {
  if (name.spaced === typed) return 1;
  let band: number;
  const firstWordBegun = wordsBegunInOrder(typedWords, name.words);
  if (name.spaced.startsWith(typed) || name.compact.startsWith(typedCompact) || firstWordBegun === 0) band = BEGINNING_OF_NAME;
  else if (firstWordBegun > 0) band = BEGINNING_OF_WORD;
  else if (typedCompact.length >= MIN_INSIDE_LENGTH && name.compact.includes(typedCompact)) band = INSIDE_NAME;
  else return 0;
  const spelt = Math.min(1, typedCompact.length / name.compact.length);
  return Math.round((band + BAND_WIDTH * spelt) * 1000) / 1000;
}

/**
 * Whether each typed word begins a word of the name, in order (name words may be skipped: "of"); the position of
 * the name word the first typed word begins, or -1.
 */
function wordsBegunInOrder(typedWords: readonly string[], nameWords: readonly string[]): number {
  let next = 0;
  let first = -1;
  for (const typedWord of typedWords) {
    while (next < nameWords.length && !nameWords[next]!.startsWith(typedWord)) next++;
    if (next === nameWords.length) return -1;
    if (first === -1) first = next;
    next++;
  }
  return first;
}

function preparedFor(payers: readonly MatchablePayer[]): PreparedPayers {
  const active = payers.filter((payer) => payer.active);
  // Everything the ranking reads, joined with separators no name contains (control characters are refused).
  let fingerprint = '';
  for (const { payerId, name, aliases } of active) fingerprint += `${payerId}\u0000${name}\u0000${aliases.join('\u0001')}\u0002`;
  if (lastPrepared?.fingerprint === fingerprint) return lastPrepared;
  const prepareName = (text: string): PreparedName => {
    const spaced = normalisePayerName(text);
    return { spaced, compact: spaced.replace(/ /g, ''), words: spaced.split(' ') };
  };
  lastPrepared = {
    fingerprint,
    index: buildPayerMatchIndex(active) as BuiltPayerMatchIndex,
    payers: active
      .map(({ payerId, name, aliases }) => ({
        payerId,
        name,
        names: [name, ...aliases].map(prepareName).filter((prepared) => prepared.compact !== ''),
      }))
      .sort((a, b) => compareText(a.name, b.name) || compareText(a.payerId, b.payerId)),
  };
  return lastPrepared;
}
