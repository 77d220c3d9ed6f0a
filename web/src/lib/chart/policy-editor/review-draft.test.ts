import type { Attachment, Policy } from '$shared/schemas';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearAllDrafts } from '../../drafts';
import { draftFromPolicy, emptyDraft, type PolicyDraft } from '../policy-draft';
import type { AttachmentItem } from './attachment-items';
import { forgetReview, keepReview, keptReview, readKeptReview, restoreReview, reviewDraftName, type KeptReview } from './review-draft';

function attachment(attachmentId: string, side: Attachment['side'] = 'front'): Attachment {
  return {
    attachmentId,
    fileName: `${attachmentId}.png`,
    contentType: 'image/png',
    size: 1000,
    side,
    uploadedAt: '2026-01-01T10:00:00.000Z',
    reading: { state: 'pending', fields: {}, readAt: null },
  };
}

function policy(overrides: Partial<Policy> = {}): Policy {
  return {
    policyId: 'POL1',
    clientId: 'CLI1',
    priority: 'primary',
    status: 'active',
    source: 'client',
    payer: { payerId: 'AET', name: 'Aetna', enteredName: 'aetna' },
    needsPayer: false,
    payerMatch: { state: 'matched', matchedBy: 'name', suggestions: [] },
    insuranceType: null,
    memberId: 'W596564299',
    groupNumber: 'E533111',
    planName: null,
    planId: null,
    relationship: 'self',
    subscriber: null,
    effectiveDate: '2026-01-01',
    endDate: null,
    copayCents: null,
    deductibleCents: null,
    employerOrSchool: null,
    attachments: [attachment('A')],
    clientEntered: null,
    reviewed: false,
    reviewedAt: null,
    createdAt: '2026-01-01T10:00:00.000Z',
    createdBy: { kind: 'client', id: 'CLI1' },
    updatedAt: '2026-01-01T10:00:00.000Z',
    version: 2,
    ...overrides,
  } as Policy;
}

const payers = [
  { payerId: 'AET', name: 'Aetna' },
  { payerId: 'CIG', name: 'Cigna' },
];

const itemsOf = (p: Policy): AttachmentItem[] =>
  p.attachments.map((a) => ({ ...a, existing: true, status: 'done', progress: 100, error: '' }));
const upload = (attachmentId: string | null, status: AttachmentItem['status'] = 'done'): AttachmentItem => ({
  attachmentId,
  fileName: 'new-back.png',
  contentType: 'image/png',
  side: 'back',
  size: 2000,
  existing: false,
  status,
  progress: status === 'done' ? 100 : 40,
  error: '',
});

/** What the editor keeps for `saved` after the practitioner typed `edits` (and maybe uploaded a file). */
function kept(saved: Policy, edits: Partial<PolicyDraft>, extra: AttachmentItem[] = []): KeptReview {
  const base = { draft: draftFromPolicy(saved), attachmentIds: saved.attachments.map((a) => a.attachmentId) };
  return keptReview(saved, base, { ...draftFromPolicy(saved), ...edits }, [...itemsOf(saved), ...extra], true);
}

