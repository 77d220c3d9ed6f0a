import { ABANDONED_UPLOAD_SECONDS } from '../../shared/constants.ts';
import type { Actor, Attachment } from '../../shared/schemas.ts';
import { ENTITY, fromItem, keys, toItem, type Stored } from './keys.ts';
import { getItem, transactWrite, transactWriteIfUnchanged, type TransactItem } from './table-io.ts';

/** An upload the client or practitioner was given a form for; `attached` once a policy holds it. */
export interface UploadRecord {
  attachmentId: string;
  clientId: string;
  fileName: string;
  contentType: string;
  size: number;
  side: Attachment['side'];
  /** `attaching` while one request checks it (claimId, claimedAtEpoch say which and since when). */
  state: 'pending' | 'attaching' | 'attached';
  createdAt: string;
  uploadedBy: Actor;
  policyId?: string;
}

type UploadItem = Stored<UploadRecord, typeof ENTITY.upload>;

/** Stores a pending upload; the item expires (TTL) with its object if it is never attached. */
export async function insertUpload(record: UploadRecord): Promise<void> {
  await transactWrite([
    {
      Put: {
        Item: toItem(ENTITY.upload, keys.upload(record.clientId, record.attachmentId), record, {
          expiresAtEpoch: Math.floor(Date.parse(record.createdAt) / 1000) + ABANDONED_UPLOAD_SECONDS,
        }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ]);
}

export async function getUploadRecord(clientId: string, attachmentId: string): Promise<UploadRecord | undefined> {
  const item = await getItem<UploadItem>(keys.upload(clientId, attachmentId));
  return item ? fromItem(item) : undefined;
}

/**
 * pending → attaching, so that one request at a time checks an upload; a claim older than `leaseSeconds` was
 * left by a request that died and may be taken over. False when another request holds it (or it is attached).
 */
export function claimPendingUpload(
  clientId: string,
  attachmentId: string,
  claimId: string,
  nowEpoch: number,
  leaseSeconds: number,
): Promise<boolean> {
  return transactWriteIfUnchanged([
    {
      Update: {
        Key: keys.upload(clientId, attachmentId),
        UpdateExpression: 'SET #state = :attaching, claimId = :claimId, claimedAtEpoch = :now',
        ConditionExpression: '#state = :pending OR (#state = :attaching AND claimedAtEpoch < :stale)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':attaching': 'attaching',
          ':pending': 'pending',
          ':claimId': claimId,
          ':now': nowEpoch,
          ':stale': nowEpoch - leaseSeconds,
        },
      },
    },
  ]);
}

/** attaching → pending, only if the claim is still this one (the policy was not saved). */
export async function releaseUploadClaim(clientId: string, attachmentId: string, claimId: string): Promise<void> {
  await transactWriteIfUnchanged([
    {
      Update: {
        Key: keys.upload(clientId, attachmentId),
        UpdateExpression: 'SET #state = :pending REMOVE claimId, claimedAtEpoch',
        ConditionExpression: '#state = :attaching AND claimId = :claimId',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':pending': 'pending', ':attaching': 'attaching', ':claimId': claimId },
      },
    },
  ]);
}

/** Marks a claimed upload attached, in the transaction that saves the policy: only by the request holding it. */
export function attachClaimedUpload(clientId: string, attachmentId: string, claimId: string, policyId: string): TransactItem {
  return {
    Update: {
      Key: keys.upload(clientId, attachmentId),
      UpdateExpression: 'SET #state = :attached, policyId = :policyId REMOVE expiresAtEpoch, claimId, claimedAtEpoch',
      ConditionExpression: '#state = :attaching AND claimId = :claimId',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':attached': 'attached', ':attaching': 'attaching', ':claimId': claimId, ':policyId': policyId },
    },
  };
}
