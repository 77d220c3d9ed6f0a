import { describe, expect, it } from 'vitest';
import {
  claimProblems,
  claimWarnings,
  CLIENT_ENTERED_UNREVIEWED_WARNING,
  NEEDS_PAYER_WARNING,
  UNREVIEWED_WARNING,
  type ClaimContent,
} from '../../shared/claim-readiness.ts';
import type { Policy } from '../../shared/schemas.ts';
import { policyRecord } from '../support/policies.ts';

/** A policy that is ready for claims: linked, reviewed, complete, the client insured through a spouse. */
function readyPolicy(overrides: Partial<Policy> = {}): Policy {
  return policyRecord({
    relationship: 'spouse',
    subscriber: {
      firstName: 'Sam',
      lastName: 'Rivera',
      dateOfBirth: '1980-04-02',
      sex: 'male',
      address: { line1: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701' },
    },
    effectiveDate: '2024-01-01',
    endDate: '2024-06-30',
    reviewedAt: '2024-01-02T10:00:00.000Z',
    createdAt: '2024-01-01T10:00:00.000Z',
    updatedAt: '2024-01-02T10:00:00.000Z',
    version: 2,
    ...overrides,
  });
}

function readyClaim(overrides: Partial<ClaimContent> = {}): ClaimContent {
  return {
    dateOfService: '2024-03-15',
    serviceLines: [{ procedureCode: '90837', units: 1, chargeCents: 15000 }],
    diagnosisCodes: ['F41.1'],
    ...overrides,
  };
}

const subscriber = readyPolicy().subscriber!;
const paths = (claim: ClaimContent, policy: Policy | undefined) => claimProblems(claim, policy).map((problem) => problem.path);

describe('a claim is ready to submit', () => {
  it('with a linked, complete policy covering the date, a service line and a diagnosis', () => {
    expect(claimProblems(readyClaim(), readyPolicy())).toEqual([]);
  });

  it('when the client is the subscriber, no subscriber details are needed', () => {
    expect(claimProblems(readyClaim(), readyPolicy({ relationship: 'self', subscriber: null }))).toEqual([]);
  });

  it('on the Effective day and on the End day', () => {
    expect(claimProblems(readyClaim({ dateOfService: '2024-01-01' }), readyPolicy())).toEqual([]);
    expect(claimProblems(readyClaim({ dateOfService: '2024-06-30' }), readyPolicy())).toEqual([]);
  });

  it('when the subscriber’s sex is recorded as unknown (an answer X12 accepts)', () => {
    expect(claimProblems(readyClaim(), readyPolicy({ subscriber: { ...subscriber, sex: 'unknown' } }))).toEqual([]);
  });

  it('without the optional second address line or phone', () => {
    expect(
      claimProblems(readyClaim(), readyPolicy({ subscriber: { ...subscriber, address: { ...subscriber.address, line2: null } } })),
    ).toEqual([]);
  });
});

describe('each rule that blocks submission names the field that causes it', () => {
  // Each row breaks exactly one thing in an otherwise ready claim; the answer must be exactly that problem.
  it.each<{ name: string; policy?: Partial<Policy>; claim?: Partial<ClaimContent>; expected: string[] }>([
    { name: 'an inactive policy', policy: { status: 'inactive' }, expected: ['policy.status'] },
    {
      name: 'a date of service the day before the Effective Date',
      claim: { dateOfService: '2023-12-31' },
      expected: ['policy.effectiveDate'],
    },
    { name: 'a date of service the day after the End Date', claim: { dateOfService: '2024-07-01' }, expected: ['policy.endDate'] },
    {
      name: 'a policy still showing Needs Payer',
      policy: {
        payer: { payerId: null, name: null, enteredName: 'Aetna Better Health' },
        needsPayer: true,
        payerMatch: { state: 'needs_payer', matchedBy: null, suggestions: [] },
      },
      expected: ['policy.payer.payerId'],
    },
    {
      name: 'a policy whose payer match has not run yet',
      policy: {
        payer: { payerId: null, name: null, enteredName: 'Aetna' },
        payerMatch: { state: 'pending', matchedBy: null, suggestions: [] },
      },
      expected: ['policy.payer.payerId'],
    },
    { name: 'no insurance type', policy: { insuranceType: null }, expected: ['policy.insuranceType'] },
    { name: 'no Member ID', policy: { memberId: null }, expected: ['policy.memberId'] },
    { name: 'a blank Member ID', policy: { memberId: '   ' }, expected: ['policy.memberId'] },
    {
      name: 'no relationship on an old record',
      policy: { relationship: undefined as unknown as Policy['relationship'] },
      expected: ['policy.relationship'],
    },
    {
      name: 'no subscriber first name',
      policy: { subscriber: { ...subscriber, firstName: '' } },
      expected: ['policy.subscriber.firstName'],
    },
    { name: 'no subscriber last name', policy: { subscriber: { ...subscriber, lastName: ' ' } }, expected: ['policy.subscriber.lastName'] },
    {
      name: 'no subscriber date of birth',
      policy: { subscriber: { ...subscriber, dateOfBirth: '' } },
      expected: ['policy.subscriber.dateOfBirth'],
    },
    {
      name: 'no subscriber sex',
      policy: { subscriber: { ...subscriber, sex: undefined as unknown as 'male' } },
      expected: ['policy.subscriber.sex'],
    },
    {
      name: 'no subscriber address',
      policy: { subscriber: { ...subscriber, address: undefined as unknown as typeof subscriber.address } },
      expected: ['policy.subscriber.address'],
    },
    {
      name: 'a subscriber address without a city',
      policy: { subscriber: { ...subscriber, address: { ...subscriber.address, city: '' } } },
      expected: ['policy.subscriber.address'],
    },
    { name: 'no service line', claim: { serviceLines: [] }, expected: ['serviceLines'] },
    { name: 'no diagnosis', claim: { diagnosisCodes: [] }, expected: ['diagnosisCodes'] },
    {
      name: 'a procedure code that is not CPT or HCPCS',
      claim: { serviceLines: [{ procedureCode: '9083', units: 1, chargeCents: 100 }] },
      expected: ['serviceLines.0.procedureCode'],
    },
    {
      name: 'a service line with zero units',
      claim: { serviceLines: [{ procedureCode: '90837', units: 0, chargeCents: 100 }] },
      expected: ['serviceLines.0.units'],
    },
    { name: 'a diagnosis that is not ICD-10-CM shaped', claim: { diagnosisCodes: ['F41.1', '41.1'] }, expected: ['diagnosisCodes.1'] },
  ])('$name', ({ policy, claim, expected }) => {
    expect(paths(readyClaim(claim), readyPolicy(policy))).toEqual(expected);
  });

  it('a policy that no longer exists is named by the claim’s policyId', () => {
    expect(claimProblems(readyClaim(), undefined)).toEqual([{ path: 'policyId', message: 'The policy no longer exists for this client' }]);
  });

  it('a client who is not the subscriber needs the subscriber’s name, date of birth, sex and address', () => {
    for (const relationship of ['spouse', 'child', 'other'] as const) {
      expect(paths(readyClaim(), readyPolicy({ relationship, subscriber: null }))).toEqual([
        'policy.subscriber.firstName',
        'policy.subscriber.lastName',
        'policy.subscriber.dateOfBirth',
        'policy.subscriber.sex',
        'policy.subscriber.address',
      ]);
    }
  });

  it('says which parts of an incomplete address are missing', () => {
    const policy = readyPolicy({ subscriber: { ...subscriber, address: { line1: '1 Main St', city: '', state: 'IL', postalCode: ' ' } } });
    expect(claimProblems(readyClaim(), policy)).toEqual([
      { path: 'policy.subscriber.address', message: 'Subscriber address is incomplete (missing city, postal code)' },
    ]);
  });

  it('lists every problem at once, policy first, in a stable order', () => {
    const policy = readyPolicy({
      status: 'inactive',
      payer: { payerId: null, name: null, enteredName: 'Blue Shield' },
      needsPayer: true,
      insuranceType: null,
      memberId: null,
      relationship: 'child',
      subscriber: null,
    });
    expect(paths(readyClaim({ serviceLines: [], diagnosisCodes: [] }), policy)).toEqual([
      'policy.status',
      'policy.payer.payerId',
      'policy.insuranceType',
      'policy.memberId',
      'policy.subscriber.firstName',
      'policy.subscriber.lastName',
      'policy.subscriber.dateOfBirth',
      'policy.subscriber.sex',
      'policy.subscriber.address',
      'serviceLines',
      'diagnosisCodes',
    ]);
  });
});

describe('procedure and diagnosis code shapes', () => {
  it.each([
    ['90837', 'CPT category I'],
    ['99213', 'CPT E/M'],
    ['1234F', 'CPT category II'],
    ['0075T', 'CPT category III'],
    ['0001U', 'PLA code'],
    ['G0444', 'HCPCS level II'],
    ['h0031', 'HCPCS typed in lower case'],
  ])('%s (%s) is accepted', (procedureCode) => {
    expect(paths(readyClaim({ serviceLines: [{ procedureCode, units: 1, chargeCents: 100 }] }), readyPolicy())).toEqual([]);
  });

  it.each(['9083', '908370', 'W1234', 'G044', '90837-95', ''])('%j is not a procedure code', (procedureCode) => {
    expect(paths(readyClaim({ serviceLines: [{ procedureCode, units: 1, chargeCents: 100 }] }), readyPolicy())).toEqual([
      'serviceLines.0.procedureCode',
    ]);
  });

  it.each(['F41.1', 'Z00.00', 'F32.A', 'S72.001A', 'M1A.0710', 'f43.10', 'E11'])('%s is an ICD-10-CM shaped diagnosis', (code) => {
    expect(paths(readyClaim({ diagnosisCodes: [code] }), readyPolicy())).toEqual([]);
  });

  it.each(['41.1', 'F4', 'F41.', 'F41.12345', '1F41', 'F41-1'])('%j is not an ICD-10-CM code', (code) => {
    expect(paths(readyClaim({ diagnosisCodes: [code] }), readyPolicy())).toEqual(['diagnosisCodes.0']);
  });
});

describe('warnings on a draft', () => {
  it('a ready claim on a reviewed, linked policy has none', () => {
    expect(claimWarnings(readyClaim(), readyPolicy())).toEqual([]);
  });

  it('a Needs Payer policy says so once, in the words of the badge', () => {
    const policy = readyPolicy({ payer: { payerId: null, name: null, enteredName: 'Aetna Better Health' }, needsPayer: true });
    expect(claimWarnings(readyClaim(), policy)).toEqual([NEEDS_PAYER_WARNING]);
  });

  it('a payer match that has not run yet is reported as an unlinked payer', () => {
    const policy = readyPolicy({ payer: { payerId: null, name: null, enteredName: 'Aetna' }, needsPayer: false });
    expect(claimWarnings(readyClaim(), policy)).toEqual(["The policy is not linked to one of the practice's payers"]);
  });

  it('a client-entered policy nobody reviewed asks for a review of the payer, Member ID and dates', () => {
    expect(claimWarnings(readyClaim(), readyPolicy({ source: 'client', reviewed: false, reviewedAt: null }))).toEqual([
      CLIENT_ENTERED_UNREVIEWED_WARNING,
    ]);
  });

  it('a practice policy flagged for another review says so', () => {
    expect(claimWarnings(readyClaim(), readyPolicy({ reviewed: false }))).toEqual([UNREVIEWED_WARNING]);
  });

  it('missing fields are listed in plain words, with stable wording', () => {
    const policy = readyPolicy({
      source: 'client',
      reviewed: false,
      memberId: null,
      relationship: 'child',
      subscriber: { ...subscriber, dateOfBirth: '' },
    });
    const claim = readyClaim({ serviceLines: [{ procedureCode: 'X', units: 1, chargeCents: 100 }], diagnosisCodes: [] });
    expect(claimWarnings(claim, policy)).toEqual([
      CLIENT_ENTERED_UNREVIEWED_WARNING,
      'Member ID is missing',
      'Subscriber date of birth is required when the client is not the subscriber',
      'Service line 1, procedure code: Not a CPT or HCPCS code',
      'Add at least one diagnosis code',
    ]);
  });

  it('a diagnosis code of the wrong shape is named by its position', () => {
    expect(claimWarnings(readyClaim({ diagnosisCodes: ['F41.1', 'oops'] }), readyPolicy())).toEqual([
      'Diagnosis code 2: Not an ICD-10-CM code',
    ]);
  });

  it('a draft whose policy is gone says so', () => {
    expect(claimWarnings(readyClaim(), undefined)).toEqual(['The policy no longer exists for this client']);
  });
});
