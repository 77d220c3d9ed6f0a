/**
 * Every route, fuzzed over real HTTP against the real local stack with fast-check:
 * - valid-shaped requests (bodies, query strings and path ids built from shared/schemas.ts) get a 2xx or a
 *   contract error — never a 5xx;
 * - junk gets a contract 4xx — a broken body 400, a malformed path id 404 — never a 5xx;
 * - on routes that write, a request that is refused leaves the partitions it could touch exactly as they were.
 *
 * Runs are seeded (FUZZ_SEED overrides; fast-check prints the seed and the failing request) and bounded.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteDefinition, type RouteId } from '../../functions/routes.ts';
import { LANGUAGES } from '../../shared/i18n/languages.ts';
import {
  attachmentSideValues,
  cardImagesValues,
  insuranceCollectionValues,
  insuranceTypeValues,
  priorityValues,
  relationshipValues,
  sexValues,
  uploadContentTypes,
} from '../../shared/schemas.ts';
import {
  as,
  onboardPortalClient,
  outboxFor,
  practitioner,
  request,
  tokenFromLink,
  unique,
  type ApiResponse,
  type PortalClient,
} from '../support/api.ts';
import { contractViolation } from '../support/contract.ts';
import { JPEG_BYTES } from '../support/files.ts';
import {
  containsCurrentVersion,
  freeText,
  INVALID_DATES,
  isoDate,
  junkBody,
  malformedPathParameter,
  percentEncode,
  RawJson,
  realOrUnknownId,
  recentIsoDate,
  resolveCurrentVersion,
  someOf,
  toJsonText,
  unknownId,
  versionField,
  type Junk,
} from '../support/request-arbitraries.ts';
import { uploadFile } from '../support/uploads.ts';
import { changedItems, snapshotPartitions, type WriteSnapshot } from '../support/writes.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_127);
const VALID_RUNS = 20;
const JUNK_RUNS = 20;

// ------------------------------------------------------------------------------------------------- the world

/** Real data the requests point at, made through the API before the runs. */
interface World {
  practitionerToken: string;
  /** A portal client (insurance collection on) with a policy and a card image. */
  portal: PortalClient & { policyId: string; attachmentId: string };
  /**
   * A client the practitioner works on: a policy with a card image (the one policy edits are fuzzed on), and a
   * claim-ready Secondary with a draft claim (left alone by the policy edits, so claims can still succeed).
   */
  chart: { clientId: string; policyId: string; attachmentId: string; claimPolicyId: string; claimId: string; draftClaimId: string };
  /** The payer policies choose, and one that the payer edits are fuzzed on. */
  payerId: string;
  editedPayerId: string;
  /** A pending invitation (for acceptInvitation) and the client it belongs to. */
  invitation: { token: string; clientId: string };
  /** A cursor of the client list, to fuzz around a real one. */
  clientCursor: string;
  /** A colleague the team edits are fuzzed on (never the admin the suites sign in as). */
  teamMemberId: string;
}

let world: World;
let originalSettings: { collectInsurance: boolean; cardImages: string };

// ------------------------------------------------------------------------------------------------- request shapes

const subscriberArbitrary = someOf(
  {
    firstName: freeText(100),
    lastName: freeText(100),
    dateOfBirth: isoDate,
    sex: fc.constantFrom(...sexValues),
    address: someOf(
      {
        line1: freeText(200),
        line2: fc.option(freeText(200), { nil: null }),
        city: freeText(100),
        state: freeText(50),
        postalCode: fc.stringMatching(/^[A-Za-z0-9 -]{3,10}$/),
      },
      ['line1', 'city', 'state', 'postalCode'],
    ),
    phone: fc.stringMatching(/^[0-9+()\-. ]{7,25}$/),
  },
  ['firstName', 'lastName', 'dateOfBirth', 'sex', 'address'],
);

const policyTextFields = {
  insuranceType: fc.option(fc.constantFrom(...insuranceTypeValues), { nil: null }),
  memberId: fc.option(freeText(50), { nil: null }),
  groupNumber: fc.option(freeText(50), { nil: null }),
  planName: fc.option(freeText(120), { nil: null }),
  relationship: fc.constantFrom(...relationshipValues),
  subscriber: fc.option(subscriberArbitrary, { nil: null }),
  effectiveDate: recentIsoDate,
  endDate: fc.option(recentIsoDate, { nil: null }),
};
/**
 * Attachment ids that name no upload of this client (422; uploads are fuzzed on their own routes). Only in
 * one body in five, so that most valid-shaped policy writes get through to the write itself.
 */
