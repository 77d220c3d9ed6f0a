/**
 * From OCR lines of an insurance card to the contract's reading fields (`Attachment.reading`).
 * Pure and isomorphic: the server's reader and the portal's in-browser pre-fill use the same rules.
 *
 * How: lines are put back into rows (OCR returns a label and its value as separate lines when they sit in
 * columns; a photographed card is tilted, so rows follow the text's slope), then every field is anchored on
 * its label — the value is what follows the label in its row, or the row below when the label stands alone —
 * and must have the field's shape (an RxBIN is six digits, a phone ten, a date a date). Letter/digit confusions
 * are fixed only where the shape says which one a character must be. Anything unsure is left out: a wrong value
 * is worse than an empty field (the client or practitioner types it; a wrong one is believed).
 */
import type { CardField } from '../constants.ts';
import { cardTextAsPrinted, normaliseCardText, parseCardDate } from './values.ts';

export interface OcrLine {
  text: string;
  /** 0–100, Tesseract's line confidence. */
  confidence: number;
  box?: { x0: number; y0: number; x1: number; y1: number };
  /** The line's words with their own confidence: a value's confidence is its weakest word's. */
  words?: { text: string; confidence: number }[];
  /** The baseline's ends, when the engine reports them (used for the card's tilt). */
  baseline?: { x0: number; y0: number; x1: number; y1: number };
}

/** What a reading found, by the contract's field names (`cardFieldValues`, the list the reading schema is built from). */
export type CardFields = Partial<Record<CardField, string>>;

export type { CardField };

/** Lines below this confidence are not trusted for any value. */
const MIN_VALUE_CONFIDENCE = 50;
/**
 * Fields whose misreads look as plausible as the truth (a digit for a digit in a phone number, a short PCN) need
 * more: measured on the development cards, below these the values read were about as often wrong as right.
 */
const MIN_FIELD_CONFIDENCE: Partial<Record<CardField, number>> = { payerPhone: 70, groupNumber: 65, rxPcn: 60 };

type LabelKind = Exclude<CardField, 'payerName'> | 'other';

/**
 * Label wordings, most specific first (an `Rx Group` is not a `Group`, a `Member ID` is not a `Member` name).
 * `[I1l|]D` accepts what OCR makes of "ID". `other` labels end the value before them and are never values.
 */
