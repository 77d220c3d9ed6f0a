import { DeleteObjectCommand, GetObjectCommand, GetObjectTaggingCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ApiError, notFound } from '../../shared/errors.ts';
import { MAX_UPLOAD_BYTES, MIN_UPLOAD_BYTES, PRESIGN_SECONDS } from '../../shared/constants.ts';
import type { InsuranceWriteGuard } from '../../shared/insurance-collection.ts';
import type { PortalUserGuard } from '../../shared/portal-user.ts';
import type { Actor, Attachment, CreateUploadRequest } from '../../shared/schemas.ts';
import { requireClientRecord } from '../data/client-repository.ts';
import { newId } from '../data/ids.ts';
import { loadClientAndPolicy, requirePolicyRecord } from '../data/policy-repository.ts';
import { sleep, TransactionConflict, type TransactItem } from '../data/table-io.ts';
import { inspectUploadedBytes } from './upload-content.ts';
import { portalContext } from './portal.ts';
import {
  attachClaimedUpload,
  claimPendingUpload,
  getUploadRecord,
  insertUpload,
  releaseUploadClaim,
  type UploadRecord,
} from '../data/upload-repository.ts';
import { malwareScanningEnabled } from '../platform/config.ts';
import { s3, UPLOAD_BUCKET } from '../platform/s3.ts';

export const pendingUploadKey = (clientId: string, attachmentId: string) => `uploads/${clientId}/${attachmentId}`;
export const attachmentObjectKey = (clientId: string, attachmentId: string) => `attachments/${clientId}/${attachmentId}`;

/** The pre-signed POST form for one upload (exported for the unit test that decodes its policy). */
export function presignUploadForm(clientId: string, attachmentId: string, contentType: string) {
  return createPresignedPost(s3, {
    Bucket: UPLOAD_BUCKET,
    Key: pendingUploadKey(clientId, attachmentId),
    Expires: PRESIGN_SECONDS,
    Fields: { 'Content-Type': contentType },
    Conditions: [
      ['content-length-range', MIN_UPLOAD_BYTES, MAX_UPLOAD_BYTES],
      ['eq', '$Content-Type', contentType],
    ],
  });
}

/**
 * Issues a pre-signed POST for one card image or PDF. The policy pins the exact random key, the content
 * type and the size range, and expires in 5 minutes, so the form cannot be reused for anything else.
 */
async function createUpload(clientId: string, request: CreateUploadRequest, actor: Actor, now: Date) {
  const attachmentId = newId(now.getTime());
  const { url, fields } = await presignUploadForm(clientId, attachmentId, request.contentType);
  const record: UploadRecord = {
    attachmentId,
    clientId,
    fileName: request.fileName,
    contentType: request.contentType,
    size: request.size,
    side: request.side,
    state: 'pending',
    createdAt: now.toISOString(),
    uploadedBy: actor,
  };
  await insertUpload(record);
  return { attachmentId, upload: { url, fields }, expiresAt: new Date(now.getTime() + PRESIGN_SECONDS * 1000).toISOString() };
}

/** A client uploads a card for its own policy: only while its practice collects insurance from it. */
export async function createPortalUpload(
  portalUser: PortalUserGuard,
  insurance: InsuranceWriteGuard,
  request: CreateUploadRequest,
  now: Date,
) {
  const context = await portalContext(portalUser);
  insurance.assert(context.client.insuranceCollection, context.settings.collectInsurance);
  return createUpload(insurance.clientId, request, { kind: 'client', id: insurance.clientId }, now);
}

/** A practitioner uploads a card for one of the practice's clients. */
export async function createPracticeUpload(clientId: string, request: CreateUploadRequest, actor: Actor, now: Date) {
  await requireClientRecord(clientId);
  return createUpload(clientId, request, actor, now);
}

const rejected = (attachmentId: string, reason: string) =>
  new ApiError('upload_rejected', `attachmentIds: ${reason}`, [{ path: 'attachmentIds', message: `${attachmentId}: ${reason}` }]);

/** An upload is attached once: a second attempt conflicts with what exists (whether it came at once or later). */
const alreadyAttached = (attachmentId: string) =>
  new ApiError('conflict', 'attachmentIds: This file is already attached to a policy', [
    { path: 'attachmentIds', message: `${attachmentId}: already attached to a policy` },
  ]);

/** A claim older than this was left by a request that died mid-way; another request may take the upload over. */
const CLAIM_LEASE_SECONDS = 60;

export interface VerifiedAttachment {
  attachment: Attachment;
  /** Marks the upload attached in the same transaction that saves the policy, so it is attached once. */
  claim: TransactItem;
  /** Gives the upload back (the policy was not saved), so the client can attach it again. */
  release(): Promise<void>;
  /** Removes the browser's copy once the policy is saved (the lifecycle rule would, a day later). */
  discardUpload(): Promise<void>;
}