function sometimesWithUnknownAttachments<T>(body: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof(
    { weight: 4, arbitrary: body },
    {
      weight: 1,
      arbitrary: fc
        .tuple(body, fc.array(unknownId, { minLength: 1, maxLength: 2 }))
        .map(([value, attachmentIds]) => ({ ...value, attachmentIds })),
    },
  );
}
const practiceOnlyFields = {
  planId: fc.option(freeText(50), { nil: null }),
  copayCents: fc.option(fc.integer({ min: 0, max: 100_000_000 }), { nil: null }),
  deductibleCents: fc.option(fc.integer({ min: 0, max: 100_000_000 }), { nil: null }),
  employerOrSchool: fc.option(freeText(120), { nil: null }),
};
const uploadBody = fc.record({
  fileName: freeText(255),
  contentType: fc.constantFrom(...uploadContentTypes),
  size: fc.oneof(fc.integer({ min: 1, max: 10 * 1024 * 1024 }), fc.constantFrom(1, 10 * 1024 * 1024)),
  side: fc.constantFrom(...attachmentSideValues),
});
const serviceLine = someOf(
  {
    procedureCode: fc.oneof(fc.stringMatching(/^(\d{5}|\d{4}[FTU]|[A-V]\d{4})$/), fc.constantFrom('90837', '90834', 'g0444', ' 99213 ')),
    modifiers: fc.uniqueArray(fc.oneof(fc.stringMatching(/^[0-9A-Z]{2}$/), fc.constantFrom('95', 'gt', 'HO')), { maxLength: 4 }),
    units: fc.integer({ min: 1, max: 999 }),
    chargeCents: fc.integer({ min: 0, max: 100_000_000 }),
    diagnosisPointers: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 4 }),
  },
  ['procedureCode', 'units', 'chargeCents'],
);
const placeOfService = fc.option(fc.constantFrom('02', '10', '11', '12', '53', '99'), { nil: null });
const claimAdjustment = fc.record({
  groupCode: fc.constantFrom('CO', 'CR', 'OA', 'PI', 'PR'),
  reasonCode: fc.oneof(fc.stringMatching(/^[A-Z0-9]{1,5}$/), fc.constantFrom('45', 'pr1')),
  amountCents: fc.integer({ min: -100_000, max: 100_000_000 }),
});
const primaryAdjudication = fc.option(
  someOf(
    {
      paidCents: fc.integer({ min: 0, max: 100_000_000 }),
      paidDate: recentIsoDate,
      adjustments: fc.array(claimAdjustment, { maxLength: 3 }),
      lines: fc.array(
        fc.record({ paidCents: fc.integer({ min: 0, max: 100_000_000 }), adjustments: fc.array(claimAdjustment, { maxLength: 2 }) }),
        {
          maxLength: 3,
        },
      ),
    },
    ['paidCents', 'paidDate'],
  ),
  { nil: null },
);
const diagnosisCode = fc.oneof(fc.stringMatching(/^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/), fc.constantFrom('F41.1', 'z00.00', 'F32.A'));
const passwords = fc.oneof(fc.constantFrom('Fuzzed-pass-1!', 'Ünïcode-pass-9?'), fc.string({ minLength: 8, maxLength: 40 }));

/**
 * Per route: who calls it, its valid-shaped path ids / query / body, what it may write (for the no-write check),
 * and where the current version of a versioned body comes from. Keyed by route id: a new route must be added.
 */
interface Target {
  params?: (world: World) => Record<string, fc.Arbitrary<string>>;
  query?: (world: World) => fc.Arbitrary<Record<string, string>>;
  /** Query values the route's query schema refuses (or should survive). */
  junkQuery?: fc.Arbitrary<Record<string, string>>;
  body?: (world: World) => fc.Arbitrary<unknown>;
  bodyOptional?: true;
  /** The partitions a refused request must leave untouched. */
  writes?: (world: World) => string[];
  countClients?: true;
  currentVersion?: (world: World) => Promise<number | undefined>;
  /** Known-tricky requests that every run tries first, whatever the seed (fast-check `examples`). */
  examples?: (world: World) => FuzzRequest[];
}

const practice = () => as(world.practitionerToken);
const chartPk = (w: World) => [`CLIENT#${w.chart.clientId}`];
const portalPk = (w: World) => [`CLIENT#${w.portal.clientId}`];
const chartIds = (w: World) => ({ clientId: realOrUnknownId(w.chart.clientId) });
const chartPolicyIds = (w: World) => ({ ...chartIds(w), policyId: realOrUnknownId(w.chart.policyId) });

const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

