/**
 * A client's portal login belongs to the client record, not to an email address. Revoking it — on purpose, or
 * because the client's email changed (domain/clients.ts updateClient) — is a versioned write to the client item
 * first (from that moment every client route refuses the old login: its portal-user guard compares the caller with
 * the item's `portalUserSub`), then the Cognito user is disabled and signed out everywhere so that it cannot sign
 * in or refresh either.
 */
import { AdminDisableUserCommand, AdminUserGlobalSignOutCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Actor, Client } from '../../shared/schemas.ts';
import { requireClientRecord, toClient, writeClientChange } from '../data/client-repository.ts';
import { getSettings } from '../data/settings-repository.ts';
import { cognito, USER_POOL_ID } from '../platform/cognito.ts';
import { portalLoginOf, withPortalRevoked } from './clients.ts';

/** DELETE /api/clients/{id}/portal-access. Idempotent: a client without access is answered as it is. */
export async function revokePortalAccess(clientId: string, actor: Actor, now: Date): Promise<Client> {
  const [before, settings] = await Promise.all([requireClientRecord(clientId), getSettings()]);
  const login = portalLoginOf(before);
  if (!login && before.portal.status === 'not_invited') return toClient(before, settings);
  const at = now.toISOString();
  const after = { ...withPortalRevoked(before, at), version: before.version + 1, updatedAt: at };
  await writeClientChange(before, after, actor, at, 'client.portal_revoked');
  if (login) await cutOffLogin(login);
  return toClient(after, settings);
}

/**
 * Disables the user and signs it out of every device (its refresh tokens stop working). The ID tokens it already
 * holds stay valid until they expire — which is why the client routes also check the client item.
 */
export async function cutOffLogin(username: string): Promise<void> {
  try {
    await cognito.send(new AdminDisableUserCommand({ UserPoolId: USER_POOL_ID, Username: username }));
  } catch (error) {
    if ((error as Error).name === 'UserNotFoundException') return;
    throw error;
  }
  await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: USER_POOL_ID, Username: username }));
}
