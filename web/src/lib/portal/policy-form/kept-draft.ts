/**
 * The add-insurance form as it is kept in this tab's sessionStorage (lib/drafts) while the client types, so that
 * nothing is lost when the session ends: the entries, and for each card side that finished uploading its
 * attachment id with the file's name and size (the file itself is already stored by the server).
 */
import type { CardItem, CardSide } from '../cards';
import { emptyPortalDraft, type Cards, type PortalPolicyDraft } from './portal-request';

export interface KeptCard {
  attachmentId: string;
  name: string;
  size: number;
  contentType: CardItem['contentType'];
}

export interface KeptDraft {
  fields: PortalPolicyDraft;
  cards: Partial<Record<CardSide, KeptCard>>;
}

const SIDES = ['front', 'back'] as const;

/** Whether the client has entered anything worth keeping (the default priority alone is not an entry). */
export function typedAnything(draft: PortalPolicyDraft, cards: Cards): boolean {
  const { priority: _priority, payerId: _payerId, relationship, subscriber, ...typed } = draft;
  return (
    Object.values(typed).some(Boolean) ||
    Boolean(cards.front || cards.back) ||
    relationship !== 'self' ||
    Object.values(subscriber).some(Boolean)
  );
}

/** What is kept of the form: every entry, and only the card sides that finished uploading. */
export function keepDraft(draft: PortalPolicyDraft, cards: Cards): KeptDraft {
  const kept: KeptDraft = { fields: { ...draft, subscriber: { ...draft.subscriber } }, cards: {} };
  for (const side of SIDES) {
    const item = cards[side];
    if (item?.status === 'done' && item.attachmentId) {
      kept.cards[side] = {
        attachmentId: item.attachmentId,
        name: item.file.name,
        size: item.restoredSize ?? item.file.size,
        contentType: item.contentType,
      };
    }
  }
  return kept;
}

/** The form again from what was kept; an uploaded card comes back as a stand-in carrying its name and size. */
export function restoreDraft(kept: KeptDraft): { draft: PortalPolicyDraft; cards: Cards } {
  const empty = emptyPortalDraft();
  const draft = { ...empty, ...kept.fields, subscriber: { ...empty.subscriber, ...kept.fields.subscriber } };
  const cards: Cards = { front: null, back: null };
  for (const side of SIDES) {
    const card = kept.cards[side];
    if (card) {
      cards[side] = {
        file: new File([], card.name),
        contentType: card.contentType,
        previewUrl: null,
        status: 'done',
        progress: 100,
        attachmentId: card.attachmentId,
        error: '',
        restoredSize: card.size,
      };
    }
  }
  return { draft, cards };
}
