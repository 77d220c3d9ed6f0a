import type { attachmentSideValues, cardImagesValues } from './constants.ts';

type CardImages = (typeof cardImagesValues)[number];
type AttachmentSide = (typeof attachmentSideValues)[number];

/**
 * The card sides a client's new policy still lacks under the practice's `cardImages` setting. The server checks
 * this on every portal policy (a portal opened before the setting changed must not slip past it), from the side
 * recorded with each upload.
 */
export function missingCardSides(requirement: CardImages, sides: readonly AttachmentSide[]): ('front' | 'back')[] {
  const required: ('front' | 'back')[] = requirement === 'front' ? ['front'] : requirement === 'front_and_back' ? ['front', 'back'] : [];
  return required.filter((side) => !sides.includes(side));
}
