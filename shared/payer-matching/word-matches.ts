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
import { BEGINNING_KEY_LENGTH, type BuiltPayerMatchIndex, type JoinedPayerWords } from './payer-index.ts';
import { FAMILY_WORDS, US_STATES } from './vocabulary.ts';

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
/** The shortest typed text read as the mistyped beginning of a longer payer word ("unitdhealth"). */
const MIN_MISTYPED_BEGINNING_LENGTH = 8;
/** A typed word read as several payer words with a slip in one of them must be this long ("OscrHealth"). */
const MIN_MISTYPED_GLUED_WORD_LENGTH = 7;
/** Glued words longer than this are not cut up (a pasted string must not cost more than a name does). */
const MAX_CUT_GLUED_WORD_LENGTH = 40;
/** The shortest piece a glued word is cut into when it is read as several payer words. */
const MIN_GLUED_PIECE_LENGTH = 3;

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
  // A run whose every word is an index word as typed has no slip to correct: only a run with a word no payer
  // uses is read for a slip (this keeps a name such as "Blue Cross Blue Shield of Texas" cheap).
  const isKnown = (word: MatchingWord) => word.role === 'state' || index.wordIdByKey.has(word.key);
  for (let typedStart = 0; typedStart < typedWords.length; typedStart++) {
    let joined = typedWords[typedStart]!.surface.replace(/ /g, '');
    let hasUnknownWord = !isKnown(typedWords[typedStart]!);
    for (let typedLength = 2; typedLength <= MAX_JOINED_TYPED_WORDS; typedLength++) {
      const next = typedWords[typedStart + typedLength - 1];
      if (next === undefined) break;
      joined += next.surface.replace(/ /g, '');
      hasUnknownWord ||= !isKnown(next);
      const wordId = index.wordIdByKey.get(joined);
      if (wordId !== undefined) {
        if (!isDescriptiveRole(index.wordRoles[wordId]!)) {
          record(wordId, { typedStart, typedLength, similarity: SPACING_VARIANT_SIMILARITY });
        }
        continue;
      }
      // "Care Frist", "Unted Health Care": split and mistyped at once.
      if (!hasUnknownWord) continue;
      const typoWordIds = new Set<number>();
      for (const typo of findTypos(index, joined)) {
        if (isDescriptiveRole(index.wordRoles[typo.wordId]!)) continue;
        typoWordIds.add(typo.wordId);
        record(typo.wordId, { typedStart, typedLength, similarity: SPACING_VARIANT_SIMILARITY * typo.similarity });
      }
      // "Emblm Helth": a slip in each of the words that spell one long payer word.
      if (typoWordIds.size === 0) {
        for (const typo of findTwoSlipSpellings(index, joined)) {
          typoWordIds.add(typo.wordId);
          record(typo.wordId, { typedStart, typedLength, similarity: SPACING_VARIANT_SIMILARITY * typo.similarity });
        }
      }
      // "Unitd Health": split, mistyped and left unfinished. Only from a word that says which payer.
      if (isDescriptiveRole(typedWords[typedStart]!.role)) continue;
      for (const truncated of findMistypedBeginnings(index, joined)) {
        if (typoWordIds.has(truncated.wordId)) continue;
        record(truncated.wordId, { typedStart, typedLength, similarity: SPACING_VARIANT_SIMILARITY * truncated.similarity });
      }
    }
  }
  return matchesByWordId;
}

/**
 * Long index words that `typed` begins, one slip allowed ("unitdhealth" → "unitedhealthcare"), found through
 * the one-slip keys of their first five letters. The beginning must spell at least half the word and be
 * MIN_MISTYPED_BEGINNING_LENGTH letters or more: shorter beginnings with a slip in them point at too many words.
 */
