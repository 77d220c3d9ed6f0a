import type { InsuranceCollection } from './schemas.ts';

/**
 * Whether the portal collects insurance from this client: the client's own override when it says `on` or
 * `off`, otherwise the practice-wide default.
 */
export function effectiveInsuranceCollection(override: InsuranceCollection, practiceDefault: boolean): boolean {
  if (override === 'on') return true;
  if (override === 'off') return false;
  return practiceDefault;
}
