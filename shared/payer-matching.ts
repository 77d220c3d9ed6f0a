/**
 * Payer matching: turning the payer name a client typed into one of the practice's payers.
 *
 * Two tiers, kept apart on purpose because a wrong payer means a denied claim:
 *  1. Exact: the typed name, in the normal form of payer-name.ts (lower case, `&` → "and", punctuation → spaces,
 *     one trailing corporate suffix dropped), equals an active payer's normalised name or alias → the policy is
 *     linked. Nothing looser ever links ("United Healthcare" is not "UnitedHealthcare": that is a suggestion).
 *  2. Otherwise the policy needs a payer, and the practitioner is offered up to three ranked suggestions.
 *
 * The suggestion score compares the two names as weighted bags of words. Words are first brought to a common
 * form (diacritics folded, abbreviations such as BCBS/UHC expanded, "BlueCross" split, state names and postal
 * codes unified), each word is weighted by what it tells apart (a payer's own word ≫ a state ≫ "Blue"/"Cross"
 * ≫ "Health"/"Plan" ≫ plan-type words like "PPO"; rarer words in this practice's list weigh more), and words
 * are paired exactly, across different spacing ("Care First" ↔ "CareFirst"), within one typo, or both at once
 * ("Unted Health Care" ↔ "UnitedHealthcare", "OscrHealth" ↔ "Oscar Health"). The score is a
 * precision-leaning F-measure of the weight each side gets covered: a client usually types less than the full
 * payer name ("Kaiser"), or the payer name plus a plan ("Aetna PPO"), and both should rank the payer first,
 * while a different insurer that only shares filler words ("Bright Health" vs "Oscar Health") should not.
 *
 * Pure and isomorphic (no Node built-ins): the stream processor uses it for the Needs Payer badge.
 *
 * This module is the public surface; the steps live under payer-matching/, one concern per file:
 * matching-words.ts (reading a name into weighted words), payer-index.ts (the index built once per payer list),
 * word-matches.ts (which index words a typed word may be), scoring.ts (preselection and the score), with the
 * word lists in vocabulary.ts and the edit distance in edit-distance.ts.
 */
import { CORPORATE_SUFFIXES, normalisePayerName } from './payer-name.ts';
import { ROLE_WEIGHT, normalisedForSuggestions, toMatchingWords } from './payer-matching/matching-words.ts';
import { BuiltPayerMatchIndex, buildPayerMatchIndex, type MatchablePayer, type PayerMatchIndex } from './payer-matching/payer-index.ts';
import { compareText, joinedPairingsOf, preselectCandidates, scoreName } from './payer-matching/scoring.ts';
import { findJoinedPayerWordMatches, findTypedWordMatches, typedNameHelp } from './payer-matching/word-matches.ts';

export { CORPORATE_SUFFIXES, normalisePayerName, buildPayerMatchIndex, type MatchablePayer, type PayerMatchIndex };

export interface PayerSuggestion {
  payerId: string;
  name: string;
  score: number;
}

export type PayerMatchResult =
  { kind: 'linked'; payerId: string; matchedBy: 'name' | 'alias' } | { kind: 'needs_payer'; suggestions: PayerSuggestion[] };

/** At most this many suggestions accompany a Needs Payer result. */
export const MAX_SUGGESTIONS = 3;

/**
 * Suggestions scoring below this are not shown. Chosen so that a name sharing only filler or family words with
 * a practice payer ("Bright Health" vs "Oscar Health", "Independence Blue Cross" vs "Premera Blue Cross")
 * produces nothing, while a name sharing the payer's own word ("Kaiser", "Tufts", "Highmark") or a typo of it
 * scores well above it (on the development set the weakest right answer scores 0.77). Between the two sit
 * names of another member of a payer family the practice has ("Blue Cross Blue Shield of Michigan" against
 * three state-less Blue Cross payers: 0.57): weak suggestions the practitioner can dismiss.
 */
export const MIN_SUGGESTION_SCORE = 0.4;

/**
 * A fuzzy suggestion never scores 1: 1 is kept for names that are exactly equal after normalisation (which only
 * appear as suggestions when two active payers share that name, so neither can be linked safely).
 */
const MAX_FUZZY_SCORE = 0.99;

