/**
 * The payer index: every active payer's name and aliases, read once into matching words, with the lookups a
 * match needs (exact normal forms, an inverted index of words, typo and prefix keys, runs of words joined).
 */
import { singleDeletionVariants } from './edit-distance.ts';
import { normalisePayerName } from '../payer-name.ts';
import {
  MIN_TRUNCATED_WORD_LENGTH,
  MIN_TYPO_WORD_LENGTH,
  ROLE_WEIGHT,
  isDescriptiveRole,
  normalisedForSuggestions,
  toMatchingWords,
  type MatchingWord,
  type WordRole,
} from './matching-words.ts';

/** How many first letters of a word key its mistyped beginnings. */
export const BEGINNING_KEY_LENGTH = 5;
/** Only words this long can be typed in part with a slip and still be recognised ("UnitedHealthcare"). */
const MIN_LONG_WORD_LENGTH = 10;

export interface MatchablePayer {
  payerId: string;
  name: string;
  aliases: string[];
  active: boolean;
}

/** Built once per payer list by {@link buildPayerMatchIndex}; its contents are private to this module. */
export interface PayerMatchIndex {
  /** How many active payers the index can match or suggest. */
  readonly activePayerCount: number;
}

/** Payer neighbours joined when looking for a typed word spelt without spaces ("KaiserPermanente"). */
const MAX_JOINED_PAYER_WORDS = 8;

/** One name (the payer's name or one of its aliases) prepared for scoring. */
export interface IndexedName {
  readonly payerOrdinal: number;
  readonly wordIds: Int32Array;
  readonly weights: Float64Array;
  readonly totalWeight: number;
  readonly hasState: boolean;
}

/** A run of neighbouring payer words whose spellings, joined without spaces, equal some typed word. */
export interface JoinedPayerWords {
  readonly nameOrdinal: number;
  readonly start: number;
  readonly length: number;
}

export class BuiltPayerMatchIndex implements PayerMatchIndex {
  readonly activePayerCount: number;
  /** The longest word key: nothing longer than this plus two letters can be a slip of an index word. */
  readonly longestWordLength: number;
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
    /**
     * The first BEGINNING_KEY_LENGTH letters of each long word that tells payers apart, and their one-deletion
     * variants → word ids: for beginnings typed with a slip ("Unitd Health" for "UnitedHealthcare").
     */
    readonly wordIdsByMistypedBeginning: ReadonlyMap<string, readonly number[]>,
    readonly joinedPayerWords: ReadonlyMap<string, readonly JoinedPayerWords[]>,
  ) {
    this.activePayerCount = payers.length;
    this.longestWordLength = wordKeys.reduce((longest, key) => Math.max(longest, key.length), 0);
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

  const wordIdsByMistypedBeginning = new Map<string, number[]>();
  wordKeys.forEach((key, wordId) => {
    const role = wordRoles[wordId];
    if ((role !== 'payer' && role !== 'family' && role !== 'region') || key.length < MIN_LONG_WORD_LENGTH) return;
    for (const variant of new Set(singleDeletionVariants(key.slice(0, BEGINNING_KEY_LENGTH)))) {
      const wordIds = wordIdsByMistypedBeginning.get(variant);
      if (wordIds === undefined) wordIdsByMistypedBeginning.set(variant, [wordId]);
      else wordIds.push(wordId);
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
    wordIdsByMistypedBeginning,
    joinedPayerWords,
  );
}

function rarityFactor(documentFrequency: number, payerCount: number): number {
  if (documentFrequency === 0) return 1;
  return 0.5 + (0.5 * Math.log(1 + payerCount / documentFrequency)) / Math.log(1 + payerCount);
}
