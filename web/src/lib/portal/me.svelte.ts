/**
 * The signed-in client's portal profile (`GET /api/portal/me`): their name, whether the practice collects
 * insurance from them, which card images it asks for, and where they are in intake. Loaded once by the portal
 * layout and shared by its pages.
 */
import type { PortalMe } from '$shared/schemas';
import { api, ApiFailure } from '../api';
import { i18n, rememberLanguage, useLanguage } from '../i18n/i18n';

export const portal = $state<{ me: PortalMe | null }>({ me: null });

export async function loadMe(): Promise<PortalMe> {
  const me = await api<PortalMe>('/portal/me');
  // Signed in, the portal speaks the client's own language (the practice set it, or they chose it).
  if (me.language !== i18n.language) await useLanguage(me.language);
  rememberLanguage(me.language);
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
 * Whether the practice turned insurance collection off while the client was adding insurance: the "not collected
 * online" note then says that it was not sent (instead of the form silently disappearing).
 */
export const interrupted = $state<{ addingInsurance: boolean }>({ addingInsurance: false });

export function noteInterrupted(): void {
  interrupted.addingInsurance = true;
}