const LABELS: { kind: LabelKind; pattern: string; strong?: true }[] = [
  // "Rx" as OCR reads it in small print: one of its two letters may be wrong (`RaBIN`, `BXGRP`, `RiGRP`).
  { kind: 'rxBin', pattern: '(?:RX|R[A-Z]|[A-Z]X) ?(?:BIN|8IN)(?: ?(?:#|NO\\.?|NUMBER))?', strong: true },
  { kind: 'rxPcn', pattern: 'RXX? ?PCN', strong: true },
  { kind: 'rxGroup', pattern: '(?:RX|R[A-Z]|[A-Z]X) ?(?:GROUP|GRP|GP)(?: ?(?:#|NO\\.?|NUMBER))?', strong: true },
  { kind: 'rxBin', pattern: 'BIN(?: ?(?:#|NO\\.?|NUMBER))?', strong: true },
  { kind: 'rxPcn', pattern: 'PCN', strong: true },
  {
    kind: 'other',
    pattern:
      '(?:PHARMACIST|PHARMACY|PROVIDER|PROVIDERS|NURSE|BEHAVIORAL HEALTH|MENTAL HEALTH|RX HELP|PRIOR AUTH\\w*|CLAIMS?|PAYER ID|ISSUER(?: ?(?:ID|#))?|DOB|DATE OF BIRTH|BIRTH DATE|COPAYS?|DEDUCTIBLE|COINS(?:URANCE)?|OOP|OFFICE|PCP|SPEC(?:IALIST)?|ER|URGENT CARE|DEPENDENTS?|ISSUE DATE|ISSUED|RX ?ID|PERSON ?CODE|SEND CLAIMS TO)',
  },
  {
    kind: 'memberId',
    pattern:
      // "ID" as OCR reads it: `1D`, `1ID`, `10`; "ID#" as `IDs`. A lone `10` counts only as a whole line.
      '(?:(?:MEMBER|SUBSCRIBER|ENROLLEE|PATIENT|POLICY|INSURED)S? ?(?:[I1L|]{1,2}\\.?D\\.?|10)(?: ?(?:#|NO\\.?|NUMBER)|[S$])?|MEMBER ?(?:NUMBER|NO\\.?|#)|IDENTIFICATION(?: ?(?:NUMBER|NO\\.?|#))?|[I1L|]\\.?D\\.? ?(?:#|NO\\.?|NUMBER)|POLICY ?(?:NUMBER|NO\\.?|#)|MEDICARE ?(?:NUMBER|#)|[I1L|]D|^10$)',
  },
  { kind: 'groupNumber', pattern: '(?:GROUP|GRP)(?: ?(?:#|NUMBER|NO\\.?|ID))?' },
  {
    kind: 'payerPhone',
    pattern: '(?:(?:MEMBER|CUSTOMER) ?(?:SERVICES?|CARE)(?: ?(?:PHONE|#|NUMBER))?|QUESTIONS\\?? ?(?:CALL(?: US)?)?|CALL US|CALL|PHONE|TEL)',
  },
  {
    kind: 'effectiveDate',
    pattern: '(?:COVERAGE ?)?(?:EFFECTIVE|EFF\\.?)(?: ?(?:DATE|DT\\.?))?|COVERAGE (?:DATE|STARTS?|BEGINS?)(?: ON)?|START DATE',
  },
  {
    kind: 'subscriberName',
    pattern: '(?:(?:MEMBER|SUBSCRIBER|ENROLLEE|PATIENT|INSURED|CARDHOLDER) ?NAME|NAME|SUBSCRIBER|MEMBER|ENROLLEE|CARDHOLDER)',
  },
  { kind: 'planName', pattern: '(?:PLAN ?(?:NAME|TYPE)|PRODUCT|PLAN)' },
];

