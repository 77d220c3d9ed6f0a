/**
 * A realistic first invocation for every function: an API Gateway HTTP API (payload v2) event shaped like the
 * local gateway's (infra/local/gateway.ts), with the JWT claims of a real signed-in practitioner or portal client
 * (flattened as API Gateway does), naming real items made for it through the API; and for the stream processor a
 * DynamoDB stream INSERT record of a real policy item. Events that change data are made fresh per sample
 * (current version numbers, unused invitation tokens, draft claims), so every sample takes the same path.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { routes, routeKey, type RouteDefinition } from '../../functions/routes.ts';
import { as, outboxFor, tokenFromLink, type PortalClient } from '../../test/support/api.ts';
import { JPEG_BYTES } from '../../test/support/files.ts';
import type { RunningStack } from '../../test/support/local-stack.ts';
import { uploadFile } from '../../test/support/uploads.ts';
import { createClient, portalPolicyBody, type ChartFixture, type PayerRef } from '../fixtures.ts';
import type { DirectTable } from '../support/direct.ts';

export interface InvocationInput {
  event: unknown;
  context: Record<string, unknown>;
}

export type EventFactory = (sample: number) => Promise<InvocationInput>;

export interface EventSetup {
  stack: RunningStack;
  table: DirectTable;
  practitionerToken: string;
  portalClient: PortalClient;
  chart: ChartFixture;
  payers: readonly PayerRef[];
  runId: string;
}

/** The claims API Gateway hands a function: the verified ID token's, arrays flattened to "[a b]". */
function claimsOf(idToken: string): Record<string, string> {
  const payload = JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [name, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]),
  );
}

function lambdaContext(functionName: string): Record<string, unknown> {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'bench',
  };
}

function apiEvent(
  route: RouteDefinition,
  options: { claims?: Record<string, string>; params?: Record<string, string>; query?: Record<string, string>; body?: unknown },
): InvocationInput {
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => options.params?.[name] ?? name);
  const rawQueryString = new URLSearchParams(options.query ?? {}).toString();
  const now = Date.now();
  const headers: Record<string, string> = { host: 'localhost', 'user-agent': 'bench', accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.claims) headers.authorization = 'Bearer (verified by the authorizer)';
  const event = {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: path,
    rawQueryString,
    headers,
    queryStringParameters: options.query,
    pathParameters: options.params,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: route.method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: randomUUID(),
      routeKey: routeKey(route),
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
      ...(options.claims ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: options.claims, scopes: [] } } } : {}),
    },
  };
  return { event, context: lambdaContext(route.id) };
}

