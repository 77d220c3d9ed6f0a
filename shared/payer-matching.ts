/**
 * Payer matching: turning the payer name a client typed into one of the practice's payers (DESIGN.md §1).
 *
 * Two tiers, kept apart on purpose because a wrong payer means a denied claim:
 *  1. Exact: the typed name, normalised as the design prescribes, equals an active payer's normalised name or
 *     alias → the policy is linked. Nothing looser ever links.
 *  2. Otherwise the policy needs a payer, and the practitioner is offered up to three ranked suggestions.
 *
 * The suggestion score compares the two names as weighted bags of words. Words are first brought to a common
 * form (diacritics folded, abbreviations such as BCBS/UHC expanded, "BlueCross" split, state names and postal
 * codes unified), each word is weighted by what it tells apart (a payer's own word ≫ a state ≫ "Blue"/"Cross"
 * ≫ "Health"/"Plan" ≫ plan-type words like "PPO"; rarer words in this practice's list weigh more), and words
 * are paired exactly, across different spacing ("Care First" ↔ "CareFirst") or within one typo. The score is a
 * precision-leaning F-measure of the weight each side gets covered: a client usually types less than the full
 * payer name ("Kaiser"), or the payer name plus a plan ("Aetna PPO"), and both should rank the payer first,
 * while a different insurer that only shares filler words ("Bright Health" vs "Oscar Health") should not.
 *
 * Pure and isomorphic: the browser uses it for the typeahead, the stream processor for the Needs Payer badge.
 */
import { boundedSwapAwareDistance, singleDeletionVariants } from './payer-matching/edit-distance.ts';
import { CORPORATE_SUFFIXES, normalisedWords, normalisePayerName, withoutCorporateSuffix } from './payer-name.ts';
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
} from './payer-matching/vocabulary.ts';

export { CORPORATE_SUFFIXES, normalisePayerName };

export interface MatchablePayer {
  payerId: string;
  name: string;
  aliases: string[];
  active: boolean;
}

export interface PayerSuggestion {
  payerId: string;
  name: string;
  score: number;
}

export type PayerMatchResult =
  { kind: 'linked'; payerId: string; matchedBy: 'name' | 'alias' } | { kind: 'needs_payer'; suggestions: PayerSuggestion[] };

