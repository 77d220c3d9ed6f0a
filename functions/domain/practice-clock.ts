/**
 * "Today" on the server is the practice's local date (its time zone from the settings), never the UTC date:
 * coverage states and the Review queue read the same day as the people at the practice.
 */
import type { IsoDate } from '../../shared/dates.ts';
import { practiceToday } from '../../shared/practice-today.ts';
import { getPracticeTimeZone } from '../data/settings-repository.ts';

export async function practiceTodayAt(now: Date): Promise<IsoDate> {
  return practiceToday(await getPracticeTimeZone(now.getTime()), now);
}
