/**
 * ASC X12 837 Professional (005010X222A1) from claim bundles: one interchange (ISA/IEA) holding one functional
 * group (GS/GE) holding one transaction set (ST/SE) with every claim of the export. Pure: no I/O, no clock —
 * the control numbers and the timestamp are passed in, so the same input always gives the same file.
 *
 * Loops written (the implementation guide's names):
 *   header      ISA, GS, ST, BHT
 *   1000A       submitter: NM1*41, PER*IC
 *   1000B       receiver: NM1*40
 *   2000A       billing provider HL (code 20), PRV*BI
 *   2010AA      billing provider: NM1*85 (NPI), N3, N4 (nine-digit ZIP), REF*EI or REF*SY (tax ID)
 *   per claim:
 *   2000B       subscriber HL (22), SBR (P/S/T, relationship 18 when the patient is the subscriber, group, filing code)
 *   2010BA      subscriber: NM1*IL (member ID), N3, N4, DMG
 *   2010BB      payer: NM1*PR (EDI payer ID)
 *   2000C       patient HL (23) and PAT, only when the patient is not the subscriber
 *   2010CA      patient: NM1*QC, N3, N4, DMG
 *   2300        CLM (patient control number, total, place of service:B:1, Y/A/Y/Y), HI (ABK then ABF)
 *   2310B       rendering provider NM1*82 + PRV*PE, when its NPI differs from the billing provider's
 *   2320/2330A/2330B  other subscriber (SBR, OI) and other payer, when another coverage pays first; with the
 *               other payer's adjudication (coordination of benefits) also 2320 CAS (claim-level adjustments, one
 *               segment per group code), AMT*D (payer paid amount), AMT*EAF (remaining patient liability: the PR
 *               adjustments), and 2330B DTP*573 (adjudication date) when it was not adjudicated line by line
 *   2400        LX, SV1 (HC:code:modifiers, charge, UN, units, pointers), DTP*472
 *   2430        per line, when the other payer adjudicated line by line: SVD (its payer ID, paid amount, the
 *               procedure, paid units), CAS per group code, DTP*573
 *   trailer     SE (segment count), GE, IEA
 */
import { parseTaxId } from './billing-identifiers.ts';
import {
  patientControlNumber,
  totalChargeCents,
  type BundleCoverage,
  type ClaimAdjustment,
  type ClaimBundle,
  type Person,
  type PostalAddress,
  type PrimaryAdjudication,
} from './claim-bundle.ts';

export interface X12Separators {
  element: string;
  component: string;
  segment: string;
  repetition: string;
}

export const DEFAULT_SEPARATORS: X12Separators = { element: '*', component: ':', segment: '~', repetition: '^' };

export interface InterchangeOptions {
  /** ISA13 / IEA02: unique per export (the caller's counter); 1–999,999,999. */
  interchangeControlNumber: number;
  /** GS06 / GE02; defaults to the interchange control number. */
  groupControlNumber?: number;
  /** ST02 / SE02 (4–9 digits); defaults to 0001 — unique within the group, which holds one transaction. */
  transactionControlNumber?: string;
  /** BHT03: the originator's reference for the batch (e.g. the export id). */
  batchReference: string;
  createdAt: Date;
  /** ISA15: `P` production (default) or `T` test. */
  usage?: 'P' | 'T';
  separators?: Partial<X12Separators>;
  /** Text after each segment terminator (e.g. '\n' for a file a person reads); none by default. */
  lineBreak?: string;
}

export class X12GenerationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'X12GenerationError';
  }
}

type Element = string | readonly string[] | undefined | null;

/**
 * The 837P text for `claims`, all under the first claim's billing provider (an export belongs to one practice).
 * Throws X12GenerationError on input that cannot make a valid file (no claims, mixed billing providers, a
 * control number out of range): claim readiness is meant to have refused it earlier.
 */
