/**
 * Which index words a typed name's words may be: the same word, one slip (two in a long word) away, the start
 * of a longer word ("Kaiser Perm"), several typed words spelling one payer word ("Care First"), or one typed
 * word spelling several payer words ("KaiserPermanente"). Each candidate pairing carries a similarity in
 * (0, 1]; scoring then decides which pairings a name keeps.
 */
import { boundedSwapAwareDistance, singleDeletionVariants } from './edit-distance.ts';
import {
  COMPOUNDS_BY_DELETION_VARIANT,
  EXPANDED_ABBREVIATIONS,
  GLUED_STATE_ABBREVIATIONS,
  MIN_TRUNCATED_WORD_LENGTH,
  MIN_TWO_TYPO_WORD_LENGTH,
  MIN_TYPO_WORD_LENGTH,
  STATE_CODE_BY_NAME,
  STATE_CODES,
  STATE_NAMES_BY_DELETION_VARIANT,
  isDescriptiveRole,
  isDescriptiveWord,
  type MatchingWord,
  type TypedNameHelp,
} from './matching-words.ts';
import type { BuiltPayerMatchIndex, JoinedPayerWords } from './payer-index.ts';
import { FAMILY_WORDS } from './vocabulary.ts';

/** Similarity credited when words match only once spacing is ignored ("Care First" ↔ "CareFirst"). */
const SPACING_VARIANT_SIMILARITY = 0.95;
/**
 * Similarity credited when an ordinary word spells several payer words: "MediCal" normalises to "medical",
 * which usually means Medi-Cal, but not surely.
 */
const ORDINARY_WORD_SPELLING_PAYER_WORDS_SIMILARITY = 0.8;
/** The shortest payer word accepted as the glued-on start of a longer typed word ("OptumHealth"). */
const MIN_GLUED_PAYER_WORD_LENGTH = 5;
/** Typed neighbours joined when looking for a payer word spelt without spaces ("United Health Care"). */
const MAX_JOINED_TYPED_WORDS = 4;
/** A truncated word scores between these, by how much of the payer word it spells out. */
const TRUNCATED_WORD_SIMILARITY = { floor: 0.5, span: 0.3 } as const;
/** A beginning shared by more payer words than this does not point at any of them. */
const MAX_COMPLETIONS_OF_TRUNCATED_WORD = 20;

/** A typed word (or run of typed words) paired with one index word, before it is known which names have it. */
export interface TypedWordMatch {
  readonly typedStart: number;
  readonly typedLength: number;
  readonly similarity: number;
}

/** The index-aware reading of a typed name: misspelt states, glued abbreviations and mistyped compounds. */
export function typedNameHelp(index: BuiltPayerMatchIndex): TypedNameHelp {
  return {
    misspeltStateCode: (word) => misspeltStateCode(index, word),
    readGluedWord: (word) => splitGluedState(index, word) ?? misspeltCompound(index, word) ?? splitGluedDescriptor(index, word),
  };
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
export function findTypedWordMatches(index: BuiltPayerMatchIndex, typedWords: readonly MatchingWord[]): Map<number, TypedWordMatch[]> {
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
export interface JoinedPayerWordMatch {
  readonly typedStart: number;
  readonly similarity: number;
  readonly occurrences: readonly JoinedPayerWords[];
}

/** "KaiserPermanente" for "Kaiser Permanente": a typed word may spell several neighbouring payer words. */
export function findJoinedPayerWordMatches(index: BuiltPayerMatchIndex, typedWords: readonly MatchingWord[]): JoinedPayerWordMatch[] {
  const matches: JoinedPayerWordMatch[] = [];
  typedWords.forEach((word, typedStart) => {
    const occurrences = index.joinedPayerWords.get(word.surface.replace(/ /g, ''));
    if (occurrences === undefined) return;
    const similarity = isDescriptiveRole(word.role) ? ORDINARY_WORD_SPELLING_PAYER_WORDS_SIMILARITY : SPACING_VARIANT_SIMILARITY;
    matches.push({ typedStart, similarity, occurrences });
  });
  return matches;
}
