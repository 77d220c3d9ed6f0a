/**
 * Who may call what: every route of the route table × {anonymous, client A, client B, practitioner, admin}, with the
 * status each must get. Path parameters are real ids (client A's client, policy, attachment and claim; a real
 * payer), and every request carries a valid body, so a refusal is really the authorization at work and a
 * success really runs the route. Refused writes are checked against the table: nothing written.
 *
 * The expectations are keyed by route id and must cover the route table exactly: a new route without an
 * entry here fails the first test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteId } from '../../functions/routes.ts';
import {
  as,
  onboardPortalClient,
  outboxFor,
  practitioner,
  request,
  tokenFromLink,
  eventually,
  unique,
  type ApiResponse,
  type PortalClient,
} from '../support/api.ts';
import { putPractitionerRecord, readyClaimBody, RENDERING_NPI, setBillingProfile, userIdOf } from '../support/billing.ts';
import { contractViolation } from '../support/contract.ts';
import { JPEG_BYTES } from '../support/files.ts';
import { uploadFile } from '../support/uploads.ts';
import { mintPractitionerToken } from '../support/tokens.ts';
import { changedItems, snapshotPartitions } from '../support/writes.ts';

type Caller = 'anonymous' | 'client A' | 'client B' | 'practitioner' | 'admin';
const CALLERS: readonly Caller[] = ['anonymous', 'client A', 'client B', 'practitioner', 'admin'];

/** The ids the requests use: client A's data, created through the API in beforeAll. */
interface World {
  a: PortalClient & { lastName: string };
  b: PortalClient & { lastName: string };
  /** The demo practitioner, the practice's admin. */
  practitionerToken: string;
  /** A practitioner who is not an admin. */
  colleagueToken: string;
  /** A colleague the admin edits through the team routes. */
  teamMemberId: string;
  payerId: string;
  policyId: string;
  attachmentId: string;
  claimId: string;
  /** A second draft claim, so that the non-admin practitioner has one to submit too. */
  secondClaimId: string;
  /** An invited client whose portal access the revoke route withdraws (A and B keep theirs). */
  spareClientId: string;
  /** Drafts of client A for the draft-only routes (submitClaim leaves claimId submitted before they run). */
  draftClaimId: string;
  deletableClaimId: string;
  colleagueDeletableClaimId: string;
  colleagueExportableClaimId: string;
  /** A ready draft for the export route, and an export made in beforeAll (its claim prints a CMS-1500). */
  exportableClaimId: string;
  exportId: string;
  exportedClaimId: string;
}

interface Expectation {
  /** The URL path (with query) for this world. */
  path: (world: World, caller: Caller) => string;
  /** A valid body; computed when the request is made, so versions are current. */
  body?: (world: World, caller: Caller) => unknown | Promise<unknown>;
  status: Record<Caller, number>;
  /** Extra checks on a successful answer (e.g. client B never sees client A's data). */
  check?: (body: any, world: World, caller: Caller) => void;
}

const practitionerOnly = (success: number): Record<Caller, number> => ({
  anonymous: 401,
  'client A': 403,
  'client B': 403,
  practitioner: success,
  admin: success,
});
const adminOnly = (success: number): Record<Caller, number> => ({ ...practitionerOnly(success), practitioner: 403 });
const clientsOnly = (success: number, clientB = success): Record<Caller, number> => ({
  anonymous: 401,
  'client A': success,
  'client B': clientB,
  practitioner: 403,
  admin: 403,
});
const anyone = (success: number): Record<Caller, number> => ({
  anonymous: success,
  'client A': success,
  'client B': success,
  practitioner: success,
  admin: success,
});

const practice = (world: World) => as(world.practitionerToken);
const uploadRequest = { fileName: 'card-front.jpg', contentType: 'image/jpeg', size: JPEG_BYTES.length, side: 'front' };
const clientPath = (world: World) => `/api/clients/${world.a.clientId}`;
const policyPath = (world: World) => `${clientPath(world)}/policies/${world.policyId}`;

