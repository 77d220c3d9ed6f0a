/**
 * Typed names generated from payer names, the kinds of slips clients make, for the matcher's accuracy tests and
 * its bench (the same generator, so both count the same names). Seeded: the same names on every run.
 */
import { seededRandom } from '../../bench/support/stats.ts';

export { seededRandom };

export interface TypedVariant {
  typed: string;
  /** The payer the typed name means. */
  payerId: string;
}

/** One slip of the finger in one word of four letters or more: a wrong, missing, extra or swapped letter. */
export function withSingleTypo(name: string, random: () => number): string {
  const words = name.split(' ');
  const typable = words.flatMap((word, i) => (word.replace(/[^a-z]/gi, '').length >= 4 ? [i] : []));
  if (typable.length === 0) return name;
  const wordIndex = typable[Math.floor(random() * typable.length)]!;
  const word = words[wordIndex]!;
  // The first letter is left alone: people rarely get it wrong, and every variant must still be a typo.
  const at = 1 + Math.floor(random() * (word.length - 1));
  const letter = 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)]!;
  const slips = [
    () => word.slice(0, at) + letter + word.slice(at + 1),
    () => word.slice(0, at) + word.slice(at + 1),
    () => word.slice(0, at) + letter + word.slice(at),
    () => (at < word.length - 1 ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2) : word.slice(0, at)),
  ];
  words[wordIndex] = slips[Math.floor(random() * slips.length)]!();
  return words.join(' ');
}

/**
 * A wrong, missing, extra or swapped letter between `from` and `to` (by default anywhere but the first letter).
 * Unlike withSingleTypo's, every slip changes the word (a "wrong" letter is never the same letter).
 */
function slipIn(word: string, random: () => number, from = 1, to = word.length): string {
  const at = from + Math.floor(random() * (to - from));
  const letter = 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)]!;
  const slips = [
    () => word.slice(0, at) + (letter === word[at]?.toLowerCase() ? 'x' : letter) + word.slice(at + 1),
    () => word.slice(0, at) + word.slice(at + 1),
    () => word.slice(0, at) + letter + word.slice(at),
    () =>
      at < word.length - 1 && word[at] !== word[at + 1]
        ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2)
        : word.slice(0, at) + word.slice(at + 1),
  ];
  return slips[Math.floor(random() * slips.length)]!();
}

/** Words that say "an insurer" or "a Blue Cross licensee" rather than which one: not the distinctive part. */
const COMMON_WORDS = new Set([
  'health',
  'healthcare',
  'healthplan',
  'care',
  'plan',
  'plans',
  'insurance',
  'company',
  'blue',
  'cross',
  'shield',
  'bluecross',
  'blueshield',
  'of',
  'and',
  'the',
  'community',
  'medical',
  'behavioral',
  'options',
]);
/** Compound common words people also write in two ("Health Care"). */
const COMMON_COMPOUNDS: Readonly<Record<string, readonly string[]>> = { healthcare: ['Health', 'Care'], healthplan: ['Health', 'Plan'] };

interface Piece {
  text: string;
  /** Part of the payer's own, distinctive word (not "Health", "Blue", "of"…). */
  distinctive: boolean;
  /** Where in `text` the distinctive letters are (a joined piece is only partly distinctive). */
  from?: number;
  to?: number;
}

/**
 * The payer name spaced as a client might: words the payer writes joined split apart ("UnitedHealthcare" →
 * "United Healthcare", "United Health Care"), neighbouring words joined ("Harvard Pilgrim" → "HarvardPilgrim"),
 * and, after a split, a trailing common word left off ("United Health"). Each respacing changes the name.
 */
