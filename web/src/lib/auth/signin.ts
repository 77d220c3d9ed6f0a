import { initiatePasswordAuth, type AuthStep } from './cognito';
import { startSession, type Session } from './session.svelte';

/** Username/password sign-in; keeps the session when it completes, else returns the challenge to answer. */
export async function signInWithPassword(email: string, password: string): Promise<{ session: Session } | { step: AuthStep }> {
  const step = await initiatePasswordAuth(email.trim().toLowerCase(), password);
  if (step.kind === 'signed_in') return { session: startSession(step.tokens) };
  return { step };
}