/** Cursors shaped like the list's own (base64url JSON of a key) but naming what the client chose. */
const craftedCursor = fc
  .oneof(
    fc.record({
      gsi1pk: fc.constant('CLIENTS'),
      pk: fc.string({ maxLength: 20 }),
      sk: fc.string({ maxLength: 20 }),
      gsi1sk: fc.string({ maxLength: 20 }),
    }),
    fc.record({
      gsi1pk: fc.constant('CLIENTS'),
      pk: fc.constantFrom('', 'CLIENT#x'),
      sk: fc.constantFrom('', 'CLIENT'),
      gsi1sk: fc.constantFrom('', 'a#b#c'),
    }),
    fc.record({ gsi1pk: fc.constant('CLIENTS'), pk: fc.string(), sk: fc.string(), gsi1sk: fc.string(), extra: fc.jsonValue() }),
    fc.jsonValue(),
  )
  .map(cursorOf);

const targets: Record<RouteId, Target> = {
  health: {},
  openapi: {},
  acceptInvitation: {
    body: (w) =>
      fc.record({ token: fc.oneof(fc.constant(w.invitation.token), fc.string({ minLength: 16, maxLength: 200 })), password: passwords }),
    writes: (w) => [`CLIENT#${w.invitation.clientId}`],
  },

  checkInvitation: {
    body: (w) => fc.record({ token: fc.oneof(fc.constant(w.invitation.token), fc.string({ minLength: 16, maxLength: 200 })) }),
    writes: (w) => [`CLIENT#${w.invitation.clientId}`],
  },
  getSettings: {},
  updateSettings: {
    body: () => fc.record({ collectInsurance: fc.boolean(), cardImages: fc.constantFrom(...cardImagesValues), version: versionField }),
    writes: () => ['PRACTICE'],
    currentVersion: async () => (await practice().get('/api/practice/settings')).body.version,
  },
  listPracticeAudit: {},
  listTeam: {},
  inviteTeamMember: {
    body: () =>
      someOf(
        {
          email: fc.constant('x').map(() => `${unique('fuzz-colleague')}@example.test`),
          givenName: freeText(100),
          familyName: freeText(100),
          role: fc.constantFrom('admin', 'practitioner'),
          npi: fc.option(fc.oneof(fc.constantFrom('1234567893', '1245319599'), fc.stringMatching(/^\d{10}$/)), { nil: null }),
          taxonomyCode: fc.option(fc.oneof(fc.constant('101YP2500X'), fc.stringMatching(/^[0-9A-Z]{9}X$/)), { nil: null }),
        },
        ['email', 'givenName', 'familyName', 'role'],
      ),
    writes: () => ['PRACTICE'],
  },
  updateTeamMember: {
    params: (w) => ({ userId: realOrUnknownId(w.teamMemberId) }),
    body: () =>
      someOf(
        {
          role: fc.constantFrom('admin', 'practitioner'),
          enabled: fc.boolean(),
          npi: fc.option(fc.oneof(fc.constant('1234567893'), fc.stringMatching(/^\d{10}$/)), { nil: null }),
          taxonomyCode: fc.option(fc.stringMatching(/^[0-9A-Z]{9}X$/), { nil: null }),
          version: versionField,
        },
        ['version'],
      ),
    writes: (w) => ['PRACTICE', `PRACTITIONER#${w.teamMemberId}`],
    currentVersion: async (w) =>
      (await practice().get('/api/practice/team')).body.items.find((member: any) => member.userId === w.teamMemberId)?.version,
  },
  listPayers: {
    query: () => someOf({ includeInactive: fc.constantFrom('true', 'false') }),
    junkQuery: fc.record({ includeInactive: fc.constantFrom('TRUE', '1', 'yes', '', 'true,false', ' true') }),
  },
  createPayer: {
    body: () =>
      someOf(
        {
          name: freeText(100).map((name) => `Fuzz ${name}`),
          ediPayerId: fc.option(fc.stringMatching(/^[A-Za-z0-9]{2,15}$/), { nil: null }),
          aliases: fc.array(freeText(120), { maxLength: 3 }),
        },
        ['name'],
      ),
    writes: () => ['PRACTICE'],
  },
  updatePayer: {
    // A payer of its own: renaming or deactivating the one policies choose would starve their fuzzing.
    params: (w) => ({ payerId: realOrUnknownId(w.editedPayerId) }),
    body: () =>
      someOf(
        {
          name: freeText(100).map((name) => `Fuzz ${name}`),
          ediPayerId: fc.option(fc.stringMatching(/^[A-Za-z0-9]{2,15}$/), { nil: null }),
          aliases: fc.array(freeText(120), { maxLength: 3 }),
          active: fc.boolean(),
          version: versionField,
        },
        ['version'],
      ),
    writes: () => ['PRACTICE'],
    currentVersion: async (w) =>
      (await practice().get('/api/payers?includeInactive=true')).body.items.find((payer: any) => payer.payerId === w.editedPayerId)
        ?.version,
  },

  listClients: {
    query: (w) =>
      someOf({
        limit: fc.integer({ min: 1, max: 100 }).map(String),
        q: freeText(100),
        cursor: fc.constant(w.clientCursor),
        sort: fc.constantFrom('name', 'activity'),
        filter: fc.constant('needs_review'),
      }),
    examples: (w): FuzzRequest[] => [
      // A real cursor of the unfiltered list, reused after the client typed a name filter.
      { kind: 'a cursor reused under another filter', params: {}, query: { cursor: w.clientCursor, q: 'zz' } },
      { kind: 'a cursor naming empty keys', params: {}, query: { cursor: cursorOf({ gsi1pk: 'CLIENTS', pk: '', sk: '', gsi1sk: '' }) } },
      {
        kind: 'a cursor with an extra attribute',
        params: {},
        query: { cursor: cursorOf({ gsi1pk: 'CLIENTS', pk: 'CLIENT#x', sk: 'CLIENT', gsi1sk: 'a#b#x', extra: 1 }) },
      },
    ],
    junkQuery: fc.oneof(
      fc.record({ cursor: fc.oneof(craftedCursor, fc.string({ maxLength: 200 })) }),
      fc.record({ limit: fc.constantFrom('0', '101', '-5', 'abc', '1.5', 'NaN', 'Infinity', '', '1e9') }),
      fc.record({ q: fc.string({ minLength: 101, maxLength: 2_000 }) }),
      fc.record({ sort: fc.constantFrom('', 'Name', 'newest', 'name,activity') }),
      fc.record({ filter: fc.constantFrom('', 'needs-review', 'all', 'unreviewed') }),
      fc.record({ filter: fc.constant('needs_review'), cursor: fc.oneof(craftedCursor, fc.string({ maxLength: 200 })) }),
    ),
  },
  createClient: {
    body: () =>
      someOf(
        {
          firstName: freeText(100),
          lastName: freeText(100),
          email: fc.oneof(
            fc.emailAddress(),
            fc.constant('x').map(() => `${unique('fuzz')}@example.test`),
          ),
          dateOfBirth: fc.option(isoDate, { nil: null }),
        },
        ['firstName', 'lastName', 'email'],
      ),
    countClients: true,
  },
  getClient: { params: chartIds },
  updateClient: {
    params: chartIds,
    body: () =>
      someOf(
        {
          firstName: freeText(100),
          lastName: freeText(100),
          email: fc.constant('x').map(() => `${unique('fuzz-renamed')}@example.test`),
          dateOfBirth: fc.option(isoDate, { nil: null }),
          insuranceCollection: fc.constantFrom(...insuranceCollectionValues),
          language: fc.constantFrom(...LANGUAGES),
          version: versionField,
        },
        ['version'],
      ),
    writes: chartPk,
    currentVersion: async (w) => (await practice().get(`/api/clients/${w.chart.clientId}`)).body.version,
  },
  sendInvitation: {
    params: chartIds,
    body: () => someOf({ insuranceCollection: fc.constantFrom(...insuranceCollectionValues), language: fc.constantFrom(...LANGUAGES) }),
    bodyOptional: true,
    writes: chartPk,
  },
  revokePortalAccess: { params: chartIds, writes: chartPk },
  createPracticeUpload: { params: chartIds, body: () => uploadBody, writes: chartPk },
  listPolicies: {
    params: chartIds,
    query: () => someOf({ format: fc.constantFrom('json', 'fhir') }),
    junkQuery: fc.record({ format: fc.constantFrom('FHIR', 'xml', '', 'fhir,json', 'fhir\u0000') }),
  },
  createPracticePolicy: {
    params: chartIds,
    body: (w) =>
      sometimesWithUnknownAttachments(
        someOf(
          {
            priority: fc.constantFrom(...priorityValues),
            status: fc.constantFrom('active', 'inactive'),
            payerId: fc.option(realOrUnknownId(w.payerId), { nil: null }),
            payerName: fc.option(freeText(120), { nil: null }),
            ...policyTextFields,
            ...practiceOnlyFields,
          },
          ['priority', 'effectiveDate'],
        ),
      ),
    writes: chartPk,
  },
  getPolicy: { params: chartPolicyIds },
  updatePolicy: {
    params: chartPolicyIds,
    body: (w) =>
      sometimesWithUnknownAttachments(
        someOf(
          {
            priority: fc.constantFrom(...priorityValues),
            status: fc.constantFrom('active', 'inactive'),
            payerId: fc.option(realOrUnknownId(w.payerId), { nil: null }),
            ...policyTextFields,
            ...practiceOnlyFields,
            reviewed: fc.boolean(),
            version: versionField,
          },
          ['version'],
        ),
      ),
    // Choosing a payer may teach the practice an alias: the practice partition is in reach too.
    writes: (w) => [...chartPk(w), 'PRACTICE'],
    currentVersion: async (w) => (await practice().get(`/api/clients/${w.chart.clientId}/policies/${w.chart.policyId}`)).body.version,
  },
  getAttachmentUrl: { params: (w) => ({ ...chartPolicyIds(w), attachmentId: realOrUnknownId(w.chart.attachmentId) }) },
  getCoverage: {
    params: chartIds,
    query: () => fc.record({ dateOfService: recentIsoDate }),
    junkQuery: fc.oneof(
      fc.record({ dateOfService: fc.constantFrom(...INVALID_DATES) }),
      fc.constant({}),
      fc.record({ dateOfService: recentIsoDate, extra: fc.string() }),
    ),
  },
  listNeedsPayer: {},
  listReviewQueue: {},
  listAudit: { params: chartIds },
  listClaims: { params: chartIds },
  createClaim: {
    params: chartIds,
    body: (w) =>
      fc.record({
        dateOfService: recentIsoDate,
        policyId: realOrUnknownId(w.chart.claimPolicyId, w.chart.policyId),
        serviceLines: fc.array(serviceLine, { maxLength: 3 }),
        diagnosisCodes: fc.array(diagnosisCode, { maxLength: 4 }),
      }),
    writes: chartPk,
  },
  submitClaim: { params: (w) => ({ ...chartIds(w), claimId: realOrUnknownId(w.chart.claimId) }), writes: chartPk },
  updateClaim: {
    params: (w) => ({ ...chartIds(w), claimId: realOrUnknownId(w.chart.draftClaimId) }),
    body: (w) =>
      someOf(
        {
          dateOfService: recentIsoDate,
          policyId: realOrUnknownId(w.chart.claimPolicyId, w.chart.policyId),
          serviceLines: fc.array(serviceLine, { maxLength: 3 }),
          diagnosisCodes: fc.array(diagnosisCode, { maxLength: 4 }),
          placeOfService,
          renderingPractitionerId: fc.option(unknownId, { nil: null }),
          primaryAdjudication,
          version: versionField,
        },
        ['version'],
      ),
    writes: chartPk,
    currentVersion: async (w) =>
      (await practice().get(`/api/clients/${w.chart.clientId}/claims`)).body.items.find(
        (claim: any) => claim.claimId === w.chart.draftClaimId,
      )?.version,
  },
  deleteClaim: { params: (w) => ({ ...chartIds(w), claimId: realOrUnknownId(w.chart.draftClaimId) }), writes: chartPk },
  getClaimCms1500: { params: (w) => ({ ...chartIds(w), claimId: realOrUnknownId(w.chart.claimId, w.chart.draftClaimId) }) },
  getClaimReadiness: { params: (w) => ({ ...chartIds(w), claimId: realOrUnknownId(w.chart.claimId, w.chart.draftClaimId) }) },
  listAllClaims: {
    query: () =>
      someOf({
        status: fc.constantFrom('draft', 'submitted', 'exported'),
        from: recentIsoDate,
        to: recentIsoDate,
        limit: fc.integer({ min: 1, max: 100 }).map(String),
      }),
    junkQuery: fc.oneof(
      fc.record({ status: fc.string({ maxLength: 20 }) }),
      fc.record({ from: fc.constantFrom(...INVALID_DATES) }),
      fc.record({ limit: fc.constantFrom('0', '101', '-1', 'ten', '1.5') }),
      fc.record({ cursor: craftedCursor }),
      fc.record({ cursor: fc.string({ maxLength: 200 }) }),
    ),
  },
  createClaimExport: {
    body: (w) =>
      fc.record({ claimIds: fc.uniqueArray(realOrUnknownId(w.chart.claimId, w.chart.draftClaimId), { minLength: 1, maxLength: 3 }) }),
    writes: (w) => [...chartPk(w), 'PRACTICE'],
  },
  getClaimExport: { params: () => ({ exportId: unknownId }) },

  getPortalMe: {},
  updatePortalIntake: { body: () => fc.constant({ insurance: 'skipped' }), writes: portalPk },
  updatePortalMe: { body: () => fc.record({ language: fc.constantFrom(...LANGUAGES) }), writes: portalPk },
  searchPortalPayers: {
    query: () => someOf({ q: freeText(120) }),
    junkQuery: fc.record({ q: fc.string({ minLength: 121, maxLength: 3_000 }) }),
  },
  createPortalUpload: { body: () => uploadBody, writes: portalPk },
  listPortalPolicies: {},
  getPortalAttachmentUrl: {
    params: (w) => ({ policyId: realOrUnknownId(w.portal.policyId), attachmentId: realOrUnknownId(w.portal.attachmentId) }),
  },
  createPortalPolicy: {
    body: (w) =>
      sometimesWithUnknownAttachments(
        someOf(
          {
            priority: fc.constantFrom('primary', 'secondary'),
            payerId: realOrUnknownId(w.payerId),
            payerName: fc.option(freeText(120), { nil: null }),
            ...policyTextFields,
          },
          ['priority', 'effectiveDate'],
        ),
      ),
    writes: portalPk,
  },
};

