import { createHash, randomBytes } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ApiError } from '../../shared/errors.ts';
import { CLIENT_ID_CLAIM, PASSWORD_MIN_LENGTH } from '../../shared/constants.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import type { Actor, InsuranceCollection } from '../../shared/schemas.ts';
import { getClientRecord, requireClientRecord, writeClientChange, type ClientRecord } from '../data/client-repository.ts';
import {
  claimInvitation,
  getInvitation,
  invitationPut,
  releaseInvitationClaim,
  saveInvitationAccepted,
  type InvitationRecord,
} from '../data/invitation-repository.ts';
import { cognito, USER_POOL_ID } from '../platform/cognito.ts';
import { portalBaseUrl } from '../platform/config.ts';
import { sendEmail } from '../platform/email.ts';
import { getSettings } from '../data/settings-repository.ts';
import { portalInvitationEmail } from './emails.ts';
import { DEFAULT_LANGUAGE } from '../../shared/i18n/languages.ts';

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
  const [before, settings] = await Promise.all([requireClientRecord(clientId), getSettings()]);
  const username = before.email;
  const userSub = await ensurePortalUser(username, clientId);

  const token = randomBytes(32).toString('base64url');
  const tokenHash = hashToken(token);
  const invitedAt = now.toISOString();
  const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_DAYS * 86_400_000).toISOString();
  const invitation: InvitationRecord = { tokenHash, clientId, username, userSub, createdAt: invitedAt, expiresAt };
  const after: ClientRecord = {
    ...before,
    insuranceCollection: options.insuranceCollection ?? before.insuranceCollection,
    language: options.language ?? before.language,
    portal: { status: before.portal.status === 'active' ? 'active' : 'invited', invitedAt, revokedAt: before.portal.revokedAt ?? null },
    invitationTokenHash: tokenHash,
    portalUsername: username,
    version: before.version + 1,
    updatedAt: invitedAt,
  };
  await writeClientChange(before, after, actor, invitedAt, 'client.invited', [invitationPut(invitation)]);

  // The link stays bare (the token alone, in the fragment): the accept page follows the browser's language and
  // has the switch. The email is in the language the practitioner chose now, else the client's own.
  const link = `${portalBaseUrl()}/portal/accept#token=${token}`;
  await sendEmail(
    portalInvitationEmail(
      settings.practice,
      before.email,
      before.firstName,
      link,
      INVITATION_LIFETIME_DAYS,
      after.language ?? DEFAULT_LANGUAGE,
    ),
  );
  return { invitedAt, expiresAt };
}

/**
 * The client's Cognito user, created on first invitation. An existing user for this address is reused when it is
 * this client's; one left behind by another client whose access was revoked (or whose email changed) is
 * deleted and made afresh, so a freed address can be invited for someone else. A user another client still
 * signs in with is a 409. Answers the user's `sub`, which becomes the client's portal user on acceptance.
 */
async function ensurePortalUser(username: string, clientId: string): Promise<string> {
  const existing = await findUser(username);
  if (existing) {
    if (existing.clientId === clientId) return existing.sub;
    if (existing.clientId === undefined || (await otherClientStillUses(existing.clientId, existing.sub, username))) {
      throw new ApiError('conflict', 'This email already belongs to another portal or practice account', [
        { path: 'email', message: 'Already has a portal account' },
      ]);
    }
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: USER_POOL_ID, Username: username }));
  }
  const created = await cognito.send(
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
  const sub = created.User?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
  return sub ?? (await findUser(username))!.sub;
}

async function findUser(username: string): Promise<{ sub: string; clientId?: string } | undefined> {
  try {
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: USER_POOL_ID, Username: username }));
    const attribute = (name: string) => user.UserAttributes?.find((candidate) => candidate.Name === name)?.Value;
    return { sub: attribute('sub') ?? user.Username!, clientId: attribute(CLIENT_ID_CLAIM) };
  } catch (error) {
    if ((error as Error).name === 'UserNotFoundException') return undefined;
    throw error;
  }
}

