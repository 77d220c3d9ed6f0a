import { describe, expect, it } from 'vitest';
import { formSnapshot, placeReadiness } from './claim-readiness-view';

describe('where export-readiness problems are shown in the claim form', () => {
  const problems = [
    { path: 'billing.npi', message: 'Billing NPI is not a valid NPI (check digit)' },
    { path: 'billing.address.postalCode', message: 'Billing ZIP code needs all nine digits (ZIP+4)' },
    { path: 'client.sexForClaims', message: "The client's sex for claims is missing" },
    { path: 'policy.memberId', message: 'Member ID is missing' },
    { path: 'payer.ediPayerId', message: 'The payer Aetna has no EDI payer ID' },
    { path: 'otherCoverage.memberId', message: 'The Primary policy has no Member ID' },
    { path: 'renderingPractitioner.npi', message: 'Dana Reyes has no rendering NPI' },
    { path: 'primaryAdjudication.paidDate', message: "The Primary's adjudication date is in the future" },
    { path: 'placeOfService', message: 'Choose the place of service' },
    { path: 'serviceLines.0.diagnosisPointers', message: 'Point this line at one of the diagnoses' },
    { path: 'serviceLines.1.modifiers.0', message: 'Not a modifier (two letters or digits)' },
    { path: 'diagnosisCodes', message: 'Add at least one diagnosis code' },
  ];
  const placed = placeReadiness(problems, 'C 1');

  it('the claim’s own problems go beside their inputs (a problem deep in a line to the line’s input)', () => {
    expect(placed.fields).toEqual({
      placeOfService: 'Choose the place of service',
      'serviceLines.0.diagnosisPointers': 'Point this line at one of the diagnoses',
      'serviceLines.1.modifiers': 'Not a modifier (two letters or digits)',
      diagnosisCodes: 'Add at least one diagnosis code',
      renderingPractitionerId: 'Dana Reyes has no rendering NPI',
      'primaryAdjudication.paidDate': "The Primary's adjudication date is in the future",
    });
  });

  it('the policy’s problems are listed in the Policy group', () => {
    expect(placed.policyProblems).toEqual([{ path: 'policy.memberId', message: 'Member ID is missing' }]);
    expect(placeReadiness([{ path: 'policyId', message: 'The policy no longer exists' }], 'C1').policyProblems).toEqual([
      { path: 'policy.policyId', message: 'The policy no longer exists' },
    ]);
    // The same cause twice is listed once in the Policy group (both messages stay in the group at the top).
    const twice = placeReadiness(
      [
        { path: 'policy.memberId', message: 'Member ID is missing' },
        { path: 'policy.memberId', message: 'Member ID is missing' },
      ],
      'C1',
    );
    expect(twice.policyProblems).toHaveLength(1);
    expect(twice.outside[0]!.messages).toHaveLength(2);
  });

  it('problems fixed outside the claim are grouped at the top, in a fixed order, each with where to fix it', () => {
    expect(
      placed.outside.map((group) => [
        group.place,
        group.messages.length,
        group.link ? ('href' in group.link ? group.link.href : `#${group.link.field}`) : null,
      ]),
    ).toEqual([
      ['billing', 2, '/dashboard/settings#billing'],
      ['client', 1, '/dashboard/clients/C%201?tab=overview#client-details'],
      ['policy', 1, '#policyId'],
      ['payer', 1, '/dashboard/payers'],
      ['otherCoverage', 1, '/dashboard/clients/C%201?tab=billing'],
      ['renderingPractitioner', 1, '/dashboard/team'],
    ]);
  });

  it('a ready claim places nothing', () => {
    expect(placeReadiness([], 'C1')).toEqual({ fields: {}, policyProblems: [], outside: [] });
  });

  it('two problems of one field are both said', () => {
    const fields = placeReadiness(
      [
        { path: 'serviceLines.0.chargeCents', message: 'A line without a charge is rejected.' },
        { path: 'serviceLines.0.chargeCents', message: 'Too small.' },
      ],
      'C1',
    ).fields;
    expect(fields['serviceLines.0.chargeCents']).toBe('A line without a charge is rejected. Too small.');
  });
});

describe('unsaved changes', () => {
  const values = {
    dateOfService: '2026-03-02',
    policyId: 'POL1',
    placeOfService: '10',
    lines: [{ procedureCode: '90837', units: '1', charge: '150.00', modifiers: '95', diagnosisPointers: '1' }],
    diagnoses: ['F41.1'],
  };

  it('an edited field is a change; spaces around a value and an empty extra diagnosis are not', () => {
    const saved = formSnapshot(values, true);
    expect(formSnapshot({ ...values, placeOfService: '11' }, true)).not.toBe(saved);
    expect(formSnapshot({ ...values, renderingPractitionerId: 'another-practitioner' }, true)).not.toBe(saved);
    expect(formSnapshot({ ...values, lines: [{ ...values.lines[0]!, units: '2' }] }, true)).not.toBe(saved);
    expect(formSnapshot({ ...values, lines: [{ ...values.lines[0]!, procedureCode: ' 90837 ' }] }, true)).toBe(saved);
    expect(formSnapshot({ ...values, diagnoses: ['F41.1', ''] }, true)).toBe(saved);
  });

  it('a saved draft’s policy counts; a new claim’s automatic first choice does not', () => {
    expect(formSnapshot({ ...values, policyId: 'POL2' }, true)).not.toBe(formSnapshot(values, true));
    expect(formSnapshot({ ...values, policyId: 'POL2' }, false)).toBe(formSnapshot({ ...values, policyId: '' }, false));
  });
});
