import fc from 'fast-check';
import { X12Parser } from 'node-x12';
import { describe, expect, it } from 'vitest';
import { npiCheckDigit } from '../../shared/billing-identifiers.ts';
import { exportProblems, toClaimBundle, type ExportContext } from '../../shared/claim-readiness.ts';
import type { Policy } from '../../shared/schemas.ts';
import { generate837P } from '../../shared/x12-837p.ts';
import { BILLING } from '../support/claim-bundles.ts';
import { policyRecord } from '../support/policies.ts';
import { cobAmounts, segmentsOf, verifyWithThirdPartyParser } from '../support/x12.ts';

function context(overrides: Partial<ExportContext> = {}): ExportContext {
  return {
    claim: {
      dateOfService: '2026-03-03',
      placeOfService: '10',
      renderingPractitionerId: 'USER1',
      serviceLines: [{ procedureCode: '90837', modifiers: ['95'], units: 1, chargeCents: 18000, diagnosisPointers: [1] }],
      diagnosisCodes: ['F41.1'],
    },
    billing: BILLING,
    client: {
      firstName: 'Alex',
      lastName: 'Rivera',
      dateOfBirth: '1985-07-14',
      sexForClaims: 'female',
      address: { line1: '12 Elm St', city: 'Portland', state: 'OR', postalCode: '97202' },
      phone: null,
    },
    policy: policyRecord(),
    payer: { name: 'Aetna', ediPayerId: '60054', active: true },
    otherCoverage: undefined,
    renderingPractitioner: { givenName: 'Dana', familyName: 'Okafor', enabled: true, npi: '1679576722', taxonomyCode: '101YM0800X' },
    today: '2026-03-10',
    ...overrides,
  };
}

const paths = (ctx: ExportContext) => exportProblems(ctx).map((problem) => problem.path);

