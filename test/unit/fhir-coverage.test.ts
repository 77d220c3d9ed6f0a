import type { Bundle, Coverage, RelatedPerson } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import {
  coverageBundle,
  FHIR_EXTENSIONS,
  FHIR_SYSTEMS,
  FIELDS_NOT_IN_FHIR,
  INSURANCE_TYPES,
  policyFromCoverage,
  stableUuid,
} from '../../shared/fhir-coverage.ts';
import { insuranceTypeValues, priorityValues, relationshipValues, type Policy } from '../../shared/schemas.ts';

// ---------------------------------------------------------------- an R4 structure check, written for this test

/**
 * The parts of the R4 specification this export must honour, checked on the JSON that goes over the wire:
 * - JSON representation: no nulls, no empty strings, arrays or objects;
 * - Bundle: type from the R4 value set; bdl-1 (total only for searchset/history); bdl-7 (unique fullUrls);
 *   fullUrl absolute;
 * - Coverage: required status (R4 value set), beneficiary, payor 1..*; class type and value 1..1; order a
 *   positiveInt; per-1 (period start ≤ end); ids, dates and instants in their R4 lexical forms;
 * - codings: every system is known here and every code one it defines (the published code lists, not the
 *   mapping under test); extensions: absolute url and exactly one value[x];
 * - contained: dom-2 (no nested contained), dom-3 (each is referenced from the container), dom-4 (no
 *   meta.versionId / lastUpdated); RelatedPerson's required patient, gender from its value set.
 */
