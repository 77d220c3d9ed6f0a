import { describe, expect, it } from 'vitest';
import { buildClaimRequest, claimErrorLabel, draftProblems, placeClaimErrors, totalCents } from './claim-request';

describe('the claim request from the form', () => {
  it('trims and upper-cases codes, reads dollars as cents, and leaves empty diagnosis inputs out', () => {
    const built = buildClaimRequest(
      '2026-03-02',
      'POL1',
      [{ procedureCode: ' 90837 ', units: '2', charge: '$150.00' }],
      ['', ' f41.1 ', '', 'z63.0'],
    );
    expect(built).toEqual({
      request: {
        dateOfService: '2026-03-02',
        policyId: 'POL1',
        serviceLines: [{ procedureCode: '90837', units: 2, chargeCents: 15000, modifiers: [], diagnosisPointers: [] }],
        diagnosisCodes: ['F41.1', 'Z63.0'],
        placeOfService: null,
        renderingPractitionerId: null,
        primaryAdjudication: null,
      },
      diagnosisInputs: [1, 3],
    });
  });

  it('reads modifiers and diagnosis pointers as lists, and carries place of service and rendering practitioner', () => {
    const built = buildClaimRequest(
      '2026-03-02',
      'POL1',
      [{ procedureCode: '90837', units: '1', charge: '150', modifiers: ' 95, gt ', diagnosisPointers: '1, 2 x' }],
      ['F41.1', 'Z63.0'],
      { placeOfService: '10', renderingPractitionerId: 'USER1' },
    ).request;
    expect(built.serviceLines[0]!.modifiers).toEqual(['95', 'GT']);
    expect(built.serviceLines[0]!.diagnosisPointers).toEqual([1, 2, Number.NaN]);
    expect(built).toMatchObject({ placeOfService: '10', renderingPractitionerId: 'USER1' });
  });

  it('unreadable units and charges become NaN, for the schema to name', () => {
    const [line] = buildClaimRequest('2026-03-02', 'POL1', [{ procedureCode: '90837', units: '', charge: 'ten' }], []).request.serviceLines;
    expect(line!.units).toBeNaN();
    expect(line!.chargeCents).toBeNaN();
  });

  it('the total adds the line charges that can be read (a line’s charge covers all its units, as in the 837P)', () => {
    expect(
      totalCents([
        { procedureCode: '90837', units: '2', charge: '150' },
        { procedureCode: '90785', units: '1', charge: '20.50' },
        { procedureCode: '90785', units: '1', charge: '' },
        { procedureCode: '90785', units: '1', charge: 'ten' },
      ]),
    ).toBe(17050);
  });
});

describe('where claim problems are shown', () => {
  it('a diagnosis problem lands on the input the code came from, not the request’s index', () => {
    expect(placeClaimErrors([{ path: 'diagnosisCodes.1', message: 'Not an ICD-10-CM code' }], false, [1, 3]).errors).toEqual({
      'diagnosisCodes.3': 'Not an ICD-10-CM code',
    });
  });

  it('policy problems are listed with the policy; the rest go to their inputs in the form’s words', () => {
    const placed = placeClaimErrors(
      [
        { path: 'policy.memberId', message: 'The policy has no Member ID' },
        { path: 'serviceLines.0.units', message: 'Too small: expected number to be >=1' },
        { path: 'serviceLines.0.chargeCents', message: 'Invalid input: expected number, received NaN' },
        { path: 'policyId', message: 'Required' },
        { path: '', message: 'The claim is not ready' },
      ],
      false,
      [],
    );
    expect(placed).toEqual({
      errors: {
        'serviceLines.0.units': 'Enter a whole number of units from 1 to 999',
        'serviceLines.0.chargeCents': 'Enter the charge in dollars, like 150.00',
        policyId: 'Choose the policy to bill',
      },
      policyProblems: [{ path: 'policy.memberId', message: 'The policy has no Member ID' }],
      formError: 'The claim is not ready',
    });
  });

  it('the Primary’s payment problems land on its inputs, or on the section when they concern it as a whole', () => {
    expect(
      placeClaimErrors(
        [
          { path: 'primaryAdjudication.paidCents', message: 'Invalid input: expected number, received NaN' },
          { path: 'primaryAdjudication.adjustments.0.reasonCode', message: 'Not a claim adjustment reason code' },
          { path: 'primaryAdjudication.lines.1.paidCents', message: 'Too small' },
        ],
        false,
        [],
      ).errors,
    ).toEqual({
      'primaryAdjudication.paidCents': 'Enter an amount in dollars, like 30.00',
      'primaryAdjudication.adjustments.0.reasonCode': 'Not a claim adjustment reason code',
      primaryAdjudication: 'Too small',
    });
  });

  it('for a saved claim, a policyId problem is the policy’s', () => {
    expect(placeClaimErrors([{ path: 'policyId', message: 'The policy is inactive' }], true, []).policyProblems).toEqual([
      { path: 'policy.policyId', message: 'The policy is inactive' },
    ]);
  });

  it.each([
    ['serviceLines.2.chargeCents', 'Line 3 charge'],
    ['diagnosisCodes.0', 'Diagnosis 1'],
    ['policy.subscriber', 'Policy'],
    ['dateOfService', 'Date of service'],
    ['placeOfService', 'Place of service'],
    ['renderingPractitionerId', 'Rendering practitioner'],
    ['primaryAdjudication.paidDate', 'Primary’s remittance date'],
    ['somethingElse', undefined],
  ])('the summary names %s “%s”', (path, label) => expect(claimErrorLabel(path)).toBe(label));
});

describe('a draft that could never be submitted is not saved', () => {
  const request = buildClaimRequest('2026-03-02', 'POL1', [{ procedureCode: '90837', units: '1', charge: '150' }], ['F41.1']).request;

  it('a complete claim has no problem, whatever its policy still lacks', () => {
    const readinessProblems = [{ path: 'policy.memberId', message: 'The policy has no Member ID' }];
    expect(draftProblems({ request, coverageCount: 1, schemaIssues: [], readinessProblems })).toEqual([]);
  });

  it('no date, and no policy where none covers the date', () => {
    expect(
      draftProblems({
        request: { ...request, dateOfService: '2026-02-30', policyId: '' },
        coverageCount: 0,
        schemaIssues: [],
        readinessProblems: [],
      }),
    ).toEqual([
      { path: 'dateOfService', message: 'Enter the date of service' },
      { path: 'policyId', message: 'No policy covers this date of service' },
    ]);
  });

  it('no policy chosen among those that cover the date', () => {
    expect(draftProblems({ request: { ...request, policyId: '' }, coverageCount: 2, schemaIssues: [], readinessProblems: [] })).toEqual([
      { path: 'policyId', message: 'Choose the policy to bill' },
    ]);
  });

  it('the schema’s issues and the content problems of readiness (no line, no diagnosis) are kept', () => {
    const schemaIssues = [{ path: 'serviceLines.0.units', message: 'Too small' }];
    const readinessProblems = [
      { path: 'diagnosisCodes', message: 'Add at least one diagnosis' },
      { path: 'policy.payer', message: 'Needs Payer' },
    ];
    expect(draftProblems({ request, coverageCount: 1, schemaIssues, readinessProblems })).toEqual([
      { path: 'serviceLines.0.units', message: 'Too small' },
      { path: 'diagnosisCodes', message: 'Add at least one diagnosis' },
    ]);
  });
});