// ------------------------------------------------------------------------------------------------- sending

interface FuzzRequest {
  /** What kind of request this is, for the failure report. */
  kind: string;
  params: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  junk?: Junk;
  /** Raw text instead of a body (junk for body-less routes). */
  rawText?: string;
}

function tokenFor(route: RouteDefinition): string | undefined {
  if (route.access === 'practitioner' || route.access === 'admin') return world.practitionerToken;
  if (route.access === 'client') return world.portal.token;
  return undefined;
}

function urlOf(route: RouteDefinition, params: Record<string, string>, query?: Record<string, string>): string {
  const path = route.path.replace(/\{(\w+)\}/g, (_match, name: string) => params[name]!);
  const search = query && Object.keys(query).length ? `?${new URLSearchParams(query)}` : '';
  return `${path}${search}`;
}

async function send(route: RouteDefinition, target: Target, fuzzed: FuzzRequest): Promise<ApiResponse> {
  let text = fuzzed.rawText;
  if (fuzzed.body !== undefined) {
    // The item's version as it is now (1 if it cannot be read, e.g. a fuzzed id that names nothing).
    const version = containsCurrentVersion(fuzzed.body) ? ((await target.currentVersion?.(world)) ?? 1) : 1;
    const body = resolveCurrentVersion(fuzzed.body, version);
    text = fuzzed.junk ? fuzzed.junk.apply(body) : toJsonText(body);
  }
  return request(route.method, urlOf(route, fuzzed.params, fuzzed.query), {
    token: tokenFor(route),
    rawBody: text,
    headers: text === undefined ? {} : { 'content-type': 'application/json' },
  });
}

