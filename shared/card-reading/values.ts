/** Text and date helpers of the card reader (pure). */

/** Upper case, typographic dashes and quotes made plain, whitespace runs kept as one space. */
export function normaliseCardText(text: string): string {
  return cardTextAsPrinted(text).toUpperCase();
}

/** The same clean-up keeping the printed case (names and plans are kept as printed). */
export function cardTextAsPrinted(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[‐‑‒–—]/g, '-')
    .replace(/[‘’`´]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

const MONTHS: Record<string, number> = {
  JAN: 1,
  FEB: 2,
  MAR: 3,
  APR: 4,
  MAY: 5,
  JUN: 6,
  JUL: 7,
  AUG: 8,
  SEP: 9,
  OCT: 10,
  NOV: 11,
  DEC: 12,
};

function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1950 || year > 2099) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const fullYear = (year: number) => (year < 100 ? 2000 + year : year);

/** A month name or abbreviation (JUN, JUNE, SEPT) by its first three letters; undefined when it is none. */
const monthNumber = (word: string): number | undefined => MONTHS[word.slice(0, 3)];

/**
 * The first date in a card value, as YYYY-MM-DD: `06/01/23`, `06/01/2023`, `2023-06-01`, `Jun 1, 2023`,
 * `1 Jun 2023`, `01-JUN-2023`. US order (month first) for numeric dates, as US cards print them.
 */
export function parseCardDate(raw: string): string | undefined {
  const text = raw
    .toUpperCase()
    .replace(/(\d)[O](?=\d|\b)/g, '$10')
    .replace(/\s+/g, ' ');
  let match = /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/.exec(text);
  if (match) return isoDate(+match[1]!, +match[2]!, +match[3]!);
  match = /\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})\b/.exec(text);
  if (match) return isoDate(fullYear(+match[3]!), +match[1]!, +match[2]!);
  match = /\b([A-Z]{3,9})\.? (\d{1,2}),? (\d{4})\b/.exec(text);
  let month = match && monthNumber(match[1]!);
  if (match && month) return isoDate(+match[3]!, month, +match[2]!);
  match = /\b(\d{1,2})[ -]([A-Z]{3,9})[ ,-]+(\d{4}|\d{2})\b/.exec(text);
  month = match && monthNumber(match[2]!);
  if (match && month) return isoDate(fullYear(+match[3]!), month, +match[1]!);
  match = /\b([A-Z]{3,9}) (\d{4})\b/.exec(text);
  month = match && monthNumber(match[1]!);
  if (match && month) return isoDate(+match[2]!, month, 1);
  return undefined;
}
