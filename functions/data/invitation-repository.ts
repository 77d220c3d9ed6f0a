import { auditPut } from './audit.ts';
import type { ClientRecord } from './client-repository.ts';
import { clientPk, ENTITY, fromItem, keys, toItem, type Stored } from './keys.ts';
import { getItem, setAttributes, transactWrite, type TransactItem } from './table-io.ts';

/** A portal invitation, stored under the hash of its one-time token (never the token itself). */
export interface InvitationRecord {
  tokenHash: string;
  clientId: string;
  username: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

type InvitationItem = Stored<InvitationRecord, typeof ENTITY.invitation>;

/** The invitation's item, to commit with the client change that makes it the client's current one. */
export function invitationPut(invitation: InvitationRecord): TransactItem {
  return {
    Put: {
      Item: toItem(ENTITY.invitation, keys.invitation(invitation.tokenHash), invitation, {
        // Spent or expired tokens disappear a day after they stop working.
        expiresAtEpoch: Math.floor(Date.parse(invitation.expiresAt) / 1000) + 86_400,
      }),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function getInvitation(tokenHash: string): Promise<InvitationRecord | undefined> {
  const item = await getItem<InvitationItem>(keys.invitation(tokenHash));
  return item ? fromItem(item) : undefined;
}

/**
 * Spends the token and activates the client's portal login, only while the token is unused and still the
 * client's current one; otherwise (a concurrent accept won, a re-invite replaced it) answers `gone`.
 */
export async function saveInvitationAccepted(client: ClientRecord, tokenHash: string, at: string, gone: () => Error): Promise<void> {
  const clientUpdate = setAttributes({
    portal: { status: 'active', invitedAt: client.portal.invitedAt },
    invitationTokenHash: undefined,
    updatedAt: at,
    version: client.version + 1,
  });
  await transactWrite(
    [
      {
        Update: {
          Key: keys.invitation(tokenHash),
          UpdateExpression: 'SET usedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt)',
          ExpressionAttributeValues: { ':at': at },
        },
      },
      {
        Update: {
          Key: keys.client(client.clientId),
          ...clientUpdate,
          ConditionExpression: 'invitationTokenHash = :hash',
          ExpressionAttributeValues: { ...clientUpdate.ExpressionAttributeValues, ':hash': tokenHash },
        },
      },
      auditPut({
        scopePk: clientPk(client.clientId),
        actor: { kind: 'client', id: client.clientId },
        action: 'client.portal_activated',
        entity: { type: 'client', id: client.clientId },
        before: { portalStatus: client.portal.status },
        after: { portalStatus: 'active' },
        at,
      }),
    ],
    { otherwise: gone },
  );
}
