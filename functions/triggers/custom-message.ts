import type { CustomMessageTriggerEvent } from 'aws-lambda';
import { CLIENT_ID_CLAIM } from '../../shared/constants.ts';
import { passwordResetEmailFor } from '../domain/password-reset.ts';
import { logger } from '../platform/logger.ts';

/** Cognito's placeholder for the code: the email must contain it, Cognito puts the code in its place. */
const CODE_PLACEHOLDER = '{####}';

/**
 * The user pool's CustomMessage trigger: the forgot-password email in the recipient's language, naming the
 * practice (functions/domain/password-reset.ts, the same builder the local outbox uses). Every other message
 * keeps the pool's own template. If the practice or the client cannot be read, the event goes back unchanged and
 * Cognito sends the pool's English template: a reset code that arrives in English beats one that never arrives.
 * Logs carry the trigger source and outcome only, never the address.
 */
export async function handler(event: CustomMessageTriggerEvent): Promise<CustomMessageTriggerEvent> {
  if (event.triggerSource !== 'CustomMessage_ForgotPassword') return event;
  const attributes = event.request.userAttributes;
  try {
    const email = await passwordResetEmailFor(
      { email: attributes.email ?? '', clientId: attributes[CLIENT_ID_CLAIM] },
      event.request.codeParameter || CODE_PLACEHOLDER,
    );
    event.response.emailSubject = email.subject;
    event.response.emailMessage = email.html;
    logger.info('password reset email built', { triggerSource: event.triggerSource, client: Boolean(attributes[CLIENT_ID_CLAIM]) });
  } catch (error) {
    logger.error('password reset email fell back to the pool template', { errorType: (error as Error).name });
  }
  return event;
}
