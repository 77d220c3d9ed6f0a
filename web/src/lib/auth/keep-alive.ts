/**
 * Keeps the session of someone who is working alive: while they type, click or scroll, tokens that are within
 * ten minutes of expiring are refreshed in the background (at most once a minute), so a long form or review is
 * not cut off by an ID token that expired between two saves. An idle tab is left alone: its session ends as
 * configured. Returns the cleanup for onMount.
 */
import { auth, refreshSession } from './session.svelte';

const REFRESH_WITHIN_MS = 10 * 60 * 1000;
const CHECK_EVERY_MS = 60 * 1000;

export function keepSessionAliveWhileActive(): () => void {
  let lastCheck = 0;
  const onActivity = () => {
    const now = Date.now();
    if (now - lastCheck < CHECK_EVERY_MS) return;
    lastCheck = now;
    const session = auth.session;
    if (session && session.expiresAt - now < REFRESH_WITHIN_MS) refreshSession().catch(() => undefined); // a refusal ends the session itself
  };
  const events = ['keydown', 'pointerdown', 'input', 'scroll'] as const;
  for (const name of events) window.addEventListener(name, onActivity, { passive: true, capture: true });
  return () => {
    for (const name of events) window.removeEventListener(name, onActivity, { capture: true });
  };
}
