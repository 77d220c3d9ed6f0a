import type { UploadContentType } from '$shared/schemas';
import { t } from '../i18n/i18n';

/** One card image or PDF picked in the add-insurance form, from choosing it to its stored attachment id. */
export interface CardItem {
  file: File;
  contentType: UploadContentType;
  /** An object URL for an image preview, or null (PDF). */
  previewUrl: string | null;
  status: 'preparing' | 'uploading' | 'done' | 'error';
  /** 0–100 */
  progress: number;
  attachmentId: string | null;
  error: string;
  /** On a card restored from a draft after signing back in: the file is already stored; this is its size. */
  restoredSize?: number;
}

export type CardSide = 'front' | 'back';

/** A side's title ("Front of card") and the same said inside a sentence ("the front of the card"), in the current language. */
export const sideTitle = (side: CardSide) => t(side === 'front' ? 'card.front' : 'card.back');
export const sideInSentence = (side: CardSide) => t(side === 'front' ? 'card.frontLower' : 'card.backLower');