async function freshInvitationToken(world: World): Promise<string> {
  const email = `${unique('matrix-invitee')}@example.test`.toLowerCase();
  const created = await practice(world).post('/api/clients', { firstName: 'Invitee', lastName: unique('Matrix'), email });
  await practice(world).post(`/api/clients/${created.body.clientId}/invitations`, {});
  const [message] = await outboxFor(email);
  return tokenFromLink(message!.links[0]!);
}

const expectations: Record<RouteId, Expectation> = {
  // public
  health: { path: () => '/api/health', status: anyone(200) },
  openapi: {
    path: () => '/api/openapi.json',
    status: anyone(200),
    check: (body) => expect(body.paths['/api/openapi.json'].get.operationId).toBe('openapi'),
  },
  acceptInvitation: {
    path: () => '/api/portal/invitations/accept',
    body: async (world) => ({ token: await freshInvitationToken(world), password: 'Matrix-pass-1!' }),
    status: anyone(200),
  },

  checkInvitation: {
    path: () => '/api/portal/invitations/check',
    body: async (world) => ({ token: await freshInvitationToken(world) }),
    status: anyone(200),
    check: (body) => expect(body.status).toBe('usable'),
  },

  // practitioner: practice settings and payers
  getSettings: { path: () => '/api/practice/settings', status: practitionerOnly(200) },
  updateSettings: {
    path: () => '/api/practice/settings',
    // The same values again: a real, versioned write that leaves the practice as the other tests expect it.
    body: async (world) => {
      const { collectInsurance, cardImages, version } = (await practice(world).get('/api/practice/settings')).body;
      return { collectInsurance, cardImages, version };
    },
    status: adminOnly(200),
  },
  listPracticeAudit: { path: () => '/api/practice/audit', status: practitionerOnly(200) },
  listTeam: {
    path: () => '/api/practice/team',
    status: practitionerOnly(200),
    check: (body, world) => expect(body.items.map((member: any) => member.userId)).toContain(world.teamMemberId),
  },
  inviteTeamMember: {
    path: () => '/api/practice/team',
    body: () => ({
      email: `${unique('matrix-colleague')}@example.test`,
      givenName: 'Matrix',
      familyName: unique('Colleague'),
      role: 'practitioner',
    }),
    status: adminOnly(201),
  },
  updateTeamMember: {
    path: (world) => `/api/practice/team/${world.teamMemberId}`,
    body: async (world) => {
      const member = (await practice(world).get('/api/practice/team')).body.items.find((item: any) => item.userId === world.teamMemberId);
      return { npi: '1234567893', taxonomyCode: '101YP2500X', version: member.version };
    },
    status: adminOnly(200),
  },
  listPayers: { path: () => '/api/payers', status: practitionerOnly(200) },
  createPayer: { path: () => '/api/payers', body: () => ({ name: unique('Matrix Mutual') }), status: practitionerOnly(201) },
  updatePayer: {
    path: (world) => `/api/payers/${world.payerId}`,
    body: async (world) => {
      const payer = (await practice(world).get('/api/payers?includeInactive=true')).body.items.find(
        (candidate: any) => candidate.payerId === world.payerId,
      );
      return { ediPayerId: 'MTX01', version: payer.version };
    },
    status: practitionerOnly(200),
  },

  // practitioner: clients, invitations, uploads, policies, claims
  listClients: { path: () => '/api/clients', status: practitionerOnly(200) },
  createClient: {
    path: () => '/api/clients',
    body: () => ({ firstName: 'Matrix', lastName: unique('Created'), email: `${unique('matrix-created')}@example.test` }),
    status: practitionerOnly(201),
  },
  getClient: { path: clientPath, status: practitionerOnly(200) },
  updateClient: {
    path: clientPath,
    body: async (world) => ({ dateOfBirth: '1980-05-06', version: (await practice(world).get(clientPath(world))).body.version }),
    status: practitionerOnly(200),
  },
  sendInvitation: { path: (world) => `${clientPath(world)}/invitations`, body: () => ({}), status: practitionerOnly(202) },
  revokePortalAccess: {
    path: (world) => `/api/clients/${world.spareClientId}/portal-access`,
    status: practitionerOnly(200),
    check: (body) => expect(body.portal).toMatchObject({ status: 'not_invited' }),
  },
  createPracticeUpload: { path: (world) => `${clientPath(world)}/uploads`, body: () => uploadRequest, status: practitionerOnly(201) },
  listPolicies: {
    path: (world) => `${clientPath(world)}/policies`,
    status: practitionerOnly(200),
    check: (body, world) => expect(body.items.map((policy: any) => policy.policyId)).toContain(world.policyId),
  },
  createPracticePolicy: {
    path: (world) => `${clientPath(world)}/policies`,
    body: (world) => ({ priority: 'secondary', payerId: world.payerId, memberId: 'MTX-SEC-1', effectiveDate: '2026-02-01' }),
    status: practitionerOnly(201),
  },
  getPolicy: { path: policyPath, status: practitionerOnly(200) },
  updatePolicy: {
    path: policyPath,
    body: async (world) => ({ groupNumber: 'GRP-MATRIX', version: (await practice(world).get(policyPath(world))).body.version }),
    status: practitionerOnly(200),
  },
  getAttachmentUrl: { path: (world) => `${policyPath(world)}/attachments/${world.attachmentId}`, status: practitionerOnly(200) },
  getCoverage: {
    path: (world) => `${clientPath(world)}/coverage?dateOfService=2026-03-02`,
    status: practitionerOnly(200),
    check: (body, world) => expect(body.items.map((policy: any) => policy.policyId)).toContain(world.policyId),
  },
  listNeedsPayer: { path: () => '/api/review/needs-payer', status: practitionerOnly(200) },
  listReviewQueue: { path: () => '/api/review/queue', status: practitionerOnly(200) },
  listAudit: { path: (world) => `${clientPath(world)}/audit`, status: practitionerOnly(200) },
  listClaims: { path: (world) => `${clientPath(world)}/claims`, status: practitionerOnly(200) },
  createClaim: {
    path: (world) => `${clientPath(world)}/claims`,
    body: (world) => ({
      dateOfService: '2026-03-03',
      policyId: world.policyId,
      serviceLines: [{ procedureCode: '90834', units: 1, chargeCents: 12000 }],
      diagnosisCodes: ['F41.1'],
    }),
    status: practitionerOnly(201),
  },
  submitClaim: {
    path: (world, caller) => `${clientPath(world)}/claims/${caller === 'practitioner' ? world.secondClaimId : world.claimId}/submit`,
    status: practitionerOnly(200),
    check: (body) => expect(body.status).toBe('submitted'),
  },
  updateClaim: {
    path: (world) => `${clientPath(world)}/claims/${world.draftClaimId}`,
    body: async (world) => {
      const claims = (await practice(world).get(`${clientPath(world)}/claims`)).body.items;
      return { placeOfService: '02', version: claims.find((claim: any) => claim.claimId === world.draftClaimId).version };
    },
    status: practitionerOnly(200),
    check: (body) => expect(body.placeOfService).toBe('02'),
  },
  // Each allowed caller deletes and exports its own draft (the second of them would find the first one's gone or exported).
  deleteClaim: {
    path: (world, caller) =>
      `${clientPath(world)}/claims/${caller === 'practitioner' ? world.colleagueDeletableClaimId : world.deletableClaimId}`,
    status: practitionerOnly(204),
  },
  getClaimReadiness: {
    path: (world) => `${clientPath(world)}/claims/${world.draftClaimId}/readiness`,
    status: practitionerOnly(200),
    check: (body) => expect(body).toEqual({ ready: true, problems: [] }),
  },
  getClaimCms1500: { path: (world) => `${clientPath(world)}/claims/${world.exportedClaimId}/cms1500`, status: practitionerOnly(200) },
  listAllClaims: {
    path: () => '/api/claims?from=2026-03-01&to=2026-03-31',
    status: practitionerOnly(200),
    check: (body, world) => expect(body.items.map((claim: any) => claim.claimId)).toContain(world.exportedClaimId),
  },
  createClaimExport: {
    path: () => '/api/claims/exports',
    body: (world, caller) => ({ claimIds: [caller === 'practitioner' ? world.colleagueExportableClaimId : world.exportableClaimId] }),
    status: practitionerOnly(201),
    check: (body, world, caller) =>
      expect(body.claimIds).toEqual([caller === 'practitioner' ? world.colleagueExportableClaimId : world.exportableClaimId]),
  },
  getClaimExport: {
    path: (world) => `/api/claims/exports/${world.exportId}`,
    status: practitionerOnly(200),
    check: (body) => expect(body.content).toMatch(/^ISA\*/),
  },

  // client portal: the client comes from the token, so client B gets their own (empty) data, never client A's
  getPortalMe: {
    path: () => '/api/portal/me',
    status: clientsOnly(200),
    check: (body, world, caller) => expect(body.lastName).toBe(caller === 'client A' ? world.a.lastName : world.b.lastName),
  },
  // The language goes back to English so that the other tests see the default.
  updatePortalMe: {
    path: () => '/api/portal/me',
    body: () => ({ language: 'en' }),
    status: clientsOnly(200),
    check: (body, world, caller) => {
      expect(body.language).toBe('en');
      expect(body.lastName).toBe(caller === 'client A' ? world.a.lastName : world.b.lastName);
    },
  },
  updatePortalIntake: { path: () => '/api/portal/intake', body: () => ({ insurance: 'skipped' }), status: clientsOnly(200) },
  searchPortalPayers: { path: () => '/api/portal/payers?q=aetna', status: clientsOnly(200) },
  createPortalUpload: { path: () => '/api/portal/uploads', body: () => uploadRequest, status: clientsOnly(201) },
  listPortalPolicies: {
    path: () => '/api/portal/policies',
    status: clientsOnly(200),
    check: (body, world, caller) => {
      const ids = body.items.map((policy: any) => policy.policyId);
      if (caller === 'client A') expect(ids).toContain(world.policyId);
      else expect(ids).not.toContain(world.policyId);
    },
  },
  getPortalAttachmentUrl: {
    path: (world) => `/api/portal/policies/${world.policyId}/attachments/${world.attachmentId}`,
    // Client B asks for client A's card: not found (the policy is looked up in B's own partition only).
    status: clientsOnly(200, 404),
  },
  createPortalPolicy: {
    path: () => '/api/portal/policies',
    body: (world) => ({ priority: 'secondary', payerId: world.payerId, memberId: 'MTX-PORTAL-2', effectiveDate: '2026-02-15' }),
    status: clientsOnly(201),
  },
};

