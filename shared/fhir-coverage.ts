/**
 * A client's policies as FHIR R4 Coverage resources (`GET /api/clients/{id}/policies?format=fhir`), typed
 * against the published R4 definitions (@types/fhir 0.0.x, `fhir/r4`; imported as `fhir/r4.js` because
 * nodenext resolves a subpath of a package without `exports` only by file name; type-only, so nothing loads). The inverse, policyFromCoverage, exists so
 * that a test can prove every exported fact survives the trip; it reads only what coverageFromPolicy writes.
 *
 * Code systems (all but the local ones are published HL7 / US terminology):
 * - Coverage.type: Source of Payment Typology (https://nahdo.org/sopt), the payer-type code system US Core
 *   binds Coverage.type to. Our insurance types are the CMS-1500 box 1 categories; see INSURANCE_TYPES.
 *   `text` keeps the product's own label.
 * - Coverage.relationship: http://terminology.hl7.org/CodeSystem/subscriber-relationship (self, spouse,
 *   child, other: the patient's relationship to the subscriber, as CMS-1500 box 6).
 * - Coverage.class: http://terminology.hl7.org/CodeSystem/coverage-class `group` (Group Number) and `plan`
 *   (Plan ID as value, plan name as name).
 * - Coverage.costToBeneficiary: http://terminology.hl7.org/CodeSystem/coverage-copay-type `copay`,
 *   `deductible`, in USD.
 * - Coverage.identifier: the Member ID again, typed v2-0203 `MB` (Member Number), as US Core does.
 * - payor identifier: the payer's EDI payer ID, typed with CARIN Blue Button's `payerid` ("Payer ID used in
 *   HIPAA covered claims submission transactions"). EDI payer IDs are assigned per clearinghouse, so no
 *   identifier system is claimed for them.
 * - The contained subscriber RelatedPerson's relationship: v3-RoleCode SPS (spouse) / PRN (parent, when the
 *   client is the subscriber's child).
 * - Local, under LOCAL_FHIR_NAMESPACE: `meta.tag` codes for the review state (a client-entered policy that
 *   nobody at the practice has reviewed carries both `client-entered` and `unreviewed`; a policy without a
 *   linked payer carries `needs-payer`), and two extensions for facts R4 has no element for (the employer or
 *   school, the payer name as the client typed it).
 */
import type {
  Bundle,
  BundleEntry,
  CodeableConcept,
  Coding,
  Coverage,
  CoverageClass,
  CoverageCostToBeneficiary,
  Extension,
  Reference,
  RelatedPerson,
} from 'fhir/r4.js';
import type { InsuranceType, Policy } from './schemas.ts';

/** Local namespace for the tags and extensions below: a URN, so nobody mistakes it for a resolvable page. */
export const LOCAL_FHIR_NAMESPACE = 'urn:portal-insurance:fhir';

export const FHIR_SYSTEMS = {
  sourceOfPayment: 'https://nahdo.org/sopt',
  subscriberRelationship: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship',
  coverageClass: 'http://terminology.hl7.org/CodeSystem/coverage-class',
  copayType: 'http://terminology.hl7.org/CodeSystem/coverage-copay-type',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  carinIdentifierType: 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType',
  roleCode: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  policyState: `${LOCAL_FHIR_NAMESPACE}:CodeSystem:policy-state`,
} as const;

export const FHIR_EXTENSIONS = {
  employerOrSchool: `${LOCAL_FHIR_NAMESPACE}:StructureDefinition:employer-or-school`,
  enteredPayerName: `${LOCAL_FHIR_NAMESPACE}:StructureDefinition:entered-payer-name`,
} as const;

/** meta.tag codes (system FHIR_SYSTEMS.policyState). */
export const POLICY_STATE_TAGS = {
  clientEntered: { code: 'client-entered', display: 'Entered by the client in the portal' },
  unreviewed: { code: 'unreviewed', display: 'Not reviewed by the practice yet' },
  needsPayer: { code: 'needs-payer', display: "Not linked to one of the practice's payers" },
} as const;

