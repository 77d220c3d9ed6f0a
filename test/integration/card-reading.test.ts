/**
 * Reading the card: a card image attached to a client's policy is read by OCR on the local
 * stream (the same handler Lambda runs), the reading lands on the attachment, and the policy's card check flags
 * what differs from what the client typed — until a practitioner fixes it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { as, eventually, onboardPortalClient, practitioner, stack, type PortalClient } from '../support/api.ts';
import { PDF_BYTES } from '../support/files.ts';
import { renderCardPng } from '../support/synthetic-cards.ts';
import { uploadFile } from '../support/uploads.ts';

let client: PortalClient;
beforeAll(async () => {
  client = await onboardPortalClient();
});

describe('a card image attached to a policy is read', () => {
  it('reading visible within 10 s of submitting; a member ID the client mistyped is a mismatch until the practitioner uses the card value', async () => {
    const card = await renderCardPng({
      payerName: 'Aetna',
      memberId: 'W596564236',
      subscriberName: 'JAMES LEE',
      groupNumber: 'E533111',
      payerPhone: '8776592430',
    });
    const front = await uploadFile(client.token, '/api/portal/uploads', { bytes: card, fileName: 'front.png', contentType: 'image/png' });
    const pdf = await uploadFile(client.token, '/api/portal/uploads', {
      bytes: PDF_BYTES,
      fileName: 'back.pdf',
      contentType: 'application/pdf',
      side: 'back',
    });
    const submittedAt = Date.now();
    const submitted = await as(client.token).post('/api/portal/policies', {
      priority: 'secondary',
      payerName: 'Aetna',
      memberId: 'W596564299', // the client's typo
      groupNumber: 'e533-111', // the same group, typed differently
      effectiveDate: '2031-01-01',
      attachmentIds: [front.attachmentId, pdf.attachmentId],
    });
    expect(submitted.status).toBe(201);
    const attachmentState = (policy: any, id: string) =>
      policy.attachments.find((attachment: any) => attachment.attachmentId === id).reading;
    expect(attachmentState(submitted.body, front.attachmentId)).toEqual({ state: 'pending', fields: {}, readAt: null });
    expect(attachmentState(submitted.body, pdf.attachmentId).state).toBe('not_an_image');

    const api = as(await practitioner());
    const path = `/api/clients/${client.clientId}/policies/${submitted.body.policyId}`;
    const read = await eventually(
      async () => {
        const policy = (await api.get(path)).body;
        return attachmentState(policy, front.attachmentId).state !== 'pending' && policy;
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    const elapsed = Date.now() - submittedAt;
    expect(elapsed).toBeLessThan(10_000);

    const reading = attachmentState(read, front.attachmentId);
    expect(reading.state).toBe('read');
    expect(Date.parse(reading.readAt)).toBeGreaterThan(submittedAt - 1);
    expect(reading.fields).toMatchObject({
      memberId: 'W596564236',
      subscriberName: 'JAMES LEE',
      groupNumber: 'E533111',
      payerPhone: '8776592430',
    });
    const verdicts = Object.fromEntries(read.cardCheck.map((entry: any) => [entry.field, entry]));
    expect(verdicts.memberId).toEqual({ field: 'memberId', card: 'W596564236', policy: 'W596564299', verdict: 'mismatch' });
    expect(verdicts.groupNumber.verdict).toBe('match');
    expect(verdicts.subscriberName).toEqual({ field: 'subscriberName', card: 'JAMES LEE', policy: null, verdict: 'missing_on_policy' });
    expect(read.review.reasons).toEqual(expect.arrayContaining(['card_mismatch', 'unreviewed']));
    // The client sees its own reading too (what its card says), read-only.
    const mine = (await as(client.token).get('/api/portal/policies')).body.items.find((policy: any) => policy.policyId === read.policyId);
    expect(attachmentState(mine, front.attachmentId).state).toBe('read');

    // "Use the card's value": the practitioner's edit recomputes the check.
    const fixed = await api.patch(path, { memberId: verdicts.memberId.card, version: read.version });
    expect(fixed.status).toBe(200);
    expect(fixed.body.cardCheck.find((entry: any) => entry.field === 'memberId').verdict).toBe('match');
    expect(fixed.body.review.reasons).not.toContain('card_mismatch');
    expect(attachmentState(fixed.body, front.attachmentId).state).toBe('read');
  }, 30_000);

  it('a mismatch the reader finds on a practitioner’s own, reviewed policy puts it in the Review queue and the client list, until fixed', async () => {
    const lastName = `Cardcheck${Date.now()}`;
    const owner = await onboardPortalClient({ lastName });
    const api = as(await practitioner());
    const aetna = (await api.get('/api/payers')).body.items.find((payer: any) => payer.name === 'Aetna');
    const card = await renderCardPng({ payerName: 'Aetna', memberId: 'W596564236', subscriberName: 'JAMES LEE' });
    const front = await uploadFile(await practitioner(), `/api/clients/${owner.clientId}/uploads`, {
      bytes: card,
      fileName: 'front.png',
      contentType: 'image/png',
    });
    const created = await api.post(`/api/clients/${owner.clientId}/policies`, {
      priority: 'secondary',
      payerId: aetna.payerId,
      memberId: 'W596564299',
      effectiveDate: '2031-01-01',
      attachmentIds: [front.attachmentId],
    });
    expect(created.status).toBe(201);
    expect(created.body.review.reasons).toEqual([]);

    const path = `/api/clients/${owner.clientId}/policies/${created.body.policyId}`;
    const queued = async () =>
      (await api.get('/api/review/queue')).body.items.find((entry: any) => entry.policy.policyId === created.body.policyId);
    const row = async () => (await api.get(`/api/clients?q=${lastName}`)).body.items[0];
    // The reading itself moves the policy into the queue index and the client's summary (no edit needed).
    const entry = await eventually(async () => (await queued()) ?? false, { timeoutMs: 15_000, intervalMs: 200 });
    expect(entry.reasons).toEqual(['card_mismatch']);
    expect((await row()).review).toEqual({ reasons: ['card_mismatch'], policies: 1 });

    const read = (await api.get(path)).body;
    const fixed = await api.patch(path, { memberId: 'W596564236', version: read.version });
    expect(fixed.body.review.reasons).toEqual([]);
    expect(await queued()).toBeUndefined();
    expect((await row()).review).toEqual({ reasons: [], policies: 0 });
  }, 40_000);

  it('a replayed stream record finds the reading done from the policy alone: the image is neither downloaded nor read again', async () => {
    const pdf = await uploadFile(client.token, '/api/portal/uploads', {
      bytes: PDF_BYTES,
      fileName: 'card.pdf',
      contentType: 'application/pdf',
    });
    const submitted = await as(client.token).post('/api/portal/policies', {
      priority: 'secondary',
      payerName: 'Aetna',
      effectiveDate: '2031-01-01',
      attachmentIds: [pdf.attachmentId],
    });
    expect(submitted.status).toBe(201);
    const stored = submitted.body.attachments[0];
    expect(stored.reading.state).toBe('not_an_image');

    // The domain function the stream handler calls, in this process, against the stack's table and bucket.
    Object.assign(process.env, stack().handlerEnvironment);
    const { readAttachedCard } = await import('../../functions/domain/card-reading.ts');
    // Reading an image asks for the practice's payers first: a replay that got that far would throw here.
    const payerNames = {
      get: () => {
        throw new Error('the image was read again');
      },
    } as any;
    // The attachment as a replayed record's image carries it: still pending.
    const replayed = { ...stored, reading: { state: 'pending', fields: {}, readAt: null } };
    const policy = { clientId: client.clientId, policyId: submitted.body.policyId };
    expect(await readAttachedCard(policy, replayed, payerNames, () => new Date())).toBe('already_read');
    expect(await readAttachedCard({ ...policy, policyId: 'no-such-policy' }, replayed, payerNames, () => new Date())).toBe('gone');
    const after = (await as(client.token).get('/api/portal/policies')).body.items.find(
      (entry: any) => entry.policyId === submitted.body.policyId,
    );
    expect(after.attachments[0].reading).toEqual(stored.reading);
  });
});
