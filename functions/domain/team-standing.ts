/**
 * A practitioner's standing on the team, checked on every practitioner request: a disabled colleague is refused
 * and a role change takes effect without waiting for a new token (API Gateway's authorizer only knows the token).
 *
 * Each function container remembers an answer for STANDING_CACHE_SECONDS (30 s), so a disabled practitioner loses
 * access within 30 s everywhere (the product promises 60) at the cost of one GetItem per practitioner per container
 * per 30 s — not one per request. A colleague without a team item (created outside the dashboard) keeps the
 * standing their token's groups give.
 */
import { ApiError } from '../../shared/errors.ts';
import type { PractitionerRole } from '../../shared/schemas/team.ts';
import { getPractitionerRecord } from '../data/practitioner-repository.ts';

export const STANDING_CACHE_SECONDS = 30;

interface Standing {
  enabled: boolean;
  role: PractitionerRole;
  name: string;
}

const remembered = new Map<string, { standing: Standing | null; until: number }>();

export async function practitionerStanding(userId: string, now = Date.now()): Promise<Standing | null> {
  const cached = remembered.get(userId);
  if (cached && cached.until > now) return cached.standing;
  const record = await getPractitionerRecord(userId);
  const standing = record ? { enabled: record.enabled, role: record.role, name: `${record.givenName} ${record.familyName}` } : null;
  if (remembered.size > 1_000) remembered.clear();
  remembered.set(userId, { standing, until: now + STANDING_CACHE_SECONDS * 1000 });
  return standing;
}

/** The caller as the team item describes them; a disabled colleague gets 403. */
export async function withStanding<C extends { userId: string; role: PractitionerRole; name: string }>(caller: C): Promise<C> {
  const standing = await practitionerStanding(caller.userId);
  if (!standing) return caller;
  if (!standing.enabled) throw new ApiError('forbidden', 'Your practice account is disabled. Ask a practice admin to enable it.');
  return { ...caller, role: standing.role, name: standing.name };
}

/** After this container changed a colleague: its own next request sees the change at once. */
export function forgetStanding(userId: string): void {
  remembered.delete(userId);
}
