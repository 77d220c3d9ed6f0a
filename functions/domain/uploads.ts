import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { fileTypeFromBuffer } from 'file-type/core';
import { ApiError, notFound } from '../../shared/errors.ts';
import { MAX_UPLOAD_BYTES, MIN_UPLOAD_BYTES, PRESIGN_SECONDS, uploadContentTypes } from '../../shared/constants.ts';
import type { InsuranceWriteGuard } from '../../shared/insurance-collection.ts';
import type { Actor, Attachment, CreateUploadRequest } from '../../shared/schemas.ts';
import { requireClientRecord } from '../data/client-repository.ts';
import { newId } from '../data/ids.ts';
import { requirePolicyRecord } from '../data/policy-repository.ts';
import type { TransactItem } from '../data/table-io.ts';
import { portalContext } from './portal.ts';
import { attachUpload, getUploadRecord, insertUpload, type UploadRecord } from '../data/upload-repository.ts';
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
export async function createPortalUpload(insurance: InsuranceWriteGuard, request: CreateUploadRequest, now: Date) {
  const context = await portalContext(insurance.clientId);
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

/** Enough leading bytes for every signature file-type checks (HEIC's ftyp box included). */
const SNIFF_BYTES = 4_100;
const ALLOWED_DETECTED_TYPES = new Set<string>([...uploadContentTypes, 'image/heic-sequence', 'image/heif-sequence']);

export interface VerifiedAttachment {
  attachment: Attachment;
  /** Marks the upload attached in the same transaction that saves the policy, so it is attached once. */
  claim: TransactItem;
}

/**
 * Checks uploads before they are attached to a policy: each must be this client's, still unattached, stored,
 * within the size range, and — by its magic bytes, not its name or declared type — a JPEG, PNG, HEIC/HEIF,
 * WebP or PDF. A failing object is deleted and the request answers 422. Verified objects move from
 * `uploads/` (which expires) to `attachments/` (which stays).
 */
export async function verifyUploads(clientId: string, attachmentIds: readonly string[], policyId: string): Promise<VerifiedAttachment[]> {
  const unique = [...new Set(attachmentIds)];
  const verified: VerifiedAttachment[] = [];
  for (const attachmentId of unique) {
    const record = await getUploadRecord(clientId, attachmentId);
    // Another client's upload is simply not found under this client's partition.
    if (!record) throw rejected(attachmentId, 'No such upload for this client');
    if (record.state !== 'pending') throw rejected(attachmentId, 'Already attached to a policy');
    const stored = await inspectStoredObject(clientId, attachmentId);
    if (!stored) throw rejected(attachmentId, 'The file was not uploaded (or the upload expired)');
    const problem = problemWith(stored);
    if (problem) {
      await s3.send(new DeleteObjectCommand({ Bucket: UPLOAD_BUCKET, Key: stored.key }));
      throw rejected(attachmentId, problem);
    }
    if (stored.key !== attachmentObjectKey(clientId, attachmentId)) await moveToAttachments(clientId, attachmentId, stored.detectedType!);
    verified.push({
      attachment: {
        attachmentId,
        fileName: record.fileName,
        contentType: stored.detectedType!,
        size: stored.size,
        side: record.side,
        uploadedAt: record.createdAt,
      },
      claim: attachUpload(clientId, attachmentId, policyId),
    });
  }
  return verified;
}

interface StoredObject {
  key: string;
  size: number;
  detectedType: string | undefined;
}

function problemWith(stored: StoredObject): string | undefined {
  if (stored.size < MIN_UPLOAD_BYTES || stored.size > MAX_UPLOAD_BYTES) return 'Files must be between 1 byte and 10 MiB';
  if (!stored.detectedType || !ALLOWED_DETECTED_TYPES.has(stored.detectedType)) {
    return 'The file is not a JPEG, PNG, HEIC, WebP image or a PDF';
  }
  return undefined;
}

/**
 * Reads the first bytes of the upload. An earlier attempt whose policy write then lost a race may already
 * have moved the object to `attachments/`; it is looked for there too so a retry does not lose the file.
 */
async function inspectStoredObject(clientId: string, attachmentId: string): Promise<StoredObject | undefined> {
  for (const key of [pendingUploadKey(clientId, attachmentId), attachmentObjectKey(clientId, attachmentId)]) {
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: UPLOAD_BUCKET, Key: key, Range: `bytes=0-${SNIFF_BYTES - 1}` }));
      const head = Buffer.from(await object.Body!.transformToByteArray());
      const total = Number(/\/(\d+)$/.exec(object.ContentRange ?? '')?.[1] ?? object.ContentLength ?? head.length);
      const detected = await fileTypeFromBuffer(head);
      return { key, size: total, detectedType: detected?.mime };
    } catch (error) {
      const name = (error as Error).name;
      // Without s3:ListBucket (deliberately not granted) S3 answers a missing key with AccessDenied, not NoSuchKey.
      if (name === 'NoSuchKey' || name === 'NotFound' || name === 'InvalidRange' || name === 'AccessDenied') continue;
      throw error;
    }
  }
  return undefined;
}

async function moveToAttachments(clientId: string, attachmentId: string, contentType: string): Promise<void> {
  await s3.send(
    new CopyObjectCommand({
      Bucket: UPLOAD_BUCKET,
      CopySource: `${UPLOAD_BUCKET}/${pendingUploadKey(clientId, attachmentId)}`,
      Key: attachmentObjectKey(clientId, attachmentId),
      ContentType: contentType,
      MetadataDirective: 'REPLACE',
    }),
  );
  await s3.send(new DeleteObjectCommand({ Bucket: UPLOAD_BUCKET, Key: pendingUploadKey(clientId, attachmentId) }));
}

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
  const attachment = findAttachment(await requirePolicyRecord(clientId, policyId), attachmentId);
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
      // Inline so images preview; the file name is not put in the URL (it can name the client).
      ResponseContentDisposition: 'inline',
    }),
    { expiresIn: PRESIGN_SECONDS },
  );
  return { url, expiresAt: new Date(now.getTime() + PRESIGN_SECONDS * 1000).toISOString() };
}

function findAttachment(policy: { attachments: Attachment[] }, attachmentId: string): Attachment {
  const attachment = policy.attachments.find((candidate) => candidate.attachmentId === attachmentId);
  if (!attachment) throw notFound('Attachment');
  return attachment;
}