/**
 * Insurance type → Source of Payment Typology. The CMS-1500 categories are broad, so each maps to the SOPT
 * concept that contains every policy of that category:
 * - group health plan → 5 PRIVATE HEALTH INSURANCE (we do not know whether it is an HMO, a PPO or BCBS);
 * - FECA Black Lung → 39 Other Federal: the box covers both FECA (federal employees' compensation) and the
 *   Black Lung program, and SOPT's 35 Black Lung would misfile the FECA half;
 * - other → 9 MISCELLANEOUS/OTHER.
 */
export const INSURANCE_TYPES: Record<InsuranceType, { code: string; display: string; label: string }> = {
  medicare: { code: '1', display: 'MEDICARE', label: 'Medicare' },
  medicaid: { code: '2', display: 'MEDICAID', label: 'Medicaid' },
  tricare: { code: '311', display: 'TRICARE (CHAMPUS)', label: 'TRICARE' },
  champva: { code: '3221', display: 'Civilian Health and Medical Program for the VA (CHAMPVA)', label: 'CHAMPVA' },
  group_health_plan: { code: '5', display: 'PRIVATE HEALTH INSURANCE', label: 'Group Health Plan' },
  feca_black_lung: { code: '39', display: 'Other Federal', label: 'FECA Black Lung' },
  other: { code: '9', display: 'MISCELLANEOUS/OTHER', label: 'Other' },
};

const RELATIONSHIP_DISPLAY: Record<Policy['relationship'], string> = { self: 'Self', spouse: 'Spouse', child: 'Child', other: 'Other' };

/** The subscriber's role towards the client (the patient), for the contained RelatedPerson. */
const SUBSCRIBER_ROLE: Partial<Record<Policy['relationship'], Coding>> = {
  spouse: { system: FHIR_SYSTEMS.roleCode, code: 'SPS', display: 'spouse' },
  child: { system: FHIR_SYSTEMS.roleCode, code: 'PRN', display: 'parent' },
};

/** Coverage.order: the coordination-of-benefits position. */
const ORDER: Record<Policy['priority'], number> = { primary: 1, secondary: 2, other: 3 };

const SUBSCRIBER_ID = 'subscriber';

/**
 * Policy fields with no place in a Coverage: the payer-matching workflow, card images (they would be
 * DocumentReferences) and what was read from them, the review queue's reasons, the client's original
 * submission, and bookkeeping. Everything else is exported.
 */
export const FIELDS_NOT_IN_FHIR = [
  'payerMatch',
  'attachments',
  'cardCheck',
  'clientEntered',
  'reviewedAt',
  'createdAt',
  'createdBy',
  // Derived for people on each read (coverage state at the practice's today, overlaps, review reasons).
  'coverageState',
  'endedBy',
  'overlap',
  'review',
] as const satisfies readonly (keyof Policy)[];

/** What a Coverage carries of a policy, and what policyFromCoverage gives back. */
export type CoverageFacts = Omit<Policy, (typeof FIELDS_NOT_IN_FHIR)[number]>;

/** The client as the beneficiary (a ClientRecord or Client fits). */
export interface Beneficiary {
  clientId: string;
  firstName: string;
  lastName: string;
}

export interface CoverageBundleOptions {
  /** payerId → EDI payer ID of the practice's payers; the Payer resource holds it, not the policy. */
  ediPayerIds?: ReadonlyMap<string, string>;
  /** When the bundle was assembled (an ISO-8601 instant). */
  timestamp?: string;
}

/**
 * The client's policies as a `collection` Bundle of Coverage, in the order given. Entries are identified by
 * a stable `urn:uuid` derived from the policy id: FHIR wants an absolute fullUrl, and this API serves no
 * FHIR base URL to make one from.
 */
export function coverageBundle(client: Beneficiary, policies: readonly Policy[], options: CoverageBundleOptions = {}): Bundle<Coverage> {
  const entry: BundleEntry<Coverage>[] = policies.map((policy) => ({
    fullUrl: `urn:uuid:${stableUuid(`Coverage/${policy.policyId}`)}`,
    resource: coverageFromPolicy(client, policy, policy.payer.payerId ? options.ediPayerIds?.get(policy.payer.payerId) : undefined),
  }));
  return {
    resourceType: 'Bundle',
    type: 'collection',
    ...(options.timestamp ? { timestamp: options.timestamp } : {}),
    ...(entry.length > 0 ? { entry } : {}),
  };
}

