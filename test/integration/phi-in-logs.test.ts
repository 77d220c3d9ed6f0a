/**
 * No PHI in any log line: logs may carry ids, codes and counts, never a person's details. A full client and practitioner flow runs with values
 * that occur nowhere else — names, a date of birth, a member ID, a subscriber address, a card's file name, an
 * email — including requests that fail (a validation error quoting a bad member ID, two kinds of 409). Then
 * everything the runtime wrote outside its data stores is searched for them: the whole log of the shared stack
 * (every line the gateway, the handlers, the stream poller and the services printed), the parked-records
 * file, the checkpoints. The only place allowed to hold them is the email outbox, which exists to show what
 * was "sent" — and the test checks that the search does find them there, so it cannot pass by looking badly.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { as, eventually, outboxFor, practitioner, request, signIn, stack, tokenFromLink } from '../support/api.ts';
import { JPEG_BYTES } from '../support/files.ts';
import { uploadFile } from '../support/uploads.ts';

const suffix = Math.random().toString(36).slice(2, 8);
const PERSON = {
  firstName: 'Zebulon',
  lastName: 'Quintavius-Marlowe',
  dateOfBirth: '1961-07-23',
  email: `zebulon.quintavius.${suffix}@wisteria-hollow.test`,
};
const POLICY = {
  memberId: 'QX7733219904',
  groupNumber: 'GRP-ZQ-55107',
  planName: 'Brackenridge Select Ultra',
  subscriber: {
    firstName: 'Octavia',
    lastName: 'Quintavius-Marlowe',
    dateOfBirth: '1959-11-02',
    sex: 'female',
    address: { line1: '4471 Wisteria Hollow Lane', line2: 'Unit 9C', city: 'Brackenridge Falls', state: 'VT', postalCode: '05733' },
    phone: '802-555-0147',
  },
};
const CARD_FILE_NAME = 'zebulon-card-front.jpg';

/** Every value that identifies the person; none may appear in any log line (compared case-insensitively). */
const PHI_VALUES = [
  PERSON.firstName,
  PERSON.lastName,
  PERSON.dateOfBirth,
  PERSON.email,
  PERSON.email.split('@')[0]!,
  POLICY.memberId,
  POLICY.groupNumber,
  POLICY.planName,
  POLICY.subscriber.firstName,
  POLICY.subscriber.dateOfBirth,
  POLICY.subscriber.address.line1,
  'Wisteria Hollow Lane',
  POLICY.subscriber.address.city,
  POLICY.subscriber.phone,
  CARD_FILE_NAME,
  'zebulon-card',
];

/** Where the runtime keeps data on purpose (the table, the bucket, the user pool) and the outbox: not logs. */
const DATA_STORES = ['dynamodb', 's3', 'cognito', 'outbox'];

/** Every file under `directory`; the poller's temporary checkpoint files may be renamed away while listing. */
function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    const stats = statSync(path, { throwIfNoEntry: false });
    if (!stats) return [];
    return stats.isDirectory() ? filesUnder(path) : [path];
  });
}

function phiFoundIn(text: string): string[] {
  const lower = text.toLowerCase();
  return PHI_VALUES.filter((value) => lower.includes(value.toLowerCase()));
}

/** The lines of `text` that contain a PHI value, for the failure message. */
function offendingLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => phiFoundIn(line).length > 0)
    .map((line) => line.slice(0, 300));
}

let logOffset = 0;
let clientId = '';
let policyId = '';

