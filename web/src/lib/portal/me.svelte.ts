/**
 * The signed-in client's portal profile (`GET /api/portal/me`): their name, whether the practice collects
 * insurance from them, which card images it asks for, and where they are in intake. Loaded once by the portal
 * layout and shared by its pages.
 */
import type { PortalMe } from '$shared/schemas';
import { api, ApiFailure } from '../api';

export const portal = $state<{ me: PortalMe | null }>({ me: null });

export async function loadMe(): Promise<PortalMe> {
  const me = await api<PortalMe>('/portal/me');
  portal.me = me;
  return me;
}

/** Call on any 403 `insurance_collection_disabled`: the portal then hides its insurance screens. */
export function noteCollectionDisabled(error: unknown): boolean {
  if (error instanceof ApiFailure && error.code === 'insurance_collection_disabled') {
    if (portal.me) portal.me = { ...portal.me, collectInsurance: false };
    return true;
  }
  return false;
}

/**
 * What the client was doing when the practice turned insurance collection off: the "not collected online" note
 * then says that it was not sent (instead of the form silently disappearing).
 */
export const interrupted = $state<{ what: string | null }>({ what: null });

export function noteInterrupted(what: string): void {
  interrupted.what = what;
}
