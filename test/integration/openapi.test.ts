/**
 * `GET /api/openapi.json` from outside, as an integrator's tool reads it: over HTTP without a token, validated by
 * @apidevtools/swagger-parser, compared with the route table, and held against what the running API really
 * answers (a real error body matches the documented error schema; a documented public route needs no token).
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.ts';
import { as, practitioner, request, unique, type ApiResponse } from '../support/api.ts';

let served: ApiResponse;
beforeAll(async () => {
  served = await request('GET', '/api/openapi.json');
});

describe('GET /api/openapi.json', () => {
  it('answers the document to anyone, as JSON that may be cached', () => {
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toMatch(/^application\/json/);
    expect(served.headers.get('cache-control')).toBe('public, max-age=300');
    expect(served.body.openapi).toBe('3.1.0');
  });

  it('is valid OpenAPI by a validator that is not ours', async () => {
    await expect(SwaggerParser.validate(structuredClone(served.body))).resolves.toBeTruthy();
  });

  it('lists exactly the routes of the table', () => {
    const documented = Object.entries(served.body.paths as Record<string, Record<string, { operationId: string }>>).flatMap(
      ([path, operations]) =>
        Object.entries(operations).map(([method, operation]) => `${method.toUpperCase()} ${path} ${operation.operationId}`),
    );
    expect(documented.sort()).toEqual(routes.map((route) => `${route.method} ${route.path} ${route.id}`).sort());
  });

  it('describes the answers the API really gives: each success body matches its documented schema', async () => {
    const ajv = new Ajv2020({ strict: false });
    for (const [name, schema] of Object.entries(served.body.components.schemas as Record<string, object>)) {
      ajv.addSchema(schema, `#/components/schemas/${name}`);
    }
    const practice = as(await practitioner());
    const matches = (path: string, method: string, response: ApiResponse) => {
      const documented = served.body.paths[path][method].responses[String(response.status)];
      expect(documented, `${method} ${path} ${response.status} is documented`).toBeDefined();
      const validate = ajv.getSchema(documented.content['application/json'].schema.$ref)!;
      expect(validate(response.body), `${method} ${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
    };
    const client = await practice.post('/api/clients', {
      firstName: 'Open',
      lastName: unique('Api'),
      email: `${unique('openapi')}@example.test`,
    });
    matches('/api/clients', 'post', client);
    const payer = await practice.post('/api/payers', { name: unique('OpenAPI Mutual') });
    matches('/api/payers', 'post', payer);
    const policy = await practice.post(`/api/clients/${client.body.clientId}/policies`, {
      priority: 'primary',
      payerId: payer.body.payerId,
      memberId: 'OA-1',
      effectiveDate: '2026-01-01',
    });
    matches('/api/clients/{clientId}/policies', 'post', policy);
    matches('/api/clients/{clientId}/policies', 'get', await practice.get(`/api/clients/${client.body.clientId}/policies`));
    matches('/api/clients/{clientId}', 'get', await practice.get(`/api/clients/${client.body.clientId}`));
    matches('/api/clients', 'get', await practice.get('/api/clients'));
    matches('/api/payers', 'get', await practice.get('/api/payers'));
    matches('/api/practice/settings', 'get', await practice.get('/api/practice/settings'));
    matches('/api/review/needs-payer', 'get', await practice.get('/api/review/needs-payer'));
    matches('/api/clients/{clientId}/audit', 'get', await practice.get(`/api/clients/${client.body.clientId}/audit`));
    matches('/api/health', 'get', await request('GET', '/api/health'));
    matches('/api/openapi.json', 'get', served);
  });

  it('describes the error bodies the API really answers', async () => {
    const ajv = new Ajv2020({ strict: false });
    for (const [name, schema] of Object.entries(served.body.components.schemas as Record<string, object>)) {
      ajv.addSchema(schema, `#/components/schemas/${name}`);
    }
    const token = await practitioner();
    const invalid = await request('POST', '/api/payers', { token, body: { name: '' } });
    const unknown = await request('GET', '/api/clients/no-such-client', { token });
    for (const [response, status] of [
      [invalid, '400'],
      [unknown, '404'],
    ] as const) {
      expect(response.status).toBe(Number(status));
      const documented = served.body.paths[status === '400' ? '/api/payers' : '/api/clients/{clientId}'][status === '400' ? 'post' : 'get'];
      const validate = ajv.getSchema(documented.responses[status].content['application/json'].schema.$ref)!;
      expect(validate(response.body), JSON.stringify(validate.errors)).toBe(true);
      expect(documented.responses[status]['x-error-codes']).toContain(response.body.error.code);
    }
  });
});