const R4 = {
  id: /^[A-Za-z0-9\-.]{1,64}$/,
  date: /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?$/,
  instant:
    /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/,
  code: /^[^\s]+( [^\s]+)*$/,
  absoluteUri: /^(urn:[a-z0-9][a-z0-9-]*:\S+|https?:\/\/\S+)$/i,
  uuidUrn: /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  reference: /^(#[A-Za-z0-9\-.]{1,64}|[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})$/,
  bundleTypes: [
    'document',
    'message',
    'transaction',
    'transaction-response',
    'batch',
    'batch-response',
    'history',
    'searchset',
    'collection',
  ],
  coverageStatus: ['active', 'cancelled', 'draft', 'entered-in-error'],
  gender: ['male', 'female', 'other', 'unknown'],
};

/** Codes defined by each code system the export may use (from the published systems). */
const KNOWN_CODES: Record<string, readonly string[]> = {
  'http://terminology.hl7.org/CodeSystem/subscriber-relationship': ['child', 'parent', 'spouse', 'common', 'other', 'self', 'injured'],
  'http://terminology.hl7.org/CodeSystem/coverage-class': [
    'group',
    'subgroup',
    'plan',
    'subplan',
    'class',
    'subclass',
    'sequence',
    'rxbin',
    'rxpcn',
    'rxid',
    'rxgroup',
  ],
  'http://terminology.hl7.org/CodeSystem/coverage-copay-type': [
    'gpvisit',
    'spvisit',
    'emergency',
    'inpthosp',
    'televisit',
    'urgentcare',
    'copaypct',
    'copay',
    'deductible',
    'maxoutofpocket',
  ],
  'http://terminology.hl7.org/CodeSystem/v2-0203': ['MB', 'MR', 'SN', 'PN'],
  'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType': ['npi', 'payerid', 'naiccode', 'pat', 'um'],
  'http://terminology.hl7.org/CodeSystem/v3-RoleCode': ['SPS', 'PRN', 'CHILD', 'FAMMEMB', 'DOMPART'],
  // Source of Payment Typology: the first two levels and the leaves used for CMS-1500 categories.
  'https://nahdo.org/sopt': [
    '1',
    '11',
    '12',
    '19',
    '2',
    '21',
    '22',
    '29',
    '3',
    '31',
    '311',
    '32',
    '321',
    '322',
    '3221',
    '33',
    '34',
    '35',
    '36',
    '37',
    '38',
    '39',
    '4',
    '5',
    '51',
    '52',
    '53',
    '59',
    '6',
    '7',
    '8',
    '81',
    '9',
    '95',
    '98',
    '99',
    '9999',
  ],
  [FHIR_SYSTEMS.policyState]: ['client-entered', 'unreviewed', 'needs-payer'],
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function r4Violations(bundleValue: unknown): string[] {
  const problems: string[] = [];
  const fail = (path: string, message: string) => problems.push(`${path}: ${message}`);
  const bundle = JSON.parse(JSON.stringify(bundleValue)) as { [key: string]: Json };

  walkJson(bundle, 'Bundle', fail);
  if (bundle.resourceType !== 'Bundle') fail('Bundle', 'resourceType must be Bundle');
  if (!R4.bundleTypes.includes(String(bundle.type))) fail('Bundle.type', `not a bundle type: ${String(bundle.type)}`);
  if ('total' in bundle && !['searchset', 'history'].includes(String(bundle.type)))
    fail('Bundle.total', 'bdl-1: total only for searchset or history');
  if ('timestamp' in bundle && !R4.instant.test(String(bundle.timestamp))) fail('Bundle.timestamp', 'not an instant');
  const entries = (bundle.entry ?? []) as { [key: string]: Json }[];
  const fullUrls = entries.map((entry) => String(entry.fullUrl));
  if (new Set(fullUrls).size !== fullUrls.length) fail('Bundle.entry', 'bdl-7: fullUrl must be unique');
  entries.forEach((entry, index) => {
    const path = `Bundle.entry[${index}]`;
    if (typeof entry.fullUrl !== 'string' || !R4.absoluteUri.test(entry.fullUrl)) fail(`${path}.fullUrl`, 'must be an absolute URI');
    const resource = entry.resource as { [key: string]: Json } | undefined;
    if (!resource) return fail(`${path}.resource`, 'missing');
    if (resource.resourceType !== 'Coverage') return fail(`${path}.resource`, 'only Coverage is expected');
    checkCoverage(resource, `${path}.resource`, fail);
  });
  return problems;
}

function checkCoverage(coverage: { [key: string]: Json }, path: string, fail: (path: string, message: string) => void): void {
  if (typeof coverage.id !== 'string' || !R4.id.test(coverage.id)) fail(`${path}.id`, 'not an id');
  if (!R4.coverageStatus.includes(String(coverage.status))) fail(`${path}.status`, 'required, from FinancialResourceStatusCodes');
  const beneficiary = coverage.beneficiary as { reference?: string } | undefined;
  if (!beneficiary?.reference || !R4.reference.test(beneficiary.reference)) fail(`${path}.beneficiary`, 'required reference');
  const payor = coverage.payor as { reference?: string; identifier?: Json; display?: string }[] | undefined;
  if (!Array.isArray(payor) || payor.length === 0) fail(`${path}.payor`, 'required, 1..*');
  payor?.forEach((entry, index) => {
    if (!entry.reference && !entry.identifier && !entry.display) fail(`${path}.payor[${index}]`, 'ref-1: reference, identifier or display');
    if (entry.reference && !R4.reference.test(entry.reference)) fail(`${path}.payor[${index}].reference`, 'not a reference');
  });
  const period = coverage.period as { start?: string; end?: string } | undefined;
  for (const key of ['start', 'end'] as const) {
    if (period?.[key] !== undefined && !R4.date.test(period[key])) fail(`${path}.period.${key}`, 'not a date');
  }
  if (period?.start && period.end && period.end < period.start) fail(`${path}.period`, 'per-1: start must not be after end');
  if ('order' in coverage && !(Number.isInteger(coverage.order) && Number(coverage.order) > 0)) fail(`${path}.order`, 'not a positiveInt');
  ((coverage.class ?? []) as { type?: Json; value?: Json }[]).forEach((entry, index) => {
    if (!entry.type) fail(`${path}.class[${index}].type`, 'required');
    if (typeof entry.value !== 'string') fail(`${path}.class[${index}].value`, 'required');
  });
  ((coverage.costToBeneficiary ?? []) as { valueMoney?: { value?: Json; currency?: Json } }[]).forEach((entry, index) => {
    const money = entry.valueMoney;
    if (!money || typeof money.value !== 'number' || !/^[A-Z]{3}$/.test(String(money.currency)))
      fail(`${path}.costToBeneficiary[${index}]`, 'value[x] as Money with an ISO 4217 currency');
  });
  const meta = coverage.meta as { versionId?: string; lastUpdated?: string } | undefined;
  if (meta?.versionId !== undefined && !R4.id.test(meta.versionId)) fail(`${path}.meta.versionId`, 'not an id');
  if (meta?.lastUpdated !== undefined && !R4.instant.test(meta.lastUpdated)) fail(`${path}.meta.lastUpdated`, 'not an instant');

  const contained = (coverage.contained ?? []) as { [key: string]: Json }[];
  const text = JSON.stringify({ ...coverage, contained: undefined });
  contained.forEach((resource, index) => {
    const at = `${path}.contained[${index}]`;
    if (!text.includes(`"#${String(resource.id)}"`)) fail(at, 'dom-3: a contained resource must be referenced');
    if ('contained' in resource) fail(at, 'dom-2: no nested contained resources');
    const innerMeta = resource.meta as { versionId?: Json; lastUpdated?: Json } | undefined;
    if (innerMeta?.versionId || innerMeta?.lastUpdated) fail(at, 'dom-4: no versionId or lastUpdated');
    if (resource.resourceType === 'RelatedPerson') {
      if (!(resource.patient as { reference?: string } | undefined)?.reference) fail(`${at}.patient`, 'required');
      if ('gender' in resource && !R4.gender.includes(String(resource.gender))) fail(`${at}.gender`, 'not an AdministrativeGender');
      if ('birthDate' in resource && !R4.date.test(String(resource.birthDate))) fail(`${at}.birthDate`, 'not a date');
    }
  });
}

/** Rules that hold for every element anywhere: JSON representation, codings, extensions. */
function walkJson(value: Json, path: string, fail: (path: string, message: string) => void): void {
  if (value === null) return void fail(path, 'null is not allowed in FHIR JSON');
  if (typeof value === 'string' && value.length === 0) return void fail(path, 'empty strings are not allowed');
  if (Array.isArray(value)) {
    if (value.length === 0) fail(path, 'empty arrays are not allowed');
    value.forEach((item, index) => walkJson(item, `${path}[${index}]`, fail));
    return;
  }
  if (typeof value !== 'object') return;
  if (Object.keys(value).length === 0) fail(path, 'empty objects are not allowed');
  if ('system' in value && 'code' in value) {
    const system = String(value.system);
    const known = KNOWN_CODES[system];
    if (!known) fail(path, `unknown code system ${system}`);
    else if (!known.includes(String(value.code))) fail(path, `${String(value.code)} is not a code of ${system}`);
    if (!R4.code.test(String(value.code))) fail(path, 'not a code');
  }
  if (Array.isArray(value.extension)) {
    value.extension.forEach((extension, index) => {
      const entry = extension as { [key: string]: Json };
      if (!R4.absoluteUri.test(String(entry.url))) fail(`${path}.extension[${index}]`, 'url must be absolute');
      const values = Object.keys(entry).filter((key) => key.startsWith('value'));
      if (values.length !== 1) fail(`${path}.extension[${index}]`, 'ext-1: exactly one value[x]');
    });
  }
  for (const [key, inner] of Object.entries(value)) walkJson(inner, `${path}.${key}`, fail);
}

// ---------------------------------------------------------------- fixtures

const client = { clientId: 'CLI01', firstName: 'Ana', lastName: 'Rivera', dateOfBirth: '2012-05-01' };

/** Every field the product knows, filled in: a child insured through a parent's employer plan. */
function fullySpecifiedPolicy(overrides: Partial<Policy> = {}): Policy {
  return {
    policyId: '01J0000000POLICY0000000001',
    clientId: client.clientId,
    priority: 'secondary',
    status: 'active',
    source: 'client',
    payer: { payerId: 'PAYER01', name: 'Blue Cross Blue Shield of Illinois', enteredName: 'BCBS IL' },
    needsPayer: false,
    cardCheck: [],
    payerMatch: { state: 'matched', matchedBy: 'alias', suggestions: [] },
    insuranceType: 'group_health_plan',
    memberId: 'XOF123456789',
    groupNumber: '0076543',
    planName: 'Blue Choice PPO',
    planId: 'BCPPO-2024',
    relationship: 'child',
    subscriber: {
      firstName: 'Maria',
      lastName: 'Rivera',
      dateOfBirth: '1981-11-23',
      sex: 'female',
      address: { line1: '742 Evergreen Terrace', line2: 'Apt 2', city: 'Springfield', state: 'IL', postalCode: '62704' },
      phone: '+1 217-555-0142',
    },
    effectiveDate: '2024-01-01',
    endDate: '2024-12-31',
    copayCents: 2500,
    deductibleCents: 150_099,
    employerOrSchool: 'Springfield Nuclear Power Plant',
    attachments: [],
    clientEntered: { payerName: 'BCBS IL' },
    reviewed: false,
    reviewedAt: null,
    createdAt: '2024-01-03T14:00:00.000Z',
    createdBy: { kind: 'client', id: client.clientId },
    updatedAt: '2024-02-10T08:30:15.123Z',
    version: 4,
    coverageState: 'active',
    endedBy: null,
    overlap: false,
    review: { reasons: ['unreviewed'] },
    ...overrides,
  };
}

const ediPayerIds = new Map([['PAYER01', '00621']]);

/** The bundle as a consumer receives it: JSON on the wire. */
function exported(policies: Policy[], options: Parameters<typeof coverageBundle>[2] = { ediPayerIds }): Bundle<Coverage> {
  return JSON.parse(JSON.stringify(coverageBundle(client, policies, options))) as Bundle<Coverage>;
}

function onlyCoverage(policy: Policy, options?: Parameters<typeof coverageBundle>[2]): Coverage {
  const coverage = exported([policy], options).entry?.[0]?.resource;
  if (!coverage) throw new Error('no Coverage exported');
  return coverage;
}

function withoutFieldsNotInFhir(policy: Policy): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...policy };
  for (const field of FIELDS_NOT_IN_FHIR) delete copy[field];
  return copy;
}

