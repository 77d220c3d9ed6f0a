import { auditPut } from './audit.ts';
import type { ClientRecord } from './client-repository.ts';
import { clientPk, ENTITY, fromItem, keys, toItem, type Stored } from './keys.ts';
import { getItem, setAttributes, TransactionConflict, transactWrite, type TransactItem } from './table-io.ts';

/** A portal invitation, stored under the hash of its one-time token (never the token itself). */
export interface InvitationRecord {
  tokenHash: string;
  clientId: string;
  username: string;
  createdAt: string;
  expiresAt: string;
  /** The invited Cognito user's `sub` (absent on invitations sent before it was recorded: looked up then). */
  userSub?: string;
  usedAt?: string;
  /** Set by the one acceptance that is going on (see claimInvitation). */
  claimId?: string;
  claimedUntil?: number;
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
 * The conditional write that lets one acceptance through: the token is unspent and unclaimed (or its claim is
 * stale, `claimedUntil` past — a crashed attempt frees the link). Otherwise `gone`.
 */
export async function claimInvitation(
  tokenHash: string,
  claimId: string,
  nowMs: number,
  claimMs: number,
  gone: () => Error,
): Promise<void> {
  await transactWrite(
    [
      {
        Update: {
          Key: keys.invitation(tokenHash),
          UpdateExpression: 'SET claimId = :claim, claimedUntil = :until',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(usedAt) AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)',
          ExpressionAttributeValues: { ':claim': claimId, ':until': nowMs + claimMs, ':now': nowMs },
        },
      },
    ],
    { otherwise: gone },
  );
}

/** Gives the link back (Cognito refused the password); only this attempt's own claim is removed. */
export async function releaseInvitationClaim(tokenHash: string, claimId: string): Promise<void> {
  await transactWrite([
    {
      Update: {
        Key: keys.invitation(tokenHash),
        UpdateExpression: 'REMOVE claimId, claimedUntil',
        ConditionExpression: 'claimId = :claim',
        ExpressionAttributeValues: { ':claim': claimId },
      },
    },
  ]).catch((error: unknown) => {
    if (!(error instanceof TransactionConflict)) throw error;
  });
}

/**
 * Spends the token and activates the client's portal login — recording the login's `sub` as the client's portal
 * user — only while this attempt holds the claim and the token is still the client's current one; otherwise (a
 * re-invite replaced it, access was revoked meanwhile) answers `gone`.
 */
export async function saveInvitationAccepted(
  client: ClientRecord,
  accepted: { tokenHash: string; claimId: string; username: string; userSub: string | undefined },
  at: string,
  gone: () => Error,
): Promise<void> {
  const { tokenHash, claimId } = accepted;
  const clientUpdate = setAttributes({
    portal: { status: 'active', invitedAt: client.portal.invitedAt, revokedAt: client.portal.revokedAt ?? null },
    invitationTokenHash: undefined,
    portalUserSub: accepted.userSub,
    portalUsername: accepted.username,
    updatedAt: at,
    version: client.version + 1,
  });
  await transactWrite(
    [
      {
        Update: {
          Key: keys.invitation(tokenHash),
          UpdateExpression: 'SET usedAt = :at',
          ConditionExpression: 'claimId = :claim AND attribute_not_exists(usedAt)',
          ExpressionAttributeValues: { ':at': at, ':claim': claimId },
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