describe('a review kept across an ended session comes back when the policy is reopened', () => {
  it('unchanged on the server: the edits, the finished uploads and the Reviewed choice come back as they were, with no conflict', () => {
    const saved = policy();
    const restored = restoreReview(
      kept(saved, { memberId: 'W596564236' }, [upload('NEW'), upload(null, 'uploading'), upload('HALF', 'uploading')]),
      saved,
      payers,
    );
    expect(restored).not.toBeNull();
    expect(restored!.draft.memberId).toBe('W596564236');
    expect(restored!.conflict).toBeNull();
    expect(restored!.reviewed).toBe(true);
    // An upload still running when the session ended is not kept, even once it has an id (its file is gone with the page).
    expect(restored!.attachments.map((a) => [a.attachmentId, a.existing, a.status])).toEqual([
      ['A', true, 'done'],
      ['NEW', false, 'done'],
    ]);
  });

  it('changed on the server meanwhile: rebased like a 409 — their changes stay, the kept edits go on top, and the notice lists theirs', () => {
    const saved = policy();
    const stored = kept(saved, { memberId: 'W596564236', planName: 'Mine' });
    const latest = policy({
      version: 3,
      planName: 'Theirs',
      groupNumber: 'G-NEW',
      payer: { payerId: 'CIG', name: 'Cigna', enteredName: 'aetna' },
    });
    const restored = restoreReview(stored, latest, payers)!;
    expect(restored.draft.memberId).toBe('W596564236'); // only the practitioner changed it
    expect(restored.draft.groupNumber).toBe('G-NEW'); // only they changed it: no blind overwrite with the old value
    expect(restored.draft.payerId).toBe('CIG');
    expect(restored.draft.planName).toBe('Mine'); // both changed it: the practitioner's edit is kept, and said so
    expect(restored.conflict!.kept).toEqual(['planName']);
    expect(restored.conflict!.changes.map((c) => [c.key, c.from, c.to])).toEqual(
      expect.arrayContaining([
        ['payerId', 'Aetna', 'Cigna'],
        ['groupNumber', 'E533111', 'G-NEW'],
        ['planName', '—', 'Theirs'],
      ]),
    );
  });

  it('a file removed in the form stays removed after the rebase; a file they added meanwhile appears', () => {
    const saved = policy({ attachments: [attachment('A'), attachment('B', 'back')] });
    const base = { draft: draftFromPolicy(saved), attachmentIds: ['A', 'B'] };
    const stored = keptReview(saved, base, draftFromPolicy(saved), itemsOf(saved).slice(1), true); // A removed
    const latest = policy({ version: 3, attachments: [attachment('A'), attachment('B', 'back'), attachment('C', 'other')] });
    const restored = restoreReview(stored, latest, payers)!;
    expect(restored.attachments.map((a) => a.attachmentId)).toEqual(['B', 'C']);
  });

  it('nothing comes back for a policy that no longer exists, for an “Add policy” draft opened on a saved policy, or for garbage', () => {
    const saved = policy();
    expect(restoreReview(kept(saved, { memberId: 'X' }), null, payers)).toBeNull();
    const adding = keptReview(null, { draft: emptyDraft(), attachmentIds: [] }, { ...emptyDraft(), memberId: 'NEW1' }, [], true);
    expect(restoreReview(adding, saved, payers)).toBeNull();
    expect(restoreReview(adding, null, payers)!.draft.memberId).toBe('NEW1');
    expect(restoreReview(null, saved, payers)).toBeNull();
    expect(restoreReview({ nonsense: true } as unknown as KeptReview, saved, payers)).toBeNull();
  });

  it('a draft kept by an older build without some field gets the empty value for it', () => {
    const saved = policy();
    const stored = kept(saved, { memberId: 'W1' });
    delete (stored.draft as Partial<PolicyDraft>).employerOrSchool;
    expect(restoreReview(stored, saved, payers)!.draft).toMatchObject({ memberId: 'W1', employerOrSchool: '' });
  });

  it('an unticked “Reviewed” comes back unticked', () => {
    const saved = policy();
    const base = { draft: draftFromPolicy(saved), attachmentIds: ['A'] };
    const stored = keptReview(saved, base, { ...draftFromPolicy(saved), memberId: 'W1' }, itemsOf(saved), false);
    expect(restoreReview(stored, saved, payers)!.reviewed).toBe(false);
  });

  it('a payer linked on the server meanwhile is named even when the practice’s list lacks it', () => {
    const saved = policy();
    const latest = policy({ version: 3, payer: { payerId: 'CIG', name: 'Cigna', enteredName: 'aetna' } });
    const restored = restoreReview(kept(saved, { memberId: 'W1' }), latest, [{ payerId: 'AET', name: 'Aetna' }])!;
    expect(restored.conflict!.changes.find((c) => c.key === 'payerId')).toMatchObject({ from: 'Aetna', to: 'Cigna' });
  });
});

describe('what is kept, where, and for whom', () => {
  /** Storage as browsers expose it: items are the object's own keys (what `clearAllDrafts` walks), methods are not. */
  let store: Record<string, string>;
  const keys = () => Object.keys(store);
  beforeEach(() => {
    store = Object.create({
      getItem: (key: string) => (Object.hasOwn(store, key) ? store[key] : null),
      setItem: (key: string, value: string) => void (store[key] = String(value)),
      removeItem: (key: string) => void delete store[key],
    }) as Record<string, string>;
    vi.stubGlobal('sessionStorage', store);
  });
  afterEach(() => vi.unstubAllGlobals());

  const name = reviewDraftName('CLI1', 'POL1');
  const saved = policy();

  it('kept in sessionStorage (never localStorage) while the form has unsaved edits, and only for the practitioner who typed them', () => {
    const local = { setItem: vi.fn(), getItem: vi.fn(), removeItem: vi.fn() };
    vi.stubGlobal('localStorage', local);
    keepReview(name, 'user-1', true, () => kept(saved, { memberId: 'W596564236' }));
    expect(keys()).toEqual([`draft:${name}`]);
    expect(readKeptReview(name, 'user-1')!.draft.memberId).toBe('W596564236');
    expect(readKeptReview(name, 'user-2')).toBeNull();
    expect(readKeptReview(reviewDraftName('CLI1', 'POL2'), 'user-1')).toBeNull();
    expect(local.setItem).not.toHaveBeenCalled();
  });

  it('dropped when the form has no unsaved edits any more, on save or discard (forget), and at sign-out', () => {
    keepReview(name, 'user-1', true, () => kept(saved, { memberId: 'X' }));
    keepReview(name, 'user-1', false, () => kept(saved, {}));
    expect(keys().length).toBe(0);

    keepReview(name, 'user-1', true, () => kept(saved, { memberId: 'X' }));
    forgetReview(name);
    expect(keys().length).toBe(0);

    keepReview(name, 'user-1', true, () => kept(saved, { memberId: 'X' }));
    clearAllDrafts(); // what sign-out calls
    expect(keys().length).toBe(0);
  });

  it('nothing is kept without a signed-in user', () => {
    keepReview(name, '', true, () => kept(saved, { memberId: 'X' }));
    expect(keys().length).toBe(0);
  });

  it('“Add policy” is kept per client, apart from any policy’s review', () => {
    expect(reviewDraftName('CLI1', null)).not.toBe(name);
    expect(reviewDraftName('CLI1', null)).not.toBe(reviewDraftName('CLI2', null));
  });
});
