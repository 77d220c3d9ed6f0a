import { beforeAll, describe, expect, it } from 'vitest';
import { useLanguage } from '../../i18n/i18n';

import type { CardItem } from '../cards';
import { buildPortalRequest, cardErrors, emptyPortalDraft, placeServerPaths, sideRequired, type Cards } from './portal-request';

// The messages are the English catalog's.
beforeAll(() => useLanguage('en'));

const card = (status: CardItem['status'], attachmentId: string | null = null) =>
  ({ status, attachmentId, file: new File([], 'c.png'), contentType: 'image/png', previewUrl: null, progress: 0, error: '' }) as CardItem;
const noCards: Cards = { front: null, back: null };

describe('the portal policy request', () => {
  it('a chosen payer is sent by id; a typed one by name; empty fields are left out', () => {
    const draft = { ...emptyPortalDraft(), payerText: 'Aetna', payerId: 'PAY1', effectiveDate: '2026-01-01', memberId: ' W1 ' };
    expect(buildPortalRequest(draft, noCards, true)).toEqual({
      priority: 'primary',
      effectiveDate: '2026-01-01',
      payerId: 'PAY1',
      memberId: 'W1',
      relationship: 'self',
    });
    expect(buildPortalRequest({ ...draft, payerId: null, payerText: ' Humanna ' }, noCards, true)).toMatchObject({ payerName: 'Humanna' });
  });

  it('a policyholder is sent only when not the client and once anything about them is typed', () => {
    const draft = { ...emptyPortalDraft(), relationship: 'spouse' as const, effectiveDate: '2026-01-01' };
    expect(buildPortalRequest(draft, noCards, true)).not.toHaveProperty('subscriber');
    const started = { ...draft, subscriber: { ...draft.subscriber, firstName: 'Sam' } };
    expect(buildPortalRequest(started, noCards, true).subscriber).toMatchObject({ firstName: 'Sam', lastName: '', address: { line1: '' } });
    expect(buildPortalRequest({ ...started, relationship: 'self' }, noCards, true)).not.toHaveProperty('subscriber');
  });

  it('uploaded card sides are attached, front first, unless the practice asks for no images', () => {
    const cards: Cards = { front: card('done', 'F'), back: card('done', 'B') };
    expect(buildPortalRequest(emptyPortalDraft(), cards, true).attachmentIds).toEqual(['F', 'B']);
    expect(buildPortalRequest(emptyPortalDraft(), cards, false)).not.toHaveProperty('attachmentIds');
  });
});

describe('card sides that block a submit', () => {
  it.each([
    ['off', false, false],
    ['optional', false, false],
    ['front', true, false],
    ['front_and_back', true, true],
  ] as const)('%s requires the front: %s, the back: %s', (cardImages, front, back) => {
    expect(sideRequired('front', cardImages)).toBe(front);
    expect(sideRequired('back', cardImages)).toBe(back);
  });

  it.each([
    ['off', noCards, {}],
    ['optional', noCards, {}],
    ['front', noCards, { 'cards.front': 'Add a photo or PDF of the front of your card' }],
    ['front_and_back', { front: card('done', 'F'), back: null }, { 'cards.back': 'Add a photo or PDF of the back of your card' }],
    [
      'optional',
      { front: card('uploading'), back: card('error') },
      {
        'cards.front': 'Still uploading after two minutes — check your connection, then submit again',
        'cards.back': 'This upload failed — retry it or remove it',
      },
    ],
  ] as const)('%s with %o', (cardImages, cards, errors) => expect(cardErrors(cards as Cards, cardImages)).toEqual(errors));
});

describe('the API’s error paths on the portal form', () => {
  it('payerId shows on the company box; attachmentIds.N on the side that file was', () => {
    const cards: Cards = { front: card('done', 'F'), back: card('done', 'B') };
    const request = { attachmentIds: ['F', 'B'] };
    expect(placeServerPaths({ payerId: 'Not one of your practice’s payers', 'attachmentIds.1': 'Not an image' }, request, cards)).toEqual({
      payerName: 'Not one of your practice’s payers',
      'cards.back': 'Not an image',
    });
  });
});
