/**
 * The OpenAPI document (`GET /api/openapi.json`) against the route table it is generated from, a validator that is
 * not ours (@apidevtools/swagger-parser), and a JSON Schema validator (ajv, 2020-12) for the request schemas.
 * A route added to the table without its body schema, its body example, or with a body schema other than the one
 * its handler validates with fails here.
 */
import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ZodMiniType } from 'zod/mini';
import * as contractSchemas from '../../shared/schemas.ts';
import * as answerSchemas from '../../shared/schemas/responses.ts';
import { requestExamples } from '../../functions/openapi/examples.ts';
import { buildOpenApiDocument, componentName, ERROR_SCHEMA, errorCodesOf, SECURITY_SCHEME } from '../../functions/openapi/document.ts';
import { routes, type RouteDefinition, type RouteId } from '../../functions/routes.ts';

type Operation = {
  operationId: string;
  security: Record<string, string[]>[];
  'x-access': string;
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { required: boolean; content: Record<string, { schema: { $ref: string }; example?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }>; 'x-error-codes'?: string[] }>;
};
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, object> } };

const table = routes as readonly RouteDefinition[];
const schemaByName = { ...contractSchemas, ...answerSchemas } as unknown as Record<string, ZodMiniType>;
const writes = new Set(['POST', 'PUT', 'PATCH']);

let document: Document;
beforeAll(() => {
  document = buildOpenApiDocument() as unknown as Document;
});
afterAll(() => {
  vi.unstubAllEnvs();
});

const operationOf = (route: Pick<RouteDefinition, 'method' | 'path'>, doc: Document = document) =>
  doc.paths[route.path]?.[route.method.toLowerCase()];
const errorSchemaRef = `#/components/schemas/${ERROR_SCHEMA}`;

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document by @apidevtools/swagger-parser', async () => {
    // validate() dereferences in place: give it a copy.
    const validated = (await SwaggerParser.validate(structuredClone(document) as never)) as { openapi: string };
    expect(validated.openapi).toBe('3.1.0');
  });

  it('has one operation for every route of the table, and none that is not in the table', () => {
    const missing = table.filter((route) => operationOf(route)?.operationId !== route.id).map((route) => route.id);
    expect(missing).toEqual([]);
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(table.map((route) => `${route.method} ${route.path}`).sort());
  });

  it("says who may call each route: the bearer scheme on every non-public route, none on public ones, and the route's access", () => {
    for (const route of table) {
      const operation = operationOf(route)!;
      expect(operation['x-access'], route.id).toBe(route.access);
      expect(operation.security, route.id).toEqual(route.access === 'public' ? [] : [{ [SECURITY_SCHEME]: [] }]);
    }
  });

  it('declares every path parameter of each route, as required', () => {
    for (const route of table) {
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = operationOf(route)!.parameters.filter((parameter) => parameter.in === 'path');
      expect(
        declared.map((parameter) => parameter.name),
        route.id,
      ).toEqual(names);
      expect(declared.every((parameter) => parameter.required)).toBe(true);
    }
  });

  it('documents every query field of a route with a query schema', () => {
    const listClients = operationOf(table.find((route) => route.id === 'listClients')!)!;
    expect(listClients.parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name)).toEqual([
      'cursor',
      'limit',
      'q',
      'sort',
      'filter',
    ]);
    const coverage = operationOf(table.find((route) => route.id === 'getCoverage')!)!;
    expect(coverage.parameters.find((parameter) => parameter.name === 'dateOfService')).toMatchObject({ in: 'query', required: true });
  });

  it('answers every error with the contract error body, and only errors outside 2xx', () => {
    for (const route of table) {
      for (const [status, response] of Object.entries(operationOf(route)!.responses)) {
        if (status.startsWith('2')) continue;
        const schema = response.content?.['application/json']?.schema ?? {};
        const refs = [schema.$ref, ...((schema.anyOf as { $ref: string }[] | undefined) ?? []).map((entry) => entry.$ref)];
        expect(refs, `${route.id} ${status}`).toContain(errorSchemaRef);
        expect(response['x-error-codes']?.length, `${route.id} ${status}`).toBeGreaterThan(0);
      }
    }
    expect(document.components.schemas[ERROR_SCHEMA]).toBeDefined();
  });

  it('lists the status codes a route can answer from its declaration', () => {
    const statuses = (id: RouteId) => Object.keys(operationOf(table.find((route) => route.id === id)!)!.responses);
    expect(statuses('health')).toEqual(['200', '500', '503']);
    // Public, a body, a claimed-or-expired token.
    expect(statuses('acceptInvitation')).toEqual(['200', '400', '409', '410', '413', '500', '503']);
    // A versioned write with a path id.
    expect(statuses('updatePayer')).toEqual(['200', '400', '401', '403', '404', '409', '413', '500', '503']);
    // A client's insurance write that attaches uploads.
    expect(statuses('createPortalPolicy')).toEqual(['201', '400', '401', '403', '409', '413', '422', '500', '503']);
    const portalPolicy = operationOf(table.find((route) => route.id === 'createPortalPolicy')!)!;
    expect(portalPolicy.responses['403']!['x-error-codes']).toEqual(['forbidden', 'insurance_collection_disabled']);
    expect(portalPolicy.responses['422']!['x-error-codes']).toEqual(['upload_rejected']);
  });

  it('derives 409 version_conflict from a `version` in the body, not from the method', () => {
    const versioned = table.filter((route) => {
      const body = route.body ? document.components.schemas[componentName(route.body)] : undefined;
      return Boolean((body as { properties?: Record<string, unknown> } | undefined)?.properties?.version);
    });
    expect(versioned.map((route) => route.id).sort()).toEqual([
      'updateClaim',
      'updateClient',
      'updatePayer',
      'updatePolicy',
      'updateSettings',
      'updateTeamMember',
    ]);
    for (const route of table) {
      const codes = operationOf(route)!.responses['409']?.['x-error-codes'] ?? [];
      expect(codes.includes('version_conflict'), route.id).toBe(versioned.includes(route));
    }
  });
});