/** The upload records of these ids (404-free: a missing one is undefined), for checks before any work. */
export async function loadUploadRecords(
  clientId: string,
  attachmentIds: readonly string[],
): Promise<Map<string, UploadRecord | undefined>> {
  const unique = [...new Set(attachmentIds)];
  const records = await Promise.all(unique.map((attachmentId) => getUploadRecord(clientId, attachmentId)));
  return new Map(unique.map((attachmentId, index) => [attachmentId, records[index]]));
}

/**
 * Checks uploads and keeps what was checked. For each upload, in this order:
 * 1. it is claimed with a conditional write (pending → attaching), so of two requests attaching it at once one
 *    goes on and the other gets 409 — no two requests ever work on one object;
 * 2. its bytes are read once, whole; everything below judges these bytes in memory;
 * 3. they must be this client's, within the size range, by content a JPEG, PNG, HEIC/HEIF, WebP or PDF, free of
 *    scripts and markup (polyglots), and images are re-encoded without metadata (upload-content.ts);
 * 4. the bytes that passed are written by the server itself to `attachments/` — never copied from `uploads/`,
 *    which the browser's form can still overwrite until it expires: re-posting it during the check cannot swap
 *    the file that is kept.
 * A failing object is deleted and the request answers 422 `upload_rejected`. The claim becomes `attached` in the
 * caller's policy transaction; if that transaction does not happen, the caller calls `release()`.
 */
export async function verifyUploads(
  clientId: string,
  attachmentIds: readonly string[],
  policyId: string,
  now: Date,
  records?: Map<string, UploadRecord | undefined>,
): Promise<VerifiedAttachment[]> {
  const known = records ?? (await loadUploadRecords(clientId, attachmentIds));
  const verified: VerifiedAttachment[] = [];
  try {
    for (const attachmentId of new Set(attachmentIds)) {
      verified.push(await verifyOne(clientId, attachmentId, known.get(attachmentId), policyId, now));
    }
  } catch (error) {
    await Promise.all(verified.map((entry) => entry.release()));
    throw error;
  }
  return verified;
}

async function verifyOne(
  clientId: string,
  attachmentId: string,
  record: UploadRecord | undefined,
  policyId: string,
  now: Date,
): Promise<VerifiedAttachment> {
  // Another client's upload is simply not found under this client's partition.
  if (!record) throw rejected(attachmentId, 'No such upload for this client');
  if (record.state === 'attached') throw alreadyAttached(attachmentId);
  const claimId = newId(now.getTime());
  await claimUpload(clientId, attachmentId, claimId, now);
  const release = () => releaseUpload(clientId, attachmentId, claimId);
  try {
    const bytes = await readUpload(pendingUploadKey(clientId, attachmentId));
    if (!bytes) throw rejected(attachmentId, 'The file was not uploaded (or the upload expired)');
    const kept = await inspectUploadedBytes(bytes);
    if (!kept.ok) {
      await s3.send(new DeleteObjectCommand({ Bucket: UPLOAD_BUCKET, Key: pendingUploadKey(clientId, attachmentId) }));
      throw rejected(attachmentId, kept.reason);
    }
    await s3.send(
      new PutObjectCommand({
        Bucket: UPLOAD_BUCKET,
        Key: attachmentObjectKey(clientId, attachmentId),
        Body: kept.bytes,
        ContentType: kept.contentType,
      }),
    );
    return {
      attachment: {
        attachmentId,
        fileName: record.fileName,
        contentType: kept.contentType,
        size: kept.bytes.length,
        side: record.side,
        uploadedAt: record.createdAt,
        // Card images are read by the card reader once attached (functions/streams/card-reading.ts).
        reading: {
          state: kept.contentType === 'application/pdf' ? 'not_an_image' : 'pending',
          fields: {},
          readAt: kept.contentType === 'application/pdf' ? now.toISOString() : null,
        },
      },
      claim: attachClaimedUpload(clientId, attachmentId, claimId, policyId),
      release,
      discardUpload: () =>
        s3.send(new DeleteObjectCommand({ Bucket: UPLOAD_BUCKET, Key: pendingUploadKey(clientId, attachmentId) })).then(() => undefined),
    };
  } catch (error) {
    await release();
    throw error;
  }
}

/** pending → attaching (upload-repository's conditional write); a lost claim says why. */
async function claimUpload(clientId: string, attachmentId: string, claimId: string, now: Date): Promise<void> {
  const won = await claimPendingUpload(clientId, attachmentId, claimId, Math.floor(now.getTime() / 1000), CLAIM_LEASE_SECONDS).catch(
    (error: unknown) => {
      // Two claims colliding in one instant: the other request has it.
      if (error instanceof TransactionConflict) return false;
      throw error;
    },
  );
  if (won) return;
  const current = await getUploadRecord(clientId, attachmentId);
  if (current?.state === 'attached') throw alreadyAttached(attachmentId);
  throw new ApiError('conflict', 'attachmentIds: This file is being attached by another request', [
    { path: 'attachmentIds', message: `${attachmentId}: being attached by another request` },
  ]);
}

