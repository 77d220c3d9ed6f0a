/**
 * The route table: every HTTP route of the product, declared once. The CDK API construct builds the HTTP API,
 * one function per route, the JWT authorizer and each function's grants from it; the local gateway dispatches
 * requests with it; each handler finds its own access rule in it; the authorization-matrix test walks it.
 *
 * Plain data: no CDK or SDK imports.
 */

import type { ErrorCode } from '../shared/errors.ts';
import type * as contractSchemas from '../shared/schemas.ts';
import type * as answerSchemas from '../shared/schemas/responses.ts';
import type { ZodMiniType } from 'zod/mini';

/**
 * How long a route's function may run (the Lambda timeout; the local gateway gives handlers the same deadline).
 * The SDK clients' own timeouts (functions/platform) are set to give up well before it.
 */
export const ROUTE_TIMEOUT_SECONDS = 10;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route. Anything but `public` sits behind the JWT authorizer. `admin` is a practitioner in the
 * `practice-admins` group (settings, the team); the HTTP layer checks it against the practitioner's team item.
 */
export type RouteAccess = 'public' | 'practitioner' | 'admin' | 'client';

/**
 * What a route's function needs, so that grants are least-privilege per route:
 * - table: `read` (Get/Query) or `write` (also conditional Put/Update/TransactWrite)
 * - uploads: `presign-post` (sign upload forms: PutObject), `read` (sign GET URLs),
 *   `verify` (inspect, move and delete uploaded objects before they are attached)
 * - cognito: `invite` (create or look up a client's user), `activate` (set the password an invitation allows),
 *   `revoke` (disable a client's login and sign it out), `team-list` (list the staff groups), `team` (manage staff users)
 * - email: sends mail (SES in AWS, the outbox locally)
 */
export interface RouteNeeds {
  table: 'none' | 'read' | 'write';
  uploads?: 'presign-post' | 'read' | 'verify';
  cognito?: CognitoAccess;
  email?: true;
}

export type CognitoAccess = 'invite' | 'activate' | 'revoke' | 'team-list' | 'team';

type SchemaModules = typeof contractSchemas & typeof answerSchemas;
/** The name of a zod schema exported by shared/schemas.ts or shared/schemas/responses.ts. */
export type SchemaName = { [K in keyof SchemaModules]: SchemaModules[K] extends ZodMiniType ? K : never }[keyof SchemaModules];

export interface RouteDefinition {
  /** Stable id; also the handler module: functions/handlers/<id>.ts exporting `handler`. */
  id: string;
  method: HttpMethod;
  /** API Gateway path syntax: `{name}` is a path parameter. */
  path: string;
  access: RouteAccess;
  needs: RouteNeeds;
  /** Insurance writes by clients: refused with 403 insurance_collection_disabled when collection is off. */
  insuranceWrite?: true;

  // The contract's shapes, by schema name (no import: every function bundles this table). The OpenAPI document
  // (functions/openapi) is generated from them; test/unit/openapi.test.ts checks that `body` and `query` are the
  // very schemas the route's handler validates with, and that every POST/PUT/PATCH names its body.
  /** The JSON request body's schema; `null` for a write that takes no body. */
  body?: SchemaName | null;
  /** The query string's schema. */
  query?: SchemaName;
  /** What a success answers. */
  response?: SchemaName;
  /** The success status, when not 200. */
  status?: 201 | 202 | 204;
  /** The success answer's media type, when it is not JSON (a file). */
  responseType?: 'application/pdf';
  /**
   * Error codes the route can answer that the rest of its declaration does not imply (access, path parameters,
   * body, `version`, `insuranceWrite` and `needs` already do: errorCodesOf in functions/openapi/document.ts).
   */
  errors?: readonly ErrorCode[];
}

const read = { table: 'read' } as const;
const write = { table: 'write' } as const;

