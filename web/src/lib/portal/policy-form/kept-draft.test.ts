import { describe, expect, it } from 'vitest';
import type { CardItem } from '../cards';
import { keepDraft, restoreDraft, typedAnything } from './kept-draft';
import { emptyPortalDraft, type Cards } from './portal-request';

const card = (status: CardItem['status'], attachmentId: string | null, size = 2048) =>
  ({
    status,
    attachmentId,
    file: new File([new Uint8Array(size)], `${attachmentId ?? 'x'}.jpg`),
    contentType: 'image/jpeg',
    previewUrl: 'blob:preview',
    progress: 100,
    error: '',
  }) as CardItem;
const noCards: Cards = { front: null, back: null };

describe('whether the add-insurance form holds anything worth keeping', () => {
  it('an untouched form, or one where only Primary/Secondary was chosen, holds nothing', () => {
    expect(typedAnything(emptyPortalDraft(), noCards)).toBe(false);
    expect(typedAnything({ ...emptyPortalDraft(), priority: 'secondary' }, noCards)).toBe(false);
  });

  it('a typed field, a policyholder other than the client, a policyholder detail or a card is worth keeping', () => {
    const empty = emptyPortalDraft();
    expect(typedAnything({ ...empty, memberId: 'W1' }, noCards)).toBe(true);
    expect(typedAnything({ ...empty, relationship: 'child' }, noCards)).toBe(true);
    expect(typedAnything({ ...empty, subscriber: { ...empty.subscriber, city: 'Austin' } }, noCards)).toBe(true);
    expect(typedAnything(empty, { front: null, back: card('uploading', null) })).toBe(true);
  });
});

describe('the kept draft', () => {
  const draft = {
    ...emptyPortalDraft(),
    priority: 'secondary' as const,
    payerText: 'Aetna',
    payerId: 'PAY1',
    memberId: 'W1',
    relationship: 'spouse' as const,
  };
  draft.subscriber = { ...draft.subscriber, firstName: 'Sam' };

  it('keeps every entry, and only the card sides that finished uploading (with the file’s name and size)', () => {
    const kept = keepDraft(draft, { front: card('done', 'F'), back: card('uploading', 'U') });
    expect(kept.fields).toEqual(draft);
    expect(kept.cards).toEqual({ front: { attachmentId: 'F', name: 'F.jpg', size: 2048, contentType: 'image/jpeg' } });
    expect(keepDraft(draft, { front: card('error', null), back: null }).cards).toEqual({});
  });

  it('comes back as the same entries, and an uploaded side as a stand-in that is done and keeps its size when kept again', () => {
    const { draft: restored, cards } = restoreDraft(keepDraft(draft, { front: null, back: card('done', 'B', 4096) }));
    expect(restored).toEqual(draft);
    expect(cards.front).toBeNull();
    expect(cards.back).toMatchObject({ status: 'done', attachmentId: 'B', restoredSize: 4096, previewUrl: null });
    expect(cards.back?.file.name).toBe('B.jpg');
    expect(keepDraft(restored, cards).cards.back).toEqual({ attachmentId: 'B', name: 'B.jpg', size: 4096, contentType: 'image/jpeg' });
  });

  it('a draft kept by an older form gets the fields it did not have, empty', () => {
    const { memberId: _memberId, ...older } = emptyPortalDraft();
    const { phone: _phone, ...olderSubscriber } = older.subscriber;
    const { draft: restored } = restoreDraft({ fields: { ...older, payerText: 'Cigna', subscriber: olderSubscriber } as never, cards: {} });
    expect(restored).toEqual({ ...emptyPortalDraft(), payerText: 'Cigna' });
  });
});