/**
 * Suggestions read at most this many words, and look for typos only in words up to this long: real payer names
 * fit easily, and anything longer (a pasted paragraph) must not cost more than a real name does.
 */
const MAX_TYPED_WORDS_READ = 16;
const MAX_TYPED_WORD_LENGTH_READ = 40;

/**
 * Links the typed name to an active payer when it is exactly that payer's name or alias after normalisation;
 * otherwise reports that the policy needs a payer, with up to three suggestions, best first.
 */
export function matchPayerName(index: PayerMatchIndex, typedName: string): PayerMatchResult {
  if (!(index instanceof BuiltPayerMatchIndex)) {
    throw new TypeError('matchPayerName needs an index made by buildPayerMatchIndex');
  }
  const normalised = normalisePayerName(typedName);
  if (normalised === '') return { kind: 'needs_payer', suggestions: [] };

  // A name wins over an alias. Two payers sharing the same name (or, failing that, the same alias) cannot be
  // told apart by the name alone, so neither is linked; both are offered instead.
  for (const [ordinalsByExact, matchedBy] of [
    [index.payerOrdinalsByExactName, 'name'],
    [index.payerOrdinalsByExactAlias, 'alias'],
  ] as const) {
    const ordinals = ordinalsByExact.get(normalised);
    if (ordinals === undefined) continue;
    if (ordinals.length === 1) return { kind: 'linked', payerId: index.payers[ordinals[0]!]!.payerId, matchedBy };
    const suggestions = ordinals.map((ordinal) => ({ ...index.payers[ordinal]!, score: 1 }));
    return { kind: 'needs_payer', suggestions: rankSuggestions(suggestions) };
  }

  return { kind: 'needs_payer', suggestions: suggestPayers(index, normalisedForSuggestions(typedName, 'typed')) };
}

function suggestPayers(index: BuiltPayerMatchIndex, normalised: string): PayerSuggestion[] {
  const readable = normalised
    .split(' ')
    .slice(0, MAX_TYPED_WORDS_READ)
    .map((word) => word.slice(0, MAX_TYPED_WORD_LENGTH_READ))
    .join(' ');
  const typedWords = toMatchingWords(readable, typedNameHelp(index));
  if (typedWords.length === 0) return [];
  // A typed word weighs by its own role ("Medicare" in "Aetna Medicare Advantage" is a plan word) and by how
  // rare it is among the practice's payers; a word no payer uses is as rare as can be.
  const typedWeights = typedWords.map((word) => {
    const wordId = index.wordIdByKey.get(word.key);
    return ROLE_WEIGHT[word.role] * (wordId === undefined ? 1 : index.wordRarity[wordId]!);
  });
  const typedHasState = typedWords.some((word) => word.role === 'state');

  const matchesByWordId = findTypedWordMatches(index, typedWords);
  const joinedPayerWordMatches = findJoinedPayerWordMatches(index, typedWords);

  const candidates = preselectCandidates(index, typedWeights, matchesByWordId, joinedPayerWordMatches);
  const joinedPairingsByName = joinedPairingsOf(candidates, joinedPayerWordMatches);

  const bestScoreByPayer = new Map<number, number>();
  for (const nameOrdinal of candidates) {
    const name = index.names[nameOrdinal]!;
    const score = scoreName(name, typedWords, typedWeights, typedHasState, matchesByWordId, joinedPairingsByName.get(nameOrdinal));
    if (score > (bestScoreByPayer.get(name.payerOrdinal) ?? 0)) bestScoreByPayer.set(name.payerOrdinal, score);
  }

  const suggestions: PayerSuggestion[] = [];
  for (const [payerOrdinal, score] of bestScoreByPayer) {
    const rounded = Math.round(Math.min(score, MAX_FUZZY_SCORE) * 1000) / 1000;
    if (rounded >= MIN_SUGGESTION_SCORE) suggestions.push({ ...index.payers[payerOrdinal]!, score: rounded });
  }
  return rankSuggestions(suggestions);
}

function rankSuggestions(suggestions: PayerSuggestion[]): PayerSuggestion[] {
  return suggestions
    .sort((a, b) => b.score - a.score || compareText(a.name, b.name) || compareText(a.payerId, b.payerId))
    .slice(0, MAX_SUGGESTIONS)
    .map(({ payerId, name, score }) => ({ payerId, name, score }));
}
