import { normalisePayerName } from './payer-name.ts';

/**
 * The portal typeahead's current ranking: the practice's payers whose name or alias starts with, or has a word
 * that starts with, or (spaces ignored) contains what the client typed — best first, then by name. No typos:
 * the matcher's typo-tolerant ranking (payer-matching/typeahead.ts) is to replace it.
 */
export function rankPayersByPrefix<P extends { name: string; aliases: readonly string[] }>(
  payers: readonly P[],
  typedText: string,
  limit: number,
): P[] {
  const typed = normalisePayerName(typedText);
  return payers
    .map((payer) => ({ payer, rank: rankFor(typed, [payer.name, ...payer.aliases]) }))
    .filter((entry) => entry.rank < Infinity)
    .sort((a, b) => a.rank - b.rank || a.payer.name.localeCompare(b.payer.name))
    .slice(0, limit)
    .map((entry) => entry.payer);
}

/** 0: a name starts with the text; 1: a word of a name does; 2: it appears anywhere; Infinity: no match. */
function rankFor(typed: string, names: string[]): number {
  if (!typed) return 0;
  let best = Infinity;
  for (const name of names.map(normalisePayerName)) {
    if (name.startsWith(typed)) return 0;
    if (name.split(' ').some((word) => word.startsWith(typed))) best = Math.min(best, 1);
    else if (name.replace(/ /g, '').includes(typed.replace(/ /g, ''))) best = Math.min(best, 2);
  }
  return best;
}
