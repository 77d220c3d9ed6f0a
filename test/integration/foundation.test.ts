import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importJWK, SignJWT, decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { as, onboardPortalClient, practitioner, request, stack, unique, type PortalClient } from '../support/api.ts';
import { REPO_ROOT } from '../support/local-stack.ts';

/** cognito-local's signing key ships inside the package (local use only), so tests can mint edge-case tokens. */
async function mintToken(
  claims: Record<string, unknown>,
  options: { expiresIn?: string | number; key?: 'cognito-local' | 'foreign' } = {},
) {
  const jwk = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/cognito-local/lib/keys/cognitoLocal.private.json'), 'utf8')).jwk;
  let key;
  if (options.key === 'foreign') {
    const { generateKeyPair } = await import('jose');
    key = (await generateKeyPair('RS256')).privateKey;
  } else {
    key = await importJWK(jwk, 'RS256');
  }
  const { endpoints, resources } = stack();
  return new SignJWT({ token_use: 'id', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' })
    .setIssuer(`${endpoints.cognito}/${resources.userPoolId}`)
    .setAudience(resources.userPoolClientId)
    .setSubject('forged-user')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(key);
}

describe('health and the local runtime', () => {
  it('answers health without a token', async () => {
    const response = await request('GET', '/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true });
  });

  it('serves /config.json with the Cognito settings the web signs in with', async () => {
    const { body } = await request('GET', '/config.json');
    expect(body).toEqual({
      apiBase: '/api',
      cognito: {
        region: 'us-east-1',
        userPoolId: stack().resources.userPoolId,
        userPoolClientId: stack().resources.userPoolClientId,
        // cognito-local through the gateway's own origin, so one forwarded port is enough.
        endpoint: `${stack().url}/local/cognito`,
      },
    });
  });

  it('answers deep links of the web app with the app itself (SPA fallback)', async () => {
    const response = await fetch(`${stack().url}/dashboard/clients/some-client`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('<div');
  });

  it('answers an unknown API path with a contract-shaped 404, not the app', async () => {
    const response = await request('GET', '/api/no-such-thing');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });
});

describe('the JWT authorizer, as API Gateway would apply it', () => {
  it('refuses a request without a token with 401 unauthenticated', async () => {
    const response = await request('GET', '/api/payers');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthenticated');
  });

  it('refuses a token whose payload was altered (signature no longer matches)', async () => {
    const token = await practitioner();
    const [header, payload, signature] = token.split('.');
    const altered = Buffer.from(JSON.stringify({ ...decodeJwt(token), sub: 'someone-else' })).toString('base64url');
    expect(altered).not.toBe(payload);
    const response = await as(`${header}.${altered}.${signature}`).get('/api/payers');
    expect(response.status).toBe(401);
  });

  it('refuses a token signed by a key outside the user pool JWKS', async () => {
    const token = await mintToken({ 'cognito:groups': ['practitioners'] }, { key: 'foreign' });
    expect((await as(token).get('/api/payers')).status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const token = await mintToken({ 'cognito:groups': ['practitioners'] }, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    expect((await as(token).get('/api/payers')).status).toBe(401);
  });

  it('refuses a token for another app client (audience)', async () => {
    const jwk = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/cognito-local/lib/keys/cognitoLocal.private.json'), 'utf8')).jwk;
    const token = await new SignJWT({ token_use: 'id', 'cognito:groups': ['practitioners'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' })
      .setIssuer(`${stack().endpoints.cognito}/${stack().resources.userPoolId}`)
      .setAudience('some-other-client')
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(await importJWK(jwk, 'RS256'));
    expect((await as(token).get('/api/payers')).status).toBe(401);
  });

  it('accepts a valid token it did not issue through sign-in (the check is the signature, not a session)', async () => {
    const token = await mintToken({ 'cognito:groups': ['practitioners'] });
    expect((await as(token).get('/api/payers')).status).toBe(200);
  });

  it('lets a valid token without the practitioners group or a client id do nothing (403)', async () => {
    const token = await mintToken({});
    const response = await as(token).get('/api/payers');
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('forbidden');
  });
});

describe('practice settings', () => {
  it('reads and saves settings with optimistic versions, and refuses a stale version', async () => {
    const practice = as(await practitioner());
    const current = (await practice.get('/api/practice/settings')).body;
    expect(current).toMatchObject({ collectInsurance: expect.any(Boolean), cardImages: expect.any(String), version: expect.any(Number) });

    const saved = await practice.put('/api/practice/settings', {
      collectInsurance: current.collectInsurance,
      cardImages: 'front_and_back',
      version: current.version,
    });
    expect(saved.status).toBe(200);
    // An omitted practice profile or billing profile is left as it is.
    expect(saved.body).toEqual({
      collectInsurance: current.collectInsurance,
      cardImages: 'front_and_back',
      practice: current.practice,
      billing: current.billing,
      version: current.version + 1,
    });
    expect((await practice.get('/api/practice/settings')).body.cardImages).toBe('front_and_back');

    const stale = await practice.put('/api/practice/settings', { collectInsurance: false, cardImages: 'off', version: current.version });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    expect((await practice.get('/api/practice/settings')).body.cardImages).toBe('front_and_back');

    await practice.put('/api/practice/settings', {
      collectInsurance: current.collectInsurance,
      cardImages: current.cardImages,
      version: current.version + 1,
    });
  });

  it('records a settings change in the practice audit trail with field-level before and after', async () => {
    const practice = as(await practitioner());
    const current = (await practice.get('/api/practice/settings')).body;
    await practice.put('/api/practice/settings', {
      collectInsurance: current.collectInsurance,
      cardImages: 'front',
      version: current.version,
    });
    const audit = await practice.get('/api/practice/audit');
    const latest = audit.body.items.find((event: any) => event.action === 'settings.updated');
    expect(latest.actor.kind).toBe('practitioner');
    expect(latest.changes).toContainEqual({ field: 'cardImages', from: current.cardImages, to: 'front' });
    await practice.put('/api/practice/settings', {
      collectInsurance: current.collectInsurance,
      cardImages: current.cardImages,
      version: current.version + 1,
    });
  });

  it('rejects wrong types with 400 validation_failed naming each field', async () => {
    const practice = as(await practitioner());
    const response = await practice.put('/api/practice/settings', { collectInsurance: 'yes', cardImages: 'sometimes', version: 'one' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.map((detail: any) => detail.path).sort()).toEqual(['cardImages', 'collectInsurance', 'version']);
  });

  it('rejects malformed JSON with 400 invalid_json', async () => {
    const response = await request('PUT', '/api/practice/settings', {
      token: await practitioner(),
      rawBody: '{"collectInsurance": tru',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { code: 'invalid_json', message: expect.any(String) } });
  });

  it('rejects a 2 MB body with 413 payload_too_large, not a 500', async () => {
    const response = await request('POST', '/api/payers', { token: await practitioner(), body: { name: 'x'.repeat(2 * 1024 * 1024) } });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
  });
});

describe('payers', () => {
  it('adds a payer, lists it, and refuses a duplicate name after normalisation with 409', async () => {
    const practice = as(await practitioner());
    const name = `Acme ${unique('Health')}`;
    const created = await practice.post('/api/payers', { name, ediPayerId: '12345', aliases: ['Acme HP'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name, ediPayerId: '12345', aliases: ['Acme HP'], active: true, version: 1 });

    const listed = await practice.get('/api/payers');
    expect(listed.body.items.map((payer: any) => payer.payerId)).toContain(created.body.payerId);

    const duplicate = await practice.post('/api/payers', { name: `${name.toUpperCase()}, Inc.` });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('conflict');

    const aliasTaken = await practice.post('/api/payers', { name: unique('Other'), aliases: ['acme hp'] });
    expect(aliasTaken.status).toBe(409);
  });

  it('edits aliases and deactivates a payer; inactive payers are listed only on request', async () => {
    const practice = as(await practitioner());
    const created = (await practice.post('/api/payers', { name: unique('Zenith Care') })).body;
    const edited = await practice.patch(`/api/payers/${created.payerId}`, { aliases: ['Zenith'], version: created.version });
    expect(edited.status).toBe(200);
    expect(edited.body.aliases).toEqual(['Zenith']);

    const stale = await practice.patch(`/api/payers/${created.payerId}`, { active: false, version: created.version });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');

    const deactivated = await practice.patch(`/api/payers/${created.payerId}`, { active: false, version: edited.body.version });
    expect(deactivated.body.active).toBe(false);
    expect((await practice.get('/api/payers')).body.items.map((payer: any) => payer.payerId)).not.toContain(created.payerId);
    expect((await practice.get('/api/payers?includeInactive=true')).body.items.map((payer: any) => payer.payerId)).toContain(
      created.payerId,
    );

    // The released alias can be used by another payer; the name stays reserved while the payer exists.
    const reuse = await practice.patch(`/api/payers/${created.payerId}`, { aliases: [], version: deactivated.body.version });
    expect(reuse.status).toBe(200);
    expect((await practice.post('/api/payers', { name: unique('Zen'), aliases: ['Zenith'] })).status).toBe(201);
  });

  it('answers 404 for a payer that does not exist', async () => {
    const response = await as(await practitioner()).patch('/api/payers/01NOSUCHPAYER', { active: false, version: 1 });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });
});

describe('who may call practitioner routes', () => {
  let client: PortalClient;
  beforeAll(async () => {
    client = await onboardPortalClient();
  });

  it('refuses a portal client on every practitioner route of this slice with 403', async () => {
    const portal = as(client.token);
    for (const [method, path] of [
      ['get', '/api/practice/settings'],
      ['get', '/api/payers'],
      ['post', '/api/payers'],
      ['get', '/api/clients'],
    ] as const) {
      const response = await (method === 'get' ? portal.get(path) : portal.post(path, { name: 'x' }));
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
    }
  });
});
