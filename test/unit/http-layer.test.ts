import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../infra/local/lambda-invocation.ts';
import { ApiError } from '../../shared/errors.ts';
import { createPayerRequest } from '../../shared/schemas.ts';
import { callerFromClaims } from '../../functions/http/caller.ts';
import { toApiError } from '../../functions/http/error-mapping.ts';
import { publicRoute } from '../../functions/http/public-route.ts';
import { httpRoute } from '../../functions/http/route-handler.ts';
import { ok } from '../../functions/http/responses.ts';

// httpRoute's module holds the table client (it reads a practitioner's standing); these tests never reach the table,
// but the client is configured when the module loads, before any test runs.
vi.hoisted(() => {
  process.env.TABLE_NAME ??= 'http-layer-unit-tests';
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const practitionerClaims = { sub: 'u1', token_use: 'id', 'cognito:groups': '[practitioners]' };

function event(
  options: { body?: string; claims?: Record<string, string> | null; pathParameters?: Record<string, string> } = {},
): APIGatewayProxyEventV2WithJWTAuthorizer {
  return {
    version: '2.0',
    routeKey: 'POST /api/payers',
    rawPath: '/api/payers',
    rawQueryString: '',
    headers: {},
    body: options.body,
    isBase64Encoded: false,
    pathParameters: options.pathParameters,
    requestContext: {
      http: { method: 'POST', path: '/api/payers' },
      ...(options.claims === null ? {} : { authorizer: { jwt: { claims: options.claims ?? practitionerClaims, scopes: [] } } }),
    },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

const context = { getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

// On a public route: a practitioner route also reads the caller's team standing from the table (integration-tested).
const echo = httpRoute('acceptInvitation', { body: createPayerRequest }, async ({ body }) => ok(body));
const failing = (error: unknown) => httpRoute('acceptInvitation', {}, async () => Promise.reject(error));
const practitionerRoute = httpRoute('createPayer', { body: createPayerRequest }, async ({ body }) => ok(body));

async function call(handler: ReturnType<typeof httpRoute>, input: APIGatewayProxyEventV2WithJWTAuthorizer) {
  const result = await handler(input, context);
  return { status: result.statusCode, body: JSON.parse(result.body!), headers: result.headers! };
}

describe('the HTTP layer every handler shares', () => {
  it('passes a valid body through, typed and trimmed', async () => {
    const response = await call(echo, event({ body: JSON.stringify({ name: '  Aetna  ' }) }));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ name: 'Aetna' });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    const response = await call(echo, event({ body: '{"name":' }));
    expect(response).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
  });

  it('answers a missing body with 400 validation_failed', async () => {
    const response = await call(echo, event({}));
    expect(response).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', message: 'A JSON body is required' } } });
  });

  it('lists every invalid field as a detail, the first one in the message', async () => {
    const response = await call(echo, event({ body: JSON.stringify({ aliases: 'x', extra: 1 }) }));
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe('name: Required');
    expect(response.body.error.details).toEqual(
      expect.arrayContaining([
        { path: 'name', message: 'Required' },
        expect.objectContaining({ path: 'aliases' }),
        expect.objectContaining({ path: '' }),
      ]),
    );
  });

  it('refuses a body over 256 KiB with 413 before parsing it', async () => {
    const response = await call(echo, event({ body: JSON.stringify({ name: 'x'.repeat(300 * 1024) }) }));
    expect(response).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
  });

  it('answers 401 without verified claims and 403 for a client on a practitioner route', async () => {
    expect((await call(practitionerRoute, event({ claims: null, body: '{}' }))).status).toBe(401);
    const asClient = await call(
      practitionerRoute,
      event({ claims: { sub: 'c', token_use: 'id', 'custom:clientId': 'client-1' }, body: '{"name":"x"}' }),
    );
    expect(asClient).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
  });

  it('answers a malformed path parameter with 404, never reaching the handler', async () => {
    const response = await call(echo, event({ body: '{"name":"x"}', pathParameters: { payerId: '../../etc' } }));
    expect(response.status).toBe(404);
  });

  it('turns an unexpected error into a 500 that leaks nothing', async () => {
    const response = await call(failing(new TypeError('secret internals at /var/task/x.js')), event());
    expect(response).toEqual({
      status: 500,
      body: { error: { code: 'internal', message: 'Something went wrong on our side' } },
      headers: expect.any(Object),
    });
    expect(JSON.stringify(response.body)).not.toContain('secret');
  });

  it('turns an unreachable database into 503 unavailable with Retry-After', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
    const response = await call(failing(refused), event());
    expect(response).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    expect(response.headers['retry-after']).toBe('2');
  });

  it('passes an ApiError through with its code, status and details', async () => {
    const response = await call(failing(new ApiError('conflict', 'Duplicate', [{ path: 'name', message: 'Taken' }])), event());
    expect(response).toMatchObject({
      status: 409,
      body: { error: { code: 'conflict', message: 'Duplicate', details: [{ path: 'name', message: 'Taken' }] } },
    });
  });
});

describe('error mapping', () => {
  it.each([
    ['a throttled request', Object.assign(new Error('slow down'), { name: 'ThrottlingException' }), 503],
    ['a 5xx from an AWS service', Object.assign(new Error('x'), { name: 'Whatever', $metadata: { httpStatusCode: 500 } }), 503],
    ['a timeout', Object.assign(new Error('x'), { name: 'TimeoutError' }), 503],
    [
      'a network error wrapped as a cause',
      Object.assign(new Error('outer'), { cause: Object.assign(new Error('inner'), { code: 'ECONNRESET' }) }),
      503,
    ],
    [
      'a 4xx from an AWS service (our bug)',
      Object.assign(new Error('x'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }),
      500,
    ],
    ['a plain bug', new RangeError('oops'), 500],
    ['a thrown string', 'oops', 500],
  ])('%s → %i', (_name, error, status) => {
    expect(toApiError(error).status).toBe(status);
  });
});

describe('who is calling, from verified claims only', () => {
  it.each([
    [
      'a practitioner (API Gateway string form of groups)',
      { sub: 'u', token_use: 'id', 'cognito:groups': '[practitioners]' },
      { kind: 'practitioner', userId: 'u', name: 'u', role: 'practitioner' },
    ],
    [
      'a practitioner (array form, several groups)',
      { sub: 'u', token_use: 'id', 'cognito:groups': ['admins', 'practitioners'] },
      { kind: 'practitioner', userId: 'u', name: 'u', role: 'practitioner' },
    ],
    [
      'a practice admin, named by their given and family name',
      {
        sub: 'u',
        token_use: 'id',
        'cognito:groups': '[practitioners practice-admins]',
        given_name: 'Ann',
        family_name: 'Lee',
        email: 'a@x.test',
      },
      { kind: 'practitioner', userId: 'u', email: 'a@x.test', name: 'Ann Lee', role: 'admin' },
    ],
    ['a client', { sub: 'u', token_use: 'id', 'custom:clientId': 'c1' }, { kind: 'client', userId: 'u', clientId: 'c1' }],
    ['an access token (not an ID token)', { sub: 'u', token_use: 'access', 'cognito:groups': ['practitioners'] }, { kind: 'anonymous' }],
    ['a user in no group and without a client id', { sub: 'u', token_use: 'id' }, { kind: 'anonymous' }],
    [
      'a group whose name merely contains "practitioners"',
      { sub: 'u', token_use: 'id', 'cognito:groups': '[not-practitioners]' },
      { kind: 'anonymous' },
    ],
    ['no claims', undefined, { kind: 'anonymous' }],
  ])('%s', (_name, claims, expected) => {
    expect(callerFromClaims(claims as never)).toEqual(expected);
  });
});

describe('the request log line', () => {
  it('carries each request’s own request id and duration when requests overlap (as on the local gateway)', async () => {
    const lines: Record<string, unknown>[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      const text = chunk.toString();
      if (text.includes('"message":"request"')) lines.push(JSON.parse(text));
      return true;
    });
    try {
      let releaseSlow!: () => void;
      const slowMayFinish = new Promise<void>((resolve) => (releaseSlow = resolve));
      const slow = httpRoute('health', {}, async () => {
        await slowMayFinish;
        return ok({ which: 'slow' });
      });
      const fast = httpRoute('health', {}, async () => ok({ which: 'fast' }));
      const slowContext = lambdaContext('health', 10);
      const fastContext = lambdaContext('health', 10);

      const slowDone = slow(event({ claims: null }), slowContext);
      await sleep(60);
      await fast(event({ claims: null }), fastContext);
      await sleep(60);
      releaseSlow();
      await slowDone;

      const byRequestId = new Map(lines.map((line) => [line.requestId, line]));
      expect(byRequestId.get(fastContext.awsRequestId)?.durationMs).toBeLessThan(60);
      // Measured from its own start (~120 ms), not from the fast request's start (~60 ms).
      expect(byRequestId.get(slowContext.awsRequestId)?.durationMs).toBeGreaterThanOrEqual(110);
    } finally {
      write.mockRestore();
    }
  });
});

describe('routes the table marks as insurance writes', () => {
  const clientClaims = { sub: 'c', token_use: 'id', 'custom:clientId': 'client-1' };

  it('hand the handler the caller’s insurance guard', async () => {
    let seen: unknown;
    const handler = httpRoute('createPortalUpload', {}, async ({ insurance, portalUser }) => {
      seen = insurance.clientId;
      portalUser.assert({ portal: { status: 'active' }, portalUserSub: 'c' });
      insurance.assert('on', false);
      return ok({});
    });
    expect((await call(handler, event({ claims: clientClaims }))).status).toBe(200);
    expect(seen).toBe('client-1');
  });

  it('refuse to answer when the handler never applied the guard', async () => {
    const forgetful = httpRoute('createPortalUpload', {}, async () => ok({ written: true }));
    const response = await call(forgetful, event({ claims: clientClaims }));
    expect(response).toMatchObject({ status: 500, body: { error: { code: 'internal' } } });
  });

  it('answer 403 insurance_collection_disabled when the guard refuses', async () => {
    const handler = httpRoute('updatePortalIntake', {}, async ({ insurance, portalUser }) => {
      portalUser.assert({ portal: { status: 'active' }, portalUserSub: 'c' });
      insurance.assert('inherit', false);
      return ok({});
    });
    expect(await call(handler, event({ claims: clientClaims }))).toMatchObject({
      status: 403,
      body: { error: { code: 'insurance_collection_disabled' } },
    });
  });
});

describe('client routes', () => {
  const clientClaims = { sub: 'sub-now', token_use: 'id', 'custom:clientId': 'client-1' };

  it('hand the handler a portal-user guard that refuses a caller who is no longer the client’s portal user', async () => {
    const handler = httpRoute('getPortalMe', {}, async ({ portalUser }) => {
      portalUser.assert({ portal: { status: 'active' }, portalUserSub: 'sub-before' });
      return ok({});
    });
    expect(await call(handler, event({ claims: clientClaims }))).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
  });

  it('refuse a caller whose access was revoked (status back to not_invited)', async () => {
    const handler = httpRoute('listPortalPolicies', {}, async ({ portalUser }) => {
      portalUser.assert({ portal: { status: 'not_invited' } });
      return ok({});
    });
    expect((await call(handler, event({ claims: clientClaims }))).status).toBe(403);
  });

  it('answer the current portal user', async () => {
    const handler = httpRoute('listPortalPolicies', {}, async ({ portalUser }) => {
      portalUser.assert({ portal: { status: 'active' }, portalUserSub: 'sub-now' });
      return ok({});
    });
    expect((await call(handler, event({ claims: clientClaims }))).status).toBe(200);
  });

  it('refuse to answer when the handler never applied the portal-user guard', async () => {
    const forgetful = httpRoute('getPortalMe', {}, async () => ok({ me: true }));
    expect(await call(forgetful, event({ claims: clientClaims }))).toMatchObject({ status: 500, body: { error: { code: 'internal' } } });
  });
});

describe('routes without the table', () => {
  it('only a public route can be built without the caller records (a signed-in route needs the standing check)', async () => {
    expect(() => publicRoute('createPayer', {}, async () => ok({}))).toThrow(/not a public route/);
    const health = publicRoute('health', {}, async () => ok({ ok: true }));
    expect(await call(health, event({ claims: null }))).toMatchObject({ status: 200, body: { ok: true } });
  });
});