export function generate837P(claims: readonly ClaimBundle[], options: InterchangeOptions): string {
  const first = claims[0];
  if (!first) throw new X12GenerationError('An 837P needs at least one claim');
  const billing = first.billingProvider;
  if (claims.some((claim) => claim.billingProvider.npi !== billing.npi)) {
    throw new X12GenerationError('Every claim of one 837P must have the same billing provider');
  }
  const icn = options.interchangeControlNumber;
  if (!Number.isInteger(icn) || icn < 1 || icn > 999_999_999) throw new X12GenerationError('ISA13 must be 1–999999999');
  const gcn = options.groupControlNumber ?? icn;
  const stControl = options.transactionControlNumber ?? '0001';
  if (!/^\d{4,9}$/.test(stControl)) throw new X12GenerationError('ST02 must be 4–9 digits');

  const separators = { ...DEFAULT_SEPARATORS, ...options.separators };
  assertDistinctSeparators(separators);
  const writer = new SegmentWriter(separators);
  const date8 = ccyymmdd(options.createdAt);
  const time4 = hhmm(options.createdAt);
  // ISA is written raw (fixed width), so its IDs keep letters and digits only: no separator can slip in.
  const senderId = identifier(billing.submitterId || billing.npi, 15).replace(/-/g, '');
  const receiverId = identifier(billing.receiverId || 'CLEARINGHOUSE', 15).replace(/-/g, '');
  const receiverName = billing.receiverName || 'CLEARINGHOUSE';

  // ISA is fixed-width: every element padded to its exact length (106 characters with the terminator).
  const isa = [
    'ISA',
    '00',
    ' '.repeat(10),
    '00',
    ' '.repeat(10),
    'ZZ',
    senderId.padEnd(15, ' '),
    'ZZ',
    receiverId.padEnd(15, ' '),
    date8.slice(2),
    time4,
    separators.repetition,
    '00501',
    String(icn).padStart(9, '0'),
    '0',
    options.usage ?? 'P',
    separators.component,
  ].join(separators.element);

  const transaction = new SegmentWriter(separators);
  transaction.add('ST', '837', stControl, '005010X222A1');
  transaction.add('BHT', '0019', '00', text(options.batchReference, 50), date8, time4, 'CH');
  // 1000A submitter, 1000B receiver
  transaction.add('NM1', '41', '2', text(billing.organizationName, 60), '', '', '', '', '46', senderId);
  transaction.add('PER', 'IC', text(billing.organizationName, 60), 'TE', digits(billing.phone));
  transaction.add('NM1', '40', '2', text(receiverName, 60), '', '', '', '', '46', receiverId);
  // 2000A / 2010AA billing provider
  let hl = 1;
  transaction.add('HL', '1', '', '20', '1');
  transaction.add('PRV', 'BI', 'PXC', billing.taxonomyCode);
  transaction.add('NM1', '85', '2', text(billing.organizationName, 60), '', '', '', '', 'XX', billing.npi);
  addAddress(transaction, billing.address);
  const taxId = parseTaxId(billing.taxId);
  if (!taxId) throw new X12GenerationError('The billing provider tax ID is not an EIN or SSN');
  transaction.add('REF', taxId.kind === 'ein' ? 'EI' : 'SY', taxId.digits);

  for (const claim of claims) {
    hl = addClaim(transaction, claim, hl);
  }
  transaction.add('SE', String(transaction.count + 1), stControl);

  writer.raw(isa);
  writer.add('GS', 'HC', senderId, receiverId, date8, time4, String(gcn), 'X', '005010X222A1');
  writer.append(transaction);
  writer.add('GE', '1', String(gcn));
  writer.add('IEA', '1', String(icn).padStart(9, '0'));
  return writer.toString(options.lineBreak ?? '');
}

