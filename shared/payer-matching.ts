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
import { normalisedForSuggestions } from './payer-matching/matching-words.ts';
import { BuiltPayerMatchIndex, buildPayerMatchIndex, type MatchablePayer, type PayerMatchIndex } from './payer-matching/payer-index.ts';
import {
  MAX_SUGGESTIONS,
  MIN_SUGGESTION_SCORE,
  rankSuggestions,
  suggestPayers,
  type PayerSuggestion,
} from './payer-matching/suggestions.ts';

export { CORPORATE_SUFFIXES, normalisePayerName, buildPayerMatchIndex, type MatchablePayer, type PayerMatchIndex };
export { MAX_SUGGESTIONS, MIN_SUGGESTION_SCORE, type PayerSuggestion };
export { rankPayersForQuery, TYPEAHEAD_LIMIT, type RankedPayer } from './payer-matching/typeahead.ts';

export type PayerMatchResult =
  { kind: 'linked'; payerId: string; matchedBy: 'name' | 'alias' } | { kind: 'needs_payer'; suggestions: PayerSuggestion[] };

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
    return { kind: 'needs_payer', suggestions: rankSuggestions(suggestions, MAX_SUGGESTIONS) };
  }

  return { kind: 'needs_payer', suggestions: suggestPayers(index, normalisedForSuggestions(typedName, 'typed'), MAX_SUGGESTIONS) };
}