const nothing = fc.constant({}) as fc.Arbitrary<Record<string, string>>;

function paramsArbitrary(target: Target): fc.Arbitrary<Record<string, string>> {
  return target.params
    ? fc
        .record(target.params(world))
        .map((params) => Object.fromEntries(Object.entries(params).map(([name, value]) => [name, encodeURIComponent(value)])))
    : nothing;
}

function validRequests(target: Target): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      kind: fc.constant('valid-shaped'),
      params: paramsArbitrary(target),
      query: target.query ? target.query(world) : nothing,
      ...(target.body ? { body: target.body(world) } : {}),
    })
    .map(summarised);
}

/** How fast-check prints a request in a failure report: long values cut, so the report stays readable. */
function summarised<T extends FuzzRequest>(fuzzed: T): T {
  const cut = (value: unknown) => {
    const text = typeof value === 'string' ? value : toJsonText(resolveCurrentVersion(value, new RawJson('"<current version>"')));
    return text.length > 400 ? `${text.slice(0, 400)}… (${text.length} characters)` : text;
  };
  const summary = () =>
    [
      fuzzed.kind,
      `params ${JSON.stringify(fuzzed.params)}`,
      fuzzed.query && Object.keys(fuzzed.query).length ? `query ${cut(fuzzed.query)}` : '',
      fuzzed.body !== undefined ? `body ${cut(fuzzed.body)}` : '',
      fuzzed.rawText !== undefined ? `raw body ${cut(fuzzed.rawText)}` : '',
    ]
      .filter(Boolean)
      .join('; ');
  return Object.assign(Object.create(null), fuzzed, { [fc.toStringMethod]: summary });
}