/** Writes loops 2000B … 2400 for one claim; returns the last HL id used. */
function addClaim(out: SegmentWriter, claim: ClaimBundle, lastHl: number): number {
  const { coverage } = claim;
  const patientIsSubscriber = coverage.relationship === 'self';
  const subscriberHl = lastHl + 1;
  // 2000B subscriber
  out.add('HL', String(subscriberHl), '1', '22', patientIsSubscriber ? '0' : '1');
  addSubscriberInformation(out, coverage, patientIsSubscriber ? '18' : '');
  // 2010BA subscriber (the patient, when self)
  const subscriber = patientIsSubscriber ? claim.patient : coverage.subscriber;
  addPerson(out, 'IL', subscriber, coverage.memberId);
  // 2010BB payer
  out.add('NM1', 'PR', '2', text(coverage.payer.name, 60), '', '', '', '', 'PI', identifier(coverage.payer.ediPayerId, 80));

  let hl = subscriberHl;
  if (!patientIsSubscriber) {
    // 2000C / 2010CA patient
    hl += 1;
    out.add('HL', String(hl), String(subscriberHl), '23', '0');
    out.add('PAT', individualRelationship(coverage.relationship));
    addPerson(out, 'QC', claim.patient, null);
  }

  // 2300 claim
  out.add(
    'CLM',
    patientControlNumber(claim.claimId),
    amount(totalChargeCents(claim.serviceLines)),
    '',
    '',
    [claim.placeOfService, 'B', '1'],
    'Y',
    'A',
    'Y',
    'Y',
  );
  out.add('HI', ...claim.diagnosisCodes.map((code, index) => [index === 0 ? 'ABK' : 'ABF', code.replace('.', '')]));

  // 2310B rendering provider, when not the billing provider itself
  if (claim.renderingProvider.npi !== claim.billingProvider.npi) {
    const rendering = claim.renderingProvider;
    out.add('NM1', '82', '1', text(rendering.familyName, 60), text(rendering.givenName, 35), '', '', '', 'XX', rendering.npi);
    out.add('PRV', 'PE', 'PXC', rendering.taxonomyCode);
  }

  // 2320 / 2330A / 2330B the payer before this one, with its adjudication when known
  const other = claim.otherCoverage;
  const adjudication = other ? (claim.primaryAdjudication ?? null) : null;
  if (other) addOtherSubscriber(out, other, claim.patient, adjudication);
  // 2430 is written per line only when the other payer adjudicated line by line, one entry per line; SVD01
  // names the payer of 2330B (its NM109).
  const byLine =
    other && adjudication && adjudication.lines.length === claim.serviceLines.length
      ? { payerId: identifier(other.payer.ediPayerId, 80), paidDate: adjudication.paidDate, lines: adjudication.lines }
      : null;

  // 2400 service lines
  claim.serviceLines.forEach((line, index) => {
    out.add('LX', String(index + 1));
    out.add(
      'SV1',
      ['HC', line.procedureCode, ...line.modifiers],
      amount(line.chargeCents),
      'UN',
      String(line.units),
      '',
      '',
      line.diagnosisPointers.map(String),
    );
    out.add('DTP', '472', 'D8', claim.dateOfService.replace(/-/g, ''));
    const adjudicated = byLine?.lines[index];
    if (byLine && adjudicated) {
      // 2430: SVD05 is the units the other payer paid.
      out.add('SVD', byLine.payerId, amount(adjudicated.paidCents), ['HC', line.procedureCode, ...line.modifiers], '', String(line.units));
      addAdjustments(out, adjudicated.adjustments);
      out.add('DTP', '573', 'D8', byLine.paidDate.replace(/-/g, ''));
    }
  });
  return hl;
}

/**
 * CAS: one segment per group code (the guide allows each group once per loop), each with up to six trios of
 * reason code, amount and (empty) quantity; readiness refuses more than six of one group.
 */
function addAdjustments(out: SegmentWriter, adjustments: readonly ClaimAdjustment[]): void {
  const groups = new Map<string, ClaimAdjustment[]>();
  for (const adjustment of adjustments) groups.set(adjustment.groupCode, [...(groups.get(adjustment.groupCode) ?? []), adjustment]);
  for (const [group, members] of groups) {
    // The quantity of each trio is empty (the last one is dropped with the trailing empty elements).
    const trios = members.slice(0, 6).flatMap((adjustment) => [adjustment.reasonCode, signedAmount(adjustment.amountCents), '']);
    out.add('CAS', group, ...trios);
  }
}

