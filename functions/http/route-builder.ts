import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
// Types only: a route without a body or query schema loads no validation code at all.
import type { output, ZodMiniType } from 'zod/mini';
import { MAX_BODY_BYTES } from '../../shared/constants.ts';
import { ApiError, issuesToDetails } from '../../shared/errors.ts';
import { DEFAULT_LANGUAGE, languageFromAcceptLanguage, type Language } from '../../shared/i18n/languages.ts';
import { localizeError } from '../../shared/i18n/server-messages.ts';
import { InsuranceWriteGuard } from '../../shared/insurance-collection.ts';
import { PortalUserGuard } from '../../shared/portal-user.ts';
import type { PractitionerRole } from '../../shared/schemas/team.ts';
import { logger } from '../platform/logger.ts';
import { runInRequestScope } from '../platform/request-scope.ts';
import { routeById, type RouteDefinition, type RouteId, type routes } from '../routes.ts';
import { authorize, callerOf, authorizeRole, clientIdOf, type Caller } from './caller.ts';
import { toLambdaResult, type FileResult, type HttpResult } from './responses.ts';
import { toApiError } from './error-mapping.ts';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Result = APIGatewayProxyStructuredResultV2;

export interface RouteInput<TBody, TQuery, TInsurance, TPortalUser = undefined> {
  body: TBody;
  query: TQuery;
  params: Record<string, string>;
  caller: Caller;
  route: RouteDefinition;
  /** Routes the table marks `insuranceWrite` get the caller's guard, and must apply it before writing. */
  insurance: TInsurance;
  /** Client routes get the caller's portal-user guard, and must apply it to the client item they read. */
  portalUser: TPortalUser;
}

type InsuranceOf<Id extends RouteId> =
  Extract<(typeof routes)[number], { id: Id }> extends { insuranceWrite: true } ? InsuranceWriteGuard : undefined;

type PortalUserOf<Id extends RouteId> =
  Extract<(typeof routes)[number], { id: Id }> extends { access: 'client' } ? PortalUserGuard : undefined;

export interface RouteSpec<B extends ZodMiniType | undefined, Q extends ZodMiniType | undefined> {
  body?: B;
  query?: Q;
}

type Parsed<S> = S extends ZodMiniType ? output<S> : undefined;

/** A route's own work: typed, validated input in, `{ status, body }` out. */
export type RouteRun<Id extends RouteId, B extends ZodMiniType | undefined, Q extends ZodMiniType | undefined> = (
  input: RouteInput<Parsed<B>, Parsed<Q>, InsuranceOf<Id>, PortalUserOf<Id>>,
) => Promise<HttpResult | FileResult>;

/**
 * What the HTTP layer reads from the table about a caller. `httpRoute` (route-handler.ts) gives it; `publicRoute`
 * (public-route.ts) does not, so a route with no table (health, the OpenAPI document) bundles no database client.
 */
export interface CallerRecords {
  /** A practitioner's current standing (disabled, or demoted since the token was issued). */
  withStanding<C extends { userId: string; role: PractitionerRole; name: string }>(caller: C): Promise<C>;
  /** The client's own portal language, for a client route's error messages. */
  clientLanguage(clientId: string): Promise<Language | undefined>;
}

/** Path parameters are opaque ids; anything else cannot name an existing item. */
const PATH_PARAMETER = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Builds a route's Lambda handler: middy with the request-size limit, JSON parsing, caller resolution and
 * zod validation in front, and one error handler that turns every thrown error into the contract's body.
 * The handler itself receives typed, validated input and returns `{ status, body }`.
 */
export function buildRoute<
  Id extends RouteId,
  B extends ZodMiniType | undefined = undefined,
  Q extends ZodMiniType | undefined = undefined,
>(id: Id, spec: RouteSpec<B, Q>, run: RouteRun<Id, B, Q>, records: CallerRecords | undefined) {
  const route = routeById(id);

  const core = (event: Event, _context: Context, { signal }: { signal: AbortSignal }): Promise<Result> =>
    runInRequestScope(signal, async () => {
      let caller = callerOf(event);
      authorize(caller, route.access, Boolean(event.requestContext?.authorizer?.jwt));
      if (caller.kind === 'practitioner' && route.access !== 'public') {
        if (!records) throw new Error(`${route.id}: a signed-in route is built with httpRoute, which reads the caller's standing`);
        caller = await records.withStanding(caller);
      }
      authorizeRole(caller, route.access);
      const params = validPathParameters(event.pathParameters);
      const body = spec.body ? parseWith(spec.body, readJsonBody(event)) : undefined;
      const query = spec.query ? parseWith(spec.query, { ...event.queryStringParameters }) : undefined;
      // An insurance write refuses with 403 while this client's collection is off: the guard does it, from data
      // the domain reads anyway or as a condition of the write itself (shared/insurance-collection.ts).
      const insurance = route.insuranceWrite ? new InsuranceWriteGuard(clientIdOf(caller)) : undefined;
      // A client route answers only the client's current portal user: the guard compares the token's sub with the
      // client item the route reads anyway (shared/portal-user.ts).
      const portalUser =
        route.access === 'client' && caller.kind === 'client' ? new PortalUserGuard(caller.clientId, caller.userId) : undefined;
      const result = await run({ body, query, params, caller, route, insurance, portalUser } as RouteInput<
        Parsed<B>,
        Parsed<Q>,
        InsuranceOf<Id>,
        PortalUserOf<Id>
      >);
      if (insurance && !insurance.applied) throw new Error(`${route.id}: insurance write without the insurance check`);
      if (portalUser && !portalUser.applied) throw new Error(`${route.id}: client route without the portal-user check`);
      return toLambdaResult(result);
    });

  const handler = middy<Event, Result, Error, Context>(core)
    .use(requestSummaryLog(route))
    .use(bodySizeLimit())
    // Registered last so that its onError runs first (middy runs onError in reverse): every error becomes a
    // contract-shaped response before anything else sees it.
    .use(contractErrorHandler(route, records));
  // What it validates with, readable from outside: a test holds it against the schemas the route table names
  // (which the OpenAPI document is generated from).
  return Object.assign(handler, { validates: { body: spec.body, query: spec.query } });
}