function findMistypedBeginnings(index: BuiltPayerMatchIndex, typed: string): { wordId: number; similarity: number }[] {
  const found: { wordId: number; similarity: number }[] = [];
  if (typed.length < MIN_MISTYPED_BEGINNING_LENGTH || typed.length >= index.longestWordLength) return found;
  for (const wordId of wordsWithSimilarBeginning(index, typed)) {
    const candidate = index.wordKeys[wordId]!;
    // A whole word mistyped is findTypos' case; a beginning must leave some of the word out.
    if (candidate.length <= typed.length + 1 || typed.length * 2 < candidate.length) continue;
    let edits = 2;
    for (let length = typed.length - 1; length <= typed.length + 1; length++) {
      edits = Math.min(edits, boundedSwapAwareDistance(typed, candidate.slice(0, length), 1));
    }
    if (edits > 1) continue;
    const spelt = TRUNCATED_WORD_SIMILARITY.floor + (TRUNCATED_WORD_SIMILARITY.span * typed.length) / candidate.length;
    found.push({ wordId, similarity: spelt * typoSimilarity(edits, typed, candidate.slice(0, typed.length)) });
  }
  return found;
}

/**
 * Long payer words two slips away from typed words run together, which the symmetric-delete keys cannot see when
 * both slips left a letter out ("emblmhelth" for "emblemhealth", "untdhealthcare"). Candidates come from the
 * long words' beginning keys (at most one slip in the first five letters), as for a mistyped beginning.
 */
function findTwoSlipSpellings(index: BuiltPayerMatchIndex, joined: string): { wordId: number; similarity: number }[] {
  if (joined.length < MIN_TWO_TYPO_WORD_LENGTH) return [];
  const found: { wordId: number; similarity: number }[] = [];
  for (const wordId of wordsWithSimilarBeginning(index, joined)) {
    const candidate = index.wordKeys[wordId]!;
    if (Math.abs(candidate.length - joined.length) > 2) continue;
    if (boundedSwapAwareDistance(joined, candidate, 2) === 2) found.push({ wordId, similarity: typoSimilarity(2, joined, candidate) });
  }
  return found;
}

/**
 * The long index words whose first BEGINNING_KEY_LENGTH letters are at most one slip from `typed`'s, each once,
 * through their beginning keys: the candidates of a mistyped beginning and of a two-slip spelling.
 */
function wordsWithSimilarBeginning(index: BuiltPayerMatchIndex, typed: string): number[] {
  const wordIds: number[] = [];
  const seen = new Set<number>();
  for (const key of [typed.slice(0, BEGINNING_KEY_LENGTH - 1), ...singleDeletionVariants(typed.slice(0, BEGINNING_KEY_LENGTH))]) {
    for (const wordId of index.wordIdsByMistypedBeginning.get(key) ?? []) {
      if (seen.has(wordId)) continue;
      seen.add(wordId);
      wordIds.push(wordId);
    }
  }
  return wordIds;
}

