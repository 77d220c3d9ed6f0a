/**
 * "Today" for a practice: its local calendar date in its IANA time zone. Coverage states and claim dates are
 * calendar days where the practice is, not UTC days: at 7 pm in Los Angeles on 28 February it is already 1 March
 * in UTC, and a policy ending on the 28th must still read Active.
 *
 * Pure and isomorphic (Intl only, no library): the server and the web agree on the day.
 */
import type { IsoDate } from './dates.ts';

/** Settings saved before the practice profile existed carry no time zone; they mean the US East Coast. */
export const DEFAULT_PRACTICE_TIME_ZONE = 'America/New_York';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-CA formats as YYYY-MM-DD, but the parts are read by type so that no locale detail matters.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The practice's local date at `now`. An unknown or empty zone falls back to the default rather than throwing:
 * a stored setting is validated when saved, and a read must never fail over it.
 */
export function practiceToday(timeZone: string | null | undefined, now: Date = new Date()): IsoDate {
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = formatterFor(timeZone || DEFAULT_PRACTICE_TIME_ZONE);
  } catch {
    formatter = formatterFor(DEFAULT_PRACTICE_TIME_ZONE);
  }
  const parts = Object.fromEntries(formatter.formatToParts(now).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}
