/**
 * Card uploads: ask the API for a pre-signed POST (`POST /api/portal/uploads`), then send the file straight to
 * storage as multipart form data — the form's `fields` first and the file last, as S3 requires. XMLHttpRequest
 * rather than fetch because only XHR reports upload progress.
 */
import type { UploadContentType } from '$shared/schemas';
import { api } from '../api';

/**
 * The upload rules (allowed types, size limit) live in the shared schemas; that module brings zod with it, so it
 * is loaded when the first file is picked rather than with the page.
 */
const rules = () => import('$shared/schemas');

export interface UploadTicket {
  attachmentId: string;
  upload: { url: string; fields: Record<string, string> };
  expiresAt: string;
}

export class UploadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadError';
  }
}

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
export async function acceptedContentType(file: File): Promise<UploadContentType | null> {
  const { uploadContentTypes } = await rules();
  const type = file.type.toLowerCase();
  if ((uploadContentTypes as readonly string[]).includes(type)) return type as UploadContentType;
  if (type === 'image/jpg') return 'image/jpeg';
  if (type && type !== 'application/octet-stream') return null;
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  return byExtension[extension] ?? null;
}

export const UNSUPPORTED_TYPE_MESSAGE = 'This file type isn’t supported. Use a photo (JPEG, PNG, HEIC or WebP) or a PDF.';
export const TOO_LARGE_MESSAGE = 'This file is too large. Files can be up to 10 MB.';

/** Whether the file is over the upload limit (it may still shrink: see downscaleIfLarge). */
export async function isTooLarge(file: File): Promise<boolean> {
  const { MAX_UPLOAD_BYTES } = await rules();
  return file.size > MAX_UPLOAD_BYTES;
}

/**
 * Asks for a pre-signed POST. `path` is the client's own `/portal/uploads`, or a practitioner's
 * `/clients/{clientId}/uploads` (same answer).
 */
export function requestUpload(
  file: File,
  contentType: UploadContentType,
  side: 'front' | 'back' | 'other',
  path = '/portal/uploads',
): Promise<UploadTicket> {
  return api<UploadTicket>(path, {
    method: 'POST',
    body: { fileName: file.name.slice(-255) || 'card', contentType, size: file.size, side },
  });
}

/** Posts the file to the pre-signed form; `onProgress` gets 0–1. Resolves when storage has accepted it. */
export function sendToStorage(
  ticket: UploadTicket,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(ticket.upload.fields)) form.append(key, value);
    form.append('file', file); // must be the last field

    const xhr = new XMLHttpRequest();
    xhr.open('POST', ticket.upload.url);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else {
        // S3 answers with XML such as <Code>EntityTooLarge</Code>; say something a client can act on.
        const code = /<Code>([^<]+)<\/Code>/.exec(xhr.responseText ?? '')?.[1];
        reject(
          new UploadError(
            code === 'EntityTooLarge'
              ? TOO_LARGE_MESSAGE
              : code === 'AccessDenied' || code === 'ExpiredToken' || xhr.status === 403
                ? 'The upload was refused or took too long. Try again.'
                : 'The upload failed. Try again.',
          ),
        );
      }
    };
    xhr.onerror = () => reject(new UploadError('The upload was interrupted. Check your connection and try again.'));
    xhr.ontimeout = () => reject(new UploadError('The upload took too long. Try again.'));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
