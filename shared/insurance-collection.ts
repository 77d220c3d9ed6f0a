import { ApiError } from './errors.ts';
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

export const insuranceCollectionDisabled = () =>
  new ApiError('insurance_collection_disabled', 'Your practice does not collect insurance through the portal');

/**
 * The promise of a route the route table marks `insuranceWrite`: with this client's effective collection off,
 * it writes nothing and answers 403 insurance_collection_disabled. The HTTP layer hands one to the handler of
 * every such route and refuses to answer unless it was applied — to the client and settings already read
 * (`assert`), or, without reading the settings, by making the practice default a condition of the write itself
 * (`practiceDefaultMustHold`).
 */
export class InsuranceWriteGuard {
  /** Set once the guard was applied; the HTTP layer checks it when the handler answers. */
  applied = false;

  constructor(readonly clientId: string) {}

  assert(override: InsuranceCollection, practiceDefault: boolean): void {
    this.applied = true;
    if (!effectiveInsuranceCollection(override, practiceDefault)) throw insuranceCollectionDisabled();
  }

  /**
   * Refuses an `off` override at once; true when the practice default decides (`inherit`): the write must then
   * hold only while the practice collects insurance.
   */
  practiceDefaultMustHold(override: InsuranceCollection): boolean {
    this.applied = true;
    if (override === 'off') throw insuranceCollectionDisabled();
    return override === 'inherit';
  }
}