/** Junk, and what the answer must then be: 400 for a broken body, 404 for a malformed id, else just no 5xx. */
function junkRequests(route: RouteDefinition, target: Target): fc.Arbitrary<FuzzRequest & { mustBe?: number }> {
  const valid = validRequests(target);
  const options: fc.Arbitrary<FuzzRequest & { mustBe?: number }>[] = [];
  if (target.body) {
    options.push(
      fc
        .tuple(valid, junkBody({ bodyOptional: target.bodyOptional }))
        .map(([request, junk]) => ({ ...request, kind: `junk body: ${junk.label}`, junk, mustBe: 400 })),
    );
  } else if (route.method !== 'GET') {
    // A route without a body ignores one; whatever is sent, nothing may break.
    options.push(
      fc
        .tuple(
          valid,
          fc.oneof(
            fc.jsonValue().map((value) => JSON.stringify(value)),
            fc.constantFrom('{', '\u0000', `${'['.repeat(5000)}${']'.repeat(5000)}`),
          ),
        )
        .map(([request, rawText]) => ({ ...request, kind: 'a body on a route without one', rawText })),
    );
  }
  const names = Object.keys(target.params?.(world) ?? {});
  if (names.length) {
    options.push(
      fc.tuple(valid, fc.constantFrom(...names), malformedPathParameter).map(([request, name, value]) => ({
        ...request,
        kind: `malformed path parameter ${name}=${JSON.stringify(value)}`,
        params: { ...request.params, [name]: percentEncode(value) },
        mustBe: 404,
      })),
    );
  }
  if (target.junkQuery) {
    options.push(fc.tuple(valid, target.junkQuery).map(([request, query]) => ({ ...request, kind: 'junk query string', query })));
  } else {
    options.push(
      fc
        .tuple(valid, fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 50 }), { maxKeys: 3 }))
        .map(([request, query]) => ({ ...request, kind: 'unexpected query parameters', query })),
    );
  }
  return fc.oneof(...options).map(summarised);
}