/** The remaining patient liability (2320 AMT*EAF): what the other payer left to the patient (group PR). */
function patientResponsibilityCents(adjudication: PrimaryAdjudication): number {
  return [adjudication.adjustments, ...adjudication.lines.map((line) => line.adjustments)]
    .flat()
    .filter((adjustment) => adjustment.groupCode === 'PR')
    .reduce((sum, adjustment) => sum + adjustment.amountCents, 0);
}

/**
 * SBR, in 2000B and 2320 alike: payer responsibility, the relationship code (SBR02), the group number or — only
 * when there is none, as the guide asks — the plan name as group name (SBR04), and the claim filing indicator.
 */
function addSubscriberInformation(out: SegmentWriter, coverage: BundleCoverage, relationshipCode: string): void {
  out.add(
    'SBR',
    payerResponsibility(coverage.priority),
    relationshipCode,
    coverage.groupNumber ? text(coverage.groupNumber, 50) : '',
    !coverage.groupNumber && coverage.planName ? text(coverage.planName, 60) : '',
    '',
    '',
    '',
    '',
    claimFilingIndicator(coverage.insuranceType),
  );
}

function addOtherSubscriber(out: SegmentWriter, other: BundleCoverage, patient: Person, adjudication: PrimaryAdjudication | null): void {
  addSubscriberInformation(out, other, individualRelationshipToSubscriber(other.relationship));
  if (adjudication) {
    // 2320 in the guide's order: CAS (claim-level adjustments), AMT*D, AMT*EAF, then OI.
    addAdjustments(out, adjudication.adjustments);
    out.add('AMT', 'D', amount(adjudication.paidCents));
    const patientOwes = patientResponsibilityCents(adjudication);
    if (patientOwes > 0) out.add('AMT', 'EAF', amount(patientOwes));
  }
  // OI03 benefits assigned, OI06 release of information on file.
  out.add('OI', '', '', 'Y', '', '', 'Y');
  const subscriber = other.relationship === 'self' ? patient : other.subscriber;
  addPersonName(out, 'IL', subscriber, other.memberId);
  addAddress(out, subscriber.address);
  out.add('NM1', 'PR', '2', text(other.payer.name, 60), '', '', '', '', 'PI', identifier(other.payer.ediPayerId, 80));
  // 2330B DTP*573 (claim check or remittance date): required when the payer adjudicated the claim and 2430 is
  // not used, i.e. it adjudicated the claim as a whole.
  if (adjudication && adjudication.lines.length === 0) out.add('DTP', '573', 'D8', adjudication.paidDate.replace(/-/g, ''));
}

/** NM1 for a person: the subscriber (IL, with the member ID as NM108 MI / NM109) or the patient (QC, without). */
function addPersonName(out: SegmentWriter, entity: 'IL' | 'QC', person: Person, memberId: string | null): void {
  const id = memberId ? ['MI', identifier(memberId, 80)] : [];
  out.add('NM1', entity, '1', text(person.lastName, 60), text(person.firstName, 35), '', '', '', ...id);
}

function addPerson(out: SegmentWriter, entity: 'IL' | 'QC', person: Person, memberId: string | null): void {
  addPersonName(out, entity, person, memberId);
  addAddress(out, person.address);
  out.add('DMG', 'D8', person.dateOfBirth.replace(/-/g, ''), sexCode(person.sex));
}

function addAddress(out: SegmentWriter, address: PostalAddress): void {
  out.add('N3', text(address.line1, 55), address.line2 ? text(address.line2, 55) : '');
  out.add('N4', text(address.city, 30), text(address.state, 2), digits(address.postalCode));
}

const payerResponsibility = (priority: BundleCoverage['priority']) => (priority === 'primary' ? 'P' : priority === 'secondary' ? 'S' : 'T');

/** PAT01: the patient's relationship to the insured (spouse 01, child 19, other G8). */
function individualRelationship(relationship: BundleCoverage['relationship']): string {
  return relationship === 'spouse' ? '01' : relationship === 'child' ? '19' : 'G8';
}

/** SBR02 in 2320: the same code list, with 18 for the patient being that subscriber. */
function individualRelationshipToSubscriber(relationship: BundleCoverage['relationship']): string {
  return relationship === 'self' ? '18' : individualRelationship(relationship);
}

