import { inflateSync } from 'node:zlib';
import { fileTypeFromBuffer } from 'file-type/core';
import { MAX_UPLOAD_BYTES, MIN_UPLOAD_BYTES, uploadContentTypes } from '../../shared/constants.ts';

/**
 * What the server keeps of an uploaded file: its bytes are judged by their content (never by the declared
 * type or name), active content is refused, and images are re-encoded so that nothing but pixels is kept.
 *
 * Re-encoding with sharp (libvips) applies the EXIF orientation to the pixels first and then writes no
 * metadata at all (sharp keeps EXIF, XMP, IPTC and comments only when asked to), so a phone photo keeps
 * neither its GPS position nor its device or time, and still stands upright. Re-encoding also drops anything
 * hidden after the image's end, so even a polyglot that slipped past the checks below is stored as a plain
 * picture.
 *
 * HEIC/HEIF cannot be decoded by the prebuilt libvips (no HEVC decoder is shipped, for patent reasons): it is
 * kept as uploaded, after the same active-content checks (see the README's Uploads section).
 */

export type KeptContent = { ok: true; bytes: Buffer; contentType: string } | { ok: false; reason: string };

const ALLOWED_DETECTED_TYPES = new Set<string>([...uploadContentTypes, 'image/heic-sequence', 'image/heif-sequence']);
const REENCODED_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
/** Decompression-bomb guard: a card photo from any phone is far below this (≈ 50 megapixels). */
const MAX_INPUT_PIXELS = 50_000_000;

/**
 * Byte patterns that make a file something a browser might run: an image or PDF carrying them is a polyglot
 * (valid as both) and is refused. Compressed image data containing any of these by chance is astronomically
 * unlikely (six or more exact bytes in a row).
 */
const MARKUP_MARKERS = [
  '<script',
  '<html',
  '<body',
  '<iframe',
  '<svg',
  '<!doctype',
  '<?xml-stylesheet',
  'javascript:',
  '<object',
  '<embed',
];

export async function inspectUploadedBytes(bytes: Buffer): Promise<KeptContent> {
  if (bytes.length < MIN_UPLOAD_BYTES) return { ok: false, reason: 'The file is empty' };
  if (bytes.length > MAX_UPLOAD_BYTES) return { ok: false, reason: 'Files must be between 1 byte and 10 MiB' };
  const detected = (await fileTypeFromBuffer(bytes))?.mime;
  if (!detected || !ALLOWED_DETECTED_TYPES.has(detected))
    return { ok: false, reason: 'The file is not a JPEG, PNG, HEIC, WebP image or a PDF' };

  if (detected === 'application/pdf') {
    const active = pdfActiveContent(bytes);
    if (active) return { ok: false, reason: `The PDF contains active content (${active})` };
    return { ok: true, bytes, contentType: detected };
  }
  if (containsMarkup(bytes)) return { ok: false, reason: 'The image carries web page or script content' };
  if (!REENCODED_TYPES.has(detected)) return { ok: true, bytes, contentType: detected.replace('-sequence', '') };

  const { default: sharp } = await import('sharp');
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', animated: false }).rotate();
    const output =
      detected === 'image/jpeg'
        ? image.jpeg({ quality: 90, mozjpeg: true })
        : detected === 'image/png'
          ? image.png({ compressionLevel: 9 })
          : image.webp({ quality: 90 });
    return { ok: true, bytes: await output.toBuffer(), contentType: detected };
  } catch {
    return { ok: false, reason: 'The image could not be read' };
  }
}

function containsMarkup(bytes: Buffer): boolean {
  const text = bytes.toString('latin1').toLowerCase();
  return MARKUP_MARKERS.some((marker) => text.includes(marker));
}

/**
 * PDF features that run something when the file is opened or clicked. Names may be written with `#xx` escapes
 * (`/J#61vaScript`) and may sit inside compressed object streams, so every Flate stream is inflated and
 * searched too. An `/OpenAction` that is a plain destination (`[page /Fit]`, what scanners write) is allowed.
 */
const PDF_ACTIVE_NAMES = ['JavaScript', 'JS', 'Launch', 'EmbeddedFile', 'RichMedia', 'XFA', 'SubmitForm', 'ImportData', 'AA'];

export function pdfActiveContent(bytes: Buffer): string | undefined {
  let parts: string[];
  try {
    parts = [bytes.toString('latin1'), ...inflatedStreams(bytes)];
  } catch {
    return 'compressed content too large to check';
  }
  for (const raw of parts) {
    const text = raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    for (const name of PDF_ACTIVE_NAMES) {
      if (new RegExp(`/${name}(?![A-Za-z0-9])`).test(text)) return name;
    }
    const openAction = /\/OpenAction\s*(\S)/.exec(text);
    if (openAction && openAction[1] !== '[') return 'OpenAction';
  }
  return undefined;
}

function* inflatedStreams(bytes: Buffer): Generator<string> {
  const text = bytes.toString('latin1');
  const pattern = /stream\r?\n/g;
  let match: RegExpExecArray | null;
  let budget = 64 * 1024 * 1024; // inflated bytes searched at most (a zip bomb must not exhaust memory)
  while ((match = pattern.exec(text))) {
    if (budget <= 0) throw Object.assign(new Error('too much compressed content'), { code: 'ERR_BUFFER_TOO_LARGE' });
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    try {
      const inflated = inflateSync(bytes.subarray(start, end), { maxOutputLength: Math.min(budget, 16 * 1024 * 1024) });
      budget -= inflated.length;
      yield inflated.toString('latin1');
    } catch (error) {
      // What cannot be searched is refused; a stream that is simply not Flate (or damaged) was searched raw.
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw error;
    }
    pattern.lastIndex = end;
  }
}