function validPathParameters(parameters: Record<string, string | undefined> | undefined): Record<string, string> {
  const valid: Record<string, string> = {};
  for (const [name, value] of Object.entries(parameters ?? {})) {
    if (value === undefined || !PATH_PARAMETER.test(value)) throw new ApiError('not_found', 'Not found');
    valid[name] = value;
  }
  return valid;
}

function rawBody(event: Event): string | undefined {
  if (event.body === undefined || event.body === null) return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

function readJsonBody(event: Event): unknown {
  const text = rawBody(event);
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('invalid_json', 'The request body is not valid JSON');
  }
}

function parseWith<S extends ZodMiniType>(schema: S, input: unknown): output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  if (input === undefined) throw new ApiError('validation_failed', 'A JSON body is required', [{ path: '', message: 'Required' }]);
  const details = issuesToDetails(result.error.issues);
  const first = details[0];
  const message = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : 'Invalid request';
  throw new ApiError('validation_failed', message, details);
}

function bodySizeLimit(): MiddlewareObj<Event, Result> {
  return {
    before: ({ event }) => {
      const length = event.body ? (event.isBase64Encoded ? Math.floor((event.body.length * 3) / 4) : Buffer.byteLength(event.body)) : 0;
      if (length > MAX_BODY_BYTES) {
        throw new ApiError('payload_too_large', `Request bodies may be at most ${MAX_BODY_BYTES / 1024} KiB`);
      }
    },
  };
}

function contractErrorHandler(route: RouteDefinition, records: CallerRecords | undefined): MiddlewareObj<Event, Result> {
  return {
    onError: async (request) => {
      const error = toApiError(request.error);
      const language = await errorLanguage(route, request.event, error.status, records);
      request.response = toLambdaResult({
        status: error.status,
        body: { error: localizeError(error.toBody().error, language) },
        // Transient: tell well-behaved clients when to try again.
        headers: error.status === 503 ? { 'retry-after': '2' } : undefined,
      });
    },
  };
}

/**
 * The language of a portal route's error message: the signed-in client's own `language` (one Get, on errors
 * only), or Accept-Language for the public portal route (accepting an invitation). A server-side failure (5xx)
 * may be the database itself, so it is not asked again: the portal's Accept-Language (the language it shows)
 * decides, and the 503 keeps its deadline. The dashboard's routes and anything that cannot be read stay English;
 * the error code is the same in every language.
 */
async function errorLanguage(route: RouteDefinition, event: Event, status: number, records: CallerRecords | undefined): Promise<Language> {
  const acceptLanguage = () => languageFromAcceptLanguage(event.headers?.['accept-language'] ?? event.headers?.['Accept-Language']);
  if (route.access === 'public' && route.path.startsWith('/api/portal/')) return acceptLanguage();
  if (route.access !== 'client') return DEFAULT_LANGUAGE;
  if (status >= 500) return acceptLanguage();
  const caller = callerOf(event);
  if (caller.kind !== 'client' || !records) return DEFAULT_LANGUAGE;
  try {
    return (await records.clientLanguage(caller.clientId)) ?? DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

/** One line per request: ids (the Lambda request id among them) and outcome only, never bodies, query strings or claims. */
function requestSummaryLog(route: RouteDefinition): MiddlewareObj<Event, Result> {
  // Per request, not per handler: the local gateway runs concurrent requests through one handler instance. For
  // the same reason the request id is put on the line itself rather than into the shared logger's context
  // (Powertools' injectLambdaContext), which a concurrent request would overwrite.
  const startedAt = new WeakMap<middy.Request<Event, Result>, number>();
  const summarise = (request: middy.Request<Event, Result>) => {
    const status = request.response?.statusCode ?? 500;
    const entry = {
      route: route.id,
      status,
      durationMs: Math.round(performance.now() - (startedAt.get(request) ?? performance.now())),
      requestId: request.context.awsRequestId,
    };
    if (status >= 500) logger.error('request failed', { ...entry, ...errorFacts(request.error) });
    else logger.info('request', entry);
  };
  return {
    before: (request) => {
      startedAt.set(request, performance.now());
    },
    after: summarise,
    onError: summarise,
  };
}

/** Class and stack of an unexpected error. AWS error messages can quote item values, so they are left out. */
function errorFacts(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { errorType: typeof error };
  // Transaction cancellations are rewritten by transactWrite to list only the reason codes.
  const isAwsError = '$metadata' in error && error.name !== 'TransactionCanceledException';
  return {
    errorType: error.name,
    ...(isAwsError ? {} : { errorMessage: error.message }),
    stack: error.stack?.split('\n').slice(1, 6).join('\n'),
  };
}