// ---------------------------------------------------------------- tests

describe('the R4 structure check', () => {
  // The check must be able to fail, or passing it proves nothing.
  it.each<[string, (coverage: Record<string, unknown>) => void, string]>([
    ['a Coverage without payor', (coverage) => delete coverage.payor, 'payor'],
    ['a Coverage without status', (coverage) => delete coverage.status, 'status'],
    ['a status outside the R4 value set', (coverage) => (coverage.status = 'inactive'), 'status'],
    ['a beneficiary without a reference', (coverage) => (coverage.beneficiary = { display: 'Ana' }), 'beneficiary'],
    ['a period date in another format', (coverage) => (coverage.period = { start: '01/01/2024' }), 'period.start'],
    ['a period that ends before it starts', (coverage) => (coverage.period = { start: '2024-02-01', end: '2024-01-31' }), 'per-1'],
    [
      'a code from an unknown system',
      (coverage) => (coverage.type = { coding: [{ system: 'http://example.org/made-up', code: 'x' }] }),
      'unknown code system',
    ],
    [
      'a code its system does not define',
      (coverage) => (coverage.relationship = { coding: [{ system: FHIR_SYSTEMS.subscriberRelationship, code: 'cousin' }] }),
      'cousin',
    ],
    ['an empty array', (coverage) => (coverage.class = []), 'empty arrays'],
    ['a null', (coverage) => (coverage.subscriberId = null), 'null'],
    ['an order of zero', (coverage) => (coverage.order = 0), 'positiveInt'],
    ['an unreferenced contained resource', (coverage) => delete coverage.subscriber, 'dom-3'],
  ])('rejects %s', (_name, breakIt, expected) => {
    const bundle = exported([fullySpecifiedPolicy()]);
    breakIt(bundle.entry![0]!.resource as unknown as Record<string, unknown>);
    expect(r4Violations(bundle).join('\n')).toContain(expected);
  });
});

