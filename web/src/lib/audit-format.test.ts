import { describe, expect, it } from 'vitest';
import { actionLabel, actorLabel, fieldLabel, formatAuditValue } from './audit-format';

describe('who did it', () => {
  it.each([
    [{ kind: 'client', id: 'CLI1' }, 'Casey Doe', 'Client (Casey Doe)'],
    [{ kind: 'client', id: 'CLI1' }, undefined, 'Client'],
    [{ kind: 'practitioner', id: 'U1' }, 'Casey Doe', 'Practitioner'],
    [{ kind: 'system', id: 'payer-matcher' }, undefined, 'System (payer matching)'],
    [{ kind: 'system', id: 'primary-auto-end' }, undefined, 'System (automatic End Date)'],
    [{ kind: 'system', id: 'nightly-job' }, undefined, 'System (nightly-job)'],
  ] as const)('%o → %s', (actor, clientName, words) => {
    expect(actorLabel(actor, clientName)).toBe(words);
  });
});

describe('what happened', () => {
  it('a known action in words', () => expect(actionLabel('policy.auto_ended')).toBe('End Date set automatically (a newer Primary starts)'));
  it('an unknown action still reads as words', () => expect(actionLabel('claim.exported_again')).toBe('claim exported again'));
  it('a known field by its label, an unknown one as recorded', () => {
    expect(fieldLabel('copayCents')).toBe('Copay');
    expect(fieldLabel('somethingNew')).toBe('somethingNew');
  });
});

describe('recorded values in words', () => {
  const names = { policy: (policyId: string) => (policyId === 'POL1' ? 'Primary · Aetna' : undefined) };
  it.each([
    ['memberId', null, '—'],
    ['memberId', '', '—'],
    ['reviewed', true, 'Yes'],
    ['active', false, 'No'],
    ['copayCents', 2550, '$25.50'],
    ['units', 3, '3'],
    ['priority', 'secondary', 'Secondary'],
    ['status', 'submitted', 'Submitted'],
    ['status', 'exported', 'Exported'],
    ['status', 'inactive', 'Inactive'],
    ['insuranceType', 'group_health_plan', 'Group health plan'],
    ['payerMatchState', 'needs_payer', 'Needs Payer'],
    ['cardImages', 'front_and_back', 'Front and back required'],
    ['endDate', '2024-03-01', 'Mar 1, 2024'],
    ['reviewedAt', '2024-03-01T15:04:00.000Z', 'Mar 1, 2024, 3:04 PM'],
    ['endedBy', 'POL1', 'Primary · Aetna'],
    ['endedBy', 'POL9', 'another policy'],
    ['memberId', 'W123', 'W123'],
    ['attachments', [{}], '1 file'],
    ['attachments', [{}, {}], '2 files'],
    ['aliases', [], '(none)'],
    ['aliases', ['aetna', 'aetna health'], 'aetna, aetna health'],
    [
      'serviceLines',
      [
        { procedureCode: '90837', units: 1, chargeCents: 15000 },
        { procedureCode: '90785', units: 2, chargeCents: 2000 },
      ],
      '90837 × 1, $150.00; 90785 × 2, $20.00',
    ],
    [
      'primaryAdjudication',
      {
        paidCents: 7000,
        paidDate: '2026-03-20',
        adjustments: [{ groupCode: 'CO', reasonCode: '45', amountCents: 3000 }],
        lines: [{ paidCents: 7000, adjustments: [{ groupCode: 'PR', reasonCode: '2', amountCents: 500 }] }],
      },
      'paid $70.00 on Mar 20, 2026; CO-45 $30.00; PR-2 $5.00',
    ],
    ['payer', { payerId: 'PAY1', name: 'Aetna', enteredName: 'aetna inc' }, 'Aetna'],
    ['payer', { payerId: null, name: null, enteredName: 'Humanna' }, '“Humanna” (not linked)'],
    ['payer', { payerId: null, name: null, enteredName: null }, 'none'],
    ['payerMatch', { state: 'matched' }, 'Matched'],
    [
      'subscriber',
      {
        firstName: 'Sam',
        lastName: 'Rivera',
        dateOfBirth: '1980-04-02',
        sex: 'male',
        address: { line1: '1 Main St', line2: null, city: 'Springfield', state: 'IL', postalCode: '62701' },
      },
      'Sam Rivera; born Apr 2, 1980; Male; 1 Main St, Springfield, IL, 62701',
    ],
  ])('%s = %j → %s', (field, value, words) => {
    expect(formatAuditValue(field, value, names)).toBe(words);
  });
});
