/**
 * The emails Cognito sends itself in AWS (a forgot-password code, a colleague's temporary password), built
 * locally with the product's own templates (functions/domain/emails.ts: the deployed pool's CustomMessage trigger
 * builds the reset code's, its template carries the colleague's) and written to the outbox. cognito-local hands them over through cognito-local-patches.cjs.
 */
import type { CognitoEmail } from './services.ts';

export async function deliverCognitoEmail(message: CognitoEmail, siteOrigin: string, log: (entry: Record<string, unknown>) => void) {
  try {
    const [{ colleagueInvitationEmail }, { passwordResetEmailFor }, { getSettings }, { sendEmail }] = await Promise.all([
      import('../../functions/domain/emails.ts'),
      import('../../functions/domain/password-reset.ts'),
      import('../../functions/data/settings-repository.ts'),
      import('../../functions/platform/email.ts'),
    ]);
    if (message.source === 'ForgotPassword') {
      // What the deployed pool's CustomMessage trigger builds (functions/triggers/custom-message.ts).
      await sendEmail(await passwordResetEmailFor({ email: message.to, clientId: message.clientId }, message.code));
    } else if (message.source === 'AdminCreateUser') {
      const { practice } = await getSettings();
      await sendEmail(colleagueInvitationEmail(practice, message.to, message.to, message.code, `${siteOrigin}/`));
    } else {
      log({ level: 'WARN', message: 'cognito email of an unexpected kind not delivered', source: message.source });
    }
  } catch (error) {
    log({ level: 'ERROR', message: 'cognito email not delivered', errorType: (error as Error).name });
  }
}