/** Whether another client's record still points at this login (its current portal user, or a live invitation for it). */
async function otherClientStillUses(otherClientId: string, sub: string, username: string): Promise<boolean> {
  const other = await getClientRecord(otherClientId);
  if (!other || other.portal.status === 'not_invited') return false;
  if (other.portalUserSub !== undefined) return other.portalUserSub === sub;
  return (other.portalUsername ?? other.email) === username;
}

/** How long an acceptance may hold its claim on a token: well past the function's timeout, so a crashed attempt frees the link. */
const CLAIM_SECONDS = 60;

const weakPassword = () => {
  const message = `Choose a stronger password: at least ${PASSWORD_MIN_LENGTH} characters with upper and lower case letters, a number and a symbol`;
  return new ApiError('validation_failed', `password: ${message}`, [{ path: 'password', message }]);
};

/**
 * Accepts an invitation, atomically: the password's shape was checked by the schema (a 400 there
 * leaves the link usable); then the token is *claimed* with a conditional write, so of concurrent accepts
 * exactly one goes on; only the claimant sets the password (and re-enables a login revoked earlier), releasing
 * the claim if Cognito refuses it; then the token is spent and the client's portal user recorded, in one
 * transaction conditioned on the claim and on the token still being the client's current one.
 */
export async function acceptInvitation(token: string, password: string, now: Date): Promise<{ email: string }> {
  const tokenHash = hashToken(token);
  const { invitation, client } = await usableInvitation(tokenHash, now);

  const claimId = randomBytes(12).toString('base64url');
  await claimInvitation(tokenHash, claimId, now.getTime(), CLAIM_SECONDS * 1000, invitationGone);

  try {
    await cognito.send(
      new AdminSetUserPasswordCommand({ UserPoolId: USER_POOL_ID, Username: invitation.username, Password: password, Permanent: true }),
    );
    // A client whose access was revoked and who was invited again at the same address gets their login back now,
    // not at re-invitation: until they accept, the old password must not work.
    await cognito.send(new AdminEnableUserCommand({ UserPoolId: USER_POOL_ID, Username: invitation.username }));
  } catch (error) {
    await releaseInvitationClaim(tokenHash, claimId);
    const name = (error as Error).name;
    if (name === 'InvalidPasswordException' || name === 'InvalidParameterException') throw weakPassword();
    if (name === 'UserNotFoundException') throw invitationGone();
    throw error;
  }

  const userSub = invitation.userSub ?? (await findUser(invitation.username))?.sub;
  try {
    await saveInvitationAccepted(client, { tokenHash, claimId, username: invitation.username, userSub }, now.toISOString(), invitationGone);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'invitation_expired') {
      // Revoked while the password was being set: the login it just enabled must not outlive the revocation.
      await cognito.send(new AdminDisableUserCommand({ UserPoolId: USER_POOL_ID, Username: invitation.username })).catch(() => undefined);
    }
    throw error;
  }
  return { email: invitation.username };
}

/** The invitation and its client, when the link still works: unspent, unexpired, the client's current one. */
async function usableInvitation(tokenHash: string, now: Date): Promise<{ invitation: InvitationRecord; client: ClientRecord }> {
  const invitation = await getInvitation(tokenHash);
  if (!invitation || invitation.usedAt || Date.parse(invitation.expiresAt) <= now.getTime()) throw invitationGone();
  const client = await getClientRecord(invitation.clientId);
  if (!client || client.invitationTokenHash !== tokenHash) throw invitationGone();
  return { invitation, client };
}

/**
 * Whether a link still works, without using it: the accept page asks before showing the password form, so a
 * used or revoked link offers sign-in and "Forgot password?" at once. Same 410 as accept (no oracle).
 */
export async function checkInvitation(token: string, now: Date): Promise<{ status: 'usable'; expiresAt: string }> {
  const { invitation } = await usableInvitation(hashToken(token), now);
  return { status: 'usable', expiresAt: invitation.expiresAt };
}
