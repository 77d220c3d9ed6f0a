/**
 * The payer-name normal form: a typed name equal to an active payer's name or alias in this form links that payer
 * automatically, and nothing looser ever does. On its own so that the repositories, which need only this to keep
 * names unique, do not bundle the whole matcher.
 */

/** Dropped when they end a name. Only one is dropped: "Co Inc" keeps its "co". */
export const CORPORATE_SUFFIXES: readonly string[] = Object.freeze([
  'inc',
  'incorporated',
  'llc',
  'co',
  'company',
  'corp',
  'corporation',
  'ltd',
]);

const CORPORATE_SUFFIX_SET: ReadonlySet<string> = new Set(CORPORATE_SUFFIXES);
/** Unicode-aware "not alphanumeric": letters and digits of any script stay, and so do their combining marks. */
const NON_ALPHANUMERIC_RUN = /[^\p{L}\p{N}\p{M}]+/gu;

/**
 * The normal form two names must share to count as the same payer: lower case, `&` → `and`,
 * every other non-alphanumeric character → a space, spaces collapsed and trimmed, one trailing corporate suffix
 * dropped.
 *
 * Decisions the design leaves open:
 *  - "Alphanumeric" is Unicode-aware: letters and digits of any script count, so "Médica" keeps its "é" rather
 *    than being torn into "m dica". Accents are NOT folded, so "Medica" and "Médica" are not exactly equal;
 *    the suggestion tier folds them and ranks the payer first.
 *  - Text is first composed (Unicode NFC), so an "é" typed as "e" + combining accent equals a precomposed "é":
 *    that is the same text, not a looser match. Compatibility folding (NFKC) is deliberately not applied: it
 *    would turn "™"/"℠", which payers print after their names, into the letters "tm"/"sm".
 *  - Symbols such as "®", "™" and emoji are not alphanumeric, so they become spaces like punctuation.
 *  - A suffix is only dropped after another word: a name that is nothing but "Inc" keeps it.
 */
export function normalisePayerName(name: string): string {
  return withoutCorporateSuffix(normalisedWords(name)).join(' ');
}

export function normalisedWords(name: string): string[] {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(NON_ALPHANUMERIC_RUN, ' ')
    .split(' ')
    .filter((word) => word.length > 0);
}

export function withoutCorporateSuffix(words: readonly string[]): readonly string[] {
  const last = words.at(-1);
  return words.length > 1 && last !== undefined && CORPORATE_SUFFIX_SET.has(last) ? words.slice(0, -1) : words;
}