export const routes = [
  // public
  { id: 'health', method: 'GET', path: '/api/health', access: 'public', needs: { table: 'none' }, response: 'healthAnswer' },
  {
    id: 'openapi',
    method: 'GET',
    path: '/api/openapi.json',
    access: 'public',
    needs: { table: 'none' },
    response: 'openApiDocumentAnswer',
  },
  {
    id: 'acceptInvitation',
    method: 'POST',
    path: '/api/portal/invitations/accept',
    access: 'public',
    needs: { table: 'write', cognito: 'activate' },
    body: 'acceptInvitationRequest',
    response: 'acceptInvitationAnswer',
    errors: ['invitation_expired', 'conflict'],
  },

  // Whether an invitation link still works, before the accept page asks for a password: a POST so the token stays
  // out of URLs (and so out of every access log), read-only, and the same 410 as accept for anything unusable.
  {
    id: 'checkInvitation',
    method: 'POST',
    path: '/api/portal/invitations/check',
    access: 'public',
    needs: read,
    body: 'checkInvitationRequest',
    response: 'invitationCheck',
    errors: ['invitation_expired'],
  },

  // practitioner: practice settings and payers
  { id: 'getSettings', method: 'GET', path: '/api/practice/settings', access: 'practitioner', needs: read, response: 'settings' },
  {
    id: 'updateSettings',
    method: 'PUT',
    path: '/api/practice/settings',
    access: 'admin',
    needs: write,
    body: 'updateSettingsRequest',
    response: 'settings',
  },
  {
    id: 'listPracticeAudit',
    method: 'GET',
    path: '/api/practice/audit',
    access: 'practitioner',
    needs: read,
    response: 'auditEventList',
  },
  // practitioner: the practice's team (admins manage it)
  {
    id: 'listTeam',
    method: 'GET',
    path: '/api/practice/team',
    access: 'practitioner',
    needs: { table: 'read', cognito: 'team-list' },
    response: 'teamList',
  },
  {
    id: 'inviteTeamMember',
    method: 'POST',
    path: '/api/practice/team',
    access: 'admin',
    needs: { table: 'write', cognito: 'team' },
    body: 'inviteTeamMemberRequest',
    response: 'practitioner',
    status: 201,
    errors: ['conflict'],
  },
  {
    id: 'updateTeamMember',
    method: 'PATCH',
    path: '/api/practice/team/{userId}',
    access: 'admin',
    needs: { table: 'write', cognito: 'team' },
    body: 'updateTeamMemberRequest',
    response: 'practitioner',
    errors: ['conflict'],
  },
  {
    id: 'listPayers',
    method: 'GET',
    path: '/api/payers',
    access: 'practitioner',
    needs: read,
    query: 'listPayersQuery',
    response: 'payerList',
  },
  {
    id: 'createPayer',
    method: 'POST',
    path: '/api/payers',
    access: 'practitioner',
    needs: write,
    body: 'createPayerRequest',
    response: 'payer',
    status: 201,
    errors: ['conflict'],
  },
  {
    id: 'updatePayer',
    method: 'PATCH',
    path: '/api/payers/{payerId}',
    access: 'practitioner',
    needs: write,
    body: 'updatePayerRequest',
    response: 'payer',
    errors: ['conflict'],
  },

  // practitioner: clients, invitations, uploads, policies
  {
    id: 'listClients',
    method: 'GET',
    path: '/api/clients',
    access: 'practitioner',
    needs: read,
    query: 'listClientsQuery',
    response: 'clientPage',
  },
  {
    id: 'createClient',
    method: 'POST',
    path: '/api/clients',
    access: 'practitioner',
    needs: write,
    body: 'createClientRequest',
    response: 'client',
    status: 201,
    errors: ['conflict'],
  },
  { id: 'getClient', method: 'GET', path: '/api/clients/{clientId}', access: 'practitioner', needs: read, response: 'client' },
  // A changed email cuts off the old address's portal login.
  {
    id: 'updateClient',
    method: 'PATCH',
    path: '/api/clients/{clientId}',
    access: 'practitioner',
    needs: { table: 'write', cognito: 'revoke' },
    body: 'updateClientRequest',
    response: 'client',
    errors: ['conflict'],
  },
  {
    id: 'revokePortalAccess',
    method: 'DELETE',
    path: '/api/clients/{clientId}/portal-access',
    access: 'practitioner',
    needs: { table: 'write', cognito: 'revoke' },
    response: 'client',
  },
  {
    id: 'sendInvitation',
    method: 'POST',
    path: '/api/clients/{clientId}/invitations',
    access: 'practitioner',
    needs: { table: 'write', cognito: 'invite', email: true },
    body: 'sendInvitationRequest',
    response: 'invitationSent',
    status: 202,
    errors: ['conflict'],
  },
  {
    id: 'createPracticeUpload',
    method: 'POST',
    path: '/api/clients/{clientId}/uploads',
    access: 'practitioner',
    needs: { table: 'write', uploads: 'presign-post' },
    body: 'createUploadRequest',
    response: 'uploadForm',
    status: 201,
  },
  {
    id: 'listPolicies',
    method: 'GET',
    path: '/api/clients/{clientId}/policies',
    access: 'practitioner',
    needs: read,
    query: 'listPoliciesQuery',
    response: 'policyList',
  },
  {
    id: 'createPracticePolicy',
    method: 'POST',
    path: '/api/clients/{clientId}/policies',
    access: 'practitioner',
    needs: { table: 'write', uploads: 'verify' },
    body: 'createPracticePolicyRequest',
    response: 'policy',
    status: 201,
  },
  {
    id: 'getPolicy',
    method: 'GET',
    path: '/api/clients/{clientId}/policies/{policyId}',
    access: 'practitioner',
    needs: read,
    response: 'policy',
  },
  {
    id: 'updatePolicy',
    method: 'PATCH',
    path: '/api/clients/{clientId}/policies/{policyId}',
    access: 'practitioner',
    needs: { table: 'write', uploads: 'verify' },
    body: 'updatePolicyRequest',
    response: 'policy',
  },
  {
    id: 'getAttachmentUrl',
    method: 'GET',
    path: '/api/clients/{clientId}/policies/{policyId}/attachments/{attachmentId}',
    access: 'practitioner',
    needs: { table: 'read', uploads: 'read' },
    response: 'downloadUrl',
  },
  {
    id: 'getCoverage',
    method: 'GET',
    path: '/api/clients/{clientId}/coverage',
    access: 'practitioner',
    needs: read,
    query: 'coverageQuery',
    response: 'policyList',
  },
  {
    id: 'listNeedsPayer',
    method: 'GET',
    path: '/api/review/needs-payer',
    access: 'practitioner',
    needs: read,
    response: 'needsPayerList',
  },
  {
    id: 'listReviewQueue',
    method: 'GET',
    path: '/api/review/queue',
    access: 'practitioner',
    needs: read,
    response: 'reviewQueueList',
  },
  {
    id: 'listAudit',
    method: 'GET',
    path: '/api/clients/{clientId}/audit',
    access: 'practitioner',
    needs: read,
    response: 'auditEventList',
  },
  {
    id: 'listClaims',
    method: 'GET',
    path: '/api/clients/{clientId}/claims',
    access: 'practitioner',
    needs: read,
    response: 'claimList',
  },
  {
    id: 'createClaim',
    method: 'POST',
    path: '/api/clients/{clientId}/claims',
    access: 'practitioner',
    needs: write,
    body: 'createClaimRequest',
    response: 'claim',
    status: 201,
    errors: ['conflict'],
  },
  {
    id: 'submitClaim',
    method: 'POST',
    path: '/api/clients/{clientId}/claims/{claimId}/submit',
    access: 'practitioner',
    needs: write,
    body: null,
    response: 'claim',
    errors: ['conflict', 'claim_not_ready'],
  },
  {
    id: 'updateClaim',
    method: 'PATCH',
    path: '/api/clients/{clientId}/claims/{claimId}',
    access: 'practitioner',
    needs: write,
    body: 'updateClaimRequest',
    response: 'claim',
    errors: ['conflict'],
  },
  {
    id: 'deleteClaim',
    method: 'DELETE',
    path: '/api/clients/{clientId}/claims/{claimId}',
    access: 'practitioner',
    needs: write,
    status: 204,
    errors: ['conflict'],
  },
  {
    // Not in DESIGN's table: the claim form shows each export problem beside its field before anything is sent.
    id: 'getClaimReadiness',
    method: 'GET',
    path: '/api/clients/{clientId}/claims/{claimId}/readiness',
    access: 'practitioner',
    needs: read,
    response: 'claimReadiness',
  },
  {
    id: 'getClaimCms1500',
    method: 'GET',
    path: '/api/clients/{clientId}/claims/{claimId}/cms1500',
    access: 'practitioner',
    needs: read,
    responseType: 'application/pdf',
    errors: ['claim_not_ready'],
  },

  // practitioner: claims across clients and their export (837P)
  {
    id: 'listAllClaims',
    method: 'GET',
    path: '/api/claims',
    access: 'practitioner',
    needs: read,
    query: 'listAllClaimsQuery',
    response: 'claimsPage',
  },
  {
    id: 'createClaimExport',
    method: 'POST',
    path: '/api/claims/exports',
    access: 'practitioner',
    needs: write,
    body: 'createClaimExportRequest',
    response: 'claimExportWithContent',
    status: 201,
    errors: ['conflict', 'claim_not_ready'],
  },
  {
    id: 'getClaimExport',
    method: 'GET',
    path: '/api/claims/exports/{exportId}',
    access: 'practitioner',
    needs: read,
    response: 'claimExportWithContent',
  },

  // client portal: only ever the caller's own data (the client id comes from the token, never the URL)
  { id: 'getPortalMe', method: 'GET', path: '/api/portal/me', access: 'client', needs: read, response: 'portalMe' },
  {
    id: 'updatePortalMe',
    method: 'PATCH',
    path: '/api/portal/me',
    access: 'client',
    needs: write,
    body: 'updatePortalMeRequest',
    response: 'portalMe',
  },
  {
    id: 'updatePortalIntake',
    method: 'PUT',
    path: '/api/portal/intake',
    access: 'client',
    needs: write,
    insuranceWrite: true,
    body: 'updateIntakeRequest',
    response: 'portalMe',
  },
  {
    id: 'searchPortalPayers',
    method: 'GET',
    path: '/api/portal/payers',
    access: 'client',
    needs: read,
    query: 'portalPayersQuery',
    response: 'portalPayerList',
  },
  {
    id: 'createPortalUpload',
    method: 'POST',
    path: '/api/portal/uploads',
    access: 'client',
    needs: { table: 'write', uploads: 'presign-post' },
    insuranceWrite: true,
    body: 'createUploadRequest',
    response: 'uploadForm',
    status: 201,
  },
  { id: 'listPortalPolicies', method: 'GET', path: '/api/portal/policies', access: 'client', needs: read, response: 'policyList' },
  {
    id: 'getPortalAttachmentUrl',
    method: 'GET',
    path: '/api/portal/policies/{policyId}/attachments/{attachmentId}',
    access: 'client',
    needs: { table: 'read', uploads: 'read' },
    response: 'downloadUrl',
  },
  {
    id: 'createPortalPolicy',
    method: 'POST',
    path: '/api/portal/policies',
    access: 'client',
    needs: { table: 'write', uploads: 'verify' },
    insuranceWrite: true,
    body: 'createPortalPolicyRequest',
    response: 'policy',
    status: 201,
  },
] as const satisfies readonly RouteDefinition[];

export type RouteId = (typeof routes)[number]['id'];

const routesById = new Map<string, RouteDefinition>(routes.map((route) => [route.id, route]));

export function routeById(id: RouteId): RouteDefinition {
  const route = routesById.get(id);
  if (!route) throw new Error(`Unknown route ${id}`);
  return route;
}

/** The API Gateway route key, e.g. `GET /api/payers`. */
export function routeKey(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
