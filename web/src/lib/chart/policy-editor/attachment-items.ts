/**
 * The policy editor's files: the ones already on the policy and the ones the practitioner is uploading, as one
 * list in the order they are shown and sent. Plain functions over that list.
 */
import type { Attachment, Policy, UploadContentType } from '$shared/schemas';

export interface AttachmentItem {
  /** Null until an upload has its id. */
  attachmentId: string | null;
  fileName: string;
  contentType: string;
  side: Attachment['side'];
  size: number;
  /** On the saved policy (not uploaded in this form). */
  existing: boolean;
  status: 'done' | 'uploading' | 'error';
  /** 0–100 */
  progress: number;
  error: string;
  /** The bytes of an upload started here (kept for Retry). */
  file?: File;
}

export function itemsFrom(policy: Policy): AttachmentItem[] {
  return policy.attachments.map((a) => ({ ...a, existing: true, status: 'done' as const, progress: 100, error: '' }));
}

/** A file picked here, before its upload starts. */
export function newItem(file: File, contentType: UploadContentType, side: Attachment['side']): AttachmentItem {
  return {
    attachmentId: null,
    fileName: file.name,
    contentType,
    side,
    size: file.size,
    existing: false,
    status: 'uploading',
    progress: 0,
    error: '',
    file,
  };
}

/** The attachment ids to send: files on the policy or finished uploading, in the form's order. */
export function keptIds(items: readonly AttachmentItem[]): string[] {
  return items.flatMap((a) => (a.status === 'done' && a.attachmentId ? [a.attachmentId] : []));
}

/** Why the policy cannot be saved yet because of its files, or null. */
export function pendingUploadProblem(items: readonly AttachmentItem[]): string | null {
  const pending = items.filter((a) => a.status !== 'done');
  if (!pending.length) return null;
  return pending.some((a) => a.status === 'uploading')
    ? 'Wait for the upload to finish, then save'
    : 'An upload failed: retry it or remove it';
}

/** After a rebase onto `latest`: its files that the rebase keeps (`ids`), then the uploads started in this form. */
export function rebasedItems(latest: Policy, ids: readonly string[], items: readonly AttachmentItem[]): AttachmentItem[] {
  return [...itemsFrom(latest).filter((a) => ids.includes(a.attachmentId!)), ...items.filter((a) => !a.existing)];
}

export const sideWords: Record<Attachment['side'], string> = { front: 'Front of card', back: 'Back of card', other: 'Other' };
