import type { Attachment, Policy } from '$shared/schemas';
import { describe, expect, it } from 'vitest';
import {
  buildCreate,
  buildUpdate,
  differences,
  draftFromPolicy,
  emptyDraft,
  policyErrorKey,
  rebase,
  resolvesTypedName,
  rewordPolicyError,
  savedMessage,
  type DraftKey,
  type PolicyDraft,
} from './policy-draft';

function attachment(attachmentId: string): Attachment {
  return {
    attachmentId,
    fileName: `${attachmentId}.png`,
    contentType: 'image/png',
    size: 1000,
    side: 'front',
    uploadedAt: '2024-01-01T10:00:00.000Z',
  } as Attachment;
}

/** A saved policy: the client insured through a spouse, two card images. */
function savedPolicy(overrides: Partial<Policy> = {}): Policy {
  return {
    policyId: 'POL1',
    clientId: 'CLI1',
    priority: 'primary',
    status: 'active',
    source: 'client',
    payer: { payerId: 'PAY1', name: 'Aetna', enteredName: 'aetna inc' },
    needsPayer: false,
    payerMatch: { state: 'matched', matchedBy: 'name', suggestions: [] },
    insuranceType: 'group_health_plan',
    memberId: 'W123',
    groupNumber: 'G-100',
    planName: 'Open Access',
    planId: null,
    relationship: 'spouse',
    subscriber: {
      firstName: 'Sam',
      lastName: 'Rivera',
      dateOfBirth: '1980-04-02',
      sex: 'male',
      address: { line1: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701' },
    },
    effectiveDate: '2024-01-01',
    endDate: null,
    copayCents: 2500,
    deductibleCents: null,
    employerOrSchool: null,
    attachments: [attachment('A'), attachment('B')],
    clientEntered: null,
    reviewed: false,
    reviewedAt: null,
    createdAt: '2024-01-01T10:00:00.000Z',
    createdBy: { kind: 'client', id: 'CLI1' },
    updatedAt: '2024-01-01T10:00:00.000Z',
    version: 3,
    ...overrides,
  } as Policy;
}

const edited = (policy: Policy, edits: Partial<PolicyDraft>): PolicyDraft => ({ ...draftFromPolicy(policy), ...edits });

describe('rebase after a version conflict', () => {
  const original = savedPolicy();
  const cases: {
    name: string;
    mine: Partial<PolicyDraft>;
    theirs: Partial<Policy>;
    expect: Partial<PolicyDraft>;
    kept: DraftKey[];
  }[] = [
    {
      name: 'a field the user did not touch takes the other person’s value',
      mine: {},
      theirs: { memberId: 'W999' },
      expect: { memberId: 'W999' },
      kept: [],
    },
    {
      name: 'the user’s edit stays when the other person left that field alone',
      mine: { groupNumber: 'G-200' },
      theirs: { memberId: 'W999' },
      expect: { groupNumber: 'G-200', memberId: 'W999' },
      kept: [],
    },
    {
      name: 'both changed the same field: the user’s value is kept and reported',
      mine: { memberId: 'W555' },
      theirs: { memberId: 'W999' },
      expect: { memberId: 'W555' },
      kept: ['memberId'],
    },
    {
      name: 'both made the same change: nothing to report',
      mine: { memberId: 'W999' },
      theirs: { memberId: 'W999' },
      expect: { memberId: 'W999' },
      kept: [],
    },
    {
      name: 'an edit of spaces only counts as untouched',
      mine: { memberId: ' W123 ' },
      theirs: { memberId: 'W999' },
      expect: { memberId: 'W999' },
      kept: [],
    },
    {
      name: 'the other person’s new End Date arrives; the user’s new Effective Date stays',
      mine: { effectiveDate: '2024-02-01' },
      theirs: { endDate: '2024-12-31' },
      expect: { effectiveDate: '2024-02-01', endDate: '2024-12-31' },
      kept: [],
    },
    {
      name: 'a linked payer chosen by the other person replaces an untouched one',
      mine: {},
      theirs: { payer: { payerId: 'PAY2', name: 'Cigna', enteredName: 'aetna inc' } },
      expect: { payerId: 'PAY2' },
      kept: [],
    },
    {
      name: 'subscriber fields rebase one by one',
      mine: { 'subscriber.firstName': 'Samuel' },
      theirs: { subscriber: { ...original.subscriber!, lastName: 'Rivera-Lopez' } },
      expect: { 'subscriber.firstName': 'Samuel', 'subscriber.lastName': 'Rivera-Lopez' },
      kept: [],
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const latest = savedPolicy({ ...c.theirs, version: 4 });
      const result = rebase(edited(original, c.mine), original, latest, ['A', 'B']);
      expect(result.draft).toEqual({ ...draftFromPolicy(latest), ...c.expect });
      expect(result.kept).toEqual(c.kept);
    });
  }

  const attachmentCases: { name: string; mine: string[]; theirs: string[]; expect: string[] }[] = [
    { name: 'nothing changed on either side', mine: ['A', 'B'], theirs: ['A', 'B'], expect: ['A', 'B'] },
    { name: 'the user’s removal is replayed on the latest list', mine: ['B'], theirs: ['A', 'B', 'C'], expect: ['B', 'C'] },
    {
      name: 'the user’s new upload is added after the latest files',
      mine: ['A', 'B', 'N'],
      theirs: ['A', 'B', 'C'],
      expect: ['A', 'B', 'C', 'N'],
    },
    { name: 'a file the other person removed stays removed', mine: ['A', 'B'], theirs: ['A'], expect: ['A'] },
    { name: 'both removed the same file', mine: ['B'], theirs: ['B'], expect: ['B'] },
    {
      name: 'an upload the other person also attached is listed once',
      mine: ['A', 'B', 'C'],
      theirs: ['A', 'B', 'C'],
      expect: ['A', 'B', 'C'],
    },
  ];
  for (const c of attachmentCases) {
    it(`attachments: ${c.name}`, () => {
      const latest = savedPolicy({ attachments: c.theirs.map(attachment), version: 4 });
      expect(rebase(draftFromPolicy(original), original, latest, c.mine).attachmentIds).toEqual(c.expect);
    });
  }

  it('saving after the rebase sends only the user’s edits, on top of the latest version', () => {
    const latest = savedPolicy({ memberId: 'W999', version: 4 });
    const next = rebase(edited(original, { groupNumber: 'G-200' }), original, latest, ['A', 'B']);
    const body = buildUpdate(next.draft, draftFromPolicy(latest), next.attachmentIds, ['A', 'B']).body;
    expect(body).toEqual({ groupNumber: 'G-200' });
  });
});