/** What separates a label from its value: a colon (which OCR also reads as `;` or `,`), `#`, a dash, a bar. */
const VALUE_LEAD = /^[\s:;,#.\-–|]*/;

const LABEL_PATTERN = new RegExp(`(?<![A-Z0-9])(?:${LABELS.map((label) => `(${label.pattern})`).join('|')})(?![A-Z0-9])`, 'g');

interface Segment {
  text: string;
  confidence: number;
  x0: number;
  x1?: number;
  /** The line box's height: the type size (a logo's words are the largest on the card). */
  height?: number;
  words?: { text: string; confidence: number }[];
}

interface Row {
  segments: Segment[];
  y: number;
  height: number;
}

interface Value {
  text: string;
  /** The same characters in their printed case. */
  printed: string;
  confidence: number;
}

export interface ExtractOptions {
  /** The practice's payer names, to recognise the payer's logo text (e.g. "aetna", "BCBSTX"). */
  matchPayerName?: (text: string) => string | undefined;
}

export function extractCardFields(lines: readonly OcrLine[], options: ExtractOptions = {}): CardFields {
  return extractCardFieldsWithConfidence(lines, options).fields;
}

/** The fields and, for each, the OCR confidence of the line its value came from (for tuning and the bench). */
export function extractCardFieldsWithConfidence(
  lines: readonly OcrLine[],
  options: ExtractOptions = {},
): { fields: CardFields; confidence: Partial<Record<CardField, number>> } {
  const confidence: Partial<Record<CardField, number>> = {};
  const rows = toRows(lines.filter((line) => line.text.trim().length > 0));
  const found: CardFields = {};
  const values = new Map<LabelKind, Value[]>();
  const labelledRows = new Set<number>();

  rows.forEach((row, rowIndex) => {
    for (const segment of row.segments) {
      const { upper: text, printed } = segmentText(segment);
      const labels = findLabels(text);
      if (labels.length === 0) continue;
      labelledRows.add(rowIndex);
      labels.forEach((label, index) => {
        const end = labels[index + 1]?.start ?? text.length;
        const lead = VALUE_LEAD.exec(text.slice(label.end, end))![0].length;
        let value = text.slice(label.end + lead, end).trim();
        let valuePrinted = printed.slice(label.end + lead, end).trim();
        // A bilingual label ("Name/Nombre", "Coverage starts/Cobertura empieza"): the translation is no value.
        if (/^\/[^0-9]*$/.test(value)) value = valuePrinted = '';
        let confidence = valueConfidence(segment, value);
        if (!value && index === labels.length - 1) {
          // The value sits in the next segment of the row (label and value in columns), or under the label.
          const next = nextValueSegment(rows, rowIndex, segment);
          if (next) {
            const nextText = segmentText(next, false);
            const nextLead = VALUE_LEAD.exec(nextText.upper)![0].length;
            const nextLabel = findLabels(nextText.upper)[0];
            const nextEnd = nextLabel ? nextLabel.start : nextText.upper.length;
            value = nextText.upper.slice(nextLead, nextEnd).trim();
            valuePrinted = nextText.printed.slice(nextLead, nextEnd).trim();
            confidence = valueConfidence(next, value);
          }
        }
        if (value)
          (values.get(label.kind) ?? values.set(label.kind, []).get(label.kind)!).push({ text: value, printed: valuePrinted, confidence });
      });
    }
  });

  for (const [kind, candidates] of values) {
    if (kind === 'other') continue;
    for (const candidate of candidates) {
      if (candidate.confidence < Math.max(MIN_VALUE_CONFIDENCE, MIN_FIELD_CONFIDENCE[kind] ?? 0)) continue;
      const parsed = PARSERS[kind](candidate.text, candidate.printed);
      if (parsed !== undefined) {
        found[kind] = parsed;
        confidence[kind] = candidate.confidence;
        break;
      }
    }
  }

  const header = headerLines(rows, labelledRows);
  if (!found.planName) {
    const plan = header.find((line) => isPlanLine(normaliseCardText(line.text)) && line.confidence >= 88);
    const parsed = plan ? PARSERS.planName(normaliseCardText(plan.text), cardTextAsPrinted(plan.text)) : undefined;
    if (parsed && !(options.matchPayerName && options.matchPayerName(parsed))) found.planName = parsed;
  }
  const payer = findPayerName(header, rows, options, found.planName);
  if (payer) found.payerName = payer;
  return { fields: found, confidence };
}

// ---------------------------------------------------------------------------------------------------------
// Rows

/** Groups lines into rows along the text's slope, left to right within a row. */
function toRows(lines: readonly OcrLine[]): Row[] {
  const withBoxes = lines.filter((line) => line.box);
  if (withBoxes.length !== lines.length) {
    // No geometry: every line is its own row, in reading order.
    return lines.map((line, index) => ({ segments: [{ text: line.text, confidence: line.confidence, x0: 0 }], y: index, height: 1 }));
  }
  const slope = textSlope(withBoxes);
  const items = withBoxes.map((line) => {
    const box = line.box!;
    return {
      segment: {
        text: line.text,
        confidence: line.confidence,
        x0: box.x0,
        x1: box.x1,
        height: box.y1 - box.y0,
        words: line.words,
      } as Segment,
      y: (box.y0 + box.y1) / 2 - slope * ((box.x0 + box.x1) / 2),
      height: box.y1 - box.y0,
    };
  });
  items.sort((a, b) => a.y - b.y);
  const rows: Row[] = [];
  for (const item of items) {
    const last = rows[rows.length - 1];
    if (last && Math.abs(item.y - last.y) < 0.5 * Math.max(Math.min(item.height, last.height), 1)) {
      last.segments.push(item.segment);
    } else {
      rows.push({ segments: [item.segment], y: item.y, height: item.height });
    }
  }
  for (const row of rows) {
    row.segments.sort((a, b) => a.x0 - b.x0);
    row.segments = joinCloseSegments(row.segments, row.height);
  }
  return rows;
}

/** Pieces of one phrase that OCR split ("Customer" · "Care 1 (866)" · "584.2727") are one segment again. */
function joinCloseSegments(segments: Segment[], height: number): Segment[] {
  const joined: Segment[] = [];
  for (const segment of segments) {
    const last = joined[joined.length - 1];
    if (last && last.x1 !== undefined && segment.x0 - last.x1 < 1.2 * height) {
      joined[joined.length - 1] = {
        text: `${last.text} ${segment.text}`,
        confidence: Math.min(last.confidence, segment.confidence),
        x0: last.x0,
        x1: segment.x1,
        height: Math.max(last.height ?? 0, segment.height ?? 0),
        words: [...(last.words ?? []), ...(segment.words ?? [])],
      };
    } else {
      joined.push(segment);
    }
  }
  return joined;
}

/** The median slope of the longer lines' baselines (or of their boxes' tops when no baseline is known). */
function textSlope(lines: readonly OcrLine[]): number {
  const slopes = lines
    .filter((line) => line.baseline && line.baseline.x1 - line.baseline.x0 > 150)
    .map((line) => (line.baseline!.y1 - line.baseline!.y0) / (line.baseline!.x1 - line.baseline!.x0))
    .sort((a, b) => a - b);
  return slopes.length ? slopes[Math.floor(slopes.length / 2)]! : 0;
}

function nextValueSegment(rows: readonly Row[], rowIndex: number, labelSegment: Segment): Segment | undefined {
  const row = rows[rowIndex]!;
  const after = row.segments[row.segments.indexOf(labelSegment) + 1];
  // Beside the label, unless that is the next column's label (a row of labels above a row of values).
  if (after && findLabels(normaliseCardText(after.text))[0]?.start !== 0) return after;
  const below = rows[rowIndex + 1];
  if (!below || below.y - row.y > 2.5 * Math.max(row.height, below.height, 1)) return undefined;
  const under = below.segments.find((segment) => Math.abs(segment.x0 - labelSegment.x0) < 3 * Math.max(row.height, 1));
  if (!under || findLabels(normaliseCardText(under.text))[0]?.start === 0) return undefined;
  return under;
}

/** The weakest confidence among the words that make up `value` (the segment's own when words are unknown). */
function valueConfidence(segment: Segment, value: string): number {
  if (!segment.words?.length || !value) return segment.confidence;
  const tokens = value.split(' ');
  const words = segment.words.map((word) => normaliseCardText(word.text));
  for (let start = 0; start + tokens.length <= words.length; start++) {
    if (tokens.every((token, offset) => words[start + offset]!.endsWith(token) || token.startsWith(words[start + offset]!))) {
      return Math.min(...segment.words.slice(start, start + tokens.length).map((word) => word.confidence));
    }
  }
  return segment.confidence;
}

/** A segment's text in upper case and as printed (same length), a leading speck removed from both. */
function segmentText(segment: Segment, dropSpeck = true): { upper: string; printed: string } {
  const upper = normaliseCardText(segment.text);
  let printed = cardTextAsPrinted(segment.text);
  if (printed.length !== upper.length) printed = upper;
  if (!dropSpeck) return { upper, printed };
  const kept = withoutLeadingSpeck(upper);
  return { upper: kept, printed: printed.slice(upper.length - kept.length) };
}

/** OCR often adds a speck before a line ("1ID#:", "| Group:", "Y MEMBER SERVICES"): dropped when a label follows. */
function withoutLeadingSpeck(text: string): string {
  const match = /^(?:[^A-Z0-9\s]+ ?|[A-Z0-9] (?=[A-Z])|[1I|](?=[I1L|]D\b))/.exec(text);
  // Not when the line already starts with a label ("RX GROUP" is not a speck and a "GROUP").
  if (!match || findLabels(text)[0]?.start === 0) return text;
  const rest = text.slice(match[0].length);
  return findLabels(rest)[0]?.start === 0 ? rest : text;
}

interface FoundLabel {
  kind: LabelKind;
  start: number;
  end: number;
}

function findLabels(text: string): FoundLabel[] {
  const found: FoundLabel[] = [];
  for (const match of text.matchAll(LABEL_PATTERN)) {
    const groupIndex = match.slice(1).findIndex((group) => group !== undefined);
    const label = LABELS[groupIndex]!;
    const start = match.index;
    const end = start + match[0].length;
    const followedByColon = /^\s*[:;#]/.test(text.slice(end));
    const atStart = text.slice(0, start).trim() === '';
    // A label in the middle of a line counts only when it looks like one (a colon, or an Rx label, or a
    // label of several words): otherwise "Health Plan" or "Blue Choice Member" would be cut at a "label". Not
    // so for words that are only ever a label's start ("Optum Behavioral Health" is a payer's name).
    const multiword = match[0].includes(' ') && label.kind !== 'payerPhone' && label.kind !== 'other';
    if (!atStart && !followedByColon && !label.strong && !multiword) continue;
    // A bare word label ("Member", "Plan", "ID", "Call") needs a value shape after it or a colon.
    found.push({ kind: label.kind, start, end });
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------
// Values by shape

const DIGIT_LOOKALIKES: Record<string, string> = {
  O: '0',
  Q: '0',
  D: '0',
  I: '1',
  L: '1',
  '|': '1',
  ']': '1',
  '[': '1',
  '!': '1',
  S: '5',
  B: '8',
  Z: '2',
  G: '6',
  T: '7',
};
/** Inside an ID's digit run only the commonest confusions are fixed: IDs do hold letters (`08847B4`, `22077Y6`). */
const ID_DIGIT_LOOKALIKES: Record<string, string> = { O: '0', I: '1', L: '1', '|': '1', ']': '1', '[': '1', '!': '1' };
const LETTER_LOOKALIKES: Record<string, string> = { '0': 'O', '1': 'I', '5': 'S', '8': 'B', '2': 'Z', '6': 'G' };

/** Turns look-alike letters into digits, or gives up when a character cannot be a digit. */
function asDigits(text: string): string | undefined {
  let digits = '';
  for (const char of text) {
    if (/\d/.test(char)) digits += char;
    else if (DIGIT_LOOKALIKES[char]) digits += DIGIT_LOOKALIKES[char];
    else return undefined;
  }
  return digits;
}

/**
 * An identifier (member ID, group number): letters then digits, digits only, or mixed. In the digit run that
 * ends most IDs, look-alike letters become digits (`H0337B148` → `H03378148`) when the run holds mostly real
 * digits; a leading letter stays a letter (prefixes such as `W`, `H`, `OSC` are common).
 */
export function parseIdentifier(raw: string, { min, max, minDigits }: { min: number; max: number; minDigits: number }): string | undefined {
  const first = firstToken(raw);
  if (!first) return undefined;
  let token = first;
  // IDs printed in groups ("W123 456 789", a prefix apart: "PYC 776987206") are one ID.
  const grouped = raw.trim().match(/^(?:[A-Z0-9]+(?: [0-9]{2,5}){1,3}|[A-Z]{1,4} [0-9]{4,14})(?=$|\s{2,}| [A-Z]{3,})/);
  if (grouped && grouped[0].replace(/ /g, '').length <= max) token = grouped[0].replace(/ /g, '');
  token = token.replace(/[-–]/g, '');
  if (!/^[A-Z0-9|\]\[!]+$/.test(token)) return undefined;
  const medicare = asMedicareId(token);
  if (medicare) return medicare.length >= min && medicare.length <= max ? medicare : undefined;
  // The run starts at a real digit: look-alikes before it stay letters (`FMS363…`, `WLD974…`).
  let runStart = token.length;
  while (runStart > 1 && (/\d/.test(token[runStart - 1]!) || ID_DIGIT_LOOKALIKES[token[runStart - 1]!])) runStart--;
  while (runStart < token.length && !/\d/.test(token[runStart]!)) runStart++;
  const run = token.slice(runStart);
  const realDigits = (run.match(/\d/g) ?? []).length;
  let fixed = token;
  if (run.length >= 3 && realDigits >= run.length - 2 && realDigits >= 3) {
    fixed = token.slice(0, runStart) + [...run].map((char) => ID_DIGIT_LOOKALIKES[char] ?? char).join('');
  }
  // Only a trailing bracket/bar-like mark may be a misread "1"; anywhere else the token is not an ID.
  if (!/^[A-Z0-9]+$/.test(fixed)) return undefined;
  // An O just before the digits may be a letter of the prefix (`JFO8008079X`) or a zero (`JF08008079X`):
  // nothing on the card says which, so the ID is left for a person to type.
  // Likewise an O anywhere after the first digit (`4BROA36UW72`): IDs mixing letters and digits are exactly
  // where a zero and an O cannot be told apart.
  const firstDigit = fixed.search(/\d/);
  if (firstDigit >= 0 && fixed.slice(Math.max(0, firstDigit - 1)).includes('O')) return undefined;
  const digits = (fixed.match(/\d/g) ?? []).length;
  if (fixed.length < min || fixed.length > max || digits < minDigits) return undefined;
  return fixed;
}

/** A Medicare Beneficiary Identifier's letters: never S, L, O, I, B or Z (so those, read in one, are digits). */
const MBI_LETTER = '[AC-HJKMNP-RT-Y]';
const MBI = new RegExp(`^[1-9]${MBI_LETTER}[0-9AC-HJKMNP-RT-Y][0-9]${MBI_LETTER}[0-9AC-HJKMNP-RT-Y][0-9]${MBI_LETTER}{2}[0-9]{2}$`);
const MBI_DIGIT_LOOKALIKES: Record<string, string> = { S: '5', O: '0', I: '1', L: '1', B: '8', Z: '2', '|': '1' };

/**
 * The token as an MBI (`1EG4TE5MK73`, printed `1EG4-TE5-MK73`), when it has that exact shape once the letters an
 * MBI never uses are read as the digits they look like (`4BROA36UW72` → `4BR0A36UW72`).
 */
function asMedicareId(token: string): string | undefined {
  if (token.length !== 11) return undefined;
  const fixed = [...token].map((char) => MBI_DIGIT_LOOKALIKES[char] ?? char).join('');
  return MBI.test(fixed) ? fixed : undefined;
}

function firstToken(raw: string): string | undefined {
  return raw.trim().split(/\s+/)[0];
}

const PERSON_NAME_WORD = /^[A-Z][A-Z'.-]*$/;

/** Each field's parser: the value in upper case (for shapes), and as printed (names and plans keep their case). */
const PARSERS: Record<Exclude<LabelKind, 'other'>, (raw: string, printed: string) => string | undefined> = {
  memberId: (raw) => parseIdentifier(raw, { min: 5, max: 17, minDigits: 4 }),
  groupNumber: (raw) => parseIdentifier(raw, { min: 3, max: 15, minDigits: 2 }),
  rxBin: (raw) => {
    const token = firstToken(raw);
    const digits = token ? asDigits(token) : undefined;
    return digits && digits.length === 6 ? digits : undefined;
  },
  rxPcn: (raw) => {
    const token = firstToken(raw);
    return token && /^[A-Z0-9]{2,10}$/.test(token) ? token : undefined;
  },
  rxGroup: (raw) => {
    const token = firstToken(raw);
    return token && /^[A-Z0-9]{2,15}$/.test(token) ? token : undefined;
  },
  payerPhone: (raw) => {
    // A dot misread as a comma ("888,754.3065") still separates.
    const match = /(?:^|[^0-9A-Z])((?:1[ .,-]?)?\(?[0-9OIlS]{3}\)?[ .,-]?[0-9OIlS]{3}[ .,-]?[0-9OIlS]{4})(?![0-9])/.exec(raw);
    if (!match) return undefined;
    const digits = asDigits(match[1]!.replace(/[ .,()-]/g, ''));
    if (!digits) return undefined;
    const ten = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
    return ten.length === 10 && /^[2-9]/.test(ten) ? ten : undefined;
  },
  effectiveDate: (raw) => parseCardDate(raw),
  subscriberName: (raw, printed) => {
    const words = raw.trim().split(/\s+/);
    const printedWords = printed.trim().split(/\s+/);
    const name: string[] = [];
    for (const word of words) {
      if (!PERSON_NAME_WORD.test(word)) break;
      name.push(word);
    }
    if (name.length < 2 || name.length > 5 || name.join(' ').length < 4) return undefined;
    if (name.length < words.length && /[A-Za-z0-9]/.test(words[name.length]!) && !/^\W/.test(words[name.length]!)) return undefined;
    return (printedWords.length === words.length ? printedWords : words).slice(0, name.length).join(' ');
  },
  planName: (_raw, printed) => {
    const text = printed
      .trim()
      .replace(/\s{2,}.*$/, '')
      .trim();
    if (!/^[A-Z0-9][A-Z0-9 &+/'-]{1,40}$/i.test(text) || !/[A-Z]{2}/i.test(text)) return undefined;
    return text;
  },
};

// ---------------------------------------------------------------------------------------------------------
// Header: plan and payer

const PLAN_WORD =
  /\b(?:PPO|HMO|EPO|POS|HDHP|PLAN|CHOICE|SELECT|ADVANTAGE|BRONZE|SILVER|GOLD|PLATINUM|NETWORK|DEDUCTIBLE|PRIME|ACCESS|PLUS|PREMIER|NAVIGATOR|ESSENTIAL|OPEN|CORE|VALUE|SIGNATURE)\b/;

/** The unlabelled lines of the card's upper part (logo, plan), top first. */
function headerLines(rows: readonly Row[], labelled: ReadonlySet<number>): Segment[] {
  if (rows.length === 0) return [];
  const top = rows[0]!.y;
  const bottom = rows[rows.length - 1]!.y;
  const limit = top + (bottom - top) * 0.3;
  return rows.flatMap((row, index) => (row.y <= limit && !labelled.has(index) ? joinLogoPieces(row.segments) : []));
}

/**
 * Pieces of one logo that OCR split apart ("Wellmark Blue Cross" · "Blue Shield", "Blue Cross Blue Shield of" ·
 * "Illinois"): side by side in the same type size, they are one name (so that half a name is never taken).
 */
function joinLogoPieces(segments: readonly Segment[]): Segment[] {
  const joined: Segment[] = [];
  for (const segment of segments) {
    const last = joined[joined.length - 1];
    const [a, b] = [last?.height ?? 0, segment.height ?? 0];
    if (last && a > 0 && b > 0 && Math.min(a, b) >= 0.8 * Math.max(a, b) && segment.x0 - (last.x1 ?? Infinity) < 8 * Math.max(a, b)) {
      joined[joined.length - 1] = {
        ...last,
        text: `${last.text} ${segment.text}`,
        confidence: Math.min(last.confidence, segment.confidence),
        x1: segment.x1,
        words: [...(last.words ?? []), ...(segment.words ?? [])],
      };
    } else {
      joined.push(segment);
    }
  }
  return joined;
}

const INSURER_WORDS =
  /\b(?:HEALTH|HEALTHCARE|CARE|BLUE|CROSS|SHIELD|INSURANCE|MEDICARE|MEDICAID|TRICARE|MUTUAL|LIFE|ASSURANCE|BENEFITS?)\b/;

/** A plan line in the header, unless it reads like an insurer's name ("UPMC Health Plan"). */
function isPlanLine(text: string): boolean {
  if (!PLAN_WORD.test(text)) return false;
  return !(INSURER_WORDS.test(text) || /\bHEALTH ?PLAN\b/.test(text)) || STRONG_PLAN_WORD.test(text);
}

const STRONG_PLAN_WORD = /\b(?:PPO|HMO|EPO|POS|HDHP|BRONZE|SILVER|GOLD|PLATINUM|ADVANTAGE)\b/;

function findPayerName(
  header: readonly Segment[],
  rows: readonly Row[],
  options: ExtractOptions,
  planName: string | undefined,
): string | undefined {
  const candidates = header.filter((segment) => /[A-Za-z]{3}/.test(segment.text) && segment.confidence >= 40);
  // A name broken over two lines ("Blue Cross Blue Shield of" / "Illinois") is also tried whole.
  const joined = candidates.flatMap((segment) => {
    const below = segmentBelow(rows, segment);
    return below ? [{ ...below, text: `${segment.text} ${below.text}`, confidence: Math.min(segment.confidence, below.confidence) }] : [];
  });
  if (options.matchPayerName) {
    // A logo line OCR is unsure of ("LHumana", a speck before the name) is still worth showing the matcher:
    // it answers only for a clear match with one of the practice's payers.
    const unsure = header.filter((segment) => segment.confidence < 40 && (segment.text.match(/[A-Za-z]/g) ?? []).length >= 5);
    for (const candidate of [...joined, ...candidates, ...unsure]) {
      const text = normaliseCardText(candidate.text);
      if (planName && text === normaliseCardText(planName)) continue;
      const matched = options.matchPayerName(candidate.text);
      if (matched) return matched;
    }
  }
  // Without a practice payer to recognise, only a clean, insurer-sounding name is trusted as printed.
  for (const candidate of [
    ...joined.filter((segment) => / OF$/i.test(segment.text.split(' ').slice(0, -1).join(' ')) || /\bOF\b/i.test(segment.text)),
    ...candidates,
  ]) {
    const text = candidate.text
      .replace(/[^A-Za-z0-9&' .-]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const upper = normaliseCardText(text);
    if (candidate.confidence < 90 || !INSURER_WORDS.test(upper) || isPlanLine(upper) || / OF$/.test(upper)) continue;
    if (!/^[A-Za-z][A-Za-z&' .-]{2,50}$/.test(text) || !isCapitalisedName(text)) continue;
    return text;
  }
  return prominentName(header, rows, planName);
}

/**
 * A payer the practice lacks, with no insurer word in its name ("Ambetter", "WellCare", "EmblemHealth"): the
 * header line in the card's largest type — the logo — when it is read cleanly and shaped like a name. Short
 * letter groups ("IBX", "BCBS") are abbreviations of a longer name and are left out, as are plan lines.
 */
function prominentName(header: readonly Segment[], rows: readonly Row[], planName: string | undefined): string | undefined {
  const heights = rows
    .flatMap((row) => row.segments.map((segment) => segment.height ?? 0))
    .filter((height) => height > 0)
    .sort((a, b) => a - b);
  if (heights.length < 3) return undefined;
  const typical = heights[Math.floor(heights.length / 2)]!;
  // The logo is the card's first clearly read line; a lower line in large type is a name whose label was lost.
  const first = rows.flatMap((row) => row.segments).find((segment) => segment.confidence >= 80);
  const tallest = [...header].sort((a, b) => (b.height ?? 0) - (a.height ?? 0))[0];
  if (
    !tallest ||
    !first ||
    tallest.x0 !== first.x0 ||
    !tallest.text.startsWith(first.text) ||
    (tallest.height ?? 0) < 1.25 * typical ||
    tallest.confidence < 90
  )
    return undefined;
  const text = cardTextAsPrinted(tallest.text);
  const upper = text.toUpperCase();
  if (!isCapitalisedName(text) || text.split(' ').length > 5) return undefined;
  if ((text.match(/[A-Za-z]/g) ?? []).length < 5) return undefined;
  if (/ OF$/.test(upper)) return undefined;
  if (isPlanLine(upper) || findLabels(upper).length > 0 || (planName && upper === planName.toUpperCase())) return undefined;
  return text;
}

/** Every word capitalised, as a brand is printed: a lower-case start is a name cut at the card's edge ("iser Permanente"). */
function isCapitalisedName(text: string): boolean {
  const word = "[A-Z][A-Za-z&'.-]*";
  return new RegExp(`^${word}(?: (?:${word}|of|and|&))*$`).test(text);
}

function segmentBelow(rows: readonly Row[], segment: Segment): Segment | undefined {
  const rowIndex = rows.findIndex((row) => row.segments.includes(segment));
  const row = rows[rowIndex];
  const below = rows[rowIndex + 1];
  if (!row || !below || below.y - row.y > 2 * Math.max(row.height, 1)) return undefined;
  return below.segments.find((candidate) => Math.abs(candidate.x0 - segment.x0) < row.height);
}
