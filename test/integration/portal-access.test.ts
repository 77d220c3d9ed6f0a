/**
 * A client's portal login belongs to the client record: an email change revokes unused
 * invitations and cuts off the login on the very next request; DELETE …/portal-access does it on purpose; a freed
 * address can be invited for another client. Every client route of the route table is walked with a cut-off token.
 */
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.ts';
import { as, onboardPortalClient, outboxFor, PRACTITIONER, practitioner, request, signIn, tokenFromLink, unique } from '../support/api.ts';
import { signInResult } from '../support/access.ts';
import { contractViolation } from '../support/contract.ts';
import { mintIdToken } from '../support/tokens.ts';

const practice = async () => as(await practitioner());

/** A valid request to every client route, so a refusal can only be the access check. */
const CLIENT_ROUTE_BODIES: Record<string, unknown> = {
  updatePortalIntake: { insurance: 'skipped' },
  createPortalUpload: { fileName: 'card.jpg', contentType: 'image/jpeg', size: 100, side: 'front' },
  createPortalPolicy: { priority: 'secondary', payerName: 'Cut Off Mutual', effectiveDate: '2026-01-01' },
  updatePortalMe: { language: 'es' },
};
const clientRoutes = routes.filter((route) => route.access === 'client');
// A client route with a body must have a valid one above, or validation would answer before the access check.
const clientRoutesMissingBodies = clientRoutes
  .filter((route) => 'body' in route && route.body && !(route.id in CLIENT_ROUTE_BODIES))
  .map((route) => route.id);

async function everyClientRoute(token: string): Promise<{ id: string; status: number; code?: string }[]> {
  expect(clientRoutesMissingBodies).toEqual([]);
  return Promise.all(
    clientRoutes.map(async (route) => {
      const path = route.path.replace('{policyId}', 'POLICY1').replace('{attachmentId}', 'ATTACHMENT1');
      const response = await request(route.method, path, { token, body: CLIENT_ROUTE_BODIES[route.id] });
      expect(contractViolation(response)).toBeUndefined();
      return { id: route.id, status: response.status, code: response.body?.error?.code };
    }),
  );
}

async function clientWithInvitation(email = `${unique('access')}@example.test`.toLowerCase()) {
  const api = await practice();
  const created = await api.post('/api/clients', { firstName: 'Ines', lastName: unique('Access'), email });
  expect(created.status).toBe(201);
  expect((await api.post(`/api/clients/${created.body.clientId}/invitations`, {})).status).toBe(202);
  const [message] = await outboxFor(email);
  return { clientId: created.body.clientId as string, email, token: tokenFromLink(message!.links[0]!) };
}

async function changeEmail(clientId: string, email: string) {
  const api = await practice();
  const current = (await api.get(`/api/clients/${clientId}`)).body;
  const changed = await api.patch(`/api/clients/${clientId}`, { email, version: current.version });
  expect(changed.status, JSON.stringify(changed.body)).toBe(200);
  return changed.body;
}

