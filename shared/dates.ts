/**
 * Calendar dates as `YYYY-MM-DD` strings. Coverage dates are calendar days, not instants: all arithmetic is
 * done in UTC so that a practice in any time zone gets the same answer, and string comparison of two valid
 * dates equals their chronological order.
 */

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day in the range the product accepts (1900-01-01 … 2199-12-31). */
export function isValidIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match;
  const year = Number(y),
    month = Number(m),
    day = Number(d);
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whether `date` falls inside the closed period [start, end]; an empty end means open-ended. */
export function periodContains(period: { start: IsoDate; end: IsoDate | null }, date: IsoDate): boolean {
  return period.start <= date && (period.end === null || date <= period.end);
}

/** Whether two closed periods share at least one day. */
export function periodsOverlap(a: { start: IsoDate; end: IsoDate | null }, b: { start: IsoDate; end: IsoDate | null }): boolean {
  return (a.end === null || b.start <= a.end) && (b.end === null || a.start <= b.end);
}
