import { createHash, randomBytes } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { ApiError } from '../../shared/errors.ts';
import { CLIENT_ID_CLAIM, PASSWORD_MIN_LENGTH } from '../../shared/constants.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import { invitationEmail } from '../../shared/i18n/server-messages.ts';
import type { Actor, InsuranceCollection } from '../../shared/schemas.ts';
import { requireClientRecord, writeClientChange, type ClientRecord } from '../data/client-repository.ts';
import { getInvitation, invitationPut, saveInvitationAccepted, type InvitationRecord } from '../data/invitation-repository.ts';
import { cognito, USER_POOL_ID } from '../platform/cognito.ts';
import { portalBaseUrl } from '../platform/config.ts';
import { sendEmail } from '../platform/email.ts';

export const INVITATION_LIFETIME_DAYS = 7;

/** Only the hash is stored: a leaked table backup or log line cannot be turned into a working link. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const invitationGone = () =>
  new ApiError('invitation_expired', 'This invitation link has expired or was already used. Ask your practice to send a new one.');

/**
 * Invites a client to the portal: creates (or reuses) their Cognito user without Cognito's own email, stores
 * the hash of a fresh one-time token — which revokes any earlier link — and emails the link. The token
 * travels in the URL fragment so that it never reaches a server or CDN log.
 */
export async function sendInvitation(
  clientId: string,
  options: { insuranceCollection?: InsuranceCollection; language?: Language },
  actor: Actor,
  now: Date,
): Promise<{ invitedAt: string; expiresAt: string }> {
  const before = await requireClientRecord(clientId);
  const username = before.email;
  await ensurePortalUser(username, clientId);

  const token = randomBytes(32).toString('base64url');
  const tokenHash = hashToken(token);
  const invitedAt = now.toISOString();
  const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_DAYS * 86_400_000).toISOString();
  const invitation: InvitationRecord = { tokenHash, clientId, username, createdAt: invitedAt, expiresAt };
  const after: ClientRecord = {
    ...before,
    insuranceCollection: options.insuranceCollection ?? before.insuranceCollection,
    language: options.language ?? before.language,
    portal: { status: before.portal.status === 'active' ? 'active' : 'invited', invitedAt },
    invitationTokenHash: tokenHash,
    version: before.version + 1,
    updatedAt: invitedAt,
  };
  await writeClientChange(before, after, actor, invitedAt, 'client.invited', [invitationPut(invitation)]);

  // The link stays bare (the token alone, in the fragment): the accept page follows the browser's language and
  // has the switch. The email is in the language the practitioner chose now, else the client's own.
  const link = `${portalBaseUrl()}/portal/accept#token=${token}`;
  const message = invitationEmail(after.language ?? 'en', { firstName: before.firstName, link, lifetimeDays: INVITATION_LIFETIME_DAYS });
  await sendEmail({ to: before.email, ...message, links: [link] });
  return { invitedAt, expiresAt };
}

async function ensurePortalUser(username: string, clientId: string): Promise<void> {
  try {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: USER_POOL_ID,
        Username: username,
        MessageAction: 'SUPPRESS',
        // Never used: the client sets their own password through the invitation link.
        TemporaryPassword: `T${randomBytes(18).toString('base64url')}a1!`,
        UserAttributes: [
          { Name: 'email', Value: username },
          { Name: 'email_verified', Value: 'true' },
          { Name: CLIENT_ID_CLAIM, Value: clientId },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof UsernameExistsException || (error as Error).name === 'UsernameExistsException')) throw error;
    const existing = await cognito.send(new AdminGetUserCommand({ UserPoolId: USER_POOL_ID, Username: username }));
    const owner = existing.UserAttributes?.find((attribute) => attribute.Name === CLIENT_ID_CLAIM)?.Value;
    if (owner !== clientId) {
      throw new ApiError('conflict', 'This email already belongs to another portal or practice account', [
        { path: 'email', message: 'Already has a portal account' },
      ]);
    }
  }
}

/**
 * Accepts an invitation: the token must be the client's current one, unexpired and unused. The password is
 * set first (Cognito may reject it, and the link must then still work); marking the token used is the
 * conditional write that makes the link single-use.
 */
export async function acceptInvitation(token: string, password: string, now: Date): Promise<{ email: string }> {
  const tokenHash = hashToken(token);
  const invitation = await getInvitation(tokenHash);
  if (!invitation || invitation.usedAt || Date.parse(invitation.expiresAt) <= now.getTime()) throw invitationGone();
  const client = await requireClientRecord(invitation.clientId).catch(() => {
    throw invitationGone();
  });
  if (client.invitationTokenHash !== tokenHash) throw invitationGone();

  try {
    await cognito.send(
      new AdminSetUserPasswordCommand({ UserPoolId: USER_POOL_ID, Username: invitation.username, Password: password, Permanent: true }),
    );
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'InvalidPasswordException' || name === 'InvalidParameterException') {
      const message = `Choose a stronger password: at least ${PASSWORD_MIN_LENGTH} characters with upper and lower case letters, a number and a symbol`;
      throw new ApiError('validation_failed', `password: ${message}`, [{ path: 'password', message }]);
    }
    if (name === 'UserNotFoundException') throw invitationGone();
    throw error;
  }

  await saveInvitationAccepted(client, tokenHash, now.toISOString(), invitationGone);
  return { email: invitation.username };
}
