/** Claim bundles for the 837P and CMS-1500 tests and the bench: a small practice billing four kinds of claim. */
import type { BillingProvider, BundleCoverage, ClaimBundle, Person, RenderingProvider } from '../../shared/claim-bundle.ts';

export const BILLING: BillingProvider = {
  organizationName: 'Harbor Counseling Group',
  npi: '1245319599',
  taxId: '12-3456789',
  taxonomyCode: '261QM0801X',
  address: { line1: '200 Harbor Way', line2: 'Suite 4', city: 'Portland', state: 'OR', postalCode: '97201-1234' },
  phone: '(503) 555-0100',
  submitterId: 'HARBOR01',
  receiverId: 'CLEARHOUSE',
  receiverName: 'Clear Claims Exchange',
};

export const RENDERING: RenderingProvider = { givenName: 'Dana', familyName: 'Okafor', npi: '1679576722', taxonomyCode: '101YM0800X' };

export const ADULT: Person = {
  firstName: 'Alex',
  lastName: 'Rivera',
  dateOfBirth: '1985-07-14',
  sex: 'female',
  address: { line1: '12 Elm St', city: 'Portland', state: 'OR', postalCode: '97202' },
};

/** A child and the parent whose plan insures them, at one home. */
const MULLER_HOME = { line1: '9 Oak Ave', city: 'Beaverton', state: 'OR', postalCode: '97005' };

export const CHILD: Person = { firstName: 'Jamie', lastName: 'Müller', dateOfBirth: '2014-02-03', sex: 'male', address: MULLER_HOME };

export const PARENT: Person = { firstName: 'Chris', lastName: 'Müller', dateOfBirth: '1982-11-30', sex: 'unknown', address: MULLER_HOME };

export const AETNA: BundleCoverage = {
  priority: 'primary',
  insuranceType: 'group_health_plan',
  memberId: 'W123456789',
  groupNumber: 'G-100',
  planName: 'Open Access Plus',
  relationship: 'self',
  subscriber: ADULT,
  payer: { name: 'Aetna', ediPayerId: '60054' },
};

export function selfClaim(overrides: Partial<ClaimBundle> = {}): ClaimBundle {
  return {
    claimId: '01JD0000000000000000000001',
    billingProvider: BILLING,
    renderingProvider: RENDERING,
    patient: ADULT,
    coverage: AETNA,
    otherCoverage: null,
    dateOfService: '2026-03-03',
    placeOfService: '11',
    diagnosisCodes: ['F41.1'],
    serviceLines: [{ procedureCode: '90834', modifiers: [], units: 1, chargeCents: 12000, diagnosisPointers: [1] }],
    ...overrides,
  };
}

/** A child insured through a parent's plan: the 2000C patient loop. */
export function childClaim(): ClaimBundle {
  return selfClaim({
    claimId: '01JD0000000000000000000002',
    patient: CHILD,
    coverage: {
      ...AETNA,
      memberId: 'M77889900',
      groupNumber: null,
      planName: 'Family PPO',
      relationship: 'child',
      subscriber: PARENT,
      payer: { name: 'Blue Cross Blue Shield of Oregon', ediPayerId: '00851' },
    },
    diagnosisCodes: ['F90.2', 'Z63.8'],
    serviceLines: [{ procedureCode: '90847', modifiers: ['HO'], units: 1, chargeCents: 15050, diagnosisPointers: [1, 2] }],
  });
}

/** A secondary claim: Medicaid after the parent's primary commercial plan. */
export function secondaryClaim(): ClaimBundle {
  const primary = childClaim().coverage;
  return selfClaim({
    claimId: '01JD0000000000000000000003',
    patient: CHILD,
    coverage: {
      priority: 'secondary',
      insuranceType: 'medicaid',
      memberId: 'OR-MCD-5566',
      groupNumber: null,
      planName: null,
      relationship: 'self',
      subscriber: CHILD,
      payer: { name: 'Oregon Medicaid', ediPayerId: 'ORDHS' },
    },
    otherCoverage: primary,
    diagnosisCodes: ['F90.2'],
  });
}

/** Several lines with modifiers and pointers, by telehealth to the patient's home (POS 10). */
export function telehealthClaim(placeOfService: '02' | '10' = '10'): ClaimBundle {
  return selfClaim({
    claimId: '01JD0000000000000000000004',
    placeOfService,
    diagnosisCodes: ['F33.1', 'F41.1', 'Z91.89', 'G47.00', 'F43.10'],
    serviceLines: [
      { procedureCode: '90837', modifiers: ['95'], units: 1, chargeCents: 18000, diagnosisPointers: [1, 2] },
      { procedureCode: '90785', modifiers: ['95', 'GT'], units: 1, chargeCents: 2575, diagnosisPointers: [1] },
      { procedureCode: '96127', modifiers: ['59', 'XU', '95', 'GT'], units: 2, chargeCents: 1000, diagnosisPointers: [2, 3, 4, 5] },
    ],
  });
}

/** The rendering practitioner is the billing provider (a solo practice): no 2310B. */
export function soloClaim(): ClaimBundle {
  return selfClaim({
    claimId: '01JD0000000000000000000005',
    billingProvider: { ...BILLING, organizationName: 'Dana Okafor LPC', npi: RENDERING.npi, taxId: '123-45-6789', submitterId: null },
  });
}

export const EXPORT_AT = new Date('2026-03-10T14:05:09.000Z');

/**
 * A secondary claim after the Primary paid it as a whole (2320 CAS/AMT, 2330B DTP*573): $70 paid, $30
 * contractual (CO-45), $15 deductible and $5 coinsurance left to the patient (PR-1, PR-2) — $120 in all.
 */
export function secondaryClaimPaid(): ClaimBundle {
  return {
    ...secondaryClaim(),
    primaryAdjudication: {
      paidCents: 7000,
      paidDate: '2026-03-20',
      adjustments: [
        { groupCode: 'CO', reasonCode: '45', amountCents: 3000 },
        { groupCode: 'PR', reasonCode: '1', amountCents: 1500 },
        { groupCode: 'PR', reasonCode: '2', amountCents: 500 },
      ],
      lines: [],
    },
  };
}

/** A secondary claim the Primary adjudicated line by line (2430 SVD/CAS/DTP*573 under each line). */
export function secondaryClaimPaidByLine(): ClaimBundle {
  return {
    ...secondaryClaim(),
    serviceLines: [
      { procedureCode: '90834', modifiers: [], units: 1, chargeCents: 12000, diagnosisPointers: [1] },
      { procedureCode: '90785', modifiers: ['95'], units: 1, chargeCents: 2500, diagnosisPointers: [1] },
    ],
    primaryAdjudication: {
      paidCents: 10000,
      paidDate: '2026-03-20',
      adjustments: [],
      lines: [
        {
          paidCents: 8000,
          adjustments: [
            { groupCode: 'CO', reasonCode: '45', amountCents: 2500 },
            { groupCode: 'PR', reasonCode: '2', amountCents: 1500 },
          ],
        },
        { paidCents: 2000, adjustments: [{ groupCode: 'CO', reasonCode: '45', amountCents: 500 }] },
      ],
    },
  };
}