interface Cell {
  name: string;
  routeId: RouteId;
  caller: Caller;
  method: string;
  status: number;
}

const cells: Cell[] = routes.flatMap((route) =>
  CALLERS.map((caller) => {
    const status = expectations[route.id]?.status[caller] ?? 0;
    return {
      name: `${caller}: ${route.method} ${route.path} (${route.id}) → ${status}`,
      routeId: route.id,
      caller,
      method: route.method,
      status,
    };
  }),
);
const refusals = cells.filter((cell) => cell.status >= 400);
const successes = cells.filter((cell) => cell.status < 400);

const EXPECTED_CODE: Record<number, string> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' };

let world: World;

function tokenOf(caller: Caller): string | undefined {
  if (caller === 'client A') return world.a.token;
  if (caller === 'client B') return world.b.token;
  if (caller === 'admin') return world.practitionerToken;
  if (caller === 'practitioner') return world.colleagueToken;
  return undefined;
}

async function call(cell: Cell): Promise<ApiResponse> {
  const expectation = expectations[cell.routeId];
  const body = expectation.body ? await expectation.body(world, cell.caller) : undefined;
  return request(cell.method, expectation.path(world, cell.caller), { token: tokenOf(cell.caller), body });
}

beforeAll(async () => {
  const practitionerToken = await practitioner();
  const api = as(practitionerToken);
  // 'on' regardless of the practice default, which other suites switch.
  const [lastNameA, lastNameB] = [unique('Matrix-A'), unique('Matrix-B')];
  const [a, b] = await Promise.all([
    onboardPortalClient({ insuranceCollection: 'on', firstName: 'Ada', lastName: lastNameA }),
    onboardPortalClient({ insuranceCollection: 'on', firstName: 'Bo', lastName: lastNameB }),
  ]);
  const payer = (await api.post('/api/payers', { name: unique('Matrix Health Plan'), ediPayerId: 'MTX00' })).body;
  // What an export needs besides the claim: a billing profile, the practitioner's rendering NPI, A's demographics.
  const userId = userIdOf(practitionerToken);
  await putPractitionerRecord(userId, { npi: RENDERING_NPI, taxonomyCode: '101YM0800X' });
  expect((await setBillingProfile()).status).toBe(200);
  const chartA = (await api.get(`/api/clients/${a.clientId}`)).body;
  const demographics = await api.patch(`/api/clients/${a.clientId}`, {
    dateOfBirth: '1990-01-02',
    address: { line1: '1 Matrix Way', city: 'Portland', state: 'OR', postalCode: '97201' },
    sexForClaims: 'female',
    version: chartA.version,
  });
  expect(demographics.status).toBe(200);
  const upload = await uploadFile(a.token, '/api/portal/uploads', {
    bytes: JPEG_BYTES,
    fileName: 'card-front.jpg',
    contentType: 'image/jpeg',
  });
  // A complete Primary with a chosen payer: claim-ready, and already matched, so the stream processor has
  // nothing left to write in A's partition while the refusals are checked.
  const policy = await as(a.token).post('/api/portal/policies', {
    priority: 'primary',
    payerId: payer.payerId,
    insuranceType: 'group_health_plan',
    memberId: 'MTX-1',
    relationship: 'self',
    effectiveDate: '2026-01-01',
    attachmentIds: [upload.attachmentId],
  });
  expect(policy.status).toBe(201);
  const claim = await api.post(`/api/clients/${a.clientId}/claims`, {
    dateOfService: '2026-03-02',
    policyId: policy.body.policyId,
    serviceLines: [{ procedureCode: '90837', units: 1, chargeCents: 15000 }],
    diagnosisCodes: ['F41.1'],
  });
  expect(claim.status).toBe(201);
  const secondClaim = await api.post(`/api/clients/${a.clientId}/claims`, {
    dateOfService: '2026-03-04',
    policyId: policy.body.policyId,
    serviceLines: [{ procedureCode: '90837', units: 1, chargeCents: 15000 }],
    diagnosisCodes: ['F41.1'],
  });
  expect(secondClaim.status).toBe(201);
  const teamMember = await api.post('/api/practice/team', {
    email: `${unique('matrix-member')}@example.test`,
    givenName: 'Team',
    familyName: unique('Member'),
    role: 'practitioner',
  });
  expect(teamMember.status, JSON.stringify(teamMember.body)).toBe(201);
  const spare = await api.post('/api/clients', {
    firstName: 'Spare',
    lastName: unique('Matrix-Spare'),
    email: `${unique('matrix-spare')}@example.test`,
  });
  expect((await api.post(`/api/clients/${spare.body.clientId}/invitations`, {})).status).toBe(202);
  // The card reader writes each attachment's reading asynchronously; wait for it, so that its write is not
  // mistaken for one a refused request made.
  await eventually(
    async () => {
      const read = await api.get(`/api/clients/${a.clientId}/policies/${policy.body.policyId}`);
      return read.body.attachments?.every((attachment: { reading?: { state: string } }) => attachment.reading?.state !== 'pending');
    },
    { timeoutMs: 20_000, intervalMs: 200 },
  );
  const readyClaim = async () => {
    const created = await api.post(`/api/clients/${a.clientId}/claims`, readyClaimBody(policy.body.policyId, userId));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.claimId as string;
  };
  const [draftClaimId, deletableClaimId, exportableClaimId, exportedClaimId, colleagueDeletableClaimId, colleagueExportableClaimId] = [
    await readyClaim(),
    await readyClaim(),
    await readyClaim(),
    await readyClaim(),
    await readyClaim(),
    await readyClaim(),
  ];
  const exported = await api.post('/api/claims/exports', { claimIds: [exportedClaimId] });
  expect(exported.status, JSON.stringify(exported.body)).toBe(201);
  world = {
    spareClientId: spare.body.clientId,
    a: { ...a, lastName: lastNameA },
    b: { ...b, lastName: lastNameB },
    practitionerToken,
    payerId: payer.payerId,
    policyId: policy.body.policyId,
    attachmentId: upload.attachmentId,
    claimId: claim.body.claimId,
    secondClaimId: secondClaim.body.claimId,
    colleagueToken: await mintPractitionerToken(unique('matrix-colleague')),
    teamMemberId: teamMember.body.userId,
    draftClaimId,
    deletableClaimId,
    exportableClaimId,
    colleagueDeletableClaimId,
    colleagueExportableClaimId,
    exportId: exported.body.exportId,
    exportedClaimId,
  };
});