describe('request schemas', () => {
  it('name a body for every POST, PUT and PATCH (or `body: null` for a write without one)', () => {
    const unnamed = table.filter((route) => writes.has(route.method) && route.body === undefined).map((route) => route.id);
    expect(unnamed, 'add `body: <schema name>` (or `body: null`) to these routes in functions/routes.ts').toEqual([]);
  });

  it("are the very schemas each route's handler validates with", async () => {
    // Handlers read their configuration when loaded (fail-fast cold start): give every variable the config
    // module requires a placeholder (read from its source, so a new one needs no change here). Nothing here
    // calls a service.
    const config = readFileSync(new URL('../../functions/platform/config.ts', import.meta.url), 'utf8');
    for (const [, name] of config.matchAll(/requiredEnv\('([A-Z0-9_]+)'\)/g)) {
      vi.stubEnv(name!, name === 'PORTAL_BASE_URL' ? 'https://portal.example.test' : `test-${name}`);
    }
    const mismatches: string[] = [];
    for (const route of table) {
      const { handler } = (await import(`../../functions/handlers/${route.id}.ts`)) as {
        handler: { validates: { body?: unknown; query?: unknown } };
      };
      const named = { body: route.body ? schemaByName[route.body] : undefined, query: route.query ? schemaByName[route.query] : undefined };
      if (handler.validates.body !== named.body) mismatches.push(`${route.id}: body is not ${String(route.body)}`);
      if (handler.validates.query !== named.query) mismatches.push(`${route.id}: query is not ${String(route.query)}`);
    }
    expect(mismatches).toEqual([]);
  }, 60_000);

  it('accept a known-good example, by the zod schema and by the JSON Schema in the document', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
    ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
    for (const [name, schema] of Object.entries(document.components.schemas)) ajv.addSchema(schema, `#/components/schemas/${name}`);
    const withBody = table.filter((route) => route.body);
    const withoutExample = withBody.filter((route) => !(route.id in requestExamples)).map((route) => route.id);
    expect(withoutExample, 'add an example to functions/openapi/examples.ts').toEqual([]);
    for (const route of withBody) {
      const example = requestExamples[route.id as RouteId];
      expect(schemaByName[route.body!]!.safeParse(example).success, `${route.id}: zod`).toBe(true);
      const media = operationOf(route)!.requestBody!.content['application/json']!;
      expect(media.example, route.id).toEqual(example);
      const validate = ajv.getSchema(media.schema.$ref)!;
      expect(validate(example), `${route.id}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('refuse in the document what the server refuses for its shape: an unknown field, a missing required one', () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
    const validate = ajv.compile(document.components.schemas.CreatePayerRequest!);
    expect(validate({ name: 'Aetna' })).toBe(true);
    expect(validate({ name: 'Aetna', status: 'active' })).toBe(false);
    expect(validate({ ediPayerId: '60054' })).toBe(false);
  });
});

describe('a route added to the table', () => {
  const added: RouteDefinition = {
    id: 'notInTheTable',
    method: 'POST',
    path: '/api/example/{exampleId}/things',
    access: 'practitioner',
    needs: { table: 'write' },
  };

  it('appears in the document by itself, even without any schema, with what its declaration implies', () => {
    const withAdded = buildOpenApiDocument([...table, added]) as unknown as Document;
    const operation = operationOf(added, withAdded)!;
    expect(operation.operationId).toBe('notInTheTable');
    expect(Object.keys(operation.responses)).toEqual(['200', '401', '403', '404', '500', '503']);
    expect(operation.requestBody).toBeUndefined();
  });

  it('describes a file answer and an answer without a body as such', () => {
    const pdf = { ...added, id: 'getPdf', method: 'GET', path: '/api/example/{exampleId}/pdf', responseType: 'application/pdf' } as const;
    const removed = { ...added, id: 'removeX', method: 'DELETE', path: '/api/example/{exampleId}', status: 204 } as const;
    const withAdded = buildOpenApiDocument([...table, pdf, removed]) as unknown as Document;
    expect(Object.keys(operationOf(pdf, withAdded)!.responses['200']!.content!)).toEqual(['application/pdf']);
    expect(operationOf(removed, withAdded)!.responses['204']!.content).toBeUndefined();
  });

  it('answers what it declares beyond that (`errors`)', () => {
    expect(errorCodesOf({ ...added, errors: ['claim_not_ready'] }, undefined)).toContain('claim_not_ready');
  });
});
