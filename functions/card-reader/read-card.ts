import { extractCardFieldsWithConfidence, type CardFields } from '../../shared/card-reading/extract-fields.ts';
import { cleanUpCardImage } from './clean-up.ts';
import { recognizeLines } from './ocr.ts';

export type ReadingState = 'read' | 'unreadable' | 'not_an_image';

export interface CardImageReading {
  state: ReadingState;
  fields: CardFields;
}

/** Images the reader can decode (HEIC/HEIF cannot be: no HEVC decoder ships with the prebuilt libvips). */
const READABLE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * Reads one card image: clean-up (clean-up.ts), OCR (ocr.ts), then the pure field extraction shared with the
 * portal (shared/card-reading). A PDF is `not_an_image`; an image that yields no field at all is `unreadable`.
 */
export async function readCardImage(
  bytes: Uint8Array,
  contentType: string,
  matchPayerName?: (text: string) => string | undefined,
): Promise<CardImageReading> {
  if (contentType === 'application/pdf') return { state: 'not_an_image', fields: {} };
  if (!READABLE_TYPES.has(contentType)) return { state: 'unreadable', fields: {} };
  let cleaned;
  try {
    cleaned = await cleanUpCardImage(bytes);
  } catch {
    return { state: 'unreadable', fields: {} };
  }
  const lines = await recognizeLines(cleaned.png);
  const { fields } = extractCardFieldsWithConfidence(lines, matchPayerName ? { matchPayerName } : {});
  return { state: Object.keys(fields).length > 0 ? 'read' : 'unreadable', fields };
}
