/**
 * The suggestion tier: a typed name read into weighted words, paired with the index's names, scored, and the
 * best payers returned. Used for the Needs Payer suggestions (three) and the portal typeahead (twenty).
 */
import { ROLE_WEIGHT, toMatchingWords } from './matching-words.ts';
import type { BuiltPayerMatchIndex } from './payer-index.ts';
import { compareText, joinedPairingsOf, preselectCandidates, scoreName } from './scoring.ts';
import { findJoinedPayerWordMatches, findTypedWordMatches, typedNameHelp } from './word-matches.ts';

export interface PayerSuggestion {
  payerId: string;
  name: string;
  score: number;
}

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

/** The active payers whose names resemble `normalised`, best first, at most `limit`, none below the minimum score. */
export function suggestPayers(index: BuiltPayerMatchIndex, normalised: string, limit: number): PayerSuggestion[] {
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
  return rankSuggestions(suggestions, limit);
}

/** Best first; equal scores by payer name (code-unit order), so the order of the payer list never matters. */
export function rankSuggestions(suggestions: PayerSuggestion[], limit: number): PayerSuggestion[] {
  return suggestions
    .sort((a, b) => b.score - a.score || compareText(a.name, b.name) || compareText(a.payerId, b.payerId))
    .slice(0, limit)
    .map(({ payerId, name, score }) => ({ payerId, name, score }));
}