/**
 * Sends one fuzzed request and checks the answer: contract-shaped, never a 5xx, the required status if any,
 * and — on a route that writes — nothing written when refused. `baseline` is the snapshot after the previous
 * request of the run (accepted writes move it on).
 */
async function check(
  route: RouteDefinition,
  target: Target,
  fuzzed: FuzzRequest & { mustBe?: number },
  state: { baseline?: WriteSnapshot },
) {
  const response = await send(route, target, fuzzed);
  const context = `${fuzzed.kind} → ${response.status} ${JSON.stringify(response.body)?.slice(0, 300)}`;
  expect(contractViolation(response), context).toBeUndefined();
  expect(response.status, context).toBeLessThan(500);
  if (fuzzed.mustBe) expect(response.status, context).toBe(fuzzed.mustBe);

  if (target.writes || target.countClients) {
    const after = await snapshotPartitions(target.writes?.(world) ?? [], { countClients: target.countClients });
    if (response.status >= 400 && state.baseline)
      expect(changedItems(state.baseline, after), `a refused request wrote: ${context}`).toEqual([]);
    state.baseline = after;
  }
}

async function runProperty<T extends FuzzRequest>(
  route: RouteDefinition,
  target: Target,
  requests: fc.Arbitrary<T>,
  numRuns: number,
  examples: T[] = [],
) {
  const state: { baseline?: WriteSnapshot } = {};
  if (target.writes || target.countClients)
    state.baseline = await snapshotPartitions(target.writes?.(world) ?? [], { countClients: target.countClients });
  await fc.assert(
    fc.asyncProperty(requests, (fuzzed) => check(route, target, fuzzed, state)),
    // The server keeps state between runs, so shrinking would replay against a different world: report the
    // first failing request as it was (seed and path reproduce the run).
    { seed: SEED, numRuns, endOnFailure: true, examples: examples.map((example) => [summarised(example)] as [T]) },
  );
}

// ------------------------------------------------------------------------------------------------- setup

async function createInvitation(): Promise<World['invitation']> {
  const email = `${unique('fuzz-invitee')}@example.test`.toLowerCase();
  const created = await practice().post('/api/clients', { firstName: 'Fuzz', lastName: unique('Invitee'), email });
  await practice().post(`/api/clients/${created.body.clientId}/invitations`, {});
  const [message] = await outboxFor(email);
  return { token: tokenFromLink(message!.links[0]!), clientId: created.body.clientId };
}