describe('the PATCH body of an edit', () => {
  const base = savedPolicy();
  const self = savedPolicy({ relationship: 'self', subscriber: null });
  const samSubscriber = {
    firstName: 'Sam',
    lastName: 'Rivera',
    dateOfBirth: '1980-04-02',
    sex: 'male',
    address: { line1: '1 Main St', line2: null, city: 'Springfield', state: 'IL', postalCode: '62701' },
    phone: undefined,
  };
  const cases: {
    name: string;
    from?: Policy;
    edits: Partial<PolicyDraft>;
    attachments?: string[];
    body: Record<string, unknown>;
    errors?: Record<string, string>;
  }[] = [
    { name: 'nothing changed: an empty body', edits: {}, body: {} },
    { name: 'a text field is sent trimmed', edits: { memberId: '  W777 ' }, body: { memberId: 'W777' } },
    { name: 'a cleared text field is null', edits: { groupNumber: '' }, body: { groupNumber: null } },
    { name: 'spaces around an unchanged value are no change', edits: { memberId: 'W123  ' }, body: {} },
    { name: 'unlinking the payer sends null', edits: { payerId: '' }, body: { payerId: null } },
    { name: 'a cleared End Date is null', from: savedPolicy({ endDate: '2024-12-31' }), edits: { endDate: '' }, body: { endDate: null } },
    {
      name: 'status and priority are sent as chosen',
      edits: { status: 'inactive', priority: 'secondary' },
      body: { status: 'inactive', priority: 'secondary' },
    },
    { name: 'dollars become cents', edits: { copayCents: '$1,250.50' }, body: { copayCents: 125050 } },
    { name: 'a cleared amount is null', edits: { copayCents: '' }, body: { copayCents: null } },
    {
      name: 'an amount that is not dollars is an error, not a body field',
      edits: { deductibleCents: '12.345' },
      body: {},
      errors: { deductibleCents: 'Enter an amount in dollars, like 25 or 25.00' },
    },
    { name: 'choosing Self clears the subscriber', edits: { relationship: 'self' }, body: { relationship: 'self', subscriber: null } },
    {
      name: 'one subscriber field changed: the whole subscriber is sent',
      edits: { 'subscriber.address.city': 'Chicago' },
      body: { subscriber: { ...samSubscriber, address: { ...samSubscriber.address, city: 'Chicago' } } },
    },
    {
      name: 'Self to Spouse with the subscriber filled in',
      from: self,
      edits: {
        relationship: 'spouse',
        'subscriber.firstName': 'Sam',
        'subscriber.lastName': 'Rivera',
        'subscriber.dateOfBirth': '1980-04-02',
        'subscriber.sex': 'male',
        'subscriber.address.line1': '1 Main St',
        'subscriber.address.city': 'Springfield',
        'subscriber.address.state': 'IL',
        'subscriber.address.postalCode': '62701',
        'subscriber.phone': '555-0100',
      },
      body: { relationship: 'spouse', subscriber: { ...samSubscriber, phone: '555-0100' } },
    },
    {
      name: 'Self to Child with no subscriber details yet sends none (null)',
      from: self,
      edits: { relationship: 'child' },
      body: { relationship: 'child', subscriber: null },
    },
    { name: 'a removed file sends the kept list', edits: {}, attachments: ['B'], body: { attachmentIds: ['B'] } },
    { name: 'reordered files are a change', edits: {}, attachments: ['B', 'A'], body: { attachmentIds: ['B', 'A'] } },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const from = c.from ?? base;
      const baseIds = from.attachments.map((a) => a.attachmentId);
      const built = buildUpdate(edited(from, c.edits), draftFromPolicy(from), c.attachments ?? baseIds, baseIds);
      expect(built.body).toEqual(c.body);
      expect(built.errors).toEqual(c.errors ?? {});
    });
  }
});

