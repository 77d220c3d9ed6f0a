import { t, validation } from '../i18n/i18n';
import { initiatePasswordAuth, type AuthStep } from './cognito';
import { startSession, type Session } from './session.svelte';

/** Username/password sign-in; keeps the session when it completes, else returns the challenge to answer. */
export async function signInWithPassword(email: string, password: string): Promise<{ session: Session } | { step: AuthStep }> {
  const step = await initiatePasswordAuth(email.trim().toLowerCase(), password);
  if (step.kind === 'signed_in') return { session: startSession(step.tokens) };
  return { step };
}

/**
 * The user pool's password policy said plainly (the rule itself is `portalPassword` in shared/schemas, which
 * forms validate with; the minimum length is passed in from there).
 */
export function passwordRules(minLength: number | null): string {
  const length = minLength ? t('common.passwordLength', { min: minLength }) : t('common.passwordLong');
  return t('common.passwordRules', { length });
}

/** Every unmet password rule, from the shared schema, joined into one message (or '' when it passes). */
export async function passwordProblems(password: string): Promise<string> {
  const { portalPassword } = await import('$shared/schemas');
  const result = portalPassword.safeParse(password);
  return result.success ? '' : result.error.issues.map((issue) => validation(issue.message)).join('. ') + '.';
}