/** One policy as a Coverage. */
export function coverageFromPolicy(client: Beneficiary, policy: Policy, ediPayerId?: string): Coverage {
  const beneficiary: Reference = {
    reference: `Patient/${client.clientId}`,
    type: 'Patient',
    ...nonEmpty('display', `${client.firstName} ${client.lastName}`.trim()),
  };
  // When the client is the subscriber, the subscriber *is* the beneficiary; subscriber details stored on such
  // a policy (left over from an earlier relationship) describe nobody and are not exported.
  const subscriber = policy.relationship !== 'self' && policy.subscriber ? subscriberPerson(client.clientId, policy) : undefined;
  const tags = stateTags(policy);
  const extension = [...(policy.employerOrSchool ? [{ url: FHIR_EXTENSIONS.employerOrSchool, valueString: policy.employerOrSchool }] : [])];

  return {
    resourceType: 'Coverage',
    id: policy.policyId,
    meta: {
      versionId: String(policy.version),
      lastUpdated: policy.updatedAt,
      ...(tags.length > 0 ? { tag: tags } : {}),
    },
    ...(subscriber ? { contained: [subscriber] } : {}),
    ...(extension.length > 0 ? { extension } : {}),
    ...(policy.memberId ? { identifier: [memberIdentifier(policy.memberId)] } : {}),
    status: policy.status === 'active' ? 'active' : 'cancelled',
    ...(policy.insuranceType ? { type: insuranceTypeConcept(policy.insuranceType) } : {}),
    ...(policy.relationship === 'self'
      ? { subscriber: { reference: beneficiary.reference, type: 'Patient' } }
      : subscriber
        ? { subscriber: { reference: `#${SUBSCRIBER_ID}`, type: 'RelatedPerson' } }
        : {}),
    ...(policy.memberId ? { subscriberId: policy.memberId } : {}),
    beneficiary,
    relationship: {
      coding: [
        { system: FHIR_SYSTEMS.subscriberRelationship, code: policy.relationship, display: RELATIONSHIP_DISPLAY[policy.relationship] },
      ],
    },
    period: { start: policy.effectiveDate, ...(policy.endDate ? { end: policy.endDate } : {}) },
    payor: [payor(policy, ediPayerId)],
    ...classes(policy),
    order: ORDER[policy.priority],
    ...costs(policy),
  };
}

