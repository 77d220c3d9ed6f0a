/**
 * Edit distance for single words. The project already depends on fastest-levenshtein, but plain Levenshtein
 * counts a swap of two neighbouring letters as two edits, and a swap is the commonest typing slip ("Aetan" for
 * "Aetna"). So words are compared with the optimal-string-alignment distance, where a swap costs one; the words
 * are short and the distance is bounded, so these few lines cost less than any general-purpose library call.
 */

/** OSA distance between a and b, or `limit + 1` as soon as it is known to exceed `limit`. */
export function boundedSwapAwareDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a === b) return 0;
  const width = b.length + 1;
  // Three rolling rows: the swap rule looks two rows back.
  let twoBack = new Array<number>(width).fill(0);
  let previous = Array.from({ length: width }, (_, j) => j);
  let current = new Array<number>(width).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const substitutionCost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + substitutionCost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        best = Math.min(best, twoBack[j - 2]! + 1);
      }
      current[j] = best;
      if (best < rowMinimum) rowMinimum = best;
    }
    if (rowMinimum > limit) return limit + 1;
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  const distance = previous[b.length]!;
  return distance > limit ? limit + 1 : distance;
}

/**
 * The word itself and every string made by deleting one of its characters (a symmetric-delete key set). A
 * doubled letter yields the same variant twice; callers tolerate repeats rather than pay for a Set per word.
 */
export function singleDeletionVariants(word: string): string[] {
  const variants = [word];
  for (let i = 0; i < word.length; i++) variants.push(word.slice(0, i) + word.slice(i + 1));
  return variants;
}