function respacings(name: string): Piece[][] {
  const words = name.split(' ');
  const isCommon = (text: string) => COMMON_WORDS.has(text.toLowerCase());
  const results: Piece[][] = [];
  words.forEach((word, i) => {
    const before = words.slice(0, i).map((text) => ({ text, distinctive: !isCommon(text) }));
    const after = words.slice(i + 1).map((text) => ({ text, distinctive: !isCommon(text) }));
    // Camel-case seams: "UnitedHealthcare" → United | Healthcare; "CareFirst" → Care | First.
    const parts = word.split(/(?<=[a-z])(?=[A-Z])/);
    if (parts.length < 2) return;
    const pieces = parts.map((text) => ({ text, distinctive: !isCommon(text) }));
    results.push([...before, ...pieces, ...after]);
    const last = parts.at(-1)!;
    const compound = COMMON_COMPOUNDS[last.toLowerCase()];
    if (compound) {
      const splitFurther = [...pieces.slice(0, -1), ...compound.map((text) => ({ text, distinctive: false }))];
      results.push([...before, ...splitFurther, ...after]);
      // "United Health" for "UnitedHealthcare": the client stops before the last common word.
      if (after.length === 0 && pieces.slice(0, -1).some((piece) => piece.distinctive))
        results.push([...before, ...splitFurther.slice(0, -1)]);
    }
  });
  for (let i = 0; i + 1 < words.length; i++) {
    const [left, right] = [words[i]!, words[i + 1]!];
    if (left.length < 3 || right.length < 3 || ['of', 'and', 'the'].includes(right.toLowerCase())) continue;
    if (isCommon(left) && isCommon(right)) continue;
    // The slip goes into the distinctive word of the two (either, when both are).
    // Like withSingleTypo, slips go only into words of four letters or more.
    if ((isCommon(right) && left.length < 4) || (isCommon(left) && right.length < 4)) continue;
    const joined: Piece = isCommon(right)
      ? { text: left + right, distinctive: true, from: 1, to: left.length }
      : isCommon(left)
        ? { text: left + right, distinctive: true, from: left.length + 1, to: left.length + right.length }
        : { text: left + right, distinctive: true };
    results.push([
      ...words.slice(0, i).map((text) => ({ text, distinctive: !isCommon(text) })),
      joined,
      ...words.slice(i + 2).map((text) => ({ text, distinctive: !isCommon(text) })),
    ]);
  }
  return results;
}

/**
 * Joins and splits combined with a typo in the distinctive part of the name: "Unted Healthcare", "Unitd Health",
 * "Unted Health Care" for "UnitedHealthcare"; "HarvrdPilgrim Health Care". `perRespacing` typos of each
 * respacing; names whose spacing nobody would change (one plain word) yield none.
 */
export function joinedOrSplitWithTypo(
  payers: readonly { payerId: string; name: string }[],
  seed: number,
  perRespacing = 3,
): TypedVariant[] {
  const random = seededRandom(seed);
  const variants: TypedVariant[] = [];
  for (const { payerId, name } of payers) {
    for (const pieces of respacings(name)) {
      for (let k = 0; k < perRespacing; k++) {
        const typable = pieces.flatMap((piece, i) => (piece.distinctive && piece.text.replace(/[^a-z]/gi, '').length >= 4 ? [i] : []));
        if (typable.length === 0) break;
        const target = typable[Math.floor(random() * typable.length)]!;
        const typed = pieces
          .map((piece, i) => (i === target ? slipIn(piece.text, random, piece.from ?? 1, piece.to ?? piece.text.length) : piece.text))
          .join(' ');
        variants.push({ typed, payerId });
      }
    }
  }
  return variants;
}

/** Real US insurers that are not in the development practice's list, nor part of a company that is. */
export const INSURERS_THE_PRACTICE_DOES_NOT_HAVE = [
  'Ambetter',
  'Centene',
  'Health Net',
  'CareSource',
  'Priority Health',
  'Medical Mutual',
  'Independence Blue Cross',
  'Florida Blue',
  'HealthPartners',
  'Devoted Health',
  'Clover Health',
  'Amerigroup',
  'Mutual of Omaha',
  'SelectHealth',
  'Presbyterian Health Plan',
  'Sentara Health Plans',
  'Capital Blue Cross',
  'GEHA',
  'Meritain Health',
  'UMR',
  'AvMed',
  'Moda Health',
  'Providence Health Plan',
  'Blue Cross Blue Shield of Michigan',
  'Wellmark Blue Cross Blue Shield',
];

