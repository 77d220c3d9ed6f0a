/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the route table (functions/routes.ts) and the zod
 * schemas it names (shared/schemas.ts, shared/schemas/responses.ts) with zod's own `z.toJSONSchema` — never
 * written by hand. A route added to the table appears here by itself; what it can answer is derived from its
 * declaration (`errorCodesOf`), and only what cannot be derived is declared on the route (`errors`).
 *
 * Pure: no Node built-ins, no AWS SDK. `GET /api/openapi.json` builds it once per container.
 */
import * as z from 'zod/mini';
import { MAX_BODY_BYTES } from '../../shared/constants.ts';
import { ERROR_STATUS, type ErrorCode } from '../../shared/errors.ts';
import * as contractSchemas from '../../shared/schemas.ts';
import * as answerSchemas from '../../shared/schemas/responses.ts';
import { entityId, isoDate } from '../../shared/schemas/base.ts';
import { requestExamples } from './examples.ts';
import { routes as routeTable, type RouteDefinition, type SchemaName } from '../routes.ts';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };
type Schemas = Record<string, z.ZodMiniType>;

const schemaByName: Schemas = { ...pickSchemas(contractSchemas), ...pickSchemas(answerSchemas) };

export const SECURITY_SCHEME = 'cognitoIdToken';
export const ERROR_SCHEMA = 'ErrorBody';
const schemaRef = (name: string) => `#/components/schemas/${name}`;

/** `createPayerRequest` → `CreatePayerRequest`: the component name of a schema. */
export const componentName = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

// Keyed by string, not RouteAccess: a role added to the table gets a generic line rather than breaking the document.
const accessDescription: Record<string, string> = {
  public: 'Public: no token needed.',
  practitioner: 'Practice staff only: the Cognito ID token of a user in the `practitioners` group. A portal client gets 403 `forbidden`.',
  admin:
    'Practice admins only: the Cognito ID token of a practitioner who is also in the `practice-admins` group. Other practitioners and portal clients get 403 `forbidden`.',
  client:
    'Portal clients only: the Cognito ID token of a user carrying `custom:clientId`. The client comes from the token, never from the URL or body, so a client only ever reaches their own data; a client whose portal access was revoked gets 403 on the next request. Practice staff get 403 `forbidden`.',
};

/** Tags are the first path segment after /api; a new segment simply has no description yet. */
const tagDescriptions: Record<string, string> = {
  health: 'Whether the API answers.',
  openapi: 'This document.',
  portal: "The client portal: accepting an invitation, then the signed-in client's own profile, uploads and policies.",
  practice: 'Practice settings and the practice-wide audit trail.',
  payers: "The practice's payers (insurance companies) and their aliases.",
  clients: "Clients and everything in a client's chart: invitations, card uploads, policies, coverage, audit trail and claims.",
  review: 'What the practice still has to review.',
  claims: 'Claims across clients and their exports.',
};

const errorMeaning: Record<ErrorCode, string> = {
  invalid_json: 'the body is not JSON',
  validation_failed: 'the request breaks a rule of its schema (`details` names each field)',
  unauthenticated: 'no valid token',
  forbidden: 'the caller may not use this route',
  insurance_collection_disabled: 'the practice does not collect insurance from this client',
  not_found: 'an id in the path names nothing the caller can see (a malformed id included)',
  version_conflict: '`version` is stale: someone changed the item since it was read',
  conflict: 'the change collides with existing data or a simultaneous request',
  invitation_expired: 'the invitation link expired, was used or was revoked',
  payload_too_large: `the body is over ${MAX_BODY_BYTES / 1024} KiB`,
  upload_rejected: 'an uploaded file is missing, empty, too large or not an allowed type',
  claim_not_ready: 'the claim is not ready (`details` lists every problem)',
  internal: 'an unexpected failure (no internals are disclosed)',
  unavailable: 'a transient failure; try again after `Retry-After` seconds',
};

/**
 * Every error code a route can answer, from what its declaration says about it: who may call it (401/403), path
 * ids (404), a body (400/413), a `version` in the body (409), an insurance write by a client (403), attaching or
 * serving uploads (422/409: an upload attached twice at once, a file still being scanned), plus `route.errors`.
 */
