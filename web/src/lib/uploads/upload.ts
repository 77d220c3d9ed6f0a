/**
 * The one upload pipeline of the web, used by the portal's card form (CardUpload) and the practice's policy
 * editor (PolicyFiles): check the picked file (type, not empty), shrink a large photo, check the size limit, ask
 * the API for a pre-signed POST (`POST /api/portal/uploads` or `/api/clients/{id}/uploads`), then send the file
 * straight to storage as multipart form data — the form's `fields` first and the file last, as S3 requires.
 * XMLHttpRequest rather than fetch because only XHR reports upload progress.
 */
import type { UploadContentType } from '$shared/schemas';
import { api, messageOf } from '../api';
import { t } from '../i18n/i18n';
import { checkPicked, isTooLarge, tooLargeMessage, type Checked } from './file-checks';
import { downscaleIfLarge } from './image';

export { checkPicked, type Checked };

interface UploadTicket {
  attachmentId: string;
  upload: { url: string; fields: Record<string, string> };
  expiresAt: string;
}

class UploadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadError';
  }
}

/**
 * Step 2: the file to send — a large photo re-encoded smaller (then it is a JPEG), anything else as it is — or
 * a refusal when it is still over the limit.
 */
export async function fitForUpload(file: File, contentType: UploadContentType): Promise<Checked> {
  const fitted = await downscaleIfLarge(file, contentType);
  if (isTooLarge(fitted)) return { ok: false, message: tooLargeMessage() };
  return { ok: true, file: fitted, contentType: fitted === file ? contentType : 'image/jpeg' };
}

/**
 * Step 3: the pre-signed POST, then the bytes; `onProgress` gets 0–100. Resolves to the attachment id to send
 * with the policy. Rejects with an AbortError when `signal` aborts.
 */
export async function uploadFile(
  file: File,
  contentType: UploadContentType,
  side: 'front' | 'back' | 'other',
  options: { path?: string; onProgress: (percent: number) => void; signal: AbortSignal },
): Promise<string> {
  const ticket = await requestUpload(file, contentType, side, options.path);
  if (options.signal.aborted) throw new DOMException('Upload cancelled', 'AbortError');
  await sendToStorage(ticket, file, (fraction) => options.onProgress(Math.round(fraction * 100)), options.signal);
  return ticket.attachmentId;
}

/** True for the rejection of an upload that was cancelled on purpose (removed, replaced, form closed). */
export function isCancelled(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error instanceof DOMException && error.name === 'AbortError');
}

/** What to tell the user about a failed upload. */
export function uploadFailureMessage(error: unknown): string {
  return error instanceof UploadError ? error.message : messageOf(error);
}

/**
 * Asks for a pre-signed POST. `path` is the client's own `/portal/uploads`, or a practitioner's
 * `/clients/{clientId}/uploads` (same answer).
 */
function requestUpload(
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
function sendToStorage(ticket: UploadTicket, file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<void> {
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
              ? tooLargeMessage()
              : code === 'AccessDenied' || code === 'ExpiredToken' || xhr.status === 403
                ? t('upload.refused')
                : t('upload.failed'),
          ),
        );
      }
    };
    xhr.onerror = () => reject(new UploadError(t('upload.interrupted')));
    xhr.ontimeout = () => reject(new UploadError(t('upload.slow')));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
