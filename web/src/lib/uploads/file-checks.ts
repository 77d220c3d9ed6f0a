/**
 * What the web accepts before any upload starts — the server's own limits (`shared/constants.ts`, free of zod):
 * a supported type, not empty, not over the size limit. Plain functions, no network.
 */
import { MAX_UPLOAD_BYTES, MIN_UPLOAD_BYTES, uploadContentTypes } from '$shared/constants';
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

export const UNSUPPORTED_TYPE_MESSAGE = 'This file type isn’t supported. Use a photo (JPEG, PNG, HEIC or WebP) or a PDF.';
export const TOO_LARGE_MESSAGE = 'This file is too large. Files can be up to 10 MB.';
export const EMPTY_FILE_MESSAGE = 'This file is empty. Choose another one.';

/** A picked file the pipeline accepts, or why it does not. */
export type Checked = { ok: true; file: File; contentType: UploadContentType } | { ok: false; message: string };

/** Step 1, as soon as a file is picked: a supported type (images, PDF) and not empty (the server refuses both). */
export function checkPicked(file: File): Checked {
  const contentType = acceptedContentType(file);
  if (!contentType) return { ok: false, message: UNSUPPORTED_TYPE_MESSAGE };
  if (file.size < MIN_UPLOAD_BYTES) return { ok: false, message: EMPTY_FILE_MESSAGE };
  return { ok: true, file, contentType };
}

/** Whether the file is over the upload limit (it may still shrink: see downscaleIfLarge). */
export function isTooLarge(file: File): boolean {
  return file.size > MAX_UPLOAD_BYTES;
}