/** One event factory per route id, plus `payerMatch` for the stream processor. */
export async function prepareEvents(setup: EventSetup): Promise<Map<string, EventFactory>> {
  const practice = as(setup.practitionerToken);
  const practitionerClaims = claimsOf(setup.practitionerToken);
  const portalClaims = claimsOf(setup.portalClient.token);
  const { chart, runId } = setup;
  const payer = setup.payers[0]!;
  const must = async <T>(label: string, response: Promise<{ status: number; body: T }>, expected: number[]): Promise<T> => {
    const { status, body } = await response;
    if (!expected.includes(status)) throw new Error(`cold-start set-up ${label}: ${status} ${JSON.stringify(body)}`);
    return body;
  };

  // Items that the changing routes work on, made once.
  const editedClientId = await createClient('cold-edit');
  const inviteeClientId = await createClient('cold-invitee');
  const policyClientId = await createClient('cold-policies');
  const editedPolicy = await must<any>(
    'policy',
    practice.post(`/api/clients/${policyClientId}/policies`, {
      priority: 'secondary',
      payerId: payer.payerId,
      effectiveDate: '2025-01-01',
      memberId: 'COLD1',
    }),
    [201],
  );
  const editedPayer = await must<any>('payer', practice.post('/api/payers', { name: `Bench Cold Start Payer ${runId}` }), [201]);
  const claimPolicyId = chart.policyIds[7]!; // the chart's current Primary (2025-01-01), fully filled in
  const portalUpload = await uploadFile(setup.portalClient.token, '/api/portal/uploads', {
    bytes: JPEG_BYTES,
    fileName: 'card-front.jpg',
    contentType: 'image/jpeg',
  });
  const portalPolicy = await must<any>(
    'portal policy',
    as(setup.portalClient.token).post('/api/portal/policies', {
      ...portalPolicyBody({ priority: 'secondary', effectiveDate: '2024-02-01', payerId: payer.payerId }),
      attachmentIds: [portalUpload.attachmentId],
    }),
    [201],
  );

  // A colleague the team routes edit, and one usable invitation token the (read-only) check reads each time.
  const colleague = await must<any>(
    'colleague',
    practice.post('/api/practice/team', {
      email: `bench-cold-colleague-${runId}@example.test`,
      givenName: 'Cold',
      familyName: 'Colleague',
      role: 'practitioner',
    }),
    [201],
  );
  const checkedEmail = `bench-cold-check-${runId}@example.test`;
  const checkedClient = await must<any>(
    'check client',
    practice.post('/api/clients', { firstName: 'Cold', lastName: 'Check', email: checkedEmail }),
    [201],
  );
  await must('check invite', practice.post(`/api/clients/${checkedClient.clientId}/invitations`, {}), [202]);
  const checkedToken = tokenFromLink((await outboxFor(checkedEmail))[0]!.links[0]!);
  const draftBody = (procedureCode: string) => ({
    dateOfService: '2025-03-03',
    policyId: claimPolicyId,
    serviceLines: [{ procedureCode, units: 1, chargeCents: 14_000 }],
    diagnosisCodes: ['F41.1'],
  });
  const newDraft = () => must<any>('draft claim', practice.post(`/api/clients/${chart.clientId}/claims`, draftBody('90834')), [201]);
  const readDraft = await newDraft();

  const byId = new Map<string, RouteDefinition>(routes.map((route) => [route.id, route]));
  const route = (id: string) => byId.get(id)!;
  const asPractitioner = (id: string, options: Omit<Parameters<typeof apiEvent>[1], 'claims'> = {}) =>
    apiEvent(route(id), { ...options, claims: practitionerClaims });
  const asClient = (id: string, options: Omit<Parameters<typeof apiEvent>[1], 'claims'> = {}) =>
    apiEvent(route(id), { ...options, claims: portalClaims });
  const currentVersion = async (path: string, pick: (body: any) => number) =>
    pick(await must<any>(`read ${path}`, practice.get(path), [200]));
  const upload = { fileName: 'card-front.jpg', contentType: 'image/jpeg', size: 48_213, side: 'front' };

  const factories: Record<string, EventFactory> = {
    health: async () => apiEvent(route('health'), {}),
    openapi: async () => apiEvent(route('openapi'), {}),
    acceptInvitation: async (sample) => {
      const email = `bench-cold-accept-${runId}-${sample}@example.test`;
      const created = await must<any>(
        'accept client',
        practice.post('/api/clients', { firstName: 'Cold', lastName: `Accept${sample}`, email }),
        [201],
      );
      await must('accept invite', practice.post(`/api/clients/${created.clientId}/invitations`, {}), [202]);
      const [message] = await outboxFor(email);
      return apiEvent(route('acceptInvitation'), { body: { token: tokenFromLink(message!.links[0]!), password: 'Client-pass-1!' } });
    },
    getSettings: async () => asPractitioner('getSettings'),
    updateSettings: async () =>
      asPractitioner('updateSettings', {
        body: {
          collectInsurance: true,
          cardImages: 'optional',
          version: await currentVersion('/api/practice/settings', (body) => body.version),
        },
      }),
    listPracticeAudit: async () => asPractitioner('listPracticeAudit'),
    listPayers: async () => asPractitioner('listPayers'),
    createPayer: async (sample) =>
      asPractitioner('createPayer', { body: { name: `Bench Cold Payer ${runId} ${sample}`, ediPayerId: `BC${sample}` } }),
    updatePayer: async (sample) =>
      asPractitioner('updatePayer', {
        params: { payerId: editedPayer.payerId },
        body: {
          ediPayerId: `UP${sample}`,
          version: await currentVersion(
            '/api/payers?includeInactive=true',
            (body) => body.items.find((item: any) => item.payerId === editedPayer.payerId).version,
          ),
        },
      }),
    listClients: async () => asPractitioner('listClients'),
    createClient: async (sample) =>
      asPractitioner('createClient', {
        body: {
          firstName: 'Cold',
          lastName: `Start${sample}`,
          email: `bench-cold-create-${runId}-${sample}@example.test`,
          dateOfBirth: '1990-01-31',
        },
      }),
    getClient: async () => asPractitioner('getClient', { params: { clientId: chart.clientId } }),
    updateClient: async (sample) =>
      asPractitioner('updateClient', {
        params: { clientId: editedClientId },
        body: { firstName: `Edited${sample}`, version: await currentVersion(`/api/clients/${editedClientId}`, (body) => body.version) },
      }),
    sendInvitation: async () => asPractitioner('sendInvitation', { params: { clientId: inviteeClientId }, body: {} }),
    createPracticeUpload: async () => asPractitioner('createPracticeUpload', { params: { clientId: chart.clientId }, body: upload }),
    listPolicies: async () => asPractitioner('listPolicies', { params: { clientId: chart.clientId } }),
    createPracticePolicy: async (sample) =>
      asPractitioner('createPracticePolicy', {
        params: { clientId: policyClientId },
        body: {
          priority: 'secondary',
          payerId: payer.payerId,
          insuranceType: 'group_health_plan',
          memberId: `COLD${sample}`,
          effectiveDate: `2025-02-${String(1 + sample).padStart(2, '0')}`,
        },
      }),
    getPolicy: async () => asPractitioner('getPolicy', { params: { clientId: chart.clientId, policyId: chart.policyIds[0]! } }),
    updatePolicy: async (sample) =>
      asPractitioner('updatePolicy', {
        params: { clientId: policyClientId, policyId: editedPolicy.policyId },
        body: {
          memberId: `EDIT${sample}`,
          version: await currentVersion(`/api/clients/${policyClientId}/policies/${editedPolicy.policyId}`, (body) => body.version),
        },
      }),
    getAttachmentUrl: async () =>
      asPractitioner('getAttachmentUrl', {
        params: { clientId: chart.clientId, policyId: chart.attachment.policyId, attachmentId: chart.attachment.attachmentId },
      }),
    getCoverage: async () =>
      asPractitioner('getCoverage', { params: { clientId: chart.clientId }, query: { dateOfService: '2025-03-03' } }),
    listNeedsPayer: async () => asPractitioner('listNeedsPayer'),
    listAudit: async () => asPractitioner('listAudit', { params: { clientId: chart.clientId } }),
    listClaims: async () => asPractitioner('listClaims', { params: { clientId: chart.clientId } }),
    createClaim: async () =>
      asPractitioner('createClaim', {
        params: { clientId: chart.clientId },
        body: {
          dateOfService: '2025-03-03',
          policyId: claimPolicyId,
          serviceLines: [{ procedureCode: '90837', units: 1, chargeCents: 18_000 }],
          diagnosisCodes: ['F41.1'],
        },
      }),
    submitClaim: async () => {
      const claim = await must<any>(
        'draft claim',
        practice.post(`/api/clients/${chart.clientId}/claims`, {
          dateOfService: '2025-03-03',
          policyId: claimPolicyId,
          serviceLines: [{ procedureCode: '90834', units: 1, chargeCents: 14_000 }],
          diagnosisCodes: ['F41.1'],
        }),
        [201],
      );
      return asPractitioner('submitClaim', { params: { clientId: chart.clientId, claimId: claim.claimId } });
    },
    listTeam: async () => asPractitioner('listTeam'),
    inviteTeamMember: async (sample) =>
      asPractitioner('inviteTeamMember', {
        body: {
          email: `bench-cold-invite-${runId}-${sample}@example.test`,
          givenName: 'Cold',
          familyName: `Invite${sample}`,
          role: 'practitioner',
        },
      }),
    updateTeamMember: async (sample) =>
      asPractitioner('updateTeamMember', {
        params: { userId: colleague.userId },
        body: {
          taxonomyCode: sample % 2 === 0 ? '101YM0800X' : '103T00000X',
          version: await currentVersion(
            '/api/practice/team',
            (body) => body.items.find((item: any) => item.userId === colleague.userId).version,
          ),
        },
      }),
    revokePortalAccess: async (sample) => {
      const email = `bench-cold-revoke-${runId}-${sample}@example.test`;
      const created = await must<any>(
        'revoke client',
        practice.post('/api/clients', { firstName: 'Cold', lastName: `Revoke${sample}`, email }),
        [201],
      );
      await must('revoke invite', practice.post(`/api/clients/${created.clientId}/invitations`, {}), [202]);
      return asPractitioner('revokePortalAccess', { params: { clientId: created.clientId } });
    },
    checkInvitation: async () => apiEvent(route('checkInvitation'), { body: { token: checkedToken } }),
    listReviewQueue: async () => asPractitioner('listReviewQueue'),
    updateClaim: async (sample) => {
      const draft = await newDraft();
      return asPractitioner('updateClaim', {
        params: { clientId: chart.clientId, claimId: draft.claimId },
        body: { placeOfService: sample % 2 === 0 ? '11' : '10', version: draft.version },
      });
    },
    deleteClaim: async () => {
      const draft = await newDraft();
      return asPractitioner('deleteClaim', { params: { clientId: chart.clientId, claimId: draft.claimId } });
    },
    getClaimReadiness: async () =>
      asPractitioner('getClaimReadiness', { params: { clientId: chart.clientId, claimId: readDraft.claimId } }),
    // The chart's claims are not ready for a payer (the bench practice has no billing profile): the CMS-1500 and
    // the export answer their readiness problems (422) after the same reads — what a first call costs.
    getClaimCms1500: async () => asPractitioner('getClaimCms1500', { params: { clientId: chart.clientId, claimId: readDraft.claimId } }),
    listAllClaims: async () => asPractitioner('listAllClaims', { query: { limit: '50' } }),
    createClaimExport: async () => asPractitioner('createClaimExport', { body: { claimIds: [readDraft.claimId] } }),
    getClaimExport: async () => asPractitioner('getClaimExport', { params: { exportId: 'EXPORT-NOT-FOUND' } }),
    updatePortalMe: async (sample) => asClient('updatePortalMe', { body: { language: sample % 2 === 0 ? 'es' : 'en' } }),
    getPortalMe: async () => asClient('getPortalMe'),
    updatePortalIntake: async () => asClient('updatePortalIntake', { body: { insurance: 'skipped' } }),
    searchPortalPayers: async () => asClient('searchPortalPayers', { query: { q: 'blue' } }),
    createPortalUpload: async () => asClient('createPortalUpload', { body: upload }),
    listPortalPolicies: async () => asClient('listPortalPolicies'),
    getPortalAttachmentUrl: async () =>
      asClient('getPortalAttachmentUrl', { params: { policyId: portalPolicy.policyId, attachmentId: portalUpload.attachmentId } }),
    createPortalPolicy: async (sample) =>
      asClient('createPortalPolicy', {
        body: portalPolicyBody({
          priority: 'secondary',
          effectiveDate: `2025-03-${String(1 + sample).padStart(2, '0')}`,
          payerId: payer.payerId,
        }),
      }),
    payerMatch: async (sample) => {
      // A client's typed payer name, as the stream delivers the new policy: still `pending`. The local poller
      // resolves the same policy meanwhile, so this invocation usually finds its conditional write stale —
      // after doing the same work (read the payers, build the index, match, attempt the transaction).
      const submitted = await must<any>(
        'stream policy',
        as(setup.portalClient.token).post(
          '/api/portal/policies',
          portalPolicyBody({
            priority: 'secondary',
            effectiveDate: `2025-04-${String(1 + sample).padStart(2, '0')}`,
            payerName: 'Blue Cross of Somewhere PPO',
          }),
        ),
        [201],
      );
      const key = setup.table.keys.keys.policy(setup.portalClient.clientId, submitted.policyId);
      const stored = (await setup.table.dynamo.send(new GetCommand({ TableName: setup.table.tableName, Key: key, ConsistentRead: true })))
        .Item!;
      const newImage = marshall(
        { ...stored, version: 1, payerMatch: { state: 'pending', matchedBy: null, suggestions: [] } },
        { removeUndefinedValues: true },
      );
      const event = {
        Records: [
          {
            eventID: randomUUID().replace(/-/g, ''),
            eventName: 'INSERT',
            eventVersion: '1.1',
            eventSource: 'aws:dynamodb',
            awsRegion: 'us-east-1',
            dynamodb: {
              ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
              Keys: marshall(key),
              NewImage: newImage,
              SequenceNumber: String(Date.now()),
              SizeBytes: JSON.stringify(newImage).length,
              StreamViewType: 'NEW_AND_OLD_IMAGES',
            },
            eventSourceARN: `arn:aws:dynamodb:us-east-1:000000000000:table/${setup.table.tableName}/stream/bench`,
          },
        ],
      };
      return { event, context: lambdaContext('payerMatch') };
    },
  };

  const missing = routes.filter((entry) => !factories[entry.id]).map((entry) => entry.id);
  if (missing.length) throw new Error(`No cold-start event for route(s) ${missing.join(', ')} — add one to bench/cold-start/events.ts`);
  return new Map(Object.entries(factories));
}