beforeAll(async () => {
  const { logFile } = stack();
  logOffset = statSync(logFile).size;
  const practice = as(await practitioner());

  // The practitioner adds the client and invites them; they accept and sign in.
  const created = await practice.post('/api/clients', PERSON);
  expect(created.status).toBe(201);
  clientId = created.body.clientId;
  expect((await practice.post(`/api/clients/${clientId}/invitations`, { insuranceCollection: 'on' })).status).toBe(202);
  const [invitation] = await outboxFor(PERSON.email);
  const password = 'Wisteria-Hollow-1!';
  expect(
    (await request('POST', '/api/portal/invitations/accept', { body: { token: tokenFromLink(invitation!.links[0]!), password } })).status,
  ).toBe(200);
  const portalToken = await signIn(PERSON.email, password);
  const portal = as(portalToken);

  // The client uploads their card and adds a Primary with a subscriber, typing a payer name the practice lacks.
  expect((await portal.get('/api/portal/me')).body.firstName).toBe(PERSON.firstName);
  const card = await uploadFile(portalToken, '/api/portal/uploads', {
    bytes: JPEG_BYTES,
    fileName: CARD_FILE_NAME,
    contentType: 'image/jpeg',
  });
  expect(card.uploadStatus).toBeLessThan(300);
  const policy = await portal.post('/api/portal/policies', {
    priority: 'primary',
    payerName: `Quintavius Family Mutual ${suffix}`,
    insuranceType: 'group_health_plan',
    ...POLICY,
    relationship: 'spouse',
    effectiveDate: '2026-01-01',
    attachmentIds: [card.attachmentId],
  });
  expect(policy.status).toBe(201);
  policyId = policy.body.policyId;
  expect((await portal.get('/api/portal/policies')).body.items[0].memberId).toBe(POLICY.memberId);

  // Requests that fail, carrying the same values: a member ID far too long, a second Primary on the same day.
  const tooLong = await portal.post('/api/portal/policies', {
    priority: 'secondary',
    payerName: 'Aetna',
    memberId: `${POLICY.memberId}${'9'.repeat(60)}`,
    effectiveDate: '2026-01-01',
  });
  expect(tooLong.status).toBe(400);
  const sameDay = await portal.post('/api/portal/policies', {
    priority: 'primary',
    payerName: 'Aetna',
    ...POLICY,
    relationship: 'spouse',
    effectiveDate: '2026-01-01',
  });
  expect(sameDay.status).toBe(409);

  // The practitioner reviews: waits for Needs Payer, reads the chart, the card and the FHIR view, then saves.
  const waiting = await eventually(async () => {
    const current = (await practice.get(`/api/clients/${clientId}/policies/${policyId}`)).body;
    return current.payerMatch.state !== 'pending' && current;
  });
  expect(waiting.needsPayer).toBe(true);
  expect((await practice.get('/api/review/needs-payer')).status).toBe(200);
  expect((await practice.get(`/api/clients/${clientId}/policies/${policyId}/attachments/${card.attachmentId}`)).status).toBe(200);
  expect((await practice.get(`/api/clients/${clientId}/policies?format=fhir`)).status).toBe(200);
  const payer = (await practice.get('/api/payers')).body.items.find((candidate: any) => candidate.name === 'Cigna');
  const badDate = await practice.patch(`/api/clients/${clientId}/policies/${policyId}`, {
    memberId: POLICY.memberId,
    subscriber: { ...POLICY.subscriber, dateOfBirth: '1959-11-31' },
    version: waiting.version,
  });
  expect(badDate.status).toBe(400);
  const reviewed = await practice.patch(`/api/clients/${clientId}/policies/${policyId}`, {
    payerId: payer.payerId,
    memberId: POLICY.memberId,
    version: waiting.version,
  });
  expect(reviewed.status).toBe(200);
  const stale = await practice.patch(`/api/clients/${clientId}/policies/${policyId}`, {
    groupNumber: POLICY.groupNumber,
    version: waiting.version,
  });
  expect(stale.status).toBe(409);
  expect(
    (
      await practice.patch(`/api/clients/${clientId}`, {
        lastName: PERSON.lastName,
        dateOfBirth: PERSON.dateOfBirth,
        version: (await practice.get(`/api/clients/${clientId}`)).body.version,
      })
    ).status,
  ).toBe(200);
  expect(
    (await practice.get(`/api/clients?q=${encodeURIComponent(PERSON.lastName)}`)).body.items.map((client: any) => client.clientId),
  ).toContain(clientId);
  expect((await practice.get(`/api/clients/${clientId}/audit`)).status).toBe(200);

  // Everything above has reached the log once the last request's line is there.
  await eventually(async () => readFileSync(logFile, 'utf8').slice(logOffset).includes('"route":"listAudit"'), { timeoutMs: 5_000 });
});

describe('no PHI in logs', () => {
  it('the flow was logged: the log grew with a line per request, the failures and the stream processor included', () => {
    const written = readFileSync(stack().logFile, 'utf8').slice(logOffset);
    for (const routeId of [
      'createClient',
      'sendInvitation',
      'acceptInvitation',
      'createPortalUpload',
      'createPortalPolicy',
      'getAttachmentUrl',
      'listPolicies',
      'updatePolicy',
      'updateClient',
      'listClients',
    ]) {
      expect(written, routeId).toContain(`"route":"${routeId}"`);
    }
    expect(written).toMatch(/"route":"createPortalPolicy","status":400/);
    expect(written).toMatch(/"route":"createPortalPolicy","status":409/);
    expect(written).toMatch(/"route":"updatePolicy","status":409/);
    expect(written).toContain(`"policyId":"${policyId}"`);
  });

  it('no line the runtime ever logged holds a name, date of birth, member ID, address, phone, file name or email', () => {
    const log = readFileSync(stack().logFile, 'utf8');
    expect(log.length).toBeGreaterThan(logOffset);
    expect(offendingLines(log)).toEqual([]);
  });

  it('nor does any other file the runtime wrote outside its data stores (parked stream records, checkpoints, …)', () => {
    const { dataDir } = stack();
    const files = filesUnder(dataDir).filter(
      (path) => !DATA_STORES.includes(relative(dataDir, path).split('/')[0]!) && path !== stack().logFile,
    );
    // The poller keeps its checkpoints there, so the search has at least that file to read.
    expect(files.map((path) => relative(dataDir, path))).toContain('stream-checkpoints.json');
    for (const path of files) {
      if (!existsSync(path)) continue; // a temporary checkpoint file renamed since the listing
      expect(phiFoundIn(readFileSync(path, 'utf8')), relative(dataDir, path)).toEqual([]);
    }
  });

  it('the outbox — the one place meant to hold them — does hold the email and the name (so the search works)', async () => {
    const [message] = await outboxFor(PERSON.email);
    expect(message!.to).toBe(PERSON.email);
    expect(phiFoundIn(JSON.stringify(message))).toEqual(expect.arrayContaining([PERSON.email, PERSON.firstName]));
    const outboxFiles = filesUnder(join(stack().dataDir, 'outbox'));
    expect(outboxFiles.some((path) => readFileSync(path, 'utf8').includes(PERSON.email))).toBe(true);
  });
});