beforeAll(async () => {
  const practitionerToken = await practitioner();
  world = { practitionerToken } as World;
  const settings = (await practice().get('/api/practice/settings')).body;
  originalSettings = { collectInsurance: settings.collectInsurance, cardImages: settings.cardImages };

  const payer = (await practice().post('/api/payers', { name: unique('Fuzz Fixture Health') })).body;
  const portal = await onboardPortalClient({ insuranceCollection: 'on', firstName: 'Fuzz', lastName: unique('Portal') });
  const portalUpload = await uploadFile(portal.token, '/api/portal/uploads', {
    bytes: JPEG_BYTES,
    fileName: 'card.jpg',
    contentType: 'image/jpeg',
  });
  const portalPolicy = (
    await as(portal.token).post('/api/portal/policies', {
      priority: 'primary',
      payerId: payer.payerId,
      effectiveDate: '2026-01-01',
      attachmentIds: [portalUpload.attachmentId],
    })
  ).body;

  const chartClient = (
    await practice().post('/api/clients', { firstName: 'Fuzz', lastName: unique('Chart'), email: `${unique('fuzz-chart')}@example.test` })
  ).body;
  const chartUpload = await uploadFile(practitionerToken, `/api/clients/${chartClient.clientId}/uploads`, {
    bytes: JPEG_BYTES,
    fileName: 'card.jpg',
    contentType: 'image/jpeg',
  });
  const chartPolicy = (
    await practice().post(`/api/clients/${chartClient.clientId}/policies`, {
      priority: 'primary',
      payerId: payer.payerId,
      insuranceType: 'group_health_plan',
      memberId: 'FZ-1',
      effectiveDate: '2026-01-01',
      attachmentIds: [chartUpload.attachmentId],
    })
  ).body;
  const claimPolicy = (
    await practice().post(`/api/clients/${chartClient.clientId}/policies`, {
      priority: 'secondary',
      payerId: payer.payerId,
      insuranceType: 'group_health_plan',
      memberId: 'FZ-2',
      relationship: 'self',
      effectiveDate: '2024-01-01',
    })
  ).body;
  const claim = (
    await practice().post(`/api/clients/${chartClient.clientId}/claims`, {
      dateOfService: '2026-03-02',
      policyId: claimPolicy.policyId,
      serviceLines: [{ procedureCode: '90837', units: 1, chargeCents: 15000 }],
      diagnosisCodes: ['F41.1'],
    })
  ).body;
  const draftClaim = (
    await practice().post(`/api/clients/${chartClient.clientId}/claims`, {
      dateOfService: '2026-03-03',
      policyId: claimPolicy.policyId,
      placeOfService: '11',
      serviceLines: [{ procedureCode: '90834', modifiers: ['HO'], units: 1, chargeCents: 12000, diagnosisPointers: [1] }],
      diagnosisCodes: ['F41.1'],
    })
  ).body;
  expect([portalPolicy.policyId, chartPolicy.policyId, claimPolicy.policyId, claim.claimId, draftClaim.claimId].every(Boolean)).toBe(true);

  world = {
    practitionerToken,
    portal: { ...portal, policyId: portalPolicy.policyId, attachmentId: portalUpload.attachmentId },
    chart: {
      clientId: chartClient.clientId,
      policyId: chartPolicy.policyId,
      attachmentId: chartUpload.attachmentId,
      claimPolicyId: claimPolicy.policyId,
      claimId: claim.claimId,
      draftClaimId: draftClaim.claimId,
    },
    payerId: payer.payerId,
    editedPayerId: (await practice().post('/api/payers', { name: unique('Fuzz Edited Health') })).body.payerId,
    invitation: await createInvitation(),
    clientCursor: (await practice().get('/api/clients?limit=1')).body.nextCursor,
    teamMemberId: (
      await practice().post('/api/practice/team', {
        email: `${unique('fuzz-member')}@example.test`,
        givenName: 'Fuzz',
        familyName: unique('Member'),
        role: 'practitioner',
      })
    ).body.userId,
  };
});

afterAll(async () => {
  // Fuzzed settings writes must not leak into the suites that run after this one.
  const current = (await practice().get('/api/practice/settings')).body;
  await practice().put('/api/practice/settings', { ...originalSettings, version: current.version });
});

// ------------------------------------------------------------------------------------------------- the properties

describe('fuzzing every route', () => {
  it('has a fuzz target for exactly the routes of the route table', () => {
    expect(Object.keys(targets).sort()).toEqual(routes.map((route) => route.id).sort());
  });

  describe.each(routes.map((route) => [`${route.method} ${route.path} (${route.id})`, route] as const))('%s', (_name, route) => {
    const target = targets[route.id];

    it('answers valid-shaped requests with a success or a contract error, never a 5xx; refusals write nothing', async () => {
      await runProperty(route, target, validRequests(target), VALID_RUNS, target.examples?.(world));
    });

    it('refuses junk with a contract 4xx (400 for a broken body, 404 for a malformed id) and writes nothing', async () => {
      await runProperty(route, target, junkRequests(route, target), JUNK_RUNS);
    });
  });

  const bodyRoutes = routes.filter((route) => route.method !== 'GET');
  it.each(bodyRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    'answers a body over 256 KiB on %s with 413 payload_too_large and writes nothing',
    async (_name, route) => {
      const target = targets[route.id];
      const realIds: Record<string, string> = {
        payerId: world.editedPayerId,
        clientId: world.chart.clientId,
        policyId: world.chart.policyId,
        claimId: world.chart.claimId,
        userId: world.teamMemberId,
      };
      const params = Object.fromEntries(Object.keys(target.params?.(world) ?? {}).map((name) => [name, realIds[name]!]));
      const watched = target.writes?.(world) ?? [];
      const before = await snapshotPartitions(watched, { countClients: target.countClients });
      const response = await request(route.method, urlOf(route, params), {
        token: tokenFor(route),
        body: { padding: 'x'.repeat(300 * 1024) },
      });
      expect(contractViolation(response)).toBeUndefined();
      expect(response.status).toBe(413);
      expect(response.body.error.code).toBe('payload_too_large');
      expect(changedItems(before, await snapshotPartitions(watched, { countClients: target.countClients }))).toEqual([]);
    },
  );
});
