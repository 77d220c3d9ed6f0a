import { buildPayerMatchIndex, matchPayerName, type MatchablePayer } from '../payer-matching.ts';

/** A fuzzy suggestion is taken as the card's payer only this sure, and this far ahead of the runner-up. */
const MIN_SCORE = 0.8;
const MIN_LEAD = 0.15;

/**
 * Recognises a practice payer in text read from a card's header (a logo read as "aetna", "Actna", "Blue Cross
 * Blue Shield of"): the payer matcher's exact link, or a clear first suggestion. Returns the practice's spelling.
 * Only a hint for the reading: payer linking itself stays with the stream processor's rules.
 */
export function cardPayerMatcher(payers: readonly MatchablePayer[]): (text: string) => string | undefined {
  const active = payers.filter((payer) => payer.active);
  if (active.length === 0) return () => undefined;
  const index = buildPayerMatchIndex(active);
  const names = new Map(active.map((payer) => [payer.payerId, payer.name]));
  return (text) => {
    if (text.replace(/[^A-Za-z]/g, '').length < 3) return undefined;
    const result = matchPayerName(index, text);
    if (result.kind === 'linked') return names.get(result.payerId);
    const [first, second] = result.suggestions;
    if (first && first.score >= MIN_SCORE && (second?.score ?? 0) <= first.score - MIN_LEAD) return first.name;
    return undefined;
  };
}
