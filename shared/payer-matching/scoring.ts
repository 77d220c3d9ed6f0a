/**
 * Scoring: a cheap preselection over the inverted index, then, for the few names left, a greedy pairing of
 * typed words with the name's words (best pairs first, each word used once) turned into a precision-leaning
 * F-measure of the weight covered on each side, with the state rules of the Blue Cross licensees applied.
 */
import type { BuiltPayerMatchIndex, IndexedName } from './payer-index.ts';
import { isDescriptiveRole, type MatchingWord } from './matching-words.ts';
import type { JoinedPayerWordMatch, TypedWordMatch } from './word-matches.ts';

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

export interface Pairing {
  readonly typedStart: number;
  readonly typedLength: number;
  readonly payerStart: number;
  readonly payerLength: number;
  readonly similarity: number;
  readonly gain: number;
}

/** Code-unit order, not locale order: the same on every server and browser. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The joined-word pairings of the candidate names only (a common run of words may occur in thousands). */
export function joinedPairingsOf(
  candidates: readonly number[],
  joinedPayerWordMatches: readonly JoinedPayerWordMatch[],
): Map<number, Pairing[]> {
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
export function preselectCandidates(
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
export function scoreName(
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