describe('export readiness: every problem that would make the 837P invalid or rejected, with its path', () => {
  it('a complete claim has none', () => {
    expect(exportProblems(context())).toEqual([]);
  });

  it.each<[string, Partial<ExportContext>, string[]]>([
    ['no billing profile', { billing: null }, ['billing']],
    ['billing NPI with a wrong check digit', { billing: { ...BILLING, npi: '1245319598' } }, ['billing.npi']],
    ['billing tax ID of the wrong shape', { billing: { ...BILLING, taxId: '123-456' } }, ['billing.taxId']],
    ['billing taxonomy of the wrong shape', { billing: { ...BILLING, taxonomyCode: '261QM0801' } }, ['billing.taxonomyCode']],
    [
      'billing ZIP without the +4',
      { billing: { ...BILLING, address: { ...BILLING.address, postalCode: '97201' } } },
      ['billing.address.postalCode'],
    ],
    [
      'billing address a P.O. box',
      { billing: { ...BILLING, address: { ...BILLING.address, line1: 'PO Box 12' } } },
      ['billing.address.line1'],
    ],
    [
      'billing state not a US code',
      { billing: { ...BILLING, address: { ...BILLING.address, state: 'Oregon' } } },
      ['billing.address.state'],
    ],
    ['billing phone not ten digits', { billing: { ...BILLING, phone: '555-0100' } }, ['billing.phone']],
    ['client address missing', { client: { ...context().client, address: null } }, ['client.address']],
    ['client sex missing', { client: { ...context().client, sexForClaims: null } }, ['client.sexForClaims']],
    ['client date of birth missing', { client: { ...context().client, dateOfBirth: null } }, ['client.dateOfBirth']],
    [
      'client ZIP of 4 digits',
      { client: { ...context().client, address: { ...context().client.address!, postalCode: '9720' } } },
      ['client.address.postalCode'],
    ],
    ['client name in a script X12 cannot carry', { client: { ...context().client, lastName: '王' } }, ['client.lastName']],
    ['payer without an EDI payer ID', { payer: { name: 'Aetna', ediPayerId: null, active: true } }, ['payer.ediPayerId']],
    ['payer inactive', { payer: { name: 'Aetna', ediPayerId: '60054', active: false } }, ['payer.active']],
    [
      'policy not linked to a payer',
      { policy: policyRecord({ payer: { payerId: null, name: null, enteredName: 'Aetna' } }) },
      ['policy.payer.payerId'],
    ],
    ['member ID missing', { policy: policyRecord({ memberId: null }) }, ['policy.memberId']],
    [
      'a child without the subscriber’s details',
      { policy: policyRecord({ relationship: 'child', subscriber: null }) },
      [
        'policy.subscriber.firstName',
        'policy.subscriber.lastName',
        'policy.subscriber.dateOfBirth',
        'policy.subscriber.sex',
        'policy.subscriber.address',
      ],
    ],
    ['no rendering practitioner chosen', { claim: { ...context().claim, renderingPractitionerId: null } }, ['renderingPractitionerId']],
    ['rendering practitioner not on the team', { renderingPractitioner: undefined }, ['renderingPractitionerId']],
    [
      'rendering practitioner without NPI or taxonomy',
      { renderingPractitioner: { givenName: 'Dana', familyName: 'Okafor', enabled: true, npi: null, taxonomyCode: null } },
      ['renderingPractitioner.npi', 'renderingPractitioner.taxonomyCode'],
    ],
    [
      'rendering NPI with a wrong check digit',
      { renderingPractitioner: { givenName: 'Dana', familyName: 'Okafor', enabled: true, npi: '1679576721', taxonomyCode: '101YM0800X' } },
      ['renderingPractitioner.npi'],
    ],
    ['no place of service', { claim: { ...context().claim, placeOfService: null } }, ['placeOfService']],
    ['an unassigned place of service', { claim: { ...context().claim, placeOfService: '30' } }, ['placeOfService']],
    ['a date of service in the future', { claim: { ...context().claim, dateOfService: '2026-03-11' } }, ['dateOfService']],
    [
      'a line that points at no diagnosis',
      { claim: { ...context().claim, serviceLines: [{ procedureCode: '90837', units: 1, chargeCents: 100 }] } },
      ['serviceLines.0.diagnosisPointers'],
    ],
    [
      'a pointer past the last diagnosis',
      { claim: { ...context().claim, serviceLines: [{ procedureCode: '90837', units: 1, chargeCents: 100, diagnosisPointers: [2] }] } },
      ['serviceLines.0.diagnosisPointers'],
    ],
    [
      'five modifiers',
      {
        claim: {
          ...context().claim,
          serviceLines: [
            { procedureCode: '90837', modifiers: ['95', 'GT', 'HO', '59', 'XU'], units: 1, chargeCents: 100, diagnosisPointers: [1] },
          ],
        },
      },
      ['serviceLines.0.modifiers'],
    ],
    [
      'a zero charge',
      { claim: { ...context().claim, serviceLines: [{ procedureCode: '90837', units: 1, chargeCents: 0, diagnosisPointers: [1] }] } },
      ['serviceLines.0.chargeCents'],
    ],
    ['a secondary claim without the client’s Primary', { policy: policyRecord({ priority: 'secondary' }) }, ['otherCoverage']],
    [
      'a secondary claim whose Primary payer has no EDI ID',
      {
        policy: policyRecord({ priority: 'secondary' }),
        otherCoverage: { policy: policyRecord({ policyId: 'POL0' }), payer: { name: 'Blue', ediPayerId: null, active: true } },
      },
      ['otherCoverage.payer.ediPayerId'],
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(paths(context(overrides))).toEqual(expected);
  });

  describe('the Primary’s adjudication of a secondary claim (coordination of benefits)', () => {
    const secondary = (primaryAdjudication: NonNullable<ExportContext['claim']['primaryAdjudication']>, claim = context().claim) =>
      context({
        policy: policyRecord({ priority: 'secondary' }),
        otherCoverage: { policy: policyRecord({ policyId: 'POL0' }), payer: { name: 'Blue', ediPayerId: 'BLUE1', active: true } },
        claim: { ...claim, primaryAdjudication },
      });
    const twoLines = {
      ...context().claim,
      diagnosisCodes: ['F41.1'],
      serviceLines: [
        { procedureCode: '90837', units: 1, chargeCents: 18000, diagnosisPointers: [1] },
        { procedureCode: '90785', units: 1, chargeCents: 2500, diagnosisPointers: [1] },
      ],
    };
    const co = (amountCents: number) => ({ groupCode: 'CO' as const, reasonCode: '45', amountCents });
    const pr = (amountCents: number) => ({ groupCode: 'PR' as const, reasonCode: '2', amountCents });

    it('balanced at claim level or line by line: ready, and carried into the bundle', () => {
      const claimLevel = secondary({ paidCents: 12000, paidDate: '2026-03-08', adjustments: [co(4000), pr(2000)], lines: [] });
      expect(paths(claimLevel)).toEqual([]);
      expect(toClaimBundle('C1', claimLevel).primaryAdjudication).toMatchObject({ paidCents: 12000 });
      const byLine = secondary(
        {
          paidCents: 14000,
          paidDate: '2026-03-08',
          adjustments: [],
          lines: [
            { paidCents: 12000, adjustments: [co(6000)] },
            { paidCents: 2000, adjustments: [pr(500)] },
          ],
        },
        twoLines,
      );
      expect(paths(byLine)).toEqual([]);
    });

    it.each([
      [
        'paid and adjustments short of the total charge',
        { paidCents: 12000, paidDate: '2026-03-08', adjustments: [co(4000)], lines: [] },
        ['primaryAdjudication'],
      ],
      [
        'adjudicated before the date of service',
        { paidCents: 18000, paidDate: '2026-03-01', adjustments: [], lines: [] },
        ['primaryAdjudication.paidDate'],
      ],
      [
        'adjudicated after today',
        { paidCents: 18000, paidDate: '2026-04-01', adjustments: [], lines: [] },
        ['primaryAdjudication.paidDate'],
      ],
      [
        'seven adjustments of one group (one CAS holds six)',
        { paidCents: 17300, paidDate: '2026-03-08', adjustments: Array.from({ length: 7 }, () => co(100)), lines: [] },
        ['primaryAdjudication.adjustments'],
      ],
      [
        'fewer adjudicated lines than service lines',
        { paidCents: 18000, paidDate: '2026-03-08', adjustments: [], lines: [{ paidCents: 18000, adjustments: [] }] },
        ['primaryAdjudication.lines'],
      ],
    ] as const)('refused: %s', (_name, adjudication, expected) => {
      const claim = adjudication.lines.length === 1 ? twoLines : context().claim;
      expect(paths(secondary(adjudication as never, claim))).toEqual(expected);
    });

    it('a line whose payment and adjustments miss its charge, and a paid amount that is not the lines’ sum, are named', () => {
      const ctx = secondary(
        {
          paidCents: 15000,
          paidDate: '2026-03-08',
          adjustments: [],
          lines: [
            { paidCents: 12000, adjustments: [co(5000)] },
            { paidCents: 2500, adjustments: [] },
          ],
        },
        twoLines,
      );
      expect(exportProblems(ctx)).toEqual([
        {
          path: 'primaryAdjudication.lines.0',
          message: "Line 1: the Primary's payment and adjustments ($170.00) must add up to the line's charge ($180.00)",
        },
        {
          path: 'primaryAdjudication.paidCents',
          message: "The Primary's paid amount ($150.00) must be the sum of its line payments ($145.00)",
        },
      ]);
    });

    it('a primary claim carries no adjudication', () => {
      const ctx = context({
        claim: { ...context().claim, primaryAdjudication: { paidCents: 0, paidDate: '2026-03-08', adjustments: [], lines: [] } },
      });
      expect(paths(ctx)).toEqual(['primaryAdjudication']);
    });
  });

  it('lists every problem at once, billing profile first', () => {
    const all = paths(
      context({
        billing: { ...BILLING, npi: '1', taxId: 'x' },
        client: { ...context().client, address: null },
        payer: { name: 'Aetna', ediPayerId: null, active: true },
        claim: { ...context().claim, placeOfService: null },
      }),
    );
    expect(all).toEqual(['billing.npi', 'billing.taxId', 'client.address', 'payer.ediPayerId', 'placeOfService']);
  });
});

// ------------------------------------------------------------------------------------------------ property

const npiArbitrary = fc.stringMatching(/^[1-2]\d{8}$/).map((firstNine) => `${firstNine}${npiCheckDigit(firstNine)}`);
/** Names as people type them: Latin letters with accents, hyphens, apostrophes, and the separators X12 uses. */
const nameArbitrary = fc
  .tuple(fc.stringMatching(/^[A-Za-z]{1,12}$/), fc.stringMatching(/^[A-Za-zÀ-ÿ' .*~:^-]{0,20}$/))
  .map(([start, rest]) => `${start}${rest}`.trim());
const streetArbitrary = fc.tuple(fc.integer({ min: 1, max: 9999 }), nameArbitrary).map(([number, name]) => `${number} ${name} St`);
const addressArbitrary = fc.record({
  line1: streetArbitrary,
  line2: fc.option(fc.constantFrom('Apt 2', 'Suite 100', '#4'), { nil: null }),
  city: nameArbitrary,
  state: fc.constantFrom('OR', 'WA', 'NY', 'TX', 'PR'),
  postalCode: fc.oneof(fc.stringMatching(/^\d{5}$/), fc.stringMatching(/^\d{5}-\d{4}$/)),
});
const personArbitrary = fc.record({
  firstName: nameArbitrary,
  lastName: nameArbitrary,
  dateOfBirth: fc
    .date({ min: new Date('1920-01-01'), max: new Date('2025-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  sex: fc.constantFrom('female' as const, 'male' as const, 'unknown' as const),
  address: addressArbitrary,
});
const lineArbitrary = (diagnoses: number) =>
  fc.record({
    procedureCode: fc.constantFrom('90837', '90834', '90791', '96127', 'H0031', '0591T'),
    modifiers: fc.uniqueArray(fc.constantFrom('95', 'GT', 'HO', '59', 'XU', 'U1', 'AH'), { maxLength: 4 }),
    units: fc.integer({ min: 1, max: 999 }),
    chargeCents: fc.integer({ min: 1, max: 10_000_000 }),
    diagnosisPointers: fc.uniqueArray(fc.integer({ min: 1, max: diagnoses }), { minLength: 1, maxLength: Math.min(4, diagnoses) }),
  });
const policyArbitrary = (priority: Policy['priority']) =>
  fc
    .record({
      relationship: fc.constantFrom('self' as const, 'spouse' as const, 'child' as const, 'other' as const),
      subscriber: personArbitrary,
      insuranceType: fc.constantFrom(
        'medicare' as const,
        'medicaid' as const,
        'tricare' as const,
        'champva' as const,
        'group_health_plan' as const,
        'feca_black_lung' as const,
        'other' as const,
      ),
      memberId: fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{1,20}$/),
      groupNumber: fc.option(fc.stringMatching(/^[A-Za-z0-9 *-]{1,20}$/), { nil: null }),
      planName: fc.option(nameArbitrary, { nil: null }),
    })
    .map((fields) => policyRecord({ ...fields, priority, subscriber: fields.relationship === 'self' ? null : fields.subscriber }));

const readyContextArbitrary = fc
  .integer({ min: 1, max: 12 })
  .chain((diagnoses) =>
    fc.record({
      diagnosisCodes: fc.uniqueArray(fc.stringMatching(/^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/), {
        minLength: diagnoses,
        maxLength: diagnoses,
      }),
      serviceLines: fc.array(lineArbitrary(diagnoses), { minLength: 1, maxLength: 8 }),
      placeOfService: fc.constantFrom('02', '10', '11', '12', '53', '99'),
      patient: personArbitrary,
      main: fc.oneof(policyArbitrary('primary'), policyArbitrary('secondary')),
      primary: policyArbitrary('primary'),
      // For a secondary claim, sometimes the Primary's adjudication: per line a share paid, the rest split
      // between contractual (CO) and patient (PR) adjustments; reported line by line or for the claim.
      adjudication: fc.option(
        fc.record({ byLine: fc.boolean(), shares: fc.array(fc.tuple(fc.nat(100), fc.nat(100)), { minLength: 8, maxLength: 8 }) }),
        { nil: null },
      ),
      payerId: fc.stringMatching(/^[A-Z0-9]{5}$/),
      renderingNpi: npiArbitrary,
      billingNpi: npiArbitrary,
    }),
  )
  .map((generated): ExportContext =>
    context({
      claim: {
        dateOfService: '2026-03-03',
        placeOfService: generated.placeOfService,
        renderingPractitionerId: 'U1',
        serviceLines: generated.serviceLines,
        diagnosisCodes: generated.diagnosisCodes,
        primaryAdjudication:
          generated.main.priority === 'secondary' && generated.adjudication
            ? balancedAdjudication(generated.serviceLines, generated.adjudication)
            : null,
      },
      billing: { ...BILLING, npi: generated.billingNpi },
      client: { ...generated.patient, sexForClaims: generated.patient.sex, phone: null },
      policy: generated.main,
      payer: { name: 'Payer *One*', ediPayerId: generated.payerId, active: true },
      otherCoverage:
        generated.main.priority === 'secondary'
          ? { policy: { ...generated.primary, policyId: 'POL0' }, payer: { name: 'First Payer', ediPayerId: 'FIRST', active: true } }
          : undefined,
      renderingPractitioner: {
        givenName: 'Dana',
        familyName: 'Okafor',
        enabled: true,
        npi: generated.renderingNpi,
        taxonomyCode: '101YM0800X',
      },
    }),
  );

function balancedAdjudication(
  serviceLines: readonly { chargeCents: number }[],
  { byLine, shares }: { byLine: boolean; shares: [number, number][] },
): NonNullable<ExportContext['claim']['primaryAdjudication']> {
  const lines = serviceLines.map((line, index) => {
    const [paidShare, patientShare] = shares[index]!;
    const paidCents = Math.floor((line.chargeCents * paidShare) / 100);
    const patient = Math.floor(((line.chargeCents - paidCents) * patientShare) / 100);
    const contractual = line.chargeCents - paidCents - patient;
    const adjustments = [
      ...(contractual ? [{ groupCode: 'CO' as const, reasonCode: '45', amountCents: contractual }] : []),
      ...(patient ? [{ groupCode: 'PR' as const, reasonCode: '2', amountCents: patient }] : []),
    ];
    return { paidCents, adjustments };
  });
  const paidCents = lines.reduce((sum, line) => sum + line.paidCents, 0);
  if (byLine) return { paidCents, paidDate: '2026-03-05', adjustments: [], lines };
  const total = (group: 'CO' | 'PR') =>
    lines
      .flatMap((line) => line.adjustments)
      .filter((a) => a.groupCode === group)
      .reduce((sum, a) => sum + a.amountCents, 0);
  const adjustments = (['CO', 'PR'] as const).flatMap((group) =>
    total(group) ? [{ groupCode: group, reasonCode: group === 'CO' ? '45' : '2', amountCents: total(group) }] : [],
  );
  return { paidCents, paidDate: '2026-03-05', adjustments, lines: [] };
}

/** The elements each segment must not leave empty (1-based positions; NM109 only when NM108 is sent). */
const REQUIRED: Record<string, number[]> = {
  GS: [1, 2, 3, 4, 5, 6, 7, 8],
  ST: [1, 2, 3],
  BHT: [1, 2, 3, 4, 5, 6],
  NM1: [1, 2, 3],
  PER: [1, 2, 3, 4],
  HL: [1, 3, 4],
  PRV: [1, 2, 3],
  N3: [1],
  N4: [1, 2, 3],
  REF: [1, 2],
  SBR: [1, 9],
  DMG: [1, 2, 3],
  PAT: [1],
  CLM: [1, 2, 5, 6, 7, 8, 9],
  HI: [1],
  OI: [3, 6],
  LX: [1],
  SV1: [1, 2, 3, 4, 7],
  AMT: [1, 2],
  CAS: [1, 2, 3],
  SVD: [1, 2, 3, 5],
  DTP: [1, 2, 3],
  SE: [1, 2],
  GE: [1, 2],
  IEA: [1, 2],
};

describe('any ready claim makes a valid 837P (property)', () => {
  it('parses with node-x12 (strict), counts match, and no required element is empty', () => {
    fc.assert(
      fc.property(readyContextArbitrary, fc.integer({ min: 1, max: 999_999_999 }), (ctx, icn) => {
        expect(exportProblems(ctx)).toEqual([]);
        const text = generate837P([toClaimBundle('01JD0000000000000000000009', ctx)], {
          interchangeControlNumber: icn,
          batchReference: 'P',
          createdAt: new Date('2026-03-10T00:00:00Z'),
        });
        const interchange = verifyWithThirdPartyParser(text);
        expect(Number(interchange.header.valueOf(13))).toBe(icn);
        const segments = segmentsOf(text);
        expect(segments[0]).toHaveLength(105);
        for (const segment of segments.slice(1)) {
          const [tag, ...elements] = segment.split('*');
          for (const position of REQUIRED[tag!] ?? [])
            expect(elements[position - 1] ?? '', `${tag}${String(position).padStart(2, '0')} in ${segment}`).not.toBe('');
          if (tag === 'NM1' && elements[7]) expect(elements[8] ?? '', segment).not.toBe('');
          expect(elements[elements.length - 1], `trailing empty element in ${segment}`).not.toBe('');
          for (const element of elements) expect(element).toBe(element.trim());
        }
        const { charge, paid, adjusted } = cobAmounts(segments);
        const lines = segments.filter((segment) => segment.startsWith('SV1*')).map((segment) => Number(segment.split('*')[2]));
        expect(charge).toBeCloseTo(
          lines.reduce((sum, lineCharge) => sum + lineCharge, 0),
          2,
        );
        // With the Primary's adjudication: its paid amount and every adjustment balance to CLM02.
        expect(paid !== undefined).toBe(Boolean(ctx.claim.primaryAdjudication));
        if (paid !== undefined) expect(paid + adjusted).toBeCloseTo(charge, 2);
        expect(new X12Parser(true).parse(text)).toBeTruthy();
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
