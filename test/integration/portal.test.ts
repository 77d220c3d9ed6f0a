import { createHash } from 'node:crypto';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  onboardPortalClient,
  outboxFor,
  practitioner,
  request,
  signIn,
  tokenFromLink,
  unique,
  type ApiResponse,
  type PortalClient,
} from '../support/api.ts';
import { routes } from '../../functions/routes.ts';
import { EXE_BYTES, JPEG_BYTES, PDF_BYTES, PNG_BYTES } from '../support/files.ts';
import { getRaw, objectExists, partition, setAttribute, table, tableName } from '../support/table.ts';
import { uploadFile } from '../support/uploads.ts';

const practice = async () => as(await practitioner());

async function setPracticeCollection(collectInsurance: boolean) {
  const api = await practice();
  const current = (await api.get('/api/practice/settings')).body;
  const saved = await api.put('/api/practice/settings', { collectInsurance, cardImages: current.cardImages, version: current.version });
  expect(saved.status).toBe(200);
}

describe('clients (practitioner side)', () => {
  it('adds a client, finds them by last name, and refuses a second client with the same email', async () => {
    const api = await practice();
    const lastName = unique('Marchetti');
    const email = `${unique('m')}@example.test`;
    const created = await api.post('/api/clients', { firstName: 'Lucia', lastName, email, dateOfBirth: '1990-02-03' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      firstName: 'Lucia',
      lastName,
      email,
      dateOfBirth: '1990-02-03',
      insuranceCollection: 'inherit',
      portal: { status: 'not_invited', invitedAt: null },
      version: 1,
    });

    const found = await api.get(`/api/clients?q=${encodeURIComponent(lastName.slice(0, 12))}`);
    expect(found.body.items.map((client: any) => client.clientId)).toContain(created.body.clientId);
    expect((await api.get(`/api/clients/${created.body.clientId}`)).body.lastName).toBe(lastName);

    const duplicate = await api.post('/api/clients', { firstName: 'Other', lastName: 'Person', email: email.toUpperCase() });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('conflict');
  });

  it('pages through clients with a cursor', async () => {
    const api = await practice();
    const first = await api.get('/api/clients?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await api.get(`/api/clients?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].clientId).not.toBe(first.body.items[0].clientId);
    expect((await api.get('/api/clients?cursor=garbage')).status).toBe(400);
  });

  it('changes the per-client insurance override with a version, refusing a stale one', async () => {
    const api = await practice();
    const client = (await api.post('/api/clients', { firstName: 'Noor', lastName: unique('Haddad'), email: `${unique('n')}@example.test` }))
      .body;
    const changed = await api.patch(`/api/clients/${client.clientId}`, { insuranceCollection: 'off', version: client.version });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ insuranceCollection: 'off', collectInsurance: false, version: client.version + 1 });
    const stale = await api.patch(`/api/clients/${client.clientId}`, { insuranceCollection: 'on', version: client.version });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
  });
});