describe('the POST body of a policy the practice adds', () => {
  it('sends what is given and leaves out what is empty', () => {
    const draft = { ...emptyDraft(), payerId: 'PAY1', effectiveDate: '2024-05-01', memberId: ' M1 ', copayCents: '20' };
    expect(buildCreate(draft, ['A'])).toEqual({
      body: {
        priority: 'primary',
        status: 'active',
        relationship: 'self',
        effectiveDate: '2024-05-01',
        payerId: 'PAY1',
        memberId: 'M1',
        copayCents: 2000,
        attachmentIds: ['A'],
      },
      errors: {},
    });
  });

  it('a Self policy never carries a subscriber, whatever was typed', () => {
    const draft = { ...emptyDraft(), effectiveDate: '2024-05-01', 'subscriber.firstName': 'Sam' };
    expect(buildCreate(draft, []).body).not.toHaveProperty('subscriber');
  });

  it('an amount that is not dollars is reported', () => {
    expect(buildCreate({ ...emptyDraft(), copayCents: 'ten' }, []).errors).toEqual({
      copayCents: 'Enter an amount in dollars, like 25 or 25.00',
    });
  });
});

describe('what the other person changed, in words', () => {
  it('names fields with labels and formats values', () => {
    const before = savedPolicy();
    const after = savedPolicy({ endDate: '2024-12-31', copayCents: 3000, attachments: [attachment('A')] });
    expect(differences(before, after, [])).toEqual([
      { key: 'endDate', label: 'End Date', from: '—', to: 'Dec 31, 2024' },
      { key: 'copayCents', label: 'Copay', from: '$25.00', to: '$30.00' },
      { key: 'attachmentIds', label: 'Attachments', from: '2 file(s)', to: '1 file(s)' },
    ]);
  });

  it('a payer is named from the policies themselves when the list lacks it', () => {
    const after = savedPolicy({ payer: { payerId: 'PAY2', name: 'Cigna', enteredName: 'aetna inc' } });
    expect(differences(savedPolicy(), after, [])).toEqual([{ key: 'payerId', label: 'Payer', from: 'Aetna', to: 'Cigna' }]);
  });
});

describe('where the policy form shows an error', () => {
  it.each([
    ['memberId', 'memberId'],
    ['subscriber.address.city', 'subscriber.address.city'],
    ['attachmentIds.1', 'attachmentIds'],
    ['version', null],
    ['_', null],
  ])('%s → %s', (path, key) => expect(policyErrorKey(path)).toBe(key));

  it.each([
    ['effectiveDate', 'Required', 'Enter the Effective Date'],
    ['subscriber.sex', 'Invalid option: expected one of "female"|"male"|"unknown"', 'Choose the subscriber’s sex'],
    ['endDate', 'Must be a calendar date (YYYY-MM-DD)', 'Enter a valid End Date, or leave it empty'],
    ['memberId', 'Required', 'Required'],
    ['effectiveDate', 'A Primary policy already starts on 2024-01-01', 'A Primary policy already starts on 2024-01-01'],
  ])('%s: “%s” reads “%s”', (key, message, words) => expect(rewordPolicyError(key, message)).toBe(words));
});

describe('the words after a save', () => {
  const waiting = savedPolicy({
    payer: { payerId: null, name: null, enteredName: 'Humanna' },
    needsPayer: true,
    payerMatch: { state: 'needs_payer', matchedBy: null, suggestions: [] },
  });
  const linked = savedPolicy({ payer: { payerId: 'PAY9', name: 'Humana', enteredName: 'Humanna' } });

  it('an added policy', () => expect(savedMessage(null, linked)).toBe('Policy added: Primary · Humana.'));
  it('a resolved Needs Payer policy whose payer learned the typed name says so', () => {
    expect(resolvesTypedName(waiting, linked)).toBe(true);
    expect(savedMessage(waiting, linked, true)).toBe(
      'Policy saved: Primary · Humana. Future clients who type “Humanna” will be matched to Humana.',
    );
  });
  it('no promise when the payer did not learn the name', () =>
    expect(savedMessage(waiting, linked, false)).toBe('Policy saved: Primary · Humana.'));
  it('an edit of a matched policy never claims a learned alias', () => {
    expect(resolvesTypedName(savedPolicy(), linked)).toBe(false);
    expect(savedMessage(savedPolicy(), linked, true)).toBe('Policy saved: Primary · Humana.');
  });
  it('a waiting policy saved without a payer resolves nothing', () => expect(resolvesTypedName(waiting, waiting)).toBe(false));
});