/**
 * A larger practice: the development payers plus real payers that resemble them (other Blue Cross licensees,
 * other Medicaid and behavioural plans), so that variants must beat realistic near-misses, not just strangers.
 */
export function withLookAlikePayers(practiceNames: readonly string[]): string[] {
  return [
    ...new Set([
      ...practiceNames,
      'Ambetter',
      'Health Net',
      'CareSource',
      'Priority Health',
      'Medical Mutual',
      'Independence Blue Cross',
      'Blue Cross Blue Shield of Michigan',
      'Florida Blue',
      'HealthPartners',
      'Wellmark Blue Cross Blue Shield',
      'Excellus BlueCross BlueShield',
      'Blue Cross Blue Shield of Illinois',
      'Blue Cross Blue Shield of Massachusetts',
      'Blue Cross and Blue Shield of North Carolina',
      'Anthem Blue Cross Blue Shield',
      'Aetna Better Health',
      'UnitedHealthcare Community Plan',
      'Molina Healthcare of California',
      'Amerigroup',
      'WellCare',
      'Humana Military',
      'TRICARE East',
      'Texas Medicaid',
      'Mutual of Omaha',
      'SelectHealth',
      'Geisinger Health Plan',
      'Capital Blue Cross',
      'Blue Cross of Idaho',
      'Oxford Health Plans',
      'GEHA',
      'Meritain Health',
      'UMR',
      'Cigna Behavioral Health',
      'Carelon Behavioral Health',
      'Kaiser Permanente Washington',
      'Superior HealthPlan',
      'Clover Health',
      'AvMed',
      'Medica',
      'PacificSource',
      'Moda Health',
      'Providence Health Plan',
    ]),
  ];
}

const PLAN_SUFFIXES = ['PPO', 'HMO', 'EPO', 'POS II', 'Open Access Plus', 'Choice Plus', 'Gold HMO', 'Advantage'];
const NOISE_SUFFIXES = ['Health', 'Healthcare', 'Health Plan', 'Insurance', 'Insurance Company'];

/** The kinds of names clients type, made from every payer: one class per kind of slip. */
export function generatedVariants(payers: readonly { payerId: string; name: string }[], seed: number) {
  const random = seededRandom(seed);
  const variants = {
    typo: [] as TypedVariant[],
    withoutSpaces: [] as TypedVariant[],
    planAppended: [] as TypedVariant[],
    noiseAppended: [] as TypedVariant[],
    upperCase: [] as TypedVariant[],
    blueSpacing: [] as TypedVariant[],
    bcbsAbbreviated: [] as TypedVariant[],
  };
  for (const { name, payerId } of payers) {
    for (let i = 0; i < 12; i++) variants.typo.push({ typed: withSingleTypo(name, random), payerId });
    if (name.includes(' ')) variants.withoutSpaces.push({ typed: name.replace(/ /g, ''), payerId });
    for (const plan of PLAN_SUFFIXES) variants.planAppended.push({ typed: `${name} ${plan}`, payerId });
    for (const noise of NOISE_SUFFIXES) variants.noiseAppended.push({ typed: `${name} ${noise}`, payerId });
    variants.upperCase.push({ typed: name.toUpperCase(), payerId });
    const respaced = name.replace(/Blue ?(Cross|Shield)/g, (match, word: string) => (match.includes(' ') ? `Blue${word}` : `Blue ${word}`));
    if (respaced !== name) variants.blueSpacing.push({ typed: respaced, payerId });
    const abbreviated = name.replace(/Blue ?Cross (and )?Blue ?Shield/, 'BCBS');
    if (abbreviated !== name) variants.bcbsAbbreviated.push({ typed: abbreviated, payerId });
  }
  return variants;
}