describe('the FHIR export of a client’s policies', () => {
  it('is a collection Bundle of Coverage that passes the R4 structure check', () => {
    const policies = [
      fullySpecifiedPolicy(),
      fullySpecifiedPolicy({
        policyId: 'POL2',
        priority: 'primary',
        relationship: 'self',
        subscriber: null,
        source: 'practice',
        reviewed: true,
      }),
      fullySpecifiedPolicy({
        policyId: 'POL3',
        status: 'inactive',
        payer: { payerId: null, name: null, enteredName: 'Acme Health' },
        needsPayer: true,
      }),
      fullySpecifiedPolicy({
        policyId: 'POL4',
        insuranceType: null,
        memberId: null,
        groupNumber: null,
        planName: null,
        planId: null,
        endDate: null,
        copayCents: null,
        deductibleCents: null,
        employerOrSchool: null,
        relationship: 'other',
        subscriber: null,
      }),
    ];
    const bundle = exported(policies, { ediPayerIds, timestamp: '2024-03-01T12:00:00.000Z' });
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('collection');
    expect(bundle.entry?.map((entry) => entry.resource?.resourceType)).toEqual(['Coverage', 'Coverage', 'Coverage', 'Coverage']);
    expect(r4Violations(bundle)).toEqual([]);
  });

  it('a client without policies gets an empty collection that still passes the check', () => {
    const bundle = exported([]);
    expect(bundle).toEqual({ resourceType: 'Bundle', type: 'collection' });
    expect(r4Violations(bundle)).toEqual([]);
  });

  it('identifies each entry by a stable urn:uuid, the same in every export and different per policy', () => {
    const policies = [fullySpecifiedPolicy(), fullySpecifiedPolicy({ policyId: 'POL2' })];
    const first = exported(policies).entry!.map((entry) => entry.fullUrl);
    const again = exported(policies).entry!.map((entry) => entry.fullUrl);
    expect(first).toEqual(again);
    expect(new Set(first).size).toBe(2);
    for (const fullUrl of first) expect(fullUrl).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableUuid('Coverage/a')).not.toBe(stableUuid('Coverage/b'));
  });

  it('round-trips every field of a fully specified policy', () => {
    const policy = fullySpecifiedPolicy();
    const recovered = policyFromCoverage(onlyCoverage(policy));
    expect(recovered).toEqual(withoutFieldsNotInFhir(policy));
    // Every Policy field is either exported or deliberately listed as having no place in a Coverage.
    expect(Object.keys(recovered).sort()).toEqual(
      Object.keys(policy)
        .filter((key) => !(FIELDS_NOT_IN_FHIR as readonly string[]).includes(key))
        .sort(),
    );
    // Each left-out field is listed once.
    expect(new Set(FIELDS_NOT_IN_FHIR).size).toBe(FIELDS_NOT_IN_FHIR.length);
  });

  it.each<[string, Partial<Policy>]>([
    ['the client is the subscriber', { relationship: 'self', subscriber: null }],
    ['a reviewed practice policy', { source: 'practice', reviewed: true }],
    ['a Needs Payer policy (no linked payer)', { payer: { payerId: null, name: null, enteredName: 'Acme Health' }, needsPayer: true }],
    ['a policy with no payer at all', { payer: { payerId: null, name: null, enteredName: null } }],
    ['a linked payer the client did not type', { payer: { payerId: 'PAYER01', name: 'Aetna', enteredName: null } }],
    ['an inactive policy', { status: 'inactive' }],
    ['an open-ended policy', { endDate: null }],
    ['a plan known only by its name', { planId: null }],
    ['a plan known only by its ID', { planName: null }],
    [
      'nothing optional filled in',
      {
        insuranceType: null,
        memberId: null,
        groupNumber: null,
        planName: null,
        planId: null,
        copayCents: null,
        deductibleCents: null,
        employerOrSchool: null,
      },
    ],
    [
      'a subscriber without a phone or second address line',
      {
        subscriber: {
          ...fullySpecifiedPolicy().subscriber!,
          phone: undefined,
          address: { line1: '1 Main St', city: 'Chicago', state: 'IL', postalCode: '60601' },
        },
      },
    ],
    ['a copay of 19.99 (not a binary fraction)', { copayCents: 1999, deductibleCents: 0 }],
    ...insuranceTypeValues.map((insuranceType): [string, Partial<Policy>] => [`insurance type ${insuranceType}`, { insuranceType }]),
    ...relationshipValues
      .filter((relationship) => relationship !== 'self')
      .map((relationship): [string, Partial<Policy>] => [`relationship ${relationship}`, { relationship }]),
    ...priorityValues.map((priority): [string, Partial<Policy>] => [`priority ${priority}`, { priority }]),
  ])('round-trips %s', (_name, overrides) => {
    const policy = JSON.parse(JSON.stringify(fullySpecifiedPolicy(overrides))) as Policy;
    const bundle = exported([policy]);
    expect(r4Violations(bundle)).toEqual([]);
    expect(policyFromCoverage(bundle.entry![0]!.resource!)).toEqual(withoutFieldsNotInFhir(policy));
  });
});

