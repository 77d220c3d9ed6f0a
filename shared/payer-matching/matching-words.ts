/**
 * Matching words: a normalised payer name brought to the form the suggestion tier compares. Diacritics folded,
 * abbreviations expanded ("BCBS" → blue cross blue shield), letters spelt out joined ("B.C.B.S."), states read
 * as postal codes whatever their spelling, and every word given a role that says how much it tells payers apart.
 */
import { singleDeletionVariants } from './edit-distance.ts';
import { normalisedWords, withoutCorporateSuffix } from '../payer-name.ts';
import {
  ABBREVIATIONS,
  AMBIGUOUS_STATE_CODES,
  FAMILY_WORDS,
  GENERIC_WORDS,
  PLAN_PHRASES,
  PLAN_WORDS,
  REGION_WORDS,
  STATE_NAME_VARIANTS,
  US_STATES,
} from './vocabulary.ts';

/**
 * The normalised name the suggestion tier reads. The same, except that a trailing "co" may be Colorado rather
 * than "Company": always after "of" ("Blue Cross Blue Shield of CO"), and in a typed name anywhere ("BCBS CO"),
 * where reading a stray "Company" as a state costs a suggestion little. Exact matching always drops it.
 */
export function normalisedForSuggestions(name: string, source: 'typed' | 'payer'): string {
  const words = normalisedWords(name);
  const last = words.at(-1);
  const mayBeState = last !== undefined && STATE_CODES.has(last) && (source === 'typed' || words.at(-2) === 'of');
  return (mayBeState ? words : withoutCorporateSuffix(words)).join(' ');
}

export type WordRole = 'payer' | 'state' | 'family' | 'region' | 'generic' | 'plan';

/**
 * How much a word of each role says about which payer is meant. A payer's own word decides; a state separates
 * the Blue Cross licensees; the family words place a name among them; filler and plan words barely count.
 */
export const ROLE_WEIGHT: Readonly<Record<WordRole, number>> = {
  payer: 1,
  state: 0.7,
  family: 0.4,
  region: 0.4,
  generic: 0.15,
  plan: 0.1,
};

export interface MatchingWord {
  /** What is compared: the word after folding and expansion; a state is its postal code. */
  readonly key: string;
  /** The word as written (a state's own spelling), used when spacing differs between the two names. */
  readonly surface: string;
  readonly role: WordRole;
}

/** Words shorter than this are too short to call a one-letter difference a typo rather than another word. */
export const MIN_TYPO_WORD_LENGTH = 4;
/** Words at least this long may differ by two edits and still be the same word mistyped. */
export const MIN_TWO_TYPO_WORD_LENGTH = 8;
/** A typed word this long may be the start of a longer payer word ("Kaiser Perm", "Harvard Pilg"). */
export const MIN_TRUNCATED_WORD_LENGTH = 4;

// Maps rather than the plain objects: a typed "constructor" must not find Object.prototype members.
export const STATE_CODES: ReadonlySet<string> = new Set(Object.keys(US_STATES));
const ABBREVIATION_MAP: ReadonlyMap<string, string> = new Map(Object.entries(ABBREVIATIONS));
const PLAN_PHRASE_MAP: ReadonlyMap<string, readonly string[]> = new Map(Object.entries(PLAN_PHRASES));
export const STATE_CODE_BY_NAME: ReadonlyMap<string, string> = new Map([
  ...Object.entries(US_STATES).map(([code, stateName]) => [stateName, code] as const),
  ...Object.entries(STATE_NAME_VARIANTS),
]);
const LONGEST_STATE_NAME_IN_WORDS = Math.max(...[...STATE_CODE_BY_NAME.keys()].map((n) => n.split(' ').length));
export const STATE_NAMES_BY_DELETION_VARIANT: ReadonlyMap<string, readonly string[]> = (() => {
  const byVariant = new Map<string, string[]>();
  for (const stateName of STATE_CODE_BY_NAME.keys()) {
    const compact = stateName.replace(/ /g, '');
    if (compact.length < 5) continue;
    for (const variant of new Set(singleDeletionVariants(compact))) {
      byVariant.set(variant, [...(byVariant.get(variant) ?? []), stateName]);
    }
  }
  return byVariant;
})();

export const EXPANDED_ABBREVIATIONS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.keys(ABBREVIATIONS).map((abbreviation) => [abbreviation, expandWord(abbreviation, 3)] as const),
);

export const GLUED_STATE_ABBREVIATIONS: ReadonlyMap<string, readonly string[]> = new Map(
  [...EXPANDED_ABBREVIATIONS].filter(([, words]) => words.some((word) => !isDescriptiveWord(word))),
);

/** Long compound spellings ("blueshield", "healthcare") by their one-deletion variants, to catch them mistyped. */
export const COMPOUNDS_BY_DELETION_VARIANT: ReadonlyMap<string, readonly string[]> = (() => {
  const byVariant = new Map<string, string[]>();
  for (const compound of EXPANDED_ABBREVIATIONS.keys()) {
    if (compound.length < MIN_TWO_TYPO_WORD_LENGTH) continue;
    for (const variant of new Set(singleDeletionVariants(compound))) {
      byVariant.set(variant, [...(byVariant.get(variant) ?? []), compound]);
    }
  }
  return byVariant;
})();