async function releaseUpload(clientId: string, attachmentId: string, claimId: string): Promise<void> {
  await releaseUploadClaim(clientId, attachmentId, claimId).catch(() => undefined);
}

/**
 * The whole object, or undefined when there is none. A read that fails mid-way (the form was re-posted while it
 * was being read: s3rver rewrites the file in place, S3 itself never serves a half-replaced object) is read
 * again — whatever bytes are finally read are the ones judged and kept.
 */
async function readUpload(key: string): Promise<Buffer | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: UPLOAD_BUCKET, Key: key }));
      // Refuse to buffer more than the limit even if the object is larger (the POST policy was bypassed).
      if ((object.ContentLength ?? 0) > MAX_UPLOAD_BYTES) {
        object.Body?.transformToWebStream()
          .cancel()
          .catch(() => undefined);
        return Buffer.alloc(MAX_UPLOAD_BYTES + 1);
      }
      return Buffer.from(await object.Body!.transformToByteArray());
    } catch (error) {
      const name = (error as Error).name;
      // Without s3:ListBucket (deliberately not granted) S3 answers a missing key with AccessDenied, not NoSuchKey.
      if (name === 'NoSuchKey' || name === 'NotFound' || name === 'AccessDenied') return undefined;
      if (attempt >= READ_ATTEMPTS) throw error;
      await sleep(50 * attempt);
    }
  }
}

const READ_ATTEMPTS = 3;

/**
 * A download link valid for 5 minutes. With malware scanning on, a file is served only once GuardDuty has
 * tagged it clean; until then the caller gets a 409 that says so.
 */
export async function attachmentDownloadUrl(
  clientId: string,
  policyId: string,
  attachmentId: string,
  now: Date,
): Promise<{ url: string; expiresAt: string }> {
  return signedDownloadUrl(clientId, findAttachment(await requirePolicyRecord(clientId, policyId), attachmentId), now);
}

/** The portal's link to one of the caller's own attachments: the client item comes in the same read as the policy. */
export async function portalAttachmentDownloadUrl(
  portalUser: PortalUserGuard,
  policyId: string,
  attachmentId: string,
  now: Date,
): Promise<{ url: string; expiresAt: string }> {
  const { client, policy } = await loadClientAndPolicy(portalUser.clientId, policyId);
  portalUser.assert(client);
  if (!policy) throw notFound('Policy');
  return signedDownloadUrl(portalUser.clientId, findAttachment(policy, attachmentId), now);
}

async function signedDownloadUrl(clientId: string, attachment: Attachment, now: Date): Promise<{ url: string; expiresAt: string }> {
  const key = attachmentObjectKey(clientId, attachment.attachmentId);
  if (malwareScanningEnabled()) {
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: UPLOAD_BUCKET, Key: key }));
    const status = tags.TagSet?.find((tag) => tag.Key === 'GuardDutyMalwareScanStatus')?.Value;
    if (status !== 'NO_THREATS_FOUND') {
      throw new ApiError(
        'conflict',
        status
          ? 'This file failed the malware scan and cannot be opened'
          : 'This file is still being scanned for malware; try again in a minute',
      );
    }
  }
  const url = await getSignedUrl(
    s3,
    new GetObjectCommand({
      Bucket: UPLOAD_BUCKET,
      Key: key,
      ResponseContentType: attachment.contentType,
      ResponseContentDisposition: downloadDisposition(attachment),
      ResponseCacheControl: 'private, no-store',
    }),
    { expiresIn: PRESIGN_SECONDS },
  );
  return { url, expiresAt: new Date(now.getTime() + PRESIGN_SECONDS * 1000).toISOString() };
}

/**
 * Images open inline (they were re-encoded: nothing but pixels); a PDF downloads as a file, so a viewer plugin
 * in the practitioner's browser never runs it in the site's context. The name is made by the server from the
 * side and the verified type — the client's file name is neither trusted (quotes, paths, control characters)
 * nor put in a URL that access logs keep (it can name the client).
 */
export function downloadDisposition(attachment: Pick<Attachment, 'contentType' | 'side'>): string {
  const extension = DOWNLOAD_EXTENSIONS[attachment.contentType] ?? 'bin';
  const kind = attachment.contentType === 'application/pdf' ? 'attachment' : 'inline';
  return `${kind}; filename="insurance-card-${attachment.side}.${extension}"`;
}

const DOWNLOAD_EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'application/pdf': 'pdf',
};

function findAttachment(policy: { attachments: Attachment[] }, attachmentId: string): Attachment {
  const attachment = policy.attachments.find((candidate) => candidate.attachmentId === attachmentId);
  if (!attachment) throw notFound('Attachment');
  return attachment;
}