function nonEmpty<K extends string>(key: K, value: string | null | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

function stateTags(policy: Policy): Coding[] {
  const tags: Coding[] = [];
  const tag = (entry: { code: string; display: string }) => tags.push({ system: FHIR_SYSTEMS.policyState, ...entry });
  if (policy.source === 'client') tag(POLICY_STATE_TAGS.clientEntered);
  if (!policy.reviewed) tag(POLICY_STATE_TAGS.unreviewed);
  if (policy.needsPayer) tag(POLICY_STATE_TAGS.needsPayer);
  return tags;
}

function memberIdentifier(memberId: string) {
  return {
    type: { coding: [{ system: FHIR_SYSTEMS.identifierType, code: 'MB', display: 'Member Number' }] },
    value: memberId,
  };
}

function insuranceTypeConcept(type: InsuranceType): CodeableConcept {
  const { code, display, label } = INSURANCE_TYPES[type];
  return { coding: [{ system: FHIR_SYSTEMS.sourceOfPayment, code, display }], text: label };
}

/**
 * The payer: the practice's payer record when linked (a reference by its id, its name, its EDI payer ID when
 * known); otherwise only the name the client typed — Coverage requires a payor, and that name is all we know.
 */
function payor(policy: Policy, ediPayerId: string | undefined): Reference {
  const { payerId, name, enteredName } = policy.payer;
  const entered: Extension[] = enteredName ? [{ url: FHIR_EXTENSIONS.enteredPayerName, valueString: enteredName }] : [];
  if (!payerId) {
    return { ...(entered.length ? { extension: entered } : {}), type: 'Organization', display: enteredName ?? 'Unknown payer' };
  }
  return {
    ...(entered.length ? { extension: entered } : {}),
    reference: `Organization/${payerId}`,
    type: 'Organization',
    ...(ediPayerId
      ? {
          identifier: {
            type: { coding: [{ system: FHIR_SYSTEMS.carinIdentifierType, code: 'payerid', display: 'Payer ID' }] },
            value: ediPayerId,
          },
        }
      : {}),
    ...nonEmpty('display', name),
  };
}

/**
 * Group and plan. CoverageClass.value is required, so a plan known only by name uses the name as its value
 * too; the decoder reads "value equals name" as "no plan ID".
 */
function classes(policy: Policy): { class?: CoverageClass[] } {
  const entries: CoverageClass[] = [];
  const type = (code: 'group' | 'plan', display: string): CodeableConcept => ({
    coding: [{ system: FHIR_SYSTEMS.coverageClass, code, display }],
  });
  if (policy.groupNumber) entries.push({ type: type('group', 'Group'), value: policy.groupNumber });
  const planValue = policy.planId ?? policy.planName;
  if (planValue) entries.push({ type: type('plan', 'Plan'), value: planValue, ...nonEmpty('name', policy.planName) });
  return entries.length > 0 ? { class: entries } : {};
}

function costs(policy: Policy): { costToBeneficiary?: CoverageCostToBeneficiary[] } {
  const entries: CoverageCostToBeneficiary[] = [];
  const cost = (code: 'copay' | 'deductible', display: string, cents: number): CoverageCostToBeneficiary => ({
    type: { coding: [{ system: FHIR_SYSTEMS.copayType, code, display }] },
    valueMoney: { value: cents / 100, currency: 'USD' },
  });
  if (policy.copayCents !== null) entries.push(cost('copay', 'Copay Amount', policy.copayCents));
  if (policy.deductibleCents !== null) entries.push(cost('deductible', 'Deductible', policy.deductibleCents));
  return entries.length > 0 ? { costToBeneficiary: entries } : {};
}

function subscriberPerson(clientId: string, policy: Policy): RelatedPerson {
  const subscriber = policy.subscriber!;
  const role = SUBSCRIBER_ROLE[policy.relationship];
  const { line1, line2, city, state, postalCode } = subscriber.address;
  return {
    resourceType: 'RelatedPerson',
    id: SUBSCRIBER_ID,
    patient: { reference: `Patient/${clientId}` },
    ...(role ? { relationship: [{ coding: [role] }] } : {}),
    name: [{ family: subscriber.lastName, given: [subscriber.firstName] }],
    ...(subscriber.phone ? { telecom: [{ system: 'phone', value: subscriber.phone }] } : {}),
    gender: subscriber.sex,
    birthDate: subscriber.dateOfBirth,
    address: [{ line: line2 ? [line1, line2] : [line1], city, state, postalCode }],
  };
}

// ---------------------------------------------------------------- the inverse

/**
 * The policy facts a Coverage written by coverageFromPolicy carries. Not a general FHIR importer: it reads
 * exactly the shapes written above, and throws on a Coverage that lacks what they always contain.
 */
export function policyFromCoverage(coverage: Coverage): CoverageFacts {
  const tags = new Set((coverage.meta?.tag ?? []).filter((tag) => tag.system === FHIR_SYSTEMS.policyState).map((tag) => tag.code));
  const clientId = idFromReference(coverage.beneficiary.reference, 'Patient/');
  const payorReference = coverage.payor[0];
  if (!coverage.id || !payorReference || !coverage.period?.start || !coverage.meta?.versionId || !coverage.meta.lastUpdated) {
    throw new Error('Not a Coverage written by coverageFromPolicy');
  }
  const payerId = payorReference.reference ? idFromReference(payorReference.reference, 'Organization/') : null;
  const enteredName = extensionString(payorReference.extension, FHIR_EXTENSIONS.enteredPayerName);
  const relationship = codeOf(coverage.relationship, FHIR_SYSTEMS.subscriberRelationship) as Policy['relationship'];
  const typeCode = codeOf(coverage.type, FHIR_SYSTEMS.sourceOfPayment);
  const group = classValue(coverage, 'group');
  const plan = classValue(coverage, 'plan');
  const person = coverage.contained?.find(
    (resource): resource is RelatedPerson => resource.resourceType === 'RelatedPerson' && resource.id === SUBSCRIBER_ID,
  );

  return {
    policyId: coverage.id,
    clientId,
    priority: (Object.entries(ORDER).find(([, order]) => order === coverage.order)?.[0] ?? 'other') as Policy['priority'],
    status: coverage.status === 'active' ? 'active' : 'inactive',
    source: tags.has(POLICY_STATE_TAGS.clientEntered.code) ? 'client' : 'practice',
    payer: { payerId, name: payerId ? (payorReference.display ?? null) : null, enteredName },
    needsPayer: tags.has(POLICY_STATE_TAGS.needsPayer.code),
    insuranceType: (Object.entries(INSURANCE_TYPES).find(([, entry]) => entry.code === typeCode)?.[0] ?? null) as InsuranceType | null,
    memberId: coverage.subscriberId ?? null,
    groupNumber: group?.value ?? null,
    planName: plan?.name ?? null,
    planId: plan && plan.value !== plan.name ? plan.value : null,
    relationship,
    subscriber: person ? subscriberFromPerson(person) : null,
    effectiveDate: coverage.period.start,
    endDate: coverage.period.end ?? null,
    copayCents: costCents(coverage, 'copay'),
    deductibleCents: costCents(coverage, 'deductible'),
    employerOrSchool: extensionString(coverage.extension, FHIR_EXTENSIONS.employerOrSchool),
    reviewed: !tags.has(POLICY_STATE_TAGS.unreviewed.code),
    updatedAt: coverage.meta.lastUpdated,
    version: Number(coverage.meta.versionId),
  };
}

function idFromReference(reference: string | undefined, prefix: string): string {
  if (!reference?.startsWith(prefix)) throw new Error(`Expected a ${prefix} reference`);
  return reference.slice(prefix.length);
}

function codeOf(concept: CodeableConcept | undefined, system: string): string | null {
  return concept?.coding?.find((coding) => coding.system === system)?.code ?? null;
}

function extensionString(extensions: Extension[] | undefined, url: string): string | null {
  return extensions?.find((extension) => extension.url === url)?.valueString ?? null;
}

function classValue(coverage: Coverage, code: 'group' | 'plan'): CoverageClass | undefined {
  return coverage.class?.find((entry) => codeOf(entry.type, FHIR_SYSTEMS.coverageClass) === code);
}

function costCents(coverage: Coverage, code: 'copay' | 'deductible'): number | null {
  const value = coverage.costToBeneficiary?.find((entry) => codeOf(entry.type, FHIR_SYSTEMS.copayType) === code)?.valueMoney?.value;
  // Money is a decimal of dollars; rounding undoes the binary fraction of e.g. 19.99.
  return value === undefined ? null : Math.round(value * 100);
}

function subscriberFromPerson(person: RelatedPerson): NonNullable<Policy['subscriber']> {
  const name = person.name?.[0];
  const address = person.address?.[0];
  const [line1 = '', line2] = address?.line ?? [];
  const phone = person.telecom?.find((contact) => contact.system === 'phone')?.value;
  return {
    firstName: name?.given?.[0] ?? '',
    lastName: name?.family ?? '',
    dateOfBirth: person.birthDate ?? '',
    sex: person.gender === 'female' || person.gender === 'male' ? person.gender : 'unknown',
    address: {
      line1,
      ...(line2 ? { line2 } : {}),
      city: address?.city ?? '',
      state: address?.state ?? '',
      postalCode: address?.postalCode ?? '',
    },
    ...(phone ? { phone } : {}),
  };
}

// ---------------------------------------------------------------- stable ids

/**
 * A UUID derived from `name` (128-bit cyrb128 hash, formatted with the version-8 "custom" and RFC 9562 variant
 * bits): the same policy gets the same fullUrl in every export, without a crypto API (shared/ stays
 * isomorphic) and without a server base URL.
 */
export function stableUuid(name: string): string {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < name.length; i++) {
    const k = name.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  const hex = [h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
