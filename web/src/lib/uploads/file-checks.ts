/**
 * What the web accepts before any upload starts — the server's own limits (`shared/constants.ts`, free of zod):
 * a supported type, not empty, not over the size limit. Plain functions, no network.
 */
import { MAX_UPLOAD_BYTES, MIN_UPLOAD_BYTES, uploadContentTypes } from '$shared/constants';
import { t } from '../i18n/i18n';
import type { UploadContentType } from '$shared/schemas';

const byExtension: Record<string, UploadContentType> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  heic: 'image/heic',
  heif: 'image/heif',
  webp: 'image/webp',
  pdf: 'application/pdf',
};

/** The file's content type if the portal accepts it. Some browsers report HEIC as '' — the extension decides then. */
export function acceptedContentType(file: File): UploadContentType | null {
  const type = file.type.toLowerCase();
  if ((uploadContentTypes as readonly string[]).includes(type)) return type as UploadContentType;
  if (type === 'image/jpg') return 'image/jpeg';
  if (type && type !== 'application/octet-stream') return null;
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  return byExtension[extension] ?? null;
}

// The words are in the portal's catalogs (lib/i18n); the dashboard reads them in English.
export const unsupportedTypeMessage = () => t('upload.unsupported');
export const tooLargeMessage = () => t('upload.tooLarge');
export const emptyFileMessage = () => t('upload.empty');

/** A picked file the pipeline accepts, or why it does not. */
export type Checked = { ok: true; file: File; contentType: UploadContentType } | { ok: false; message: string };

/** Step 1, as soon as a file is picked: a supported type (images, PDF) and not empty (the server refuses both). */
export function checkPicked(file: File): Checked {
  const contentType = acceptedContentType(file);
  if (!contentType) return { ok: false, message: unsupportedTypeMessage() };
  if (file.size < MIN_UPLOAD_BYTES) return { ok: false, message: emptyFileMessage() };
  return { ok: true, file, contentType };
}

/** Whether the file is over the upload limit (it may still shrink: see downscaleIfLarge). */
export function isTooLarge(file: File): boolean {
  return file.size > MAX_UPLOAD_BYTES;
}
