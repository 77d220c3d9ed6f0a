/**
 * The route table: every HTTP route of the product, declared once. The CDK API construct builds the HTTP API,
 * one function per route, the JWT authorizer and each function's grants from it; the local gateway dispatches
 * requests with it; each handler finds its own access rule in it; the authorization-matrix test walks it.
 *
 * Plain data: no CDK or SDK imports.
 */

/**
 * How long a route's function may run (the Lambda timeout; the local gateway gives handlers the same deadline).
 * The SDK clients' own timeouts (functions/platform) are set to give up well before it.
 */
export const ROUTE_TIMEOUT_SECONDS = 10;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call a route. Anything but `public` sits behind the JWT authorizer. */
export type RouteAccess = 'public' | 'practitioner' | 'client';

/**
 * What a route's function needs, so that grants are least-privilege per route:
 * - table: `read` (Get/Query) or `write` (also conditional Put/Update/TransactWrite)
 * - uploads: `presign-post` (sign upload forms: PutObject), `read` (sign GET URLs),
 *   `verify` (inspect, move and delete uploaded objects before they are attached)
 * - cognito: `invite` (create or look up a client's user) or `activate` (set the password an invitation allows)
 * - email: sends mail (SES in AWS, the outbox locally)
 */
export interface RouteNeeds {
  table: 'none' | 'read' | 'write';
  uploads?: 'presign-post' | 'read' | 'verify';
  cognito?: 'invite' | 'activate';
  email?: true;
}

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
}

const read = { table: 'read' } as const;
const write = { table: 'write' } as const;

export const routes = [
  // public
  { id: 'health', method: 'GET', path: '/api/health', access: 'public', needs: { table: 'none' } },
  {
    id: 'acceptInvitation',
    method: 'POST',
    path: '/api/portal/invitations/accept',
    access: 'public',
    needs: { table: 'write', cognito: 'activate' },
  },

  // practitioner: practice settings and payers
  { id: 'getSettings', method: 'GET', path: '/api/practice/settings', access: 'practitioner', needs: read },
  { id: 'updateSettings', method: 'PUT', path: '/api/practice/settings', access: 'practitioner', needs: write },
  { id: 'listPracticeAudit', method: 'GET', path: '/api/practice/audit', access: 'practitioner', needs: read },
  { id: 'listPayers', method: 'GET', path: '/api/payers', access: 'practitioner', needs: read },
  { id: 'createPayer', method: 'POST', path: '/api/payers', access: 'practitioner', needs: write },
  { id: 'updatePayer', method: 'PATCH', path: '/api/payers/{payerId}', access: 'practitioner', needs: write },

  // practitioner: clients, invitations, uploads, policies
  { id: 'listClients', method: 'GET', path: '/api/clients', access: 'practitioner', needs: read },
  { id: 'createClient', method: 'POST', path: '/api/clients', access: 'practitioner', needs: write },
  { id: 'getClient', method: 'GET', path: '/api/clients/{clientId}', access: 'practitioner', needs: read },
  { id: 'updateClient', method: 'PATCH', path: '/api/clients/{clientId}', access: 'practitioner', needs: write },
  {
    id: 'sendInvitation',
    method: 'POST',
    path: '/api/clients/{clientId}/invitations',
    access: 'practitioner',
    needs: { table: 'write', cognito: 'invite', email: true },
  },
  {
    id: 'createPracticeUpload',
    method: 'POST',
    path: '/api/clients/{clientId}/uploads',
    access: 'practitioner',
    needs: { table: 'write', uploads: 'presign-post' },
  },
  { id: 'listPolicies', method: 'GET', path: '/api/clients/{clientId}/policies', access: 'practitioner', needs: read },
  {
    id: 'createPracticePolicy',
    method: 'POST',
    path: '/api/clients/{clientId}/policies',
    access: 'practitioner',
    needs: { table: 'write', uploads: 'verify' },
  },
  { id: 'getPolicy', method: 'GET', path: '/api/clients/{clientId}/policies/{policyId}', access: 'practitioner', needs: read },
  {
    id: 'updatePolicy',
    method: 'PATCH',
    path: '/api/clients/{clientId}/policies/{policyId}',
    access: 'practitioner',
    needs: { table: 'write', uploads: 'verify' },
  },
  {
    id: 'getAttachmentUrl',
    method: 'GET',
    path: '/api/clients/{clientId}/policies/{policyId}/attachments/{attachmentId}',
    access: 'practitioner',
    needs: { table: 'read', uploads: 'read' },
  },
  { id: 'getCoverage', method: 'GET', path: '/api/clients/{clientId}/coverage', access: 'practitioner', needs: read },
  { id: 'listNeedsPayer', method: 'GET', path: '/api/review/needs-payer', access: 'practitioner', needs: read },
  { id: 'listAudit', method: 'GET', path: '/api/clients/{clientId}/audit', access: 'practitioner', needs: read },
  { id: 'listClaims', method: 'GET', path: '/api/clients/{clientId}/claims', access: 'practitioner', needs: read },
  { id: 'createClaim', method: 'POST', path: '/api/clients/{clientId}/claims', access: 'practitioner', needs: write },
  { id: 'submitClaim', method: 'POST', path: '/api/clients/{clientId}/claims/{claimId}/submit', access: 'practitioner', needs: write },

  // client portal: only ever the caller's own data (the client id comes from the token, never the URL)
  { id: 'getPortalMe', method: 'GET', path: '/api/portal/me', access: 'client', needs: read },
  { id: 'updatePortalIntake', method: 'PUT', path: '/api/portal/intake', access: 'client', needs: write, insuranceWrite: true },
  { id: 'searchPortalPayers', method: 'GET', path: '/api/portal/payers', access: 'client', needs: read },
  {
    id: 'createPortalUpload',
    method: 'POST',
    path: '/api/portal/uploads',
    access: 'client',
    needs: { table: 'write', uploads: 'presign-post' },
    insuranceWrite: true,
  },
  { id: 'listPortalPolicies', method: 'GET', path: '/api/portal/policies', access: 'client', needs: read },
  {
    id: 'getPortalAttachmentUrl',
    method: 'GET',
    path: '/api/portal/policies/{policyId}/attachments/{attachmentId}',
    access: 'client',
    needs: { table: 'read', uploads: 'read' },
  },
  {
    id: 'createPortalPolicy',
    method: 'POST',
    path: '/api/portal/policies',
    access: 'client',
    needs: { table: 'write', uploads: 'verify' },
    insuranceWrite: true,
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