function expandWord(word: string, depth: number): string[] {
  const expansion = ABBREVIATION_MAP.get(word);
  if (expansion === undefined || depth === 0) return [word];
  return expansion.split(' ').flatMap((part) => (part === word ? [part] : expandWord(part, depth - 1)));
}

/**
 * Suggestions look past accents and presentation forms ("Médica" ↔ "Medica", full-width letters ↔ ASCII).
 * Safe after normalisation, which has already turned "™" and the like into spaces.
 */
function foldDiacritics(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC')
    .toLowerCase();
}

export function isDescriptiveRole(role: WordRole): boolean {
  return role === 'generic' || role === 'plan';
}

export function isDescriptiveWord(word: string): boolean {
  return GENERIC_WORDS.has(word) || PLAN_WORDS.has(word);
}

function roleOf(word: string): WordRole {
  if (PLAN_WORDS.has(word)) return 'plan';
  if (GENERIC_WORDS.has(word)) return 'generic';
  if (FAMILY_WORDS.has(word)) return 'family';
  if (REGION_WORDS.has(word)) return 'region';
  // Single letters ("Part B") and numbers (plan years, group numbers) do not name a payer.
  if (word.length === 1 || /^\p{N}+$/u.test(word)) return 'plan';
  return 'payer';
}

/**
 * Typed names get a little more help than payer names, which the practice keeps tidy: a misspelt state
 * ("Califronia") and an abbreviation glued to a state ("BCBSTX") are recognised. Both need to know which words
 * the practice's payers use, so the index supplies them.
 */
export interface TypedNameHelp {
  readonly misspeltStateCode: (word: string) => string | undefined;
  /** The words a typed word stands for when it is several words glued together or a mistyped compound. */
  readonly readGluedWord: (word: string) => readonly string[] | undefined;
}

/** A normalised name as matching words. */
export function toMatchingWords(normalisedName: string, typedNameHelp?: TypedNameHelp): MatchingWord[] {
  const words = joinSpelledOutLetters(
    foldDiacritics(normalisedName)
      .split(' ')
      .filter((word) => word.length > 0),
  ).flatMap((word) => EXPANDED_ABBREVIATIONS.get(word) ?? typedNameHelp?.readGluedWord(word) ?? [word]);

  const matchingWords: MatchingWord[] = [];
  for (let i = 0; i < words.length;) {
    const state = readState(words, i, typedNameHelp);
    if (state) {
      matchingWords.push({ key: state.code, surface: state.surface, role: 'state' });
      i += state.wordCount;
      continue;
    }
    const word = words[i]!;
    const next = words[i + 1];
    const startsPlanPhrase = next !== undefined && (PLAN_PHRASE_MAP.get(word)?.includes(next) ?? false);
    matchingWords.push({ key: word, surface: word, role: startsPlanPhrase ? 'plan' : roleOf(word) });
    i += 1;
  }
  return matchingWords;
}

/**
 * "B.C.B.S." normalises to "b c b s": letters spelt out one by one are one abbreviation, when they spell a known
 * one or three letters or more ("Part A B" stays two letters).
 */
function joinSpelledOutLetters(words: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < words.length;) {
    let end = i;
    while (end < words.length && words[end]!.length === 1 && /\p{L}/u.test(words[end]!)) end++;
    const letters = words.slice(i, end).join('');
    const isKnownPair = EXPANDED_ABBREVIATIONS.has(letters) || STATE_CODES.has(letters);
    if (letters.length >= 3 || (letters.length === 2 && isKnownPair)) {
      joined.push(letters);
      i = end;
    } else {
      joined.push(words[i]!);
      i += 1;
    }
  }
  return joined;
}

function readState(
  words: readonly string[],
  start: number,
  typedNameHelp: TypedNameHelp | undefined,
): { code: string; surface: string; wordCount: number } | undefined {
  for (let wordCount = Math.min(LONGEST_STATE_NAME_IN_WORDS, words.length - start); wordCount >= 1; wordCount--) {
    const phrase = words.slice(start, start + wordCount).join(' ');
    const code = STATE_CODE_BY_NAME.get(phrase);
    if (code !== undefined) return { code, surface: phrase, wordCount };
  }
  const word = words[start]!;
  if (STATE_CODES.has(word)) {
    // "in", "or", "me"…: a state only where states go, at the end of the name (before any plan words).
    const atTail = words.slice(start + 1).every((later) => isDescriptiveWord(later) || STATE_CODES.has(later));
    if (!AMBIGUOUS_STATE_CODES.has(word) || atTail) return { code: word, surface: word, wordCount: 1 };
  }
  if (typedNameHelp === undefined) return undefined;
  // "New Jersy", "NewJersey", "Texs": compared without spaces, so a two-word state survives both kinds of slip.
  for (let wordCount = Math.min(2, words.length - start); wordCount >= 1; wordCount--) {
    const phrase = words.slice(start, start + wordCount);
    const corrected = typedNameHelp.misspeltStateCode(phrase.join(''));
    if (corrected !== undefined) return { code: corrected, surface: phrase.join(' '), wordCount };
  }
  return undefined;
}
