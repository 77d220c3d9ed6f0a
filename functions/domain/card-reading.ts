import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Attachment } from '../../shared/schemas.ts';
import { cardPayerMatcher } from '../../shared/card-reading/payer.ts';
import { listPayers } from './payers.ts';
import { getPolicyRecord, storeAttachmentReading, type PolicyRecord } from '../data/policy-repository.ts';
import { TransactionConflict } from '../data/table-io.ts';
import { s3, UPLOAD_BUCKET } from '../platform/s3.ts';
import { readCardImage } from '../card-reader/read-card.ts';
import { attachmentObjectKey } from './uploads.ts';

export type ReadingOutcome = 'read' | 'unreadable' | 'not_an_image' | 'already_read' | 'gone';

/** The practice's payers as a matcher, loaded once per batch (card logos are recognised against them). */
export class CardPayerNames {
  private loaded: Promise<(text: string) => string | undefined> | undefined;

  get(): Promise<(text: string) => string | undefined> {
    this.loaded ??= listPayers({ includeInactive: false }).then((payers) => cardPayerMatcher(payers));
    return this.loaded;
  }
}

/** The attachments of a policy whose card image still waits to be read. */
export const pendingReadings = (policy: Pick<PolicyRecord, 'attachments'>): Attachment[] =>
  (policy.attachments ?? []).filter((attachment) => attachment?.reading?.state === 'pending');

/**
 * Reads one attached card image and stores the reading on the attachment, inside its policy item. Written only
 * while that attachment is still `pending` (so a replayed stream record, or a second delivery, changes nothing),
 * at the attachment's current position (the condition names its id, in case the list changed meanwhile), without
 * a version bump (derived data, like payer suggestions); the card check and review reasons are derived from the
 * readings whenever the policy is read.
 *
 * The policy is read before the image: a replayed or duplicate record (its image still says `pending`) finds the
 * reading done with one GetItem, instead of after an S3 download and a second of OCR.
 */
export async function readAttachedCard(
  policy: Pick<PolicyRecord, 'clientId' | 'policyId'>,
  attachment: Attachment,
  payerNames: CardPayerNames,
  now: () => Date,
): Promise<ReadingOutcome> {
  let current = await pendingPosition(policy, attachment.attachmentId);
  if (typeof current === 'string') return current;
  const bytes = await readAttachmentBytes(policy.clientId, attachment.attachmentId);
  const reading = bytes
    ? await readCardImage(bytes, attachment.contentType, await payerNames.get())
    : { state: 'unreadable' as const, fields: {} };
  // An empty `fields` map is not stored (see storedAttachments); toPolicy gives it back as `{}`.
  const stored = {
    state: reading.state,
    ...(Object.keys(reading.fields).length ? { fields: reading.fields } : {}),
    readAt: now().toISOString(),
  };

  // The first write uses the read from before the OCR; after a lost race, three more each on a fresh read.
  for (let attempt = 0; attempt <= 3; attempt++) {
    if (attempt > 0) current = await pendingPosition(policy, attachment.attachmentId);
    if (typeof current === 'string') return current;
    try {
      if (await storeAttachmentReading(current.record, current.index, attachment.attachmentId, stored)) return reading.state;
    } catch (error) {
      // Another transaction touched the policy in the same instant: look again.
      if (!(error instanceof TransactionConflict)) throw error;
    }
    // The list moved (an attachment removed by a practitioner), the policy was edited, or another delivery won:
    // look again.
  }
  return 'already_read';
}

/** The policy as stored now and the attachment's place in it, or why there is nothing to read any more. */
async function pendingPosition(
  policy: Pick<PolicyRecord, 'clientId' | 'policyId'>,
  attachmentId: string,
): Promise<{ record: PolicyRecord; index: number } | 'gone' | 'already_read'> {
  const record = await getPolicyRecord(policy.clientId, policy.policyId);
  const index = record?.attachments.findIndex((candidate) => candidate.attachmentId === attachmentId) ?? -1;
  if (!record || index < 0) return 'gone';
  if (record.attachments[index]!.reading?.state !== 'pending') return 'already_read';
  return { record, index };
}

/** The kept file, or undefined when it is gone (the reading is then `unreadable`, not retried forever). */
async function readAttachmentBytes(clientId: string, attachmentId: string): Promise<Uint8Array | undefined> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: UPLOAD_BUCKET, Key: attachmentObjectKey(clientId, attachmentId) }));
    return await object.Body!.transformToByteArray();
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'NoSuchKey' || name === 'NotFound' || name === 'AccessDenied') return undefined;
    throw error;
  }
}