/** SBR09 (claim filing indicator, code list 1032) from the policy's insurance type. */
export function claimFilingIndicator(type: BundleCoverage['insuranceType']): string {
  switch (type) {
    case 'medicare':
      return 'MB';
    case 'medicaid':
      return 'MC';
    case 'tricare':
      return 'CH';
    case 'champva':
      return 'VA';
    case 'group_health_plan':
      return 'CI';
    case 'feca_black_lung':
      return 'OF';
    default:
      return 'ZZ';
  }
}

const sexCode = (sex: Person['sex']) => (sex === 'female' ? 'F' : sex === 'male' ? 'M' : 'U');

/** X12 decimal (R): dollars, no trailing zeros after the point (12000 → 120, 12050 → 120.5). */
export function amount(cents: number): string {
  const whole = Math.trunc(cents / 100);
  const fraction = cents % 100;
  if (fraction === 0) return String(whole);
  return `${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
}

/** An amount that may be negative (a CAS reversal): `-` before the X12 decimal. */
function signedAmount(cents: number): string {
  return cents < 0 ? `-${amount(-cents)}` : amount(cents);
}

function ccyymmdd(at: Date): string {
  return at.toISOString().slice(0, 10).replace(/-/g, '');
}

function hhmm(at: Date): string {
  return at.toISOString().slice(11, 16).replace(':', '');
}

const digits = (value: string) => value.replace(/\D/g, '');

/**
 * Free text as X12's extended character set allows it: upper case, accents dropped, anything outside letters,
 * digits and the common punctuation replaced by a space, trimmed to the element's maximum length. Separator
 * characters are removed when the segment is written.
 */
export function text(value: string, maxLength: number): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9 !"&'()+,\-./;?=%@[\]_{}\\|<>#$]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, maxLength)
    .trim();
}

/** An identifier (member ID, payer ID, submitter ID): letters, digits and dashes, nothing else. */
function identifier(value: string, maxLength: number): string {
  return text(value, maxLength).replace(/[^A-Z0-9-]/g, '');
}

function assertDistinctSeparators(separators: X12Separators): void {
  const values = [separators.element, separators.component, separators.segment, separators.repetition];
  if (
    values.some((value) => value.length !== 1) ||
    new Set(values).size !== values.length ||
    values.some((value) => /[A-Z0-9 ]/.test(value))
  ) {
    throw new X12GenerationError('Separators must be four distinct single characters that are not letters, digits or spaces');
  }
}

/**
 * Collects segments. A composite element is passed as an array and joined with the component separator; in
 * data, every separator character becomes a space (a name can never split an element); trailing empty
 * elements are dropped (X12 forbids them).
 */
class SegmentWriter {
  private readonly segments: string[] = [];
  private readonly forbidden: RegExp;

  constructor(private readonly separators: X12Separators) {
    const escaped = [separators.element, separators.component, separators.segment, separators.repetition].map((character) =>
      character.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&'),
    );
    this.forbidden = new RegExp(`[${escaped.join('')}]`, 'g');
  }

  get count(): number {
    return this.segments.length;
  }

  add(tag: string, ...elements: Element[]): void {
    const values = elements.map((element) => this.clean(element));
    while (values.length > 0 && values[values.length - 1] === '') values.pop();
    this.segments.push([tag, ...values].join(this.separators.element));
  }

  raw(segment: string): void {
    this.segments.push(segment);
  }

  append(other: SegmentWriter): void {
    this.segments.push(...other.segments);
  }

  toString(lineBreak: string): string {
    return this.segments.map((segment) => segment + this.separators.segment + lineBreak).join('');
  }

  private clean(element: Element): string {
    if (element === undefined || element === null) return '';
    if (typeof element === 'string') return this.data(element);
    const components = element.map((component) => this.data(component));
    while (components.length > 0 && components[components.length - 1] === '') components.pop();
    return components.join(this.separators.component);
  }

  private data(value: string): string {
    return value.replace(this.forbidden, ' ').trim();
  }
}