describe('portal invitations', () => {
  it('round trip: invite → email with the token in the fragment → set password (once) → sign in', async () => {
    const api = await practice();
    const email = `${unique('inv')}@example.test`;
    const client = (await api.post('/api/clients', { firstName: 'Ines', lastName: unique('Duarte'), email })).body;
    const invited = await api.post(`/api/clients/${client.clientId}/invitations`, { insuranceCollection: 'on' });
    expect(invited.status).toBe(202);
    const expiresIn = Date.parse(invited.body.expiresAt) - Date.parse(invited.body.invitedAt);
    expect(expiresIn).toBe(7 * 86_400_000);

    const [message] = await outboxFor(email);
    expect(message!.subject).toMatch(/portal/i);
    const link = new URL(message!.links[0]!);
    expect(link.pathname).toBe('/portal/accept');
    expect(link.search).toBe('');
    const token = tokenFromLink(link.href);
    expect(token.length).toBeGreaterThanOrEqual(32);

    // Only a hash of the token is stored.
    const stored = await getRaw(`INVITATION#${createHash('sha256').update(token).digest('hex')}`, 'INVITATION');
    expect(stored).toBeDefined();
    expect(JSON.stringify(stored)).not.toContain(token);

    const afterInvite = (await api.get(`/api/clients/${client.clientId}`)).body;
    expect(afterInvite).toMatchObject({ insuranceCollection: 'on', portal: { status: 'invited' } });

    const accepted = await request('POST', '/api/portal/invitations/accept', { body: { token, password: 'Portal-pass-9!' } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ email });
    expect((await api.get(`/api/clients/${client.clientId}`)).body.portal.status).toBe('active');

    const again = await request('POST', '/api/portal/invitations/accept', { body: { token, password: 'Another-pass-9!' } });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('invitation_expired');

    const clientToken = await signIn(email, 'Portal-pass-9!');
    const me = await as(clientToken).get('/api/portal/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ firstName: 'Ines', collectInsurance: true, intake: { insurance: 'pending' } });
  });

  it('a re-invitation revokes the earlier link', async () => {
    const api = await practice();
    const email = `${unique('re')}@example.test`;
    const client = (await api.post('/api/clients', { firstName: 'Rui', lastName: unique('Costa'), email })).body;
    await api.post(`/api/clients/${client.clientId}/invitations`, {});
    await api.post(`/api/clients/${client.clientId}/invitations`, {});
    const [newest, older] = await outboxFor(email);
    const oldAttempt = await request('POST', '/api/portal/invitations/accept', {
      body: { token: tokenFromLink(older!.links[0]!), password: 'Portal-pass-9!' },
    });
    expect(oldAttempt.status).toBe(410);
    const newAttempt = await request('POST', '/api/portal/invitations/accept', {
      body: { token: tokenFromLink(newest!.links[0]!), password: 'Portal-pass-9!' },
    });
    expect(newAttempt.status).toBe(200);
  });

  it('an expired link answers 410 and a made-up one too', async () => {
    const api = await practice();
    const email = `${unique('exp')}@example.test`;
    const client = (await api.post('/api/clients', { firstName: 'Eva', lastName: unique('Berg'), email })).body;
    await api.post(`/api/clients/${client.clientId}/invitations`, {});
    const token = tokenFromLink((await outboxFor(email))[0]!.links[0]!);
    await setAttribute(
      `INVITATION#${createHash('sha256').update(token).digest('hex')}`,
      'INVITATION',
      'expiresAt',
      new Date(Date.now() - 1000).toISOString(),
    );
    expect((await request('POST', '/api/portal/invitations/accept', { body: { token, password: 'Portal-pass-9!' } })).status).toBe(410);
    expect(
      (await request('POST', '/api/portal/invitations/accept', { body: { token: 'x'.repeat(43), password: 'Portal-pass-9!' } })).status,
    ).toBe(410);
  });

  it('a weak password is a 400 and leaves the link usable', async () => {
    const api = await practice();
    const email = `${unique('weak')}@example.test`;
    const client = (await api.post('/api/clients', { firstName: 'Wen', lastName: unique('Li'), email })).body;
    await api.post(`/api/clients/${client.clientId}/invitations`, {});
    const token = tokenFromLink((await outboxFor(email))[0]!.links[0]!);
    const weak = await request('POST', '/api/portal/invitations/accept', { body: { token, password: 'password' } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details[0].path).toBe('password');
    expect((await request('POST', '/api/portal/invitations/accept', { body: { token, password: 'Much-better-1!' } })).status).toBe(200);
  });
});

/** A valid request for every route the route table marks `insuranceWrite`; a new such route needs one here. */
const INSURANCE_WRITES: Record<string, (client: PortalClient) => Promise<ApiResponse>> = {
  createPortalPolicy: (client) =>
    as(client.token).post('/api/portal/policies', { priority: 'secondary', payerName: 'Some Plan', effectiveDate: '2026-01-01' }),
  createPortalUpload: (client) =>
    as(client.token).post('/api/portal/uploads', { fileName: 'card.jpg', contentType: 'image/jpeg', size: 100, side: 'front' }),
  updatePortalIntake: (client) => as(client.token).put('/api/portal/intake', { insurance: 'skipped' }),
};
const insuranceWrites = routes.filter((route) => 'insuranceWrite' in route && route.insuranceWrite);

describe('insurance collection: practice default × client override', () => {
  const cases = [
    { practice: true, override: 'inherit', collects: true },
    { practice: true, override: 'on', collects: true },
    { practice: true, override: 'off', collects: false },
    { practice: false, override: 'inherit', collects: false },
    { practice: false, override: 'on', collects: true },
    { practice: false, override: 'off', collects: false },
  ] as const;

  const clients = new Map<string, PortalClient>();
  beforeAll(async () => {
    for (const override of ['inherit', 'on', 'off'] as const)
      clients.set(override, await onboardPortalClient({ insuranceCollection: override }));
  });

  it('every route the route table marks as an insurance write is exercised below', () => {
    expect(insuranceWrites.map((route) => route.id).sort()).toEqual(Object.keys(INSURANCE_WRITES).sort());
  });

  it.each(cases)('practice $practice, client $override → collects $collects', async ({ practice: practiceDefault, override, collects }) => {
    await setPracticeCollection(practiceDefault);
    try {
      const client = clients.get(override)!;
      const portal = as(client.token);
      expect((await portal.get('/api/portal/me')).body.collectInsurance).toBe(collects);
      expect((await (await practice()).get(`/api/clients/${client.clientId}`)).body.collectInsurance).toBe(collects);

      const before = await partition(`CLIENT#${client.clientId}`);
      for (const route of insuranceWrites) {
        const response = await INSURANCE_WRITES[route.id]!(client);
        if (collects) {
          expect(response.status, `${route.id}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
        } else {
          expect(response.status, route.id).toBe(403);
          expect(response.body.error.code, route.id).toBe('insurance_collection_disabled');
        }
      }
      // A refused insurance write writes nothing.
      if (!collects) expect(await partition(`CLIENT#${client.clientId}`)).toEqual(before);
    } finally {
      await setPracticeCollection(true);
    }
  });

  it('a practice that never saved its settings collects insurance: a client submission is accepted', async () => {
    const client = clients.get('inherit')!;
    const saved = await getRaw('PRACTICE', 'SETTINGS');
    await table().send(new DeleteCommand({ TableName: tableName(), Key: { pk: 'PRACTICE', sk: 'SETTINGS' } }));
    try {
      expect((await as(client.token).get('/api/portal/me')).body.collectInsurance).toBe(true);
      const response = await INSURANCE_WRITES.createPortalPolicy!(client);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
    } finally {
      if (saved) await table().send(new PutCommand({ TableName: tableName(), Item: saved }));
    }
  });
});

describe('what a portal client can and cannot do', () => {
  let clientA: PortalClient;
  let clientB: PortalClient;
  let policyOfA: any;
  let attachmentOfA: string;

  beforeAll(async () => {
    clientA = await onboardPortalClient();
    clientB = await onboardPortalClient();
    const upload = await uploadFile(clientA.token, '/api/portal/uploads', {
      bytes: JPEG_BYTES,
      fileName: 'card-front.jpg',
      contentType: 'image/jpeg',
    });
    attachmentOfA = upload.attachmentId;
    policyOfA = (
      await as(clientA.token).post('/api/portal/policies', {
        priority: 'primary',
        payerName: 'Aetna',
        memberId: 'A1',
        effectiveDate: '2026-02-01',
        attachmentIds: [attachmentOfA],
      })
    ).body;
  });

  it('adds a policy with a card image; the practitioner sees it at once with the attachment', async () => {
    expect(policyOfA).toMatchObject({
      source: 'client',
      status: 'active',
      priority: 'primary',
      reviewed: false,
      relationship: 'self',
      payer: { enteredName: 'Aetna' },
    });
    expect(policyOfA.attachments).toEqual([
      expect.objectContaining({
        attachmentId: attachmentOfA,
        fileName: 'card-front.jpg',
        contentType: 'image/jpeg',
        side: 'front',
        size: expect.any(Number),
      }),
    ]);
    expect(policyOfA.clientEntered).toEqual({
      priority: 'primary',
      payerName: 'Aetna',
      memberId: 'A1',
      effectiveDate: '2026-02-01',
      attachmentIds: [attachmentOfA],
    });

    const chart = await (await practice()).get(`/api/clients/${clientA.clientId}/policies`);
    expect(chart.body.items.map((policy: any) => policy.policyId)).toContain(policyOfA.policyId);

    const link = await (
      await practice()
    ).get(`/api/clients/${clientA.clientId}/policies/${policyOfA.policyId}/attachments/${attachmentOfA}`);
    expect(link.status).toBe(200);
    expect(Date.parse(link.body.expiresAt) - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    const file = await fetch(link.body.url);
    const kept = Buffer.from(await file.arrayBuffer());
    // The kept file is the re-encoded picture (metadata stripped), still a JPEG of the same size in pixels.
    expect(policyOfA.attachments[0].size).toBe(kept.length);
    expect(kept.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
  });

  it('reads its own attachment through a short-lived link', async () => {
    const link = await as(clientA.token).get(`/api/portal/policies/${policyOfA.policyId}/attachments/${attachmentOfA}`);
    expect(link.status).toBe(200);
    expect(new URL(link.body.url).searchParams.get('X-Amz-Expires')).toBe('300');
  });

  it('sees its own policies read-only, without payer suggestions', async () => {
    const mine = await as(clientA.token).get('/api/portal/policies');
    expect(mine.body.items.map((policy: any) => policy.policyId)).toEqual([policyOfA.policyId]);
    for (const policy of mine.body.items) expect(policy.payerMatch.suggestions).toEqual([]);
  });

  it('has no route to edit, remove or inactivate a policy, and practitioner routes refuse it', async () => {
    const portal = as(clientA.token);
    const body = { status: 'inactive', endDate: '2026-03-01', version: policyOfA.version };
    for (const attempt of [
      portal.patch(`/api/portal/policies/${policyOfA.policyId}`, body),
      portal.put(`/api/portal/policies/${policyOfA.policyId}`, body),
      portal.delete(`/api/portal/policies/${policyOfA.policyId}`),
    ]) {
      const response = await attempt;
      expect([404, 405]).toContain(response.status);
      expect(response.body.error.code).toBe('not_found');
    }
    const practitionerRoute = await portal.patch(`/api/clients/${clientA.clientId}/policies/${policyOfA.policyId}`, body);
    expect(practitionerRoute.status).toBe(403);
    const stillThere = (await (await practice()).get(`/api/clients/${clientA.clientId}/policies/${policyOfA.policyId}`)).body;
    expect(stillThere).toMatchObject({ status: 'active', endDate: null });
  });

  it('cannot set fields the portal does not accept (status, clientId, source) — 400, nothing written', async () => {
    const before = (await as(clientA.token).get('/api/portal/policies')).body.items.length;
    const response = await as(clientA.token).post('/api/portal/policies', {
      priority: 'primary',
      payerName: 'X',
      effectiveDate: '2026-05-01',
      status: 'inactive',
      clientId: clientB.clientId,
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect((await as(clientA.token).get('/api/portal/policies')).body.items.length).toBe(before);
  });

  it("client B can neither read client A's attachment nor attach client A's upload", async () => {
    const read = await as(clientB.token).get(`/api/portal/policies/${policyOfA.policyId}/attachments/${attachmentOfA}`);
    expect(read.status).toBe(404);
    const upload = await uploadFile(clientA.token, '/api/portal/uploads', {
      bytes: PNG_BYTES,
      fileName: 'back.png',
      contentType: 'image/png',
      side: 'back',
    });
    const steal = await as(clientB.token).post('/api/portal/policies', {
      priority: 'secondary',
      payerName: 'Cigna',
      effectiveDate: '2026-01-01',
      attachmentIds: [upload.attachmentId],
    });
    expect(steal.status).toBe(422);
    expect(steal.body.error.code).toBe('upload_rejected');
    expect(await objectExists(`uploads/${clientA.clientId}/${upload.attachmentId}`)).toBe(true);
  });

  it('refuses an EXE renamed to .png (magic bytes) with 422 and deletes the object', async () => {
    const upload = await uploadFile(clientA.token, '/api/portal/uploads', {
      bytes: EXE_BYTES,
      fileName: 'card.png',
      contentType: 'image/png',
    });
    expect(await objectExists(`uploads/${clientA.clientId}/${upload.attachmentId}`)).toBe(true);
    const response = await as(clientA.token).post('/api/portal/policies', {
      priority: 'secondary',
      payerName: 'Cigna',
      effectiveDate: '2026-01-01',
      attachmentIds: [upload.attachmentId],
    });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('upload_rejected');
    expect(await objectExists(`uploads/${clientA.clientId}/${upload.attachmentId}`)).toBe(false);
  });

  it('refuses an upload request over 10 MiB, and a stored object over 10 MiB even if the form was bypassed', async () => {
    const tooBig = await as(clientA.token).post('/api/portal/uploads', {
      fileName: 'huge.pdf',
      contentType: 'application/pdf',
      size: 10 * 1024 * 1024 + 1,
      side: 'other',
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.details[0].path).toBe('size');
    // s3rver does not enforce the POST policy's content-length-range; the server-side check must.
    const oversized = Buffer.concat([PDF_BYTES, Buffer.alloc(10 * 1024 * 1024)]);
    const upload = await uploadFile(clientA.token, '/api/portal/uploads', {
      bytes: oversized,
      fileName: 'huge.pdf',
      contentType: 'application/pdf',
      declaredSize: 1000,
    });
    const response = await as(clientA.token).post('/api/portal/policies', {
      priority: 'secondary',
      payerName: 'Cigna',
      effectiveDate: '2026-01-01',
      attachmentIds: [upload.attachmentId],
    });
    expect(response.status).toBe(422);
    expect(await objectExists(`uploads/${clientA.clientId}/${upload.attachmentId}`)).toBe(false);
  });

  it('accepts a PDF and stores the type found in its bytes', async () => {
    const upload = await uploadFile(clientA.token, '/api/portal/uploads', {
      bytes: PDF_BYTES,
      fileName: 'card.pdf',
      contentType: 'application/pdf',
      side: 'other',
    });
    const response = await as(clientA.token).post('/api/portal/policies', {
      priority: 'secondary',
      payerName: 'Cigna',
      effectiveDate: '2026-01-01',
      attachmentIds: [upload.attachmentId],
    });
    expect(response.status).toBe(201);
    expect(response.body.attachments[0]).toMatchObject({ contentType: 'application/pdf', side: 'other' });
    expect(await objectExists(`attachments/${clientA.clientId}/${upload.attachmentId}`)).toBe(true);
    expect(await objectExists(`uploads/${clientA.clientId}/${upload.attachmentId}`)).toBe(false);
  });

  it('an upload can be attached only once (a second attach is a 409 conflict)', async () => {
    const upload = await uploadFile(clientA.token, '/api/portal/uploads', {
      bytes: JPEG_BYTES,
      fileName: 'c.jpg',
      contentType: 'image/jpeg',
    });
    const first = await as(clientA.token).post('/api/portal/policies', {
      priority: 'secondary',
      payerName: 'Humana',
      effectiveDate: '2026-01-02',
      attachmentIds: [upload.attachmentId],
    });
    expect(first.status).toBe(201);
    const second = await as(clientA.token).post('/api/portal/policies', {
      priority: 'secondary',
      payerName: 'Humana',
      effectiveDate: '2026-01-03',
      attachmentIds: [upload.attachmentId],
    });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('conflict');
  });

  it('finds practice payers by what the client types, at most 20, best first, ids, names and scores only', async () => {
    const response = await as(clientA.token).get('/api/portal/payers?q=blue');
    expect(response.status).toBe(200);
    expect(response.body.items.length).toBeGreaterThan(0);
    expect(response.body.items.length).toBeLessThanOrEqual(20);
    const scores = response.body.items.map((item: { score: number }) => item.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const item of response.body.items) {
      expect(Object.keys(item).sort()).toEqual(['name', 'payerId', 'score']);
      expect(item.name.toLowerCase()).toContain('blue');
    }
  });

  it.each([
    ['Aet', 'Aetna'],
    ['Cigan', 'Cigna'],
    ['Humanna', 'Humana'],
    ['BCBS Texas', 'Blue Cross Blue Shield of Texas'],
    ['Unted Health Care', 'UnitedHealthcare'],
  ])('ranks the payer the client means first for "%s" (typos, abbreviations, a name in part)', async (typed, expected) => {
    const response = await as(clientA.token).get(`/api/portal/payers?q=${encodeURIComponent(typed)}`);
    expect(response.status).toBe(200);
    expect(response.body.items[0]?.name).toBe(expected);
  });
});

describe('intake', () => {
  it('skipping is remembered; adding a policy later marks the step done', async () => {
    const client = await onboardPortalClient();
    const portal = as(client.token);
    expect((await portal.put('/api/portal/intake', { insurance: 'skipped' })).body.intake.insurance).toBe('skipped');
    expect((await portal.get('/api/portal/me')).body.intake.insurance).toBe('skipped');
    await portal.post('/api/portal/policies', { priority: 'primary', payerName: 'Cigna', effectiveDate: '2026-01-01' });
    expect((await portal.get('/api/portal/me')).body.intake.insurance).toBe('added');
    expect((await portal.put('/api/portal/intake', { insurance: 'pending' })).status).toBe(400);
  });
});

describe('a new Primary ends the previous one', () => {
  it('ends an open earlier Primary the day before, caps itself before a later one, refuses the same start day', async () => {
    const client = await onboardPortalClient();
    const portal = as(client.token);
    const march = (await portal.post('/api/portal/policies', { priority: 'primary', payerName: 'Aetna', effectiveDate: '2026-03-01' }))
      .body;
    const june = (await portal.post('/api/portal/policies', { priority: 'primary', payerName: 'Cigna', effectiveDate: '2026-06-15' })).body;
    expect(june.endDate).toBeNull();
    const january = (
      await portal.post('/api/portal/policies', {
        priority: 'primary',
        payerName: 'Humana',
        effectiveDate: '2026-01-01',
        endDate: '2026-12-31',
      })
    ).body;
    expect(january.endDate).toBe('2026-02-28');
    const sameDay = await portal.post('/api/portal/policies', { priority: 'primary', payerName: 'Oscar', effectiveDate: '2026-06-15' });
    expect(sameDay.status).toBe(409);
    expect(sameDay.body.error.code).toBe('conflict');
    const secondary = await portal.post('/api/portal/policies', { priority: 'secondary', payerName: 'Oscar', effectiveDate: '2026-06-15' });
    expect(secondary.status).toBe(201);

    const policies = (await (await practice()).get(`/api/clients/${client.clientId}/policies`)).body.items;
    const byId = new Map(policies.map((policy: any) => [policy.policyId, policy]));
    expect((byId.get(march.policyId) as any).endDate).toBe('2026-06-14');
    const audit = (await (await practice()).get(`/api/clients/${client.clientId}/audit`)).body.items;
    const autoEnd = audit.find((event: any) => event.action === 'policy.auto_ended' && event.entity.id === march.policyId);
    expect(autoEnd).toMatchObject({
      actor: { kind: 'system' },
      changes: expect.arrayContaining([{ field: 'endDate', from: null, to: '2026-06-14' }]),
    });
  });

  it('concurrent Primaries for one client: none lost, none overlapping', async () => {
    const client = await onboardPortalClient();
    const portal = as(client.token);
    const starts = ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01', '2026-08-01'];
    const responses = await Promise.all(
      starts.map((effectiveDate) => portal.post('/api/portal/policies', { priority: 'primary', payerName: 'Aetna', effectiveDate })),
    );
    expect(responses.map((response) => response.status)).toEqual(starts.map(() => 201));

    const primaries = (await portal.get('/api/portal/policies')).body.items.filter((policy: any) => policy.priority === 'primary');
    expect(primaries).toHaveLength(starts.length);
    const sorted = [...primaries].sort((a: any, b: any) => a.effectiveDate.localeCompare(b.effectiveDate));
    for (let index = 0; index < sorted.length - 1; index++) {
      const current = sorted[index]!;
      const next = sorted[index + 1]!;
      expect(current.endDate, `${current.effectiveDate} must end before ${next.effectiveDate}`).not.toBeNull();
      expect(current.endDate < next.effectiveDate).toBe(true);
    }
    expect(sorted.at(-1)!.endDate).toBeNull();
  });

  it('two concurrent Primaries starting the same day: exactly one is stored, the other gets 409', async () => {
    const client = await onboardPortalClient();
    const portal = as(client.token);
    const responses = await Promise.all(
      [1, 2].map(() => portal.post('/api/portal/policies', { priority: 'primary', payerName: 'Aetna', effectiveDate: '2026-09-01' })),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    expect((await portal.get('/api/portal/policies')).body.items).toHaveLength(1);
  });
});

describe('a rejected request writes nothing', () => {
  it('a 400 on a portal policy leaves no policy, no audit event and no client change', async () => {
    const client = await onboardPortalClient();
    const before = await partition(`CLIENT#${client.clientId}`);
    const response = await as(client.token).post('/api/portal/policies', { priority: 'primary', effectiveDate: '2026-13-40' });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((detail: any) => detail.path).sort()).toEqual(['effectiveDate', 'payerName']);
    expect(await partition(`CLIENT#${client.clientId}`)).toEqual(before);
  });
});
