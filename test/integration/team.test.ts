/**
 * The practice's team: admins invite colleagues (the temporary password arrives
 * by email — locally in the outbox), change roles, disable and enable them; only admins change settings or the
 * team; the last admin cannot be demoted or disabled, not even by two admins demoting each other at once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { as, practitioner, request, unique } from '../support/api.ts';
import { awaitEmail, firstSignIn, signInResult } from '../support/access.ts';
import { contractViolation } from '../support/contract.ts';

let admin: ReturnType<typeof as>;
let adminId: string;

async function invite(role: 'admin' | 'practitioner', extra: Record<string, unknown> = {}) {
  const email = `${unique(`team-${role}`)}@example.test`.toLowerCase();
  const familyName = unique('Colleague');
  const created = await admin.post('/api/practice/team', { email, givenName: 'Riley', familyName, role, ...extra });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { ...created.body, email, password: 'Colleague-pass-1!' } as { userId: string; email: string; password: string; version: number };
}

async function member(userId: string) {
  return (await admin.get('/api/practice/team')).body.items.find((item: any) => item.userId === userId);
}

async function patchMember(api: ReturnType<typeof as>, userId: string, change: Record<string, unknown>) {
  const current = await member(userId);
  return api.patch(`/api/practice/team/${userId}`, { ...change, version: current.version });
}

beforeAll(async () => {
  const token = await practitioner();
  admin = as(token);
  adminId = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')).sub;
});

describe('the team', () => {
  it('an admin invites a colleague, who gets the temporary password by email and signs in as a practitioner', async () => {
    const colleague = await invite('practitioner');
    expect(colleague).toMatchObject({ role: 'practitioner', enabled: true, npi: null, taxonomyCode: null, version: 1 });
    const email = await awaitEmail(colleague.email, /practice account/);
    expect(email.subject).toBe('Your Maple Street Counseling practice account');
    expect(email.from).toContain('Maple Street Counseling');
    expect(email.html).toContain('Maple Street Counseling');

    const token = await firstSignIn(colleague.email, colleague.password);
    const api = as(token);
    expect((await api.get('/api/clients?limit=1')).status).toBe(200);
    expect((await api.get('/api/practice/team')).status).toBe(200);

    // Not an admin: no settings, no team management.
    const settings = (await api.get('/api/practice/settings')).body;
    const put = await api.put('/api/practice/settings', {
      collectInsurance: settings.collectInsurance,
      cardImages: settings.cardImages,
      version: settings.version,
    });
    expect(contractViolation(put)).toBeUndefined();
    expect(put.status).toBe(403);
    expect(put.body.error.code).toBe('forbidden');
    expect((await api.post('/api/practice/team', { email: 'x@example.test', givenName: 'X', familyName: 'Y', role: 'admin' })).status).toBe(
      403,
    );
    expect((await patchMember(api, colleague.userId, { role: 'admin' })).status).toBe(403);
  });

  it('lists the admin and colleagues with their roles', async () => {
    const colleague = await invite('practitioner');
    const team = (await admin.get('/api/practice/team')).body.items;
    expect(team.find((item: any) => item.userId === adminId)).toMatchObject({
      email: 'practitioner@demo.test',
      role: 'admin',
      enabled: true,
    });
    expect(team.find((item: any) => item.userId === colleague.userId)).toMatchObject({ role: 'practitioner', givenName: 'Riley' });
  });

  it('refuses a second account for an email that already signs in (409), and a bad NPI (400)', async () => {
    const colleague = await invite('practitioner');
    const again = await admin.post('/api/practice/team', {
      email: colleague.email,
      givenName: 'Again',
      familyName: 'Again',
      role: 'practitioner',
    });
    expect(again.status).toBe(409);
    const badNpi = await admin.post('/api/practice/team', {
      email: `${unique('npi')}@example.test`,
      givenName: 'N',
      familyName: 'P',
      role: 'practitioner',
      npi: '1234567890',
    });
    expect(badNpi.status).toBe(400);
    expect(badNpi.body.error.details[0].path).toBe('npi');
  });

  it('keeps rendering NPI and taxonomy code (NPI check digit validated)', async () => {
    const colleague = await invite('practitioner');
    expect((await patchMember(admin, colleague.userId, { npi: '1234567890' })).status).toBe(400);
    const saved = await patchMember(admin, colleague.userId, { npi: '1234567893', taxonomyCode: '101yp2500x' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ npi: '1234567893', taxonomyCode: '101YP2500X', version: 2 });
    const stale = await admin.patch(`/api/practice/team/${colleague.userId}`, { npi: null, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
  });

  it('a disabled practitioner loses access within 60 s and cannot sign in; re-enabled, they can again', async () => {
    const colleague = await invite('practitioner');
    const token = await firstSignIn(colleague.email, colleague.password);
    expect((await as(token).get('/api/clients?limit=1')).status).toBe(200);

    expect((await patchMember(admin, colleague.userId, { enabled: false })).status).toBe(200);
    const startedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - startedAt < 60_000) {
      status = (await as(token).get('/api/clients?limit=1')).status;
      if (status === 200) await new Promise((done) => setTimeout(done, 1_000));
    }
    expect(status).toBe(403);
    expect((await signInResult(colleague.email, colleague.password)).ok).toBe(false);

    expect((await patchMember(admin, colleague.userId, { enabled: true })).status).toBe(200);
    const again = await signInResult(colleague.email, colleague.password);
    expect(again.ok).toBe(true);
    expect((await as(again.idToken).get('/api/clients?limit=1')).status).toBe(200);
  }, 90_000);

  it('names practitioners by display name in the audit trail and keeps their stable id', async () => {
    const settings = (await admin.get('/api/practice/settings')).body;
    const saved = await admin.put('/api/practice/settings', {
      collectInsurance: settings.collectInsurance,
      cardImages: settings.cardImages,
      version: settings.version,
    });
    expect(saved.status).toBe(200);
    const [latest] = (await admin.get('/api/practice/audit')).body.items;
    expect(latest.actor).toEqual({ kind: 'practitioner', id: adminId, name: 'Morgan Ellis' });
  });

  it('the last admin cannot be demoted or disabled, even by two admins demoting each other at once', async () => {
    const second = await invite('admin');
    const secondApi = as(await firstSignIn(second.email, second.password));
    // Only the demo admin and `second` are admins while this runs (other suites may have left admins behind).
    for (const item of (await admin.get('/api/practice/team')).body.items) {
      if (item.role === 'admin' && item.enabled && item.userId !== adminId && item.userId !== second.userId) {
        expect((await patchMember(admin, item.userId, { role: 'practitioner' })).status).toBe(200);
      }
    }
    for (let round = 0; round < 3; round++) {
      const [demoMember, secondMember] = await Promise.all([member(adminId), member(second.userId)]);
      const [first, other] = await Promise.all([
        secondApi.patch(`/api/practice/team/${adminId}`, { role: 'practitioner', version: demoMember.version }),
        admin.patch(`/api/practice/team/${second.userId}`, { role: 'practitioner', version: secondMember.version }),
      ]);
      const statuses = [first.status, other.status].sort();
      expect(statuses, JSON.stringify([first.body, other.body])).toEqual([200, 409]);
      const team =
        (await admin.get('/api/practice/team').catch(() => undefined))?.body?.items ??
        (await secondApi.get('/api/practice/team')).body.items;
      const admins = team.filter((item: any) => item.role === 'admin' && item.enabled);
      expect(admins).toHaveLength(1);

      // The one left is the last admin: neither demotion nor disabling it is allowed.
      const survivorApi = admins[0].userId === adminId ? admin : secondApi;
      const survivor = admins[0];
      const demote = await survivorApi.patch(`/api/practice/team/${survivor.userId}`, { role: 'practitioner', version: survivor.version });
      expect(demote.status).toBe(409);
      expect(demote.body.error.code).toBe('conflict');
      const disable = await survivorApi.patch(`/api/practice/team/${survivor.userId}`, { enabled: false, version: survivor.version });
      expect(disable.status).toBe(409);

      // Restore both as admins for the next round (and the suites after this one).
      const demoted = survivor.userId === adminId ? second.userId : adminId;
      const current = team.find((item: any) => item.userId === demoted);
      expect((await survivorApi.patch(`/api/practice/team/${demoted}`, { role: 'admin', version: current.version })).status).toBe(200);
    }
  });

  it('anonymous callers get 401 on every team route', async () => {
    expect((await request('GET', '/api/practice/team')).status).toBe(401);
    expect((await request('POST', '/api/practice/team', { body: {} })).status).toBe(401);
    expect((await request('PATCH', `/api/practice/team/${adminId}`, { body: { version: 1 } })).status).toBe(401);
  });
});