describe('the authorization matrix', () => {
  it('has an expectation for exactly the routes of the route table', () => {
    expect(Object.keys(expectations).sort()).toEqual(routes.map((route) => route.id).sort());
  });

  // Refusals first: while they run, client A's draft claim is still a draft, its policy still at the version
  // read, so each refused request would really have changed something had it been let through.
  describe('refused callers get the contract error and write nothing', () => {
    it.each(refusals.map((cell) => [cell.name, cell] as const))('%s', async (_name, cell) => {
      const watched = [
        `CLIENT#${world.a.clientId}`,
        `CLIENT#${world.b.clientId}`,
        `CLIENT#${world.spareClientId}`,
        'PRACTICE',
        `PRACTITIONER#${world.teamMemberId}`,
      ];
      const isWrite = cell.method !== 'GET';
      const before = isWrite ? await snapshotPartitions(watched, { countClients: true }) : undefined;
      const response = await call(cell);
      expect(contractViolation(response)).toBeUndefined();
      expect(response.status, JSON.stringify(response.body)).toBe(cell.status);
      expect(response.body.error.code).toBe(EXPECTED_CODE[cell.status]);
      if (before) expect(changedItems(before, await snapshotPartitions(watched, { countClients: true }))).toEqual([]);
    });
  });

  describe('allowed callers get their answer', () => {
    it.each(successes.map((cell) => [cell.name, cell] as const))('%s', async (_name, cell) => {
      const response = await call(cell);
      expect(contractViolation(response)).toBeUndefined();
      expect(response.status, JSON.stringify(response.body)).toBe(cell.status);
      expectations[cell.routeId].check?.(response.body, world, cell.caller);
    });
  });

  describe('the FHIR view of a client’s policies (?format=fhir) is the practitioner’s only', () => {
    it.each([
      ['anonymous', 401],
      ['client A', 403],
      ['client B', 403],
      ['practitioner', 200],
      ['admin', 200],
    ] as const)('%s → %i', async (caller, status) => {
      const response = await request('GET', `/api/clients/${world.a.clientId}/policies?format=fhir`, { token: tokenOf(caller) });
      expect(contractViolation(response)).toBeUndefined();
      expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(status);
      if (status === 200) expect(response.body).toMatchObject({ resourceType: 'Bundle' });
    });
  });
});
