import type { DynamoDBStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { as, eventually, onboardPortalClient, practitioner, stack, unique, type PortalClient } from '../support/api.ts';
import { policyOf, resolvedPolicy, streamContext, streamRecord } from '../support/stream.ts';
import { getRaw, partition } from '../support/table.ts';
import { normalisePayerName } from '../../shared/payer-matching.ts';

const practice = async () => as(await practitioner());

/** The stream handler module, in this test process, against the same local table the stack uses. */
async function streamHandler() {
  Object.assign(process.env, stack().handlerEnvironment);
  return (await import('../../functions/streams/payer-match.ts')).handler;
}

describe('the Needs Payer stream processor', () => {
  let client: PortalClient;
  beforeAll(async () => {
    client = await onboardPortalClient();
  });

  it('links a typed name that equals a practice payer after normalisation, within a second', async () => {
    const started = Date.now();
    const created = (
      await as(client.token).post('/api/portal/policies', { priority: 'secondary', payerName: 'AETNA, Inc.', effectiveDate: '2026-01-01' })
    ).body;
    expect(created.payerMatch.state).toBe('pending');
    const resolved = await resolvedPolicy(client.clientId, created.policyId);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(resolved).toMatchObject({
      needsPayer: false,
      payer: { name: 'Aetna', enteredName: 'AETNA, Inc.' },
      payerMatch: { state: 'matched', matchedBy: 'name' },
    });
  });

  it('marks a typo Needs Payer with the right payer suggested first, and never links it', async () => {
    const created = (
      await as(client.token).post('/api/portal/policies', { priority: 'secondary', payerName: 'Humanna', effectiveDate: '2026-01-01' })
    ).body;
    const resolved = await resolvedPolicy(client.clientId, created.policyId);
    expect(resolved.needsPayer).toBe(true);
    expect(resolved.payer.payerId).toBeNull();
    expect(resolved.payerMatch.state).toBe('needs_payer');
    expect(resolved.payerMatch.suggestions[0].name).toBe('Humana');
    expect(resolved.payerMatch.suggestions.length).toBeLessThanOrEqual(3);
    for (const suggestion of resolved.payerMatch.suggestions)
      (expect(suggestion.score).toBeGreaterThanOrEqual(0), expect(suggestion.score).toBeLessThanOrEqual(1));
    // The client never sees the guesses.
    const mine = (await as(client.token).get('/api/portal/policies')).body.items.find(
      (policy: any) => policy.policyId === created.policyId,
    );
    expect(mine.payerMatch.suggestions).toEqual([]);
  });

  it('keeps a payer the client picked from the typeahead linked as "selected"', async () => {
    const [payer] = (await as(client.token).get('/api/portal/payers?q=cigna')).body.items;
    const created = (
      await as(client.token).post('/api/portal/policies', { priority: 'secondary', payerId: payer.payerId, effectiveDate: '2026-01-01' })
    ).body;
    expect(created.payerMatch).toEqual({ state: 'matched', matchedBy: 'selected', suggestions: [] });
    expect(created.payer).toEqual({ payerId: payer.payerId, name: payer.name, enteredName: null });
  });

  it('lists waiting policies across clients, oldest first, with the client', async () => {
    const other = await onboardPortalClient();
    const first = (
      await as(client.token).post('/api/portal/policies', {
        priority: 'secondary',
        payerName: 'Nowhere Mutual Insurance',
        effectiveDate: '2026-01-01',
      })
    ).body;
    const second = (
      await as(other.token).post('/api/portal/policies', {
        priority: 'secondary',
        payerName: 'Elsewhere Health Cooperative',
        effectiveDate: '2026-01-01',
      })
    ).body;
    await resolvedPolicy(client.clientId, first.policyId);
    await resolvedPolicy(other.clientId, second.policyId);
    const items = (await (await practice()).get('/api/review/needs-payer')).body.items;
    const ids = items.map((item: any) => item.policy.policyId);
    expect(ids.indexOf(first.policyId)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(first.policyId)).toBeLessThan(ids.indexOf(second.policyId));
    const entry = items.find((item: any) => item.policy.policyId === second.policyId);
    expect(entry.client).toEqual({ clientId: other.clientId, firstName: 'Test', lastName: expect.any(String) });
    for (const item of items) expect(item.policy.needsPayer).toBe(true);
  });
});

describe('review: resolving Needs Payer teaches the practice', () => {
  it('practitioner picks the payer → badge clears, typed name becomes an alias, next client with that name is linked', async () => {
    const api = await practice();
    const payer = (await api.post('/api/payers', { name: unique('Keystone Behavioral') })).body;
    const typed = `KBH ${unique('Plan')}`;
    const first = await onboardPortalClient();
    const waiting = (
      await as(first.token).post('/api/portal/policies', {
        priority: 'primary',
        payerName: typed,
        effectiveDate: '2026-01-01',
        memberId: 'KB-1',
      })
    ).body;
    const needsPayer = await resolvedPolicy(first.clientId, waiting.policyId);
    expect(needsPayer.needsPayer).toBe(true);

    const reviewed = await api.patch(`/api/clients/${first.clientId}/policies/${waiting.policyId}`, {
      payerId: payer.payerId,
      insuranceType: 'group_health_plan',
      version: needsPayer.version,
    });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body).toMatchObject({
      needsPayer: false,
      reviewed: true,
      insuranceType: 'group_health_plan',
      payer: { payerId: payer.payerId, name: payer.name, enteredName: typed },
      payerMatch: { state: 'matched', matchedBy: 'practitioner' },
    });
    expect(reviewed.body.clientEntered).toEqual(waiting.clientEntered);

    const learned = (await api.get('/api/payers')).body.items.find((candidate: any) => candidate.payerId === payer.payerId);
    expect(learned.aliases).toContain(normalisePayerName(typed));
    const waitingIds = (await api.get('/api/review/needs-payer')).body.items.map((item: any) => item.policy.policyId);
    expect(waitingIds).not.toContain(waiting.policyId);

    const second = await onboardPortalClient();
    const next = (
      await as(second.token).post('/api/portal/policies', {
        priority: 'primary',
        payerName: typed.toUpperCase(),
        effectiveDate: '2026-01-01',
      })
    ).body;
    const linked = await resolvedPolicy(second.clientId, next.policyId);
    expect(linked.payerMatch).toMatchObject({ state: 'matched', matchedBy: 'alias' });
    expect(linked.payer.payerId).toBe(payer.payerId);

    // The learned alias is removable on the Payers page.
    const removed = await api.patch(`/api/payers/${payer.payerId}`, { aliases: [], version: learned.version });
    expect(removed.body.aliases).toEqual([]);
  });

  it('a payer added later links the policies waiting for it', async () => {
    const name = unique('Lakeshore Family Health Plan');
    const client = await onboardPortalClient();
    const waiting = (
      await as(client.token).post('/api/portal/policies', { priority: 'secondary', payerName: name, effectiveDate: '2026-01-01' })
    ).body;
    expect((await resolvedPolicy(client.clientId, waiting.policyId)).needsPayer).toBe(true);
    const payer = (await (await practice()).post('/api/payers', { name: name.toUpperCase() })).body;
    const linked = await eventually(async () => {
      const policy = await policyOf(client.clientId, waiting.policyId);
      return policy.payerMatch.state === 'matched' && policy;
    });
    expect(linked.payer.payerId).toBe(payer.payerId);
    expect(linked.payerMatch.matchedBy).toBe('name');
  });

  it('edits every field, marks a policy inactive, and refuses a stale version with 409', async () => {
    const client = await onboardPortalClient();
    const created = (
      await as(client.token).post('/api/portal/policies', { priority: 'secondary', payerName: 'Cigna', effectiveDate: '2026-01-01' })
    ).body;
    const current = await resolvedPolicy(client.clientId, created.policyId);
    const api = await practice();
    const edit = {
      priority: 'primary',
      insuranceType: 'medicaid',
      memberId: 'M-9',
      groupNumber: 'G-1',
      planName: 'Open Access',
      planId: 'P-7',
      relationship: 'child',
      subscriber: {
        firstName: 'Parent',
        lastName: 'Person',
        dateOfBirth: '1970-01-01',
        sex: 'female',
        address: { line1: '1 Main St', city: 'Austin', state: 'TX', postalCode: '78701' },
      },
      effectiveDate: '2025-12-01',
      endDate: '2026-12-31',
      copayCents: 2500,
      deductibleCents: 100000,
      employerOrSchool: 'Acme',
      version: current.version,
    };
    const saved = await api.patch(`/api/clients/${client.clientId}/policies/${created.policyId}`, edit);
    expect(saved.status).toBe(200);
    const { version: _version, ...fields } = edit;
    expect(saved.body).toMatchObject(fields);
    const inactive = await api.patch(`/api/clients/${client.clientId}/policies/${created.policyId}`, {
      status: 'inactive',
      version: saved.body.version,
    });
    expect(inactive.body.status).toBe('inactive');
    const stale = await api.patch(`/api/clients/${client.clientId}/policies/${created.policyId}`, {
      memberId: 'lost',
      version: saved.body.version,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    expect((await policyOf(client.clientId, created.policyId)).memberId).toBe('M-9');

    const audit = (await api.get(`/api/clients/${client.clientId}/audit`)).body.items;
    const update = audit.find(
      (event: any) => event.action === 'policy.updated' && event.changes.some((change: any) => change.field === 'memberId'),
    );
    expect(update.actor.kind).toBe('practitioner');
    expect(update.changes).toContainEqual({ field: 'memberId', from: null, to: 'M-9' });
    expect(audit[0].at >= audit.at(-1).at).toBe(true);
  });
});

describe('stream processing is idempotent, conditional and isolates failures', () => {
  it('replaying the same batch twice changes no item and records no second audit event', async () => {
    const client = await onboardPortalClient();
    const created = (
      await as(client.token).post('/api/portal/policies', { priority: 'secondary', payerName: 'Medicre', effectiveDate: '2026-01-01' })
    ).body;
    await resolvedPolicy(client.clientId, created.policyId);
    const original = {
      pk: `CLIENT#${client.clientId}`,
      sk: `POLICY#${created.policyId}`,
      itemType: 'policy',
      ...created,
      needsPayer: undefined,
    };
    const before = await partition(`CLIENT#${client.clientId}`);
    const handler = await streamHandler();
    const batch: DynamoDBStreamEvent = { Records: [streamRecord(original, '1')] };
    expect(await handler(batch, streamContext())).toEqual({ batchItemFailures: [] });
    expect(await handler(batch, streamContext())).toEqual({ batchItemFailures: [] });
    expect(await partition(`CLIENT#${client.clientId}`)).toEqual(before);
  });

  it('a practitioner edit that lands before the processor wins (the processor writes only on the version it read)', async () => {
    const client = await onboardPortalClient();
    const created = (
      await as(client.token).post('/api/portal/policies', { priority: 'secondary', payerName: 'Aetna', effectiveDate: '2026-01-01' })
    ).body;
    const current = await resolvedPolicy(client.clientId, created.policyId);
    const payers = (await (await practice()).get('/api/payers')).body.items;
    const humana = payers.find((payer: any) => payer.name === 'Humana');
    const edited = await (
      await practice()
    ).patch(`/api/clients/${client.clientId}/policies/${created.policyId}`, { payerId: humana.payerId, version: current.version });
    expect(edited.status).toBe(200);
    // The processor now sees the client's original (pending) image late.
    const stale = {
      pk: `CLIENT#${client.clientId}`,
      sk: `POLICY#${created.policyId}`,
      itemType: 'policy',
      ...created,
      needsPayer: undefined,
    };
    const handler = await streamHandler();
    expect(await handler({ Records: [streamRecord(stale, '1')] }, streamContext())).toEqual({ batchItemFailures: [] });
    const after = await policyOf(client.clientId, created.policyId);
    expect(after.payer.payerId).toBe(humana.payerId);
    expect(after.payerMatch.matchedBy).toBe('practitioner');
    expect(after.version).toBe(edited.body.version);
  });

  it('a poison record is reported as a batch item failure while the others are processed', async () => {
    const client = await onboardPortalClient();
    const created = (
      await as(client.token).post('/api/portal/policies', { priority: 'secondary', payerName: 'Cigna', effectiveDate: '2026-01-01' })
    ).body;
    const stored = await getRaw(`CLIENT#${client.clientId}`, `POLICY#${created.policyId}`);
    const handler = await streamHandler();
    const poison = {
      pk: `CLIENT#${client.clientId}`,
      sk: 'POLICY#broken',
      itemType: 'policy',
      policyId: 'broken',
      payerMatch: { state: 'pending' },
    };
    const healthy = { ...stored!, payerMatch: { state: 'pending', matchedBy: null, suggestions: [] }, version: stored!.version };
    const result = await handler(
      { Records: [streamRecord(poison, '10'), streamRecord(healthy as Record<string, unknown>, '11')] },
      streamContext(),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '10' }]);
  });
});
