/**
 * The portal speaks the client's language: the practitioner sets it on the invitation, the invitation email is
 * in it, the client changes it in the portal, and portal errors come back in it (with the same code).
 */
import { describe, expect, it } from 'vitest';
import { as, onboardPortalClient, outboxFor, practitioner, request, unique } from '../support/api.ts';

describe('the client’s language', () => {
  it('a client invited in Spanish gets the invitation email in Spanish, and the dashboard shows their language', async () => {
    const practice = as(await practitioner());
    const email = `${unique('es')}@example.test`.toLowerCase();
    const created = await practice.post('/api/clients', { firstName: 'Lucía', lastName: unique('Ramírez'), email });
    expect(created.status).toBe(201);
    expect(created.body.language).toBe('en');

    const invited = await practice.post(`/api/clients/${created.body.clientId}/invitations`, { language: 'es' });
    expect(invited.status).toBe(202);
    const [message] = await outboxFor(email);
    expect(message!.subject).toMatch(/: su invitación al portal de clientes$/);
    expect(message!.text).toContain('Hola, Lucía:');
    expect(message!.text).toContain('Crear su contraseña');
    expect(message!.text).not.toContain('Set your password');
    expect(message!.text).toContain(message!.links[0]!);
    expect((await practice.get(`/api/clients/${created.body.clientId}`)).body.language).toBe('es');
  });

  it('an invitation without a language keeps the client’s (English by default)', async () => {
    const practice = as(await practitioner());
    const email = `${unique('en')}@example.test`.toLowerCase();
    const created = await practice.post('/api/clients', { firstName: 'Ann', lastName: unique('Lee'), email });
    await practice.post(`/api/clients/${created.body.clientId}/invitations`, {});
    const [message] = await outboxFor(email);
    expect(message!.subject).toMatch(/: your client portal invitation$/);
  });

  it('the practitioner changes a client’s language on the client (versioned), and an unknown language is a 400', async () => {
    const practice = as(await practitioner());
    const created = await practice.post('/api/clients', {
      firstName: 'Ana',
      lastName: unique('Díaz'),
      email: `${unique('d')}@example.test`,
    });
    const changed = await practice.patch(`/api/clients/${created.body.clientId}`, { language: 'es', version: created.body.version });
    expect(changed.status).toBe(200);
    expect(changed.body.language).toBe('es');
    const refused = await practice.patch(`/api/clients/${created.body.clientId}`, { language: 'fr', version: changed.body.version });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('validation_failed');
  });

  it('me.language round trip: the client switches to Spanish and back, and me says so', async () => {
    const client = await onboardPortalClient();
    const api = as(client.token);
    expect((await api.get('/api/portal/me')).body.language).toBe('en');
    const toSpanish = await api.patch('/api/portal/me', { language: 'es' });
    expect(toSpanish.status).toBe(200);
    expect(toSpanish.body).toMatchObject({ language: 'es', collectInsurance: expect.any(Boolean), intake: { insurance: 'pending' } });
    expect((await api.get('/api/portal/me')).body.language).toBe('es');
    const practice = as(await practitioner());
    expect((await practice.get(`/api/clients/${client.clientId}`)).body.language).toBe('es');
    expect((await api.patch('/api/portal/me', { language: 'en' })).body.language).toBe('en');
    expect((await api.get('/api/portal/me')).body.language).toBe('en');
    const refused = await api.patch('/api/portal/me', { language: 'de' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('validation_failed');
  });

  it('a validation error on a portal route is in Spanish for a Spanish-speaking client; the code and paths do not change', async () => {
    const client = await onboardPortalClient({ language: 'es' });
    const api = as(client.token);
    expect((await api.get('/api/portal/me')).body.language).toBe('es');
    const refused = await api.post('/api/portal/policies', { priority: 'primary', payerName: 'Aetna', effectiveDate: '2025-02-30' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('validation_failed');
    expect(refused.body.error.details).toEqual([{ path: 'effectiveDate', message: 'Escriba una fecha válida' }]);
    expect(refused.body.error.message).toBe('effectiveDate: Escriba una fecha válida');

    // The same request from an English-speaking client: the same code and path, in English.
    const english = as((await onboardPortalClient()).token);
    const same = await english.post('/api/portal/policies', { priority: 'primary', payerName: 'Aetna', effectiveDate: '2025-02-30' });
    expect(same.body.error.code).toBe('validation_failed');
    expect(same.body.error.details).toEqual([{ path: 'effectiveDate', message: 'Must be a calendar date as YYYY-MM-DD' }]);
  });

  it('accepting an invitation (no client yet) answers in the Accept-Language of the request', async () => {
    const body = { token: 'x'.repeat(43), password: 'Client-pass-1!' };
    const spanish = await request('POST', '/api/portal/invitations/accept', {
      body,
      headers: { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' },
    });
    expect(spanish.status).toBe(410);
    expect(spanish.body.error.code).toBe('invitation_expired');
    expect(spanish.body.error.message).toBe('Este enlace de invitación venció o ya se usó. Pida a su consultorio que le envíe uno nuevo.');
    const english = await request('POST', '/api/portal/invitations/accept', { body, headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(english.body.error.code).toBe('invitation_expired');
    expect(english.body.error.message).toMatch(/^This invitation link has expired/);
    const weakPassword = await request('POST', '/api/portal/invitations/accept', {
      body: { ...body, password: 'short' },
      headers: { 'accept-language': 'es' },
    });
    expect(weakPassword.status).toBe(400);
    expect(weakPassword.body.error.details[0]).toEqual({ path: 'password', message: 'Al menos 12 caracteres' });
  });
});