describe('portal access follows the client record', () => {
  it('the old-email attack fails: after a typo is fixed, the invitation sent to the old address is dead (410)', async () => {
    const invited = await clientWithInvitation();
    const fixed = await changeEmail(invited.clientId, `${unique('fixed')}@example.test`.toLowerCase());
    expect(fixed.portal).toMatchObject({ status: 'not_invited', invitedAt: null });
    expect(typeof fixed.portal.revokedAt).toBe('string');
    const attack = await request('POST', '/api/portal/invitations/accept', {
      body: { token: invited.token, password: 'Attacker-pass-1!' },
    });
    expect(attack.status).toBe(410);
    expect(attack.body.error.code).toBe('invitation_expired');
    expect((await signInResult(invited.email, 'Attacker-pass-1!')).ok).toBe(false);
  });

  it('an email change cuts off the existing login on the next request, on every client route', async () => {
    const client = await onboardPortalClient({ insuranceCollection: 'on' });
    expect((await as(client.token).get('/api/portal/me')).status).toBe(200);
    const changed = await changeEmail(client.clientId, `${unique('moved')}@example.test`.toLowerCase());
    expect(changed.portal.status).toBe('not_invited');

    const answers = await everyClientRoute(client.token);
    expect(answers).toEqual(clientRoutes.map((route) => ({ id: route.id, status: 403, code: 'forbidden' })));
    expect((await signInResult(client.email, client.password)).ok).toBe(false);
  });

  it('DELETE …/portal-access revokes on purpose: the token is refused at once, sign-in fails, re-inviting works', async () => {
    const client = await onboardPortalClient();
    const api = await practice();
    const revoked = await api.delete(`/api/clients/${client.clientId}/portal-access`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.portal).toMatchObject({ status: 'not_invited', invitedAt: null });
    expect(Date.parse(revoked.body.portal.revokedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect((await as(client.token).get('/api/portal/me')).status).toBe(403);
    expect((await as(client.token).get('/api/portal/policies')).status).toBe(403);
    expect((await signInResult(client.email, client.password)).ok).toBe(false);

    // Doing it again changes nothing.
    const again = await api.delete(`/api/clients/${client.clientId}/portal-access`);
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(revoked.body.version);

    // Re-invited at the same address: the old password stays dead until the new invitation is accepted.
    expect((await api.post(`/api/clients/${client.clientId}/invitations`, {})).status).toBe(202);
    expect((await signInResult(client.email, client.password)).ok).toBe(false);
    const [message] = await outboxFor(client.email);
    const accepted = await request('POST', '/api/portal/invitations/accept', {
      body: { token: tokenFromLink(message!.links[0]!), password: 'Welcome-back-1!' },
    });
    expect(accepted.status).toBe(200);
    const token = await signIn(client.email, 'Welcome-back-1!');
    expect((await as(token).get('/api/portal/me')).status).toBe(200);
  });

  it('an only-invited client whose email changes goes back to not_invited and the link is dead', async () => {
    const invited = await clientWithInvitation();
    await changeEmail(invited.clientId, `${unique('other')}@example.test`.toLowerCase());
    const client = (await (await practice()).get(`/api/clients/${invited.clientId}`)).body;
    expect(client.portal.status).toBe('not_invited');
    const attempt = await request('POST', '/api/portal/invitations/accept', { body: { token: invited.token, password: 'Some-pass-1!x' } });
    expect(attempt.status).toBe(410);
  });

  it('a freed email can be invited for another client, and only the new client is reachable with it', async () => {
    const first = await onboardPortalClient();
    await changeEmail(first.clientId, `${unique('elsewhere')}@example.test`.toLowerCase());

    const api = await practice();
    const second = await api.post('/api/clients', { firstName: 'Noor', lastName: unique('Second'), email: first.email });
    expect(second.status).toBe(201);
    const invited = await api.post(`/api/clients/${second.body.clientId}/invitations`, {});
    expect(invited.status, JSON.stringify(invited.body)).toBe(202);
    const [message] = await outboxFor(first.email);
    const accepted = await request('POST', '/api/portal/invitations/accept', {
      body: { token: tokenFromLink(message!.links[0]!), password: 'Second-owner-1!' },
    });
    expect(accepted.status).toBe(200);
    const token = await signIn(first.email, 'Second-owner-1!');
    const me = await as(token).get('/api/portal/me');
    expect(me.status).toBe(200);
    expect(me.body.firstName).toBe('Noor');
    // The first client's old token reaches nothing.
    expect((await as(first.token).get('/api/portal/me')).status).toBe(403);
  });

  it('an email still used by another client’s login cannot be invited for a second client', async () => {
    const first = await onboardPortalClient();
    const api = await practice();
    // The client-email guard already refuses a second client with that address.
    const second = await api.post('/api/clients', { firstName: 'Copy', lastName: unique('Cat'), email: first.email });
    expect(second.status).toBe(409);
    expect((await as(first.token).get('/api/portal/me')).status).toBe(200);
  });

  it('a client whose email is a practitioner’s sign-in cannot be invited: 409, and the practitioner’s login is left alone', async () => {
    const api = await practice();
    // Client emails are unique among clients only: the practice's own address can be a client's.
    const created = await api.post('/api/clients', { firstName: 'Staff', lastName: unique('Twin'), email: PRACTITIONER.email });
    expect(created.status).toBe(201);
    const invited = await api.post(`/api/clients/${created.body.clientId}/invitations`, {});
    expect(invited.status).toBe(409);
    expect(invited.body.error.code).toBe('conflict');
    expect(invited.body.error.details).toEqual([{ path: 'email', message: 'Already has a portal account' }]);
    expect((await api.get(`/api/clients/${created.body.clientId}`)).body.portal.status).toBe('not_invited');
    // The Cognito user was neither replaced nor given a client id: the practitioner still signs in to the dashboard.
    expect((await signInResult(PRACTITIONER.email, PRACTITIONER.password)).ok).toBe(true);
    expect((await as(await signIn(PRACTITIONER.email, PRACTITIONER.password)).get('/api/payers')).status).toBe(200);
  });
});

describe('the local gateway', () => {
  it('refuses a correctly signed token without exp, as the JWT authorizer would', async () => {
    const client = await onboardPortalClient();
    const claims = JSON.parse(Buffer.from(client.token.split('.')[1]!, 'base64url').toString('utf8'));
    const forever = await mintIdToken(claims.sub, { 'custom:clientId': client.clientId }, { expires: false });
    const response = await as(forever).get('/api/portal/me');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthenticated');
    const expiring = await mintIdToken(claims.sub, { 'custom:clientId': client.clientId });
    expect((await as(expiring).get('/api/portal/me')).status).toBe(200);
  });
});
