/**
 * The "Forgot password?" code email, built the same way in AWS (the user pool's CustomMessage trigger) and
 * locally (the outbox): it names the practice, and a client reads it in their portal language. A practitioner,
 * or a login no client item claims any more, gets English — the dashboard's language.
 */
import { DEFAULT_LANGUAGE } from '../../shared/i18n/languages.ts';
import { getClientRecord } from '../data/client-repository.ts';
import { getSettings } from '../data/settings-repository.ts';
import type { OutgoingEmail } from '../platform/email.ts';
import { passwordResetEmail } from './emails.ts';

export interface ResetRecipient {
  email: string;
  /** The user's `custom:clientId` attribute: set on clients' logins only. */
  clientId?: string | undefined;
}

export async function passwordResetEmailFor(recipient: ResetRecipient, code: string): Promise<OutgoingEmail> {
  const [{ practice }, client] = await Promise.all([
    getSettings(),
    recipient.clientId ? getClientRecord(recipient.clientId) : Promise.resolve(undefined),
  ]);
  return passwordResetEmail(practice, recipient.email, code, client?.language ?? DEFAULT_LANGUAGE);
}