/** Index words one slip (two for long words) away from `typed`, found through the symmetric-delete keys. */
function findTypos(index: BuiltPayerMatchIndex, typed: string): { wordId: number; similarity: number }[] {
  const typos: { wordId: number; similarity: number }[] = [];
  if (typed.length < MIN_TYPO_WORD_LENGTH - 1 || typed.length > index.longestWordLength + 2) return typos;
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

/**
 * "KaiserPermanente" for "Kaiser Permanente": a typed word may spell several neighbouring payer words, also with
 * a slip in one of them ("KaiserPermanete", "OscrHealth").
 */
export function findJoinedPayerWordMatches(index: BuiltPayerMatchIndex, typedWords: readonly MatchingWord[]): JoinedPayerWordMatch[] {
  const matches: JoinedPayerWordMatch[] = [];
  typedWords.forEach((word, typedStart) => {
    const glued = word.surface.replace(/ /g, '');
    const occurrences = index.joinedPayerWords.get(glued);
    if (occurrences !== undefined) {
      const similarity = isDescriptiveRole(word.role) ? ORDINARY_WORD_SPELLING_PAYER_WORDS_SIMILARITY : SPACING_VARIANT_SIMILARITY;
      matches.push({ typedStart, similarity, occurrences });
      return;
    }
    if (word.role === 'state' || index.wordIdByKey.has(glued)) return;
    for (const { spelling, similarity } of mistypedGluedSpellings(index, glued)) {
      matches.push({ typedStart, similarity: SPACING_VARIANT_SIMILARITY * similarity, occurrences: index.joinedPayerWords.get(spelling)! });
    }
  });
  return matches;
}

/**
 * The runs of payer words a glued typed word spells with one slip: the word is cut in two, one piece is an
 * index word (or a run of them) as typed and the other is one slip away from an index word. Only spellings that
 * really occur as neighbouring words in some payer's name count, each once, with the similarity of its slip.
 */
function mistypedGluedSpellings(index: BuiltPayerMatchIndex, glued: string): { spelling: string; similarity: number }[] {
  if (glued.length < MIN_MISTYPED_GLUED_WORD_LENGTH || glued.length > MAX_CUT_GLUED_WORD_LENGTH) return [];
  const best = new Map<string, number>();
  const offer = (spelling: string, similarity: number) => {
    if (!index.joinedPayerWords.has(spelling) || (best.get(spelling) ?? 0) >= similarity) return;
    best.set(spelling, similarity);
  };
  // A piece read as typed: an index word, a run of them, a state's name, or a compound ("healthcare", "bcbs").
  const spellingAsTyped = (piece: string): string | undefined => {
    if (index.wordIdByKey.has(piece) || index.joinedPayerWords.has(piece) || STATE_CODE_BY_NAME.has(piece)) return piece;
    return EXPANDED_ABBREVIATIONS.get(piece)?.join('');
  };
  // A piece one slip away from an index word, a state's name ("Folrida") or a compound ("Heazlthplan").
  const mistypedSpellings = (piece: string): { spelling: string; similarity: number }[] => {
    const found = findTypos(index, piece).map((typo) => ({ spelling: index.wordKeys[typo.wordId]!, similarity: typo.similarity }));
    const stateCode = misspeltStateCode(index, piece);
    const stateName = stateCode === undefined ? undefined : US_STATES[stateCode]?.replace(/ /g, '');
    if (stateName !== undefined) found.push({ spelling: stateName, similarity: typoSimilarity(1, piece, stateName) });
    const compound = misspeltCompound(index, piece)?.join('');
    if (compound !== undefined) found.push({ spelling: compound, similarity: typoSimilarity(1, piece, compound) });
    return found;
  };
  for (let cut = MIN_GLUED_PIECE_LENGTH; cut <= glued.length - MIN_GLUED_PIECE_LENGTH; cut++) {
    const head = glued.slice(0, cut);
    const tail = glued.slice(cut);
    const tailAsTyped = spellingAsTyped(tail);
    if (tailAsTyped !== undefined) {
      for (const { spelling, similarity } of mistypedSpellings(head)) offer(spelling + tailAsTyped, similarity);
    }
    const headAsTyped = spellingAsTyped(head);
    if (headAsTyped !== undefined) {
      for (const { spelling, similarity } of mistypedSpellings(tail)) offer(headAsTyped + spelling, similarity);
    }
    // "OakmonHtealth": two letters swapped across the seam.
    const swappedHead = head.slice(0, -1) + tail[0]!;
    const swappedTail = head.at(-1)! + tail.slice(1);
    const swappedHeadAsTyped = spellingAsTyped(swappedHead);
    const swappedTailAsTyped = spellingAsTyped(swappedTail);
    if (swappedHeadAsTyped !== undefined && swappedTailAsTyped !== undefined) {
      offer(swappedHeadAsTyped + swappedTailAsTyped, typoSimilarity(1, glued, swappedHead + swappedTail));
    }
  }
  return [...best].map(([spelling, similarity]) => ({ spelling, similarity }));
}
