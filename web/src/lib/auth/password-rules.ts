/** The password a person chooses, checked the way the user pool will (plain module: unit-tested without Svelte). */
import { t, validation } from '../i18n/i18n';

/**
 * The user pool's password policy said plainly (the rule itself is `portalPassword` in shared/schemas, which
 * forms validate with; the minimum length is passed in from there).
 */
export function passwordRules(minLength: number | null): string {
  const length = minLength ? t('common.passwordLength', { min: minLength }) : t('common.passwordLong');
  return t('common.passwordRules', { length });
}

/** What is wrong with a chosen password and its confirmation: the rules first, then whether the two match. */
export async function newPasswordErrors(password: string, confirm: string): Promise<{ password?: string; confirm?: string }> {
  const problems = await passwordProblems(password);
  if (problems) return { password: problems };
  if (password !== confirm) return { confirm: t('common.passwordsDiffer') };
  return {};
}

/** Every unmet password rule, from the shared schema, joined into one message (or '' when it passes). */
async function passwordProblems(password: string): Promise<string> {
  const { portalPassword } = await import('$shared/schemas');
  const result = portalPassword.safeParse(password);
  return result.success ? '' : result.error.issues.map((issue) => validation(issue.message)).join('. ') + '.';
}