/** Built once per payer list by {@link buildPayerMatchIndex}; its contents are private to this module. */
export interface PayerMatchIndex {
  /** How many active payers the index can match or suggest. */
  readonly activePayerCount: number;
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

// ---------------------------------------------------------------------------------------------------------------
// Normalisation (the exact tier)
// ---------------------------------------------------------------------------------------------------------------

/**
 * The normalised name the suggestion tier reads. The same, except that a trailing "co" may be Colorado rather
 * than "Company": always after "of" ("Blue Cross Blue Shield of CO"), and in a typed name anywhere ("BCBS CO"),
 * where reading a stray "Company" as a state costs a suggestion little. Exact matching keeps the design's rule.
 */
function normalisedForSuggestions(name: string, source: 'typed' | 'payer'): string {
  const words = normalisedWords(name);
  const last = words.at(-1);
  const mayBeState = last !== undefined && STATE_CODES.has(last) && (source === 'typed' || words.at(-2) === 'of');
  return (mayBeState ? words : withoutCorporateSuffix(words)).join(' ');
}

// ---------------------------------------------------------------------------------------------------------------
// Matching words (the suggestion tier)
// ---------------------------------------------------------------------------------------------------------------

type WordRole = 'payer' | 'state' | 'family' | 'region' | 'generic' | 'plan';

/**
 * How much a word of each role says about which payer is meant. A payer's own word decides; a state separates
 * the Blue Cross licensees; the family words place a name among them; filler and plan words barely count.
 */
const ROLE_WEIGHT: Readonly<Record<WordRole, number>> = {
  payer: 1,
  state: 0.7,
  family: 0.4,
  region: 0.4,
  generic: 0.15,
  plan: 0.1,
};

interface MatchingWord {
  /** What is compared: the word after folding and expansion; a state is its postal code. */
  readonly key: string;
  /** The word as written (a state's own spelling), used when spacing differs between the two names. */
  readonly surface: string;
  readonly role: WordRole;
}

/** Similarity credited when words match only once spacing is ignored ("Care First" ↔ "CareFirst"). */
const SPACING_VARIANT_SIMILARITY = 0.95;
/**
 * Similarity credited when an ordinary word spells several payer words: "MediCal" normalises to "medical",
 * which usually means Medi-Cal, but not surely.
 */
const ORDINARY_WORD_SPELLING_PAYER_WORDS_SIMILARITY = 0.8;
/** The shortest payer word accepted as the glued-on start of a longer typed word ("OptumHealth"). */
const MIN_GLUED_PAYER_WORD_LENGTH = 5;
/** Words shorter than this are too short to call a one-letter difference a typo rather than another word. */
const MIN_TYPO_WORD_LENGTH = 4;
/** Words at least this long may differ by two edits and still be the same word mistyped. */
const MIN_TWO_TYPO_WORD_LENGTH = 8;
/** Typed neighbours joined when looking for a payer word spelt without spaces ("United Health Care"). */
const MAX_JOINED_TYPED_WORDS = 4;
/** Payer neighbours joined when looking for a typed word spelt without spaces ("KaiserPermanente"). */
const MAX_JOINED_PAYER_WORDS = 8;
/** A typed word this long may be the start of a longer payer word ("Kaiser Perm", "Harvard Pilg"). */
const MIN_TRUNCATED_WORD_LENGTH = 4;
/** A truncated word scores between these, by how much of the payer word it spells out. */
const TRUNCATED_WORD_SIMILARITY = { floor: 0.5, span: 0.3 } as const;
/** A beginning shared by more payer words than this does not point at any of them. */
const MAX_COMPLETIONS_OF_TRUNCATED_WORD = 20;
/**
 * Suggestions read at most this many words, and look for typos only in words up to this long: real payer names
 * fit easily, and anything longer (a pasted paragraph) must not cost more than a real name does.
 */
const MAX_TYPED_WORDS_READ = 16;
const MAX_TYPED_WORD_LENGTH_READ = 40;

// Maps rather than the plain objects: a typed "constructor" must not find Object.prototype members.
const STATE_CODES: ReadonlySet<string> = new Set(Object.keys(US_STATES));
const ABBREVIATION_MAP: ReadonlyMap<string, string> = new Map(Object.entries(ABBREVIATIONS));
const PLAN_PHRASE_MAP: ReadonlyMap<string, readonly string[]> = new Map(Object.entries(PLAN_PHRASES));
const STATE_CODE_BY_NAME: ReadonlyMap<string, string> = new Map([
  ...Object.entries(US_STATES).map(([code, stateName]) => [stateName, code] as const),
  ...Object.entries(STATE_NAME_VARIANTS),
]);
const LONGEST_STATE_NAME_IN_WORDS = Math.max(...[...STATE_CODE_BY_NAME.keys()].map((n) => n.split(' ').length));
const STATE_NAMES_BY_DELETION_VARIANT: ReadonlyMap<string, readonly string[]> = (() => {
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

const EXPANDED_ABBREVIATIONS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.keys(ABBREVIATIONS).map((abbreviation) => [abbreviation, expandWord(abbreviation, 3)] as const),
);

const GLUED_STATE_ABBREVIATIONS: ReadonlyMap<string, readonly string[]> = new Map(
  [...EXPANDED_ABBREVIATIONS].filter(([, words]) => words.some((word) => !isDescriptiveWord(word))),
);

/** Long compound spellings ("blueshield", "healthcare") by their one-deletion variants, to catch them mistyped. */
const COMPOUNDS_BY_DELETION_VARIANT: ReadonlyMap<string, readonly string[]> = (() => {
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

function isDescriptiveRole(role: WordRole): boolean {
  return role === 'generic' || role === 'plan';
}

function isDescriptiveWord(word: string): boolean {
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
interface TypedNameHelp {
  readonly misspeltStateCode: (word: string) => string | undefined;
  /** The words a typed word stands for when it is several words glued together or a mistyped compound. */
  readonly readGluedWord: (word: string) => readonly string[] | undefined;
}

/** A normalised name as matching words. */
function toMatchingWords(normalisedName: string, typedNameHelp?: TypedNameHelp): MatchingWord[] {
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

// ---------------------------------------------------------------------------------------------------------------
// Index
// ---------------------------------------------------------------------------------------------------------------

/** One name (the payer's name or one of its aliases) prepared for scoring. */
interface IndexedName {
  readonly payerOrdinal: number;
  readonly wordIds: Int32Array;
  readonly weights: Float64Array;
  readonly totalWeight: number;
  readonly hasState: boolean;
}

/** A run of neighbouring payer words whose spellings, joined without spaces, equal some typed word. */
interface JoinedPayerWords {
  readonly nameOrdinal: number;
  readonly start: number;
  readonly length: number;
}

class BuiltPayerMatchIndex implements PayerMatchIndex {
  readonly activePayerCount: number;
  constructor(
    readonly payers: readonly { readonly payerId: string; readonly name: string }[],
    readonly payerOrdinalsByExactName: ReadonlyMap<string, readonly number[]>,
    readonly payerOrdinalsByExactAlias: ReadonlyMap<string, readonly number[]>,
    readonly names: readonly IndexedName[],
    readonly wordIdByKey: ReadonlyMap<string, number>,
    readonly wordKeys: readonly string[],
    readonly wordRoles: readonly WordRole[],
    readonly wordRarity: Float64Array,
    /** Word id → ordinals of the names containing it (each name once). */
    readonly namesByWordId: readonly Int32Array[],
    /** Each word and its one-deletion variants → word ids, for finding typos in both directions. */
    readonly wordIdsByDeletionVariant: ReadonlyMap<string, readonly number[]>,
    /** Proper beginnings of the words that tell payers apart → word ids, for names typed only in part. */
    readonly wordIdsByPrefix: ReadonlyMap<string, readonly number[]>,
    readonly joinedPayerWords: ReadonlyMap<string, readonly JoinedPayerWords[]>,
  ) {
    this.activePayerCount = payers.length;
    this.scratchCoveredWeight = new Float64Array(names.length);
    this.scratchTouchedNames = new Int32Array(names.length);
  }
  /** Per-name tally used while preselecting candidates; all zero between matches. */
  readonly scratchCoveredWeight: Float64Array;
  readonly scratchTouchedNames: Int32Array;
}

/**
 * Prepares the active payers for matching. Inactive payers are left out entirely: they are never linked and
 * never suggested. Rebuild the index whenever a payer, its name or its aliases change.
 */
export function buildPayerMatchIndex(payers: readonly MatchablePayer[]): PayerMatchIndex {
  const activePayers = payers.filter((payer) => payer.active);
  const payerOrdinalsByExactName = new Map<string, number[]>();
  const payerOrdinalsByExactAlias = new Map<string, number[]>();
  const wordIdByKey = new Map<string, number>();
  const wordKeys: string[] = [];
  const wordRoles: WordRole[] = [];
  const payerOrdinalsByWordId: Set<number>[] = [];
  const rawNames: { payerOrdinal: number; words: MatchingWord[] }[] = [];

  const addExact = (map: Map<string, number[]>, normalised: string, payerOrdinal: number) => {
    if (normalised === '') return;
    const ordinals = map.get(normalised) ?? [];
    if (!ordinals.includes(payerOrdinal)) ordinals.push(payerOrdinal);
    map.set(normalised, ordinals);
  };

  activePayers.forEach((payer, payerOrdinal) => {
    addExact(payerOrdinalsByExactName, normalisePayerName(payer.name), payerOrdinal);
    for (const alias of payer.aliases) addExact(payerOrdinalsByExactAlias, normalisePayerName(alias), payerOrdinal);
    const namesForSuggestions = [payer.name, ...payer.aliases].map((name) => normalisedForSuggestions(name, 'payer'));
    const distinctNames = new Set(namesForSuggestions);
    for (const normalised of distinctNames) {
      const words = toMatchingWords(normalised);
      if (words.length === 0) continue;
      rawNames.push({ payerOrdinal, words });
      for (const word of words) {
        let wordId = wordIdByKey.get(word.key);
        if (wordId === undefined) {
          wordId = wordKeys.length;
          wordIdByKey.set(word.key, wordId);
          wordKeys.push(word.key);
          wordRoles.push(word.role);
          payerOrdinalsByWordId.push(new Set());
        } else if (ROLE_WEIGHT[word.role] > ROLE_WEIGHT[wordRoles[wordId]!]) {
          // One word, several roles ("Medicare" the payer, "Medicare Advantage" the plan): the index keeps the
          // most telling one; each name still weighs its own occurrence by its own role.
          wordRoles[wordId] = word.role;
        }
        payerOrdinalsByWordId[wordId]!.add(payerOrdinal);
      }
    }
  });

  // Rarer words in this practice's list tell its payers apart better: scale each role's weight by an IDF
  // factor between 0.5 (every payer has the word) and 1 (one payer has it).
  const payerCount = Math.max(activePayers.length, 1);
  const wordRarity = new Float64Array(wordKeys.length);
  for (let wordId = 0; wordId < wordKeys.length; wordId++) {
    wordRarity[wordId] = rarityFactor(payerOrdinalsByWordId[wordId]!.size, payerCount);
  }

  const namesByWordIdLists: number[][] = wordKeys.map(() => []);
  const joinedPayerWords = new Map<string, JoinedPayerWords[]>();
  const names: IndexedName[] = rawNames.map(({ payerOrdinal, words }, nameOrdinal) => {
    const wordIds = Int32Array.from(words, (word) => wordIdByKey.get(word.key)!);
    const weights = Float64Array.from(words, (word, j) => ROLE_WEIGHT[word.role] * wordRarity[wordIds[j]!]!);
    for (const wordId of new Set(wordIds)) namesByWordIdLists[wordId]!.push(nameOrdinal);
    for (let start = 0; start < words.length; start++) {
      let joined = words[start]!.surface.replace(/ /g, '');
      let saysWhichPayer = !isDescriptiveRole(words[start]!.role);
      for (let length = 2; length <= MAX_JOINED_PAYER_WORDS && start + length <= words.length; length++) {
        const word = words[start + length - 1]!;
        joined += word.surface.replace(/ /g, '');
        saysWhichPayer ||= !isDescriptiveRole(word.role);
        // "healthplan" would sit in thousands of names of a large list and tell none of them apart.
        if (!saysWhichPayer) continue;
        const entries = joinedPayerWords.get(joined);
        if (entries === undefined) joinedPayerWords.set(joined, [{ nameOrdinal, start, length }]);
        else entries.push({ nameOrdinal, start, length });
      }
    }
    return {
      payerOrdinal,
      wordIds,
      weights,
      totalWeight: weights.reduce((sum, weight) => sum + weight, 0),
      hasState: words.some((word) => word.role === 'state'),
    };
  });

  const wordIdsByDeletionVariant = new Map<string, number[]>();
  wordKeys.forEach((key, wordId) => {
    if (key.length < MIN_TYPO_WORD_LENGTH || wordRoles[wordId] === 'state') return;
    for (const variant of singleDeletionVariants(key)) {
      const wordIds = wordIdsByDeletionVariant.get(variant);
      if (wordIds === undefined) wordIdsByDeletionVariant.set(variant, [wordId]);
      else if (wordIds.at(-1) !== wordId) wordIds.push(wordId);
    }
  });

  const wordIdsByPrefix = new Map<string, number[]>();
  wordKeys.forEach((key, wordId) => {
    const role = wordRoles[wordId];
    if (role !== 'payer' && role !== 'family' && role !== 'region') return;
    for (let length = MIN_TRUNCATED_WORD_LENGTH; length < key.length; length++) {
      const prefix = key.slice(0, length);
      const wordIds = wordIdsByPrefix.get(prefix) ?? [];
      wordIds.push(wordId);
      wordIdsByPrefix.set(prefix, wordIds);
    }
  });

  return new BuiltPayerMatchIndex(
    activePayers.map(({ payerId, name }) => ({ payerId, name })),
    payerOrdinalsByExactName,
    payerOrdinalsByExactAlias,
    names,
    wordIdByKey,
    wordKeys,
    wordRoles,
    wordRarity,
    namesByWordIdLists.map((list) => Int32Array.from(list)),
    wordIdsByDeletionVariant,
    wordIdsByPrefix,
    joinedPayerWords,
  );
}

function rarityFactor(documentFrequency: number, payerCount: number): number {
  if (documentFrequency === 0) return 1;
  return 0.5 + (0.5 * Math.log(1 + payerCount / documentFrequency)) / Math.log(1 + payerCount);
}

// ---------------------------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------------------------

/** How many names, preselected by a cheap score, get the full pairing; the rest cannot make the top three. */
const CANDIDATES_TO_SCORE = 24;
/** A word in more names than this is common enough that it should not open candidates by itself. */
const COMMON_WORD_NAME_COUNT = 200;
/**
 * Precision-leaning F-measure: a typed name that is all payer (even if shorter than the payer's full name)
 * matters more than covering every word of the payer's name.
 */
const F_BETA_SQUARED = 0.25;
/** A typed state the payer does not mention is a weaker clue than a word the payer lacks. */
const UNMATCHED_STATE_DISCOUNT = 0.5;
/** Two different states mean two different Blue Cross licensees, whatever else the names share. */
const CONFLICTING_STATE_FACTOR = 0.5;

/** A typed word (or run of typed words) paired with one index word, before it is known which names have it. */
interface TypedWordMatch {
  readonly typedStart: number;
  readonly typedLength: number;
  readonly similarity: number;
}

interface Pairing {
  readonly typedStart: number;
  readonly typedLength: number;
  readonly payerStart: number;
  readonly payerLength: number;
  readonly similarity: number;
  readonly gain: number;
}

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
  const typedWords = toMatchingWords(readable, {
    misspeltStateCode: (word) => misspeltStateCode(index, word),
    readGluedWord: (word) => splitGluedState(index, word) ?? misspeltCompound(index, word) ?? splitGluedDescriptor(index, word),
  });
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

/** Code-unit order, not locale order: the same on every server and browser. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * "Texs", "Califronia", "newjersy": one slip away from a state name (spaces removed) of five letters or more;
 * shorter names are too close to other words.
 */
function misspeltStateCode(index: BuiltPayerMatchIndex, compactWords: string): string | undefined {
  if (compactWords.length < 4 || index.wordIdByKey.has(compactWords) || isDescriptiveWord(compactWords)) {
    return undefined;
  }
  for (const variant of singleDeletionVariants(compactWords)) {
    for (const stateName of STATE_NAMES_BY_DELETION_VARIANT.get(variant) ?? []) {
      if (boundedSwapAwareDistance(compactWords, stateName.replace(/ /g, ''), 1) <= 1) {
        return STATE_CODE_BY_NAME.get(stateName);
      }
    }
  }
  return undefined;
}

/**
 * "BCBSTX" → blue cross blue shield + TX. Only after an abbreviation of a payer or payer family: after an
 * ordinary word the last two letters are usually just the word's end ("Medicaid" is not "Medica" in Idaho,
 * "Medca" is not "Med" in California).
 */
function splitGluedState(index: BuiltPayerMatchIndex, word: string): readonly string[] | undefined {
  if (word.length < 4 || index.wordIdByKey.has(word)) return undefined;
  const code = word.slice(-2);
  const expansion = GLUED_STATE_ABBREVIATIONS.get(word.slice(0, -2));
  return expansion !== undefined && STATE_CODES.has(code) ? [...expansion, code] : undefined;
}

/** "BlueShild" → blue shield: a long compound spelling one slip away. */
function misspeltCompound(index: BuiltPayerMatchIndex, word: string): readonly string[] | undefined {
  if (word.length < MIN_TWO_TYPO_WORD_LENGTH - 1 || index.wordIdByKey.has(word)) return undefined;
  for (const variant of singleDeletionVariants(word)) {
    for (const compound of COMPOUNDS_BY_DELETION_VARIANT.get(variant) ?? []) {
      if (boundedSwapAwareDistance(word, compound, 1) <= 1) return EXPANDED_ABBREVIATIONS.get(compound);
    }
  }
  return undefined;
}

/**
 * "OptumHealth" → optum + health, "ChoiceCare" → choice + care: a word not in the payer list that is a payer
 * word or an ordinary insurer word with an ordinary insurer word glued on. The payer word must be five letters
 * or more, so that "Medicare" is not read as a "Medi" (of Medi-Cal) plus "care".
 */
function splitGluedDescriptor(index: BuiltPayerMatchIndex, word: string): readonly string[] | undefined {
  if (word.length < 7 || index.wordIdByKey.has(word) || index.joinedPayerWords.has(word)) return undefined;
  const isPayerWord = (part: string) => {
    const wordId = index.wordIdByKey.get(part);
    return wordId !== undefined && index.wordRoles[wordId] === 'payer';
  };
  const canEnd = (part: string) => isDescriptiveWord(part) || FAMILY_WORDS.has(part);
  const canStart = (part: string) => canEnd(part) || (part.length >= MIN_GLUED_PAYER_WORD_LENGTH && isPayerWord(part));
  for (let headLength = word.length - 3; headLength >= 3; headLength--) {
    const head = word.slice(0, headLength);
    const tail = word.slice(headLength);
    if (canStart(head) && canEnd(tail)) return [head, tail];
  }
  return undefined;
}

/** For every index word, which typed words (or runs of typed words) it could pair with, and how closely. */
function findTypedWordMatches(index: BuiltPayerMatchIndex, typedWords: readonly MatchingWord[]): Map<number, TypedWordMatch[]> {
  const matchesByWordId = new Map<number, TypedWordMatch[]>();
  const record = (wordId: number, match: TypedWordMatch) => {
    const matches = matchesByWordId.get(wordId);
    if (matches === undefined) matchesByWordId.set(wordId, [match]);
    else matches.push(match);
  };

  typedWords.forEach((word, typedStart) => {
    const exactId = index.wordIdByKey.get(word.key);
    if (exactId !== undefined) record(exactId, { typedStart, typedLength: 1, similarity: 1 });
    if (word.role === 'state' || word.key.length < MIN_TYPO_WORD_LENGTH - 1) return;

    const typoWordIds = new Set<number>();
    for (const typo of findTypos(index, word.key)) {
      if (typo.wordId === exactId) continue;
      typoWordIds.add(typo.wordId);
      record(typo.wordId, { typedStart, typedLength: 1, similarity: typo.similarity });
    }
    if (exactId !== undefined || word.key.length < MIN_TRUNCATED_WORD_LENGTH) return;
    const completions = index.wordIdsByPrefix.get(word.key) ?? [];
    if (completions.length > MAX_COMPLETIONS_OF_TRUNCATED_WORD) return;
    for (const wordId of completions) {
      if (typoWordIds.has(wordId)) continue;
      const similarity =
        TRUNCATED_WORD_SIMILARITY.floor + (TRUNCATED_WORD_SIMILARITY.span * word.key.length) / index.wordKeys[wordId]!.length;
      record(wordId, { typedStart, typedLength: 1, similarity });
    }
  });

  // "United Health Care" for "UnitedHealthcare": neighbouring typed words joined may spell one index word.
  for (let typedStart = 0; typedStart < typedWords.length; typedStart++) {
    let joined = typedWords[typedStart]!.surface.replace(/ /g, '');
    for (let typedLength = 2; typedLength <= MAX_JOINED_TYPED_WORDS; typedLength++) {
      const next = typedWords[typedStart + typedLength - 1];
      if (next === undefined) break;
      joined += next.surface.replace(/ /g, '');
      const wordId = index.wordIdByKey.get(joined);
      if (wordId !== undefined) {
        if (!isDescriptiveRole(index.wordRoles[wordId]!)) {
          record(wordId, { typedStart, typedLength, similarity: SPACING_VARIANT_SIMILARITY });
        }
        continue;
      }
      // "Care Frist": split and mistyped at once (two words only: longer runs rarely carry one slip alone).
      if (typedLength > 2) continue;
      for (const typo of findTypos(index, joined)) {
        if (isDescriptiveRole(index.wordRoles[typo.wordId]!)) continue;
        record(typo.wordId, { typedStart, typedLength, similarity: SPACING_VARIANT_SIMILARITY * typo.similarity });
      }
    }
  }
  return matchesByWordId;
}

/** Index words one slip (two for long words) away from `typed`, found through the symmetric-delete keys. */
function findTypos(index: BuiltPayerMatchIndex, typed: string): { wordId: number; similarity: number }[] {
  const typos: { wordId: number; similarity: number }[] = [];
  if (typed.length < MIN_TYPO_WORD_LENGTH - 1) return typos;
  if (typed.length < MIN_TYPO_WORD_LENGTH) {
    // In a three-letter word only a swap of neighbours ("Cla" for "Cal") or a dropped fourth letter ("Mod" for
    // "Moda") is read as a typo: any other change at that length makes a different word.
    for (const swapped of [typed[1]! + typed[0]! + typed[2]!, typed[0]! + typed[2]! + typed[1]!]) {
      const wordId = index.wordIdByKey.get(swapped);
      if (wordId === undefined || swapped === typed) continue;
      typos.push({ wordId, similarity: typoSimilarity(1, typed, swapped) });
    }
    for (const wordId of index.wordIdsByDeletionVariant.get(typed) ?? []) {
      const candidate = index.wordKeys[wordId]!;
      if (candidate.length > typed.length) typos.push({ wordId, similarity: typoSimilarity(1, typed, candidate) });
    }
    return typos;
  }
  const allowedEdits = typed.length >= MIN_TWO_TYPO_WORD_LENGTH ? 2 : 1;
  const lookupKeys = singleDeletionVariants(typed);
  const seen = new Set<number>();
  for (const key of lookupKeys) {
    for (const wordId of index.wordIdsByDeletionVariant.get(key) ?? []) {
      if (seen.has(wordId)) continue;
      seen.add(wordId);
      const candidate = index.wordKeys[wordId]!;
      if (candidate === typed) continue;
      const limit = Math.min(allowedEdits, candidate.length >= MIN_TWO_TYPO_WORD_LENGTH ? 2 : 1);
      const edits = boundedSwapAwareDistance(typed, candidate, limit);
      if (edits <= limit) typos.push({ wordId, similarity: typoSimilarity(edits, typed, candidate) });
    }
  }
  return typos;
}

function typoSimilarity(edits: number, typed: string, candidate: string): number {
  return 1 - (0.75 * edits) / Math.max(typed.length, candidate.length);
}

/** A typed word that spells several neighbouring payer words, and every place in the index it does so. */
interface JoinedPayerWordMatch {
  readonly typedStart: number;
  readonly similarity: number;
  readonly occurrences: readonly JoinedPayerWords[];
}

/** "KaiserPermanente" for "Kaiser Permanente": a typed word may spell several neighbouring payer words. */
function findJoinedPayerWordMatches(index: BuiltPayerMatchIndex, typedWords: readonly MatchingWord[]): JoinedPayerWordMatch[] {
  const matches: JoinedPayerWordMatch[] = [];
  typedWords.forEach((word, typedStart) => {
    const occurrences = index.joinedPayerWords.get(word.surface.replace(/ /g, ''));
    if (occurrences === undefined) return;
    const similarity = isDescriptiveRole(word.role) ? ORDINARY_WORD_SPELLING_PAYER_WORDS_SIMILARITY : SPACING_VARIANT_SIMILARITY;
    matches.push({ typedStart, similarity, occurrences });
  });
  return matches;
}

/** The joined-word pairings of the candidate names only (a common run of words may occur in thousands). */
function joinedPairingsOf(candidates: readonly number[], joinedPayerWordMatches: readonly JoinedPayerWordMatch[]): Map<number, Pairing[]> {
  const pairingsByName = new Map<number, Pairing[]>();
  if (joinedPayerWordMatches.length === 0) return pairingsByName;
  const candidateSet = new Set(candidates);
  for (const { typedStart, similarity, occurrences } of joinedPayerWordMatches) {
    for (const occurrence of occurrences) {
      if (!candidateSet.has(occurrence.nameOrdinal)) continue;
      const pairing: Pairing = {
        typedStart,
        typedLength: 1,
        payerStart: occurrence.start,
        payerLength: occurrence.length,
        similarity,
        gain: 0,
      };
      const pairings = pairingsByName.get(occurrence.nameOrdinal);
      if (pairings === undefined) pairingsByName.set(occurrence.nameOrdinal, [pairing]);
      else pairings.push(pairing);
    }
  }
  return pairingsByName;
}

/**
 * Cheap first pass over the inverted index: adds up, per name, the weight of the typed words it contains and
 * keeps the names whose rough score is highest. Filler and plan words do not open candidates on their own
 * (nearly every payer has "Health"); they still count in the full score.
 */
function preselectCandidates(
  index: BuiltPayerMatchIndex,
  typedWeights: readonly number[],
  matchesByWordId: ReadonlyMap<number, TypedWordMatch[]>,
  joinedPayerWordMatches: readonly JoinedPayerWordMatch[],
): number[] {
  // What each piece of evidence adds to the names it points at: a matched index word (its postings) or a typed
  // word spelling several payer words (its occurrences).
  const evidence: { gain: number; size: number; forEachName: (visit: (nameOrdinal: number) => void) => void }[] = [];
  for (const [wordId, matches] of matchesByWordId) {
    if (isDescriptiveRole(index.wordRoles[wordId]!)) continue;
    let gain = 0;
    for (const match of matches) {
      let typedWeight = 0;
      for (let i = match.typedStart; i < match.typedStart + match.typedLength; i++) typedWeight += typedWeights[i]!;
      gain = Math.max(gain, typedWeight * match.similarity);
    }
    const nameOrdinals = index.namesByWordId[wordId]!;
    evidence.push({
      gain,
      size: nameOrdinals.length,
      forEachName: (visit) => {
        for (let k = 0; k < nameOrdinals.length; k++) visit(nameOrdinals[k]!);
      },
    });
  }
  for (const { typedStart, similarity, occurrences } of joinedPayerWordMatches) {
    evidence.push({
      gain: typedWeights[typedStart]! * similarity,
      size: occurrences.length,
      forEachName: (visit) => {
        for (let k = 0; k < occurrences.length; k++) visit(occurrences[k]!.nameOrdinal);
      },
    });
  }

  // Family words and states sit in thousands of names of a large list, so the tally lives in typed arrays kept
  // on the index (matching is synchronous, so one set of scratch arrays is never shared by two matches).
  const covered = index.scratchCoveredWeight;
  const touched = index.scratchTouchedNames;
  let touchedCount = 0;
  try {
    // Rarest evidence first. Once some names are in hand, evidence found in a great many names (only ever in a
    // list of thousands: "Blue", a state) adds to those names instead of opening all of its own. A name sharing
    // nothing rarer with the typed one would rank below them anyway, bar contrived cases.
    evidence.sort((a, b) => a.size - b.size);
    for (const { gain, size, forEachName } of evidence) {
      if (gain <= 0) continue;
      if (size > COMMON_WORD_NAME_COUNT && touchedCount > 0) {
        forEachName((nameOrdinal) => {
          if (covered[nameOrdinal]! > 0) covered[nameOrdinal]! += gain;
        });
      } else {
        forEachName((nameOrdinal) => {
          if (covered[nameOrdinal] === 0) touched[touchedCount++] = nameOrdinal;
          covered[nameOrdinal]! += gain;
        });
      }
    }

    const typedTotal = typedWeights.reduce((sum, weight) => sum + weight, 0);
    // Ties broken by payer name, as in the final ranking, so the order of the payer list never matters.
    const payerOf = (nameOrdinal: number) => index.payers[index.names[nameOrdinal]!.payerOrdinal]!;
    const best = new TopCandidates(
      CANDIDATES_TO_SCORE,
      (a, b) => compareText(payerOf(a).name, payerOf(b).name) || compareText(payerOf(a).payerId, payerOf(b).payerId),
    );
    for (let k = 0; k < touchedCount; k++) {
      const nameOrdinal = touched[k]!;
      const coveredWeight = covered[nameOrdinal]!;
      const roughPrecision = Math.min(1, coveredWeight / typedTotal);
      const roughRecall = Math.min(1, coveredWeight / index.names[nameOrdinal]!.totalWeight);
      best.offer(nameOrdinal, fMeasure(roughPrecision, roughRecall));
    }
    return best.ordinals();
  } finally {
    for (let k = 0; k < touchedCount; k++) covered[touched[k]!] = 0;
  }
}

/** Keeps the `capacity` highest-scoring ordinals seen, without sorting everything offered. */
class TopCandidates {
  private readonly scores: number[] = [];
  private readonly kept: number[] = [];
  constructor(
    private readonly capacity: number,
    private readonly breakTie: (a: number, b: number) => number,
  ) {}

  offer(ordinal: number, score: number): void {
    const last = this.kept.length - 1;
    if (this.kept.length === this.capacity && !this.ranksBefore(ordinal, score, last)) return;
    let position = this.kept.length;
    while (position > 0 && this.ranksBefore(ordinal, score, position - 1)) position--;
    this.scores.splice(position, 0, score);
    this.kept.splice(position, 0, ordinal);
    if (this.kept.length > this.capacity) {
      this.scores.pop();
      this.kept.pop();
    }
  }

  private ranksBefore(ordinal: number, score: number, position: number): boolean {
    const keptScore = this.scores[position]!;
    return score > keptScore || (score === keptScore && this.breakTie(ordinal, this.kept[position]!) < 0);
  }

  ordinals(): number[] {
    return [...this.kept];
  }
}

/**
 * Pairs typed words with the name's words (best pairs first, each word used once) and turns the weight covered
 * on each side into a score in [0, 1].
 */
function scoreName(
  name: IndexedName,
  typedWords: readonly MatchingWord[],
  typedWeights: readonly number[],
  typedHasState: boolean,
  matchesByWordId: ReadonlyMap<number, TypedWordMatch[]>,
  joinedPairings: readonly Pairing[] | undefined,
): number {
  // Plain loops and same-shaped objects: this runs for every candidate of every match.
  const pairings: Pairing[] = [];
  const addPairing = (typedStart: number, typedLength: number, payerStart: number, payerLength: number, similarity: number) => {
    let gain = 0;
    for (let i = typedStart; i < typedStart + typedLength; i++) gain += typedWeights[i]!;
    for (let j = payerStart; j < payerStart + payerLength; j++) gain += name.weights[j]!;
    pairings.push({ typedStart, typedLength, payerStart, payerLength, similarity, gain: gain * similarity });
  };
  for (let payerStart = 0; payerStart < name.wordIds.length; payerStart++) {
    const matches = matchesByWordId.get(name.wordIds[payerStart]!);
    if (matches === undefined) continue;
    for (const match of matches) addPairing(match.typedStart, match.typedLength, payerStart, 1, match.similarity);
  }
  if (joinedPairings !== undefined) {
    for (const p of joinedPairings) addPairing(p.typedStart, p.typedLength, p.payerStart, p.payerLength, p.similarity);
  }
  pairings.sort((a, b) => b.gain - a.gain);

  const typedSimilarity = new Array<number>(typedWords.length).fill(0);
  const payerUsed = new Array<boolean>(name.wordIds.length).fill(false);
  let payerCovered = 0;
  for (const pairing of pairings) {
    if (!isFree(typedSimilarity, pairing.typedStart, pairing.typedLength)) continue;
    if (!isFree(payerUsed, pairing.payerStart, pairing.payerLength)) continue;
    for (let i = pairing.typedStart; i < pairing.typedStart + pairing.typedLength; i++) {
      typedSimilarity[i] = pairing.similarity;
    }
    for (let j = pairing.payerStart; j < pairing.payerStart + pairing.payerLength; j++) {
      payerUsed[j] = true;
      payerCovered += name.weights[j]! * pairing.similarity;
    }
  }

  // A state the client typed counts for less when this payer names no state but the payer's own word was
  // matched ("Regence Blue Shield of Oregon" for "Regence BlueShield"): the client is saying where they live.
  // Without the payer's own word, the state is what tells the names apart ("BCBS of Michigan" vs "Highmark BCBS").
  const payerWordMatched = typedWords.some((word, i) => word.role === 'payer' && typedSimilarity[i]! > 0);
  const discountUnmatchedState = !name.hasState && payerWordMatched;
  let typedTotal = 0;
  let typedCovered = 0;
  let statesAgree = false;
  typedWords.forEach((word, i) => {
    const similarity = typedSimilarity[i]!;
    const isState = word.role === 'state';
    if (isState && similarity > 0) statesAgree = true;
    const weight = isState && similarity === 0 && discountUnmatchedState ? typedWeights[i]! * UNMATCHED_STATE_DISCOUNT : typedWeights[i]!;
    typedTotal += weight;
    typedCovered += weight * similarity;
  });

  const score = fMeasure(typedCovered / typedTotal, payerCovered / name.totalWeight);
  return typedHasState && name.hasState && !statesAgree ? score * CONFLICTING_STATE_FACTOR : score;
}

/** True when none of the positions is taken yet (a taken position is `true` or a similarity above 0). */
function isFree(used: readonly (boolean | number)[], start: number, length: number): boolean {
  for (let i = start; i < start + length; i++) if (used[i]) return false;
  return true;
}

function fMeasure(precision: number, recall: number): number {
  if (precision <= 0 || recall <= 0) return 0;
  return ((1 + F_BETA_SQUARED) * precision * recall) / (F_BETA_SQUARED * precision + recall);
}