export function errorCodesOf(route: RouteDefinition, body: { versioned: boolean } | undefined): ErrorCode[] {
  const codes = new Set<ErrorCode>();
  if (route.access !== 'public') codes.add('unauthenticated').add('forbidden');
  if (pathParameterNames(route.path).length > 0) codes.add('not_found');
  if (body) codes.add('invalid_json').add('validation_failed').add('payload_too_large');
  if (body?.versioned) codes.add('version_conflict');
  if (route.query) codes.add('validation_failed');
  if (route.insuranceWrite) codes.add('insurance_collection_disabled');
  if (route.needs.uploads === 'verify') codes.add('upload_rejected').add('conflict');
  if (route.needs.uploads === 'read') codes.add('conflict');
  for (const code of route.errors ?? []) codes.add(code);
  codes.add('internal').add('unavailable');
  return [...codes].sort((a, b) => ERROR_STATUS[a] - ERROR_STATUS[b]);
}

export const pathParameterNames = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);

/** Builds the document for `routes` (the route table unless a test passes another). */
export function buildOpenApiDocument(routes: readonly RouteDefinition[] = routeTable): Record<string, unknown> {
  const requestNames = new Set<SchemaName>();
  const answerNames = new Set<SchemaName>(['errorBody', 'gatewayUnauthorized']);
  for (const route of routes) {
    if (route.body) requestNames.add(route.body);
    if (route.response) answerNames.add(route.response);
  }
  // Requests are described as the client sends them (zod's input side), answers as the server writes them.
  const requestComponents = componentsOf(requestNames, 'input');
  const answerComponents = componentsOf(answerNames, 'output');
  for (const name of Object.keys(requestComponents)) {
    if (name in answerComponents) throw new Error(`Schema ${name} is used both as a request body and as an answer`);
  }
  // Answers gain fields over time (the contract only ever adds fields): clients must accept unknown ones.
  for (const schema of Object.values(answerComponents)) allowUnknownProperties(schema);

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operationOf(route, requestComponents);
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Portal Insurance API',
      version: '1.0.0',
      description: [
        'Clients add their health-insurance policies in the practice portal; the practice reviews them and bills claims.',
        'Every route lives under `/api`, takes and returns JSON, and needs `Authorization: Bearer <Cognito ID token>` unless it is public.',
        'Errors always have the body `ErrorBody`. Dates are `YYYY-MM-DD`, timestamps ISO-8601 UTC, money integer cents, ids opaque strings.',
        'Generated from the route table and the zod schemas the server validates with (`functions/openapi/document.ts`).',
      ].join('\n\n'),
    },
    servers: [{ url: '/', description: 'The portal itself: the API is served under /api on the same origin as the web app.' }],
    tags: [...new Set(routes.map(tagOf))].map((name) => ({
      name,
      ...(tagDescriptions[name] ? { description: tagDescriptions[name] } : {}),
    })),
    paths,
    components: {
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "The Cognito ID token (not the access token) from the practice's user pool. Practice staff are in the group `practitioners`; portal clients carry `custom:clientId`.",
        },
      },
      schemas: { ...requestComponents, ...answerComponents },
    },
  };
}

function operationOf(route: RouteDefinition, requestComponents: Record<string, JsonSchema>): Record<string, unknown> {
  const body = route.body ? requestComponents[componentName(route.body)] : undefined;
  const bodySchema = route.body ? schemaByName[route.body] : undefined;
  const codes = errorCodesOf(route, body ? { versioned: Boolean(body.properties?.version) } : undefined);
  return {
    operationId: route.id,
    summary: sentenceOf(route.id),
    description: accessDescription[route.access] ?? `Callers with access \`${route.access}\` only, with a Cognito ID token.`,
    tags: [tagOf(route)],
    'x-access': route.access,
    security: route.access === 'public' ? [] : [{ [SECURITY_SCHEME]: [] }],
    parameters: [...pathParametersOf(route), ...queryParametersOf(route)],
    ...(route.body && bodySchema
      ? {
          requestBody: {
            // A body schema that accepts "no body" (e.g. an invitation that keeps the client's settings).
            required: !bodySchema.safeParse(undefined).success,
            content: {
              'application/json': {
                schema: { $ref: schemaRef(componentName(route.body)) },
                ...(route.id in requestExamples ? { example: requestExamples[route.id as keyof typeof requestExamples] } : {}),
              },
            },
          },
        }
      : {}),
    responses: { ...successOf(route), ...errorResponsesOf(codes) },
  };
}

