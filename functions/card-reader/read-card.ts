import { extractCardFieldsWithConfidence, type CardFields } from '../../shared/card-reading/extract-fields.ts';
import sharp from 'sharp';
import { cleanUpCardImage } from './clean-up.ts';
import { recognizeLines } from './ocr.ts';

export type ReadingState = 'read' | 'unreadable' | 'not_an_image';

export interface CardImageReading {
  state: ReadingState;
  fields: CardFields;
}

const MIN_READABLE_SIDE = 400;

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
    // A picture this small carries no readable print (a card's smallest text would be under 5 px): not worth OCR.
    const { width = 0, height = 0 } = await sharp(bytes).metadata();
    if (Math.max(width, height) < MIN_READABLE_SIDE) return { state: 'unreadable', fields: {} };
    cleaned = await cleanUpCardImage(bytes);
  } catch {
    return { state: 'unreadable', fields: {} };
  }
  const lines = await recognizeLines(cleaned.png);
  const { fields } = extractCardFieldsWithConfidence(lines, matchPayerName ? { matchPayerName } : {});
  return { state: Object.keys(fields).length > 0 ? 'read' : 'unreadable', fields };
}