describe('how a policy maps onto Coverage', () => {
  it('an active policy is active and an inactive one is cancelled', () => {
    expect(onlyCoverage(fullySpecifiedPolicy()).status).toBe('active');
    expect(onlyCoverage(fullySpecifiedPolicy({ status: 'inactive' })).status).toBe('cancelled');
  });

  it('orders Primary 1, Secondary 2, Other 3', () => {
    expect(priorityValues.map((priority) => onlyCoverage(fullySpecifiedPolicy({ priority })).order)).toEqual([1, 2, 3]);
  });

  it('types the coverage with the Source of Payment Typology and keeps the product’s label as text', () => {
    expect(onlyCoverage(fullySpecifiedPolicy({ insuranceType: 'medicare' })).type).toEqual({
      coding: [{ system: 'https://nahdo.org/sopt', code: '1', display: 'MEDICARE' }],
      text: 'Medicare',
    });
    const codes = insuranceTypeValues.map((insuranceType) => onlyCoverage(fullySpecifiedPolicy({ insuranceType })).type?.coding?.[0]?.code);
    expect(codes).toEqual(['1', '2', '311', '3221', '5', '39', '9']);
    expect(new Set(Object.values(INSURANCE_TYPES).map((entry) => entry.code)).size).toBe(insuranceTypeValues.length);
  });

  it('carries the Member ID as subscriberId and as a member-number identifier', () => {
    const coverage = onlyCoverage(fullySpecifiedPolicy());
    expect(coverage.subscriberId).toBe('XOF123456789');
    expect(coverage.identifier).toEqual([
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MB', display: 'Member Number' }] },
        value: 'XOF123456789',
      },
    ]);
  });

  it('names the client as beneficiary and the relationship with the subscriber-relationship codes', () => {
    const coverage = onlyCoverage(fullySpecifiedPolicy());
    expect(coverage.beneficiary).toEqual({ reference: 'Patient/CLI01', type: 'Patient', display: 'Ana Rivera' });
    expect(coverage.relationship).toEqual({
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: 'child', display: 'Child' }],
    });
  });

  it('describes a subscriber who is not the client as a contained RelatedPerson', () => {
    const coverage = onlyCoverage(fullySpecifiedPolicy());
    expect(coverage.subscriber).toEqual({ reference: '#subscriber', type: 'RelatedPerson' });
    const person = coverage.contained?.[0] as RelatedPerson;
    expect(person).toEqual({
      resourceType: 'RelatedPerson',
      id: 'subscriber',
      patient: { reference: 'Patient/CLI01' },
      relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'PRN', display: 'parent' }] }],
      name: [{ family: 'Rivera', given: ['Maria'] }],
      telecom: [{ system: 'phone', value: '+1 217-555-0142' }],
      gender: 'female',
      birthDate: '1981-11-23',
      address: [{ line: ['742 Evergreen Terrace', 'Apt 2'], city: 'Springfield', state: 'IL', postalCode: '62704' }],
    });
  });

  it('points the subscriber at the client when the client is the subscriber, and contains no one', () => {
    const coverage = onlyCoverage(fullySpecifiedPolicy({ relationship: 'self' }));
    expect(coverage.subscriber).toEqual({ reference: 'Patient/CLI01', type: 'Patient' });
    expect(coverage.contained).toBeUndefined();
  });

  it('names a linked payer with its EDI payer ID when the practice knows it', () => {
    expect(onlyCoverage(fullySpecifiedPolicy()).payor).toEqual([
      {
        extension: [{ url: FHIR_EXTENSIONS.enteredPayerName, valueString: 'BCBS IL' }],
        reference: 'Organization/PAYER01',
        type: 'Organization',
        identifier: {
          type: {
            coding: [{ system: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType', code: 'payerid', display: 'Payer ID' }],
          },
          value: '00621',
        },
        display: 'Blue Cross Blue Shield of Illinois',
      },
    ]);
    expect(onlyCoverage(fullySpecifiedPolicy(), { ediPayerIds: new Map() }).payor[0]?.identifier).toBeUndefined();
  });

  it('names an unlinked payer by what the client typed, and tags the policy Needs Payer', () => {
    const coverage = onlyCoverage(
      fullySpecifiedPolicy({ payer: { payerId: null, name: null, enteredName: 'Acme Health' }, needsPayer: true }),
    );
    expect(coverage.payor[0]?.display).toBe('Acme Health');
    expect(coverage.payor[0]?.reference).toBeUndefined();
    expect(coverage.meta?.tag?.map((tag) => tag.code)).toContain('needs-payer');
  });

  it('gives group and plan as coverage-class entries', () => {
    expect(onlyCoverage(fullySpecifiedPolicy()).class).toEqual([
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/coverage-class', code: 'group', display: 'Group' }] },
        value: '0076543',
      },
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/coverage-class', code: 'plan', display: 'Plan' }] },
        value: 'BCPPO-2024',
        name: 'Blue Choice PPO',
      },
    ]);
  });

  it('gives the coverage period from the Effective and End Dates', () => {
    expect(onlyCoverage(fullySpecifiedPolicy()).period).toEqual({ start: '2024-01-01', end: '2024-12-31' });
    expect(onlyCoverage(fullySpecifiedPolicy({ endDate: null })).period).toEqual({ start: '2024-01-01' });
  });

  it('marks a client-entered policy nobody reviewed yet', () => {
    expect(onlyCoverage(fullySpecifiedPolicy()).meta?.tag).toEqual([
      { system: FHIR_SYSTEMS.policyState, code: 'client-entered', display: 'Entered by the client in the portal' },
      { system: FHIR_SYSTEMS.policyState, code: 'unreviewed', display: 'Not reviewed by the practice yet' },
    ]);
    expect(onlyCoverage(fullySpecifiedPolicy({ reviewed: true })).meta?.tag?.map((tag) => tag.code)).toEqual(['client-entered']);
    expect(onlyCoverage(fullySpecifiedPolicy({ source: 'practice', reviewed: true })).meta?.tag).toBeUndefined();
  });
});