function successOf(route: RouteDefinition): Record<string, unknown> {
  const status = String(route.status ?? 200);
  if (route.status === 204) return { [status]: { description: 'Done; no body.' } };
  if (route.responseType) {
    return {
      [status]: {
        description: 'The file.',
        content: { [route.responseType]: { schema: { type: 'string', contentMediaType: route.responseType } } },
      },
    };
  }
  const schema = route.response ? { $ref: schemaRef(componentName(route.response)) } : {};
  const description = route.response ? componentName(route.response) : 'Success (the answer has no schema in the route table yet).';
  return { [status]: { description, content: { 'application/json': { schema } } } };
}

function errorResponsesOf(codes: readonly ErrorCode[]): Record<string, unknown> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  const responses: Record<string, unknown> = {};
  for (const [status, list] of byStatus) {
    const errorSchema = { $ref: schemaRef(ERROR_SCHEMA) };
    responses[String(status)] = {
      description: list.map((code) => `\`${code}\`: ${errorMeaning[code]}`).join('; ') + '.',
      'x-error-codes': list,
      ...(status === 503 ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } } : {}),
      content: {
        'application/json': {
          // In AWS the JWT authorizer answers a missing or invalid token itself, before any function runs.
          schema: status === 401 ? { anyOf: [errorSchema, { $ref: schemaRef('GatewayUnauthorized') }] } : errorSchema,
        },
      },
    };
  }
  return responses;
}

function pathParametersOf(route: RouteDefinition): Record<string, unknown>[] {
  const idSchema = jsonSchemaOf(entityId, 'input');
  return pathParameterNames(route.path).map((name) => ({ name, in: 'path', required: true, schema: idSchema }));
}

function queryParametersOf(route: RouteDefinition): Record<string, unknown>[] {
  if (!route.query) return [];
  const schema = jsonSchemaOf(requireSchema(route.query), 'input');
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: property,
  }));
}

function componentsOf(names: ReadonlySet<SchemaName>, io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const name of names) registry.add(requireSchema(name), { id: componentName(name) });
  const { schemas } = z.toJSONSchema(registry, { ...jsonSchemaOptions(io), uri: (id) => schemaRef(id) });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutHeader(schema as JsonSchema)]));
}

function jsonSchemaOf(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  return withoutHeader(z.toJSONSchema(schema, jsonSchemaOptions(io)) as JsonSchema);
}

function jsonSchemaOptions(io: 'input' | 'output') {
  return {
    target: 'draft-2020-12' as const,
    io,
    // Transforms and refinements have no JSON Schema: the document shows the shape, the server checks the rest.
    unrepresentable: 'any' as const,
    override: (context: { zodSchema: unknown; jsonSchema: Record<string, unknown> }) => {
      if (context.zodSchema === isoDate) context.jsonSchema.format = 'date';
    },
  };
}

/** OpenAPI 3.1 components are JSON Schema 2020-12 already: no `$schema`, and their id is their place. */
function withoutHeader(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

function allowUnknownProperties(schema: unknown): void {
  if (Array.isArray(schema)) return schema.forEach(allowUnknownProperties);
  if (!schema || typeof schema !== 'object') return;
  const node = schema as Record<string, unknown>;
  if (node.additionalProperties === false) delete node.additionalProperties;
  Object.values(node).forEach(allowUnknownProperties);
}

function requireSchema(name: SchemaName): z.ZodMiniType {
  const schema = schemaByName[name];
  if (!schema) throw new Error(`No zod schema named ${name} in shared/schemas`);
  return schema;
}

function pickSchemas(module: Record<string, unknown>): Schemas {
  return Object.fromEntries(Object.entries(module).filter(([, value]) => isZodSchema(value))) as Schemas;
}

function isZodSchema(value: unknown): value is z.ZodMiniType {
  return (
    typeof value === 'object' && value !== null && '_zod' in value && typeof (value as { safeParse?: unknown }).safeParse === 'function'
  );
}

/** `/api/clients/{clientId}/claims` → `clients`; `/api/openapi.json` → `openapi`. */
const tagOf = (route: Pick<RouteDefinition, 'path'>) => route.path.split('/')[2]!.replace(/\..*$/, '');

/** `createPortalPolicy` → `Create portal policy`. */
const sentenceOf = (id: string) => {
  const words = id.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};
