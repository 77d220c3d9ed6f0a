/**
 * Review is a queue, dates tell the truth: the Review queue and its reasons, coverage states and the
 * auto-end note, overlaps a practitioner's edit creates (flags, coverage, claims), and the client list's
 * columns, filter and sorts over 2,000 clients — all over HTTP against the local stack.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/dates.ts';
import { practiceToday } from '../../shared/practice-today.ts';
import { as, onboardPortalClient, practitioner, stack, unique, type PortalClient } from '../support/api.ts';
import { resolvedPolicy } from '../support/stream.ts';
import { getRaw, table, tableName } from '../support/table.ts';

const practice = async () => as(await practitioner());
/** The practice's today (no time zone saved: America/New_York), as the server computes it. */
const today = () => practiceToday('America/New_York', new Date());

async function queue(): Promise<any[]> {
  const response = await (await practice()).get('/api/review/queue');
  expect(response.status).toBe(200);
  return response.body.items;
}

const queued = async (policyId: string) => (await queue()).find((entry) => entry.policy.policyId === policyId);

async function payerNamed(name: string): Promise<{ payerId: string; name: string }> {
  return (await (await practice()).get('/api/payers')).body.items.find((payer: any) => payer.name === name);
}

describe('the Review queue', () => {
  let client: PortalClient;
  beforeAll(async () => {
    client = await onboardPortalClient();
  });

  it('lists every client-entered policy not yet reviewed with its reasons, oldest first, and clears them on review', async () => {
    const portal = as(client.token);
    const aetna = await payerNamed('Aetna');
    const linked = (
      await portal.post('/api/portal/policies', { priority: 'secondary', payerId: aetna.payerId, effectiveDate: '2026-01-01' })
    ).body;
    // A typo of this run's own (choosing the payer below teaches the practice the typed name as an alias, which
    // must not link another suite's "Humanna").
    const typed = `Humanna ${unique('x').slice(-4)}`;
    const typo = (await portal.post('/api/portal/policies', { priority: 'secondary', payerName: typed, effectiveDate: '2026-02-01' })).body;
    await resolvedPolicy(client.clientId, typo.policyId);

    // A linked payer is still unreviewed work; a typo is that and Needs Payer.
    const entries = await queue();
    const mine = entries.filter((entry) => entry.client.clientId === client.clientId);
    expect(mine.map((entry) => [entry.policy.policyId, entry.reasons])).toEqual([
      [linked.policyId, ['unreviewed']],
      [typo.policyId, ['needs_payer', 'unreviewed']],
    ]);
    expect(mine[0].client).toMatchObject({ clientId: client.clientId, firstName: 'Test' });
    expect(mine[1].policy.review.reasons).toEqual(['needs_payer', 'unreviewed']);
    // Oldest first across the whole queue.
    const created = entries.map((entry) => entry.policy.createdAt);
    expect(created).toEqual([...created].sort());

    // Saving the review of the linked one removes it; choosing the payer for the typo clears both reasons.
    const api = await practice();
    const humana = await payerNamed('Humana');
    const reviewed = await api.patch(`/api/clients/${client.clientId}/policies/${linked.policyId}`, {
      memberId: 'A1',
      version: linked.version,
    });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.review).toEqual({ reasons: [] });
    const current = (await api.get(`/api/clients/${client.clientId}/policies/${typo.policyId}`)).body;
    const resolved = await api.patch(`/api/clients/${client.clientId}/policies/${typo.policyId}`, {
      payerId: humana.payerId,
      version: current.version,
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.review.reasons).toEqual([]);
    expect(await queued(linked.policyId)).toBeUndefined();
    expect(await queued(typo.policyId)).toBeUndefined();

    // A practitioner may send a policy back for another look; saving again takes it out.
    const back = await api.patch(`/api/clients/${client.clientId}/policies/${linked.policyId}`, {
      reviewed: false,
      version: reviewed.body.version,
    });
    expect((await queued(linked.policyId))?.reasons).toEqual(['unreviewed']);
    await api.patch(`/api/clients/${client.clientId}/policies/${linked.policyId}`, { version: back.body.version });
    expect(await queued(linked.policyId)).toBeUndefined();
  });

  it('keeps a policy saved without a payer in the queue as Needs Payer only', async () => {
    const typo = (
      await as(client.token).post('/api/portal/policies', {
        priority: 'secondary',
        payerName: 'Frobozz Mutual',
        effectiveDate: '2026-03-01',
      })
    ).body;
    const waiting = await resolvedPolicy(client.clientId, typo.policyId);
    const api = await practice();
    const saved = await api.patch(`/api/clients/${client.clientId}/policies/${typo.policyId}`, {
      memberId: 'F1',
      version: waiting.version,
    });
    expect(saved.body).toMatchObject({ reviewed: true, needsPayer: true, review: { reasons: ['needs_payer'] } });
    expect((await queued(typo.policyId))?.reasons).toEqual(['needs_payer']);
  });

  it('a practitioner’s own policy with a payer is never queued', async () => {
    const aetna = await payerNamed('Aetna');
    const own = (
      await (
        await practice()
      ).post(`/api/clients/${client.clientId}/policies`, { priority: 'other', payerId: aetna.payerId, effectiveDate: '2026-01-01' })
    ).body;
    expect(own.review).toEqual({ reasons: [] });
    expect(await queued(own.policyId)).toBeUndefined();
  });
});

describe('dates tell the truth', () => {
  it('an auto-ended Primary reads Ended and says which Primary ended it; future and inactive policies say so too', async () => {
    const client = await onboardPortalClient();
    const portal = as(client.token);
    const day = today();
    const old = (await portal.post('/api/portal/policies', { priority: 'primary', payerName: 'Aetna', effectiveDate: addDays(day, -400) }))
      .body;
    expect(old.coverageState).toBe('active');
    const replacement = (
      await portal.post('/api/portal/policies', { priority: 'primary', payerName: 'Cigna', effectiveDate: addDays(day, -30) })
    ).body;
    expect(replacement).toMatchObject({ coverageState: 'active', endedBy: null });
    const upcoming = (
      await portal.post('/api/portal/policies', { priority: 'secondary', payerName: 'Humana', effectiveDate: addDays(day, 1) })
    ).body;
    expect(upcoming.coverageState).toBe('upcoming');

    // Let the payer matcher finish with them first: its writes bump versions the PATCHes below are based on.
    for (const policy of [old, replacement, upcoming]) await resolvedPolicy(client.clientId, policy.policyId);
    const chart = (await (await practice()).get(`/api/clients/${client.clientId}/policies`)).body.items;
    const ended = chart.find((policy: any) => policy.policyId === old.policyId);
    expect(ended).toMatchObject({
      endDate: addDays(day, -31),
      coverageState: 'ended',
      endedBy: { policyId: replacement.policyId, at: replacement.createdAt },
    });
    // The client sees the same states in the portal.
    const mine = (await portal.get('/api/portal/policies')).body.items;
    expect(Object.fromEntries(mine.map((policy: any) => [policy.policyId, policy.coverageState]))).toEqual({
      [old.policyId]: 'ended',
      [replacement.policyId]: 'active',
      [upcoming.policyId]: 'upcoming',
    });

    // A practitioner who moves the End Date owns it: the note goes. Inactive outranks dates.
    const api = await practice();
    const moved = await api.patch(`/api/clients/${client.clientId}/policies/${old.policyId}`, {
      endDate: addDays(day, -45),
      version: ended.version,
    });
    expect(moved.body).toMatchObject({ endedBy: null, coverageState: 'ended' });
    const inactive = await api.patch(`/api/clients/${client.clientId}/policies/${upcoming.policyId}`, {
      status: 'inactive',
      version: (await api.get(`/api/clients/${client.clientId}/policies/${upcoming.policyId}`)).body.version,
    });
    expect(inactive.body.coverageState).toBe('inactive');
  });
});

describe('overlapping Primaries from a practitioner’s edit', () => {
  it('flags both in the chart and the coverage answer, refuses a claim on either, and clears when the dates are fixed', async () => {
    const client = await onboardPortalClient();
    const api = await practice();
    const aetna = await payerNamed('Aetna');
    const complete = { payerId: aetna.payerId, insuranceType: 'group_health_plan', memberId: 'W1', relationship: 'self' };
    const primary = (
      await api.post(`/api/clients/${client.clientId}/policies`, { priority: 'primary', effectiveDate: '2026-01-01', ...complete })
    ).body;
    const secondary = (
      await api.post(`/api/clients/${client.clientId}/policies`, {
        priority: 'secondary',
        effectiveDate: '2026-03-01',
        ...complete,
        memberId: 'W2',
      })
    ).body;
    expect(primary.overlap).toBe(false);
    const draft = (
      await api.post(`/api/clients/${client.clientId}/claims`, {
        dateOfService: '2026-02-02',
        policyId: primary.policyId,
        serviceLines: [{ procedureCode: '90837', units: 1, chargeCents: 18000 }],
        diagnosisCodes: ['F41.1'],
      })
    ).body;

    // Making the Secondary Primary is an edit: it ends nothing, and now two Primaries cover March onwards.
    const promoted = await api.patch(`/api/clients/${client.clientId}/policies/${secondary.policyId}`, {
      priority: 'primary',
      version: secondary.version,
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body.overlap).toBe(true);
    const chart = (await api.get(`/api/clients/${client.clientId}/policies`)).body.items;
    expect(chart.map((policy: any) => [policy.policyId, policy.endDate, policy.overlap])).toEqual([
      [primary.policyId, null, true],
      [secondary.policyId, null, true],
    ]);
    const coverage = (await api.get(`/api/clients/${client.clientId}/coverage?dateOfService=2026-04-01`)).body.items;
    expect(coverage.map((policy: any) => [policy.policyId, policy.overlap])).toEqual([
      [secondary.policyId, true],
      [primary.policyId, true],
    ]);

    // A claim on either is refused with the overlap named — even for a day only one of them covers.
    const refused = await api.post(`/api/clients/${client.clientId}/claims/${draft.claimId}/submit`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('claim_not_ready');
    expect(refused.body.error.details).toEqual([{ path: 'policy.overlap', message: expect.stringMatching(/another active primary/i) }]);

    // Ending the first Primary before the second starts removes the overlap; the claim goes through.
    const fixed = await api.patch(`/api/clients/${client.clientId}/policies/${primary.policyId}`, {
      endDate: '2026-02-28',
      version: primary.version,
    });
    expect(fixed.body.overlap).toBe(false);
    expect((await api.get(`/api/clients/${client.clientId}/policies/${secondary.policyId}`)).body.overlap).toBe(false);
    const submitted = await api.post(`/api/clients/${client.clientId}/claims/${draft.claimId}/submit`);
    expect(submitted.status).toBe(200);
  });
});

describe('the client list', () => {
  const SEEDED = 2_000;
  const NEEDING_REVIEW = 120;
  const run = unique('zzlist')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  const seeded: { clientId: string; lastName: string; lastActivityAt: string; needsReview: boolean }[] = [];

  beforeAll(async () => {
    Object.assign(process.env, stack().handlerEnvironment);
    const { clientIndexKeys, clientActivityIndexKeys, keys } = await import('../../functions/data/keys.ts');
    const { policyItem, policySummaries } = await import('../../functions/data/policy-repository.ts');
    // 2,000 clients written straight to the table in batches of 25 (as the repository would store them),
    // every 1 in 17 with a client-entered policy waiting for review. Their activity lies in 2001, before
    // anything the other tests do, and their last names sort after everyone else's, so they do not disturb
    // the other suites' first pages.
    const items: object[] = [];
    for (let index = 0; index < SEEDED; index++) {
      const clientId = `${run.toUpperCase()}C${String(index).padStart(5, '0')}`;
      // Names in a shuffled order relative to ids and activity, so each sort is really exercised.
      const lastName = `${run}${String((index * 7919) % SEEDED).padStart(5, '0')}`;
      const lastActivityAt = new Date(Date.UTC(2001, 0, 1) + ((index * 104_729) % SEEDED) * 60_000).toISOString();
      const needsReview = index % 17 === 0 && seeded.filter((entry) => entry.needsReview).length < NEEDING_REVIEW;
      const record = {
        clientId,
        firstName: 'Seeded',
        lastName,
        email: `${clientId.toLowerCase()}@example.test`,
        dateOfBirth: null,
        insuranceCollection: 'inherit',
        portal: { status: 'not_invited', invitedAt: null },
        intakeInsurance: 'pending',
        policyRevision: needsReview ? 1 : 0,
        lastActivityAt,
        version: 1,
        createdAt: '2001-01-01T00:00:00.000Z',
        updatedAt: lastActivityAt,
      };
      const policies = needsReview
        ? [
            {
              policyId: `${clientId}P`,
              clientId,
              priority: 'primary' as const,
              status: 'active' as const,
              source: 'client' as const,
              payer: { payerId: null, name: null, enteredName: `Seeded Mutual ${index}` },
              payerMatch: { state: 'needs_payer' as const, matchedBy: null, suggestions: [] },
              insuranceType: null,
              memberId: null,
              groupNumber: null,
              planName: null,
              planId: null,
              relationship: 'self' as const,
              subscriber: null,
              effectiveDate: '2001-01-01',
              endDate: null,
              copayCents: null,
              deductibleCents: null,
              employerOrSchool: null,
              attachments: [],
              clientEntered: { payerName: `Seeded Mutual ${index}` },
              reviewed: false,
              reviewedAt: null,
              // Queued after everything the other suites submit (the queue is oldest first).
              createdAt: '2099-01-01T00:00:00.000Z',
              createdBy: { kind: 'client' as const, id: clientId },
              updatedAt: lastActivityAt,
              version: 1,
              endedBy: null,
            },
          ]
        : [];
      items.push({
        ...keys.client(clientId),
        ...clientIndexKeys(record),
        ...clientActivityIndexKeys(record),
        itemType: 'client',
        ...record,
        policySummaries: policySummaries(policies),
      });
      items.push(...policies.map(policyItem));
      seeded.push({ clientId, lastName, lastActivityAt, needsReview });
    }
    const batches = [];
    for (let start = 0; start < items.length; start += 25) batches.push(items.slice(start, start + 25));
    // A few batches at a time; unprocessed items are retried.
    for (let start = 0; start < batches.length; start += 8) {
      await Promise.all(
        batches.slice(start, start + 8).map(async (batch) => {
          let pending: any[] = batch.map((Item) => ({ PutRequest: { Item } }));
          while (pending.length > 0) {
            const result = await table().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
            pending = result.UnprocessedItems?.[tableName()] ?? [];
          }
        }),
      );
    }
  }, 120_000);

  async function allPages(query: string, limit: number): Promise<any[]> {
    const items: any[] = [];
    let cursor: string | null = null;
    do {
      const response: any = await (
        await practice()
      ).get(`/api/clients?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(limit);
      items.push(...response.body.items);
      cursor = response.body.nextCursor;
    } while (cursor);
    return items;
  }

  it('sorts by name, a page at a time, with every client exactly once', async () => {
    const listed = await allPages(`sort=name&q=${run}`, 100);
    expect(listed.map((client) => client.lastName)).toEqual(seeded.map((entry) => entry.lastName).sort());
    expect(new Set(listed.map((client) => client.clientId)).size).toBe(SEEDED);
  });

  it('sorts by last activity, most recent first, across every client of the practice', async () => {
    const listed = await allPages('sort=activity', 100);
    const activity = listed.map((client) => client.lastActivityAt);
    expect(activity).toEqual([...activity].sort().reverse());
    const mine = listed.filter((client) => client.lastName.startsWith(run));
    expect(mine.map((client) => client.clientId)).toEqual(
      [...seeded].sort((a, b) => (a.lastActivityAt < b.lastActivityAt ? 1 : -1)).map((entry) => entry.clientId),
    );
    // Anything a person does to a client brings it to the top.
    const api = await practice();
    const target = seeded[1_234]!;
    const current = (await api.get(`/api/clients/${target.clientId}`)).body;
    await api.patch(`/api/clients/${target.clientId}`, { firstName: 'Touched', version: current.version });
    const first = (await api.get('/api/clients?sort=activity&limit=1')).body.items[0];
    expect(first.clientId).toBe(target.clientId);
  });

  it('filters to the clients needing review, in either order, with the review and insurance columns', async () => {
    const expected = seeded.filter((entry) => entry.needsReview);
    const byName = await allPages(`filter=needs_review&sort=name&q=${run}`, 30);
    expect(byName.map((client) => client.lastName)).toEqual(expected.map((entry) => entry.lastName).sort());
    for (const client of byName) {
      expect(client.review).toEqual({ reasons: ['needs_payer', 'unreviewed'], policies: 1 });
      expect(client.insurance.activePrimary).toMatchObject({
        payerName: expect.stringMatching(/^Seeded Mutual/),
        needsPayer: true,
        overlap: false,
      });
    }
    const byActivity = (await allPages('filter=needs_review&sort=activity', 30)).filter((client) => client.lastName.startsWith(run));
    expect(byActivity.map((client) => client.clientId)).toEqual(
      [...expected].sort((a, b) => (a.lastActivityAt < b.lastActivityAt ? 1 : -1)).map((entry) => entry.clientId),
    );
    // Every filtered client needs review, and nobody who does is left out.
    const everyone = await allPages('filter=needs_review', 100);
    expect(everyone.every((client) => client.review.policies > 0)).toBe(true);
  });

  it('shows a real client’s portal status, the active Primary’s payer and review state; reviewing clears it', async () => {
    const client = await onboardPortalClient({ lastName: `${run}zreal` });
    const cigna = await payerNamed('Cigna');
    const policy = (
      await as(client.token).post('/api/portal/policies', { priority: 'primary', payerId: cigna.payerId, effectiveDate: '2026-01-01' })
    ).body;
    const row = async () => (await (await practice()).get(`/api/clients?q=${run}zreal`)).body.items[0];
    expect(await row()).toMatchObject({
      clientId: client.clientId,
      portal: { status: 'active' },
      insurance: { activePrimary: { policyId: policy.policyId, payerName: 'Cigna', needsPayer: false, overlap: false } },
      review: { reasons: ['unreviewed'], policies: 1 },
    });
    expect((await (await practice()).get(`/api/clients?filter=needs_review&q=${run}zreal`)).body.items.map((c: any) => c.clientId)).toEqual(
      [client.clientId],
    );
    await (await practice()).patch(`/api/clients/${client.clientId}/policies/${policy.policyId}`, { version: policy.version });
    expect((await row()).review).toEqual({ reasons: [], policies: 0 });
    expect((await (await practice()).get(`/api/clients?filter=needs_review&q=${run}zreal`)).body.items).toEqual([]);
  });

  it('refuses a name search in activity order, and a cursor from the other order', async () => {
    const api = await practice();
    expect((await api.get(`/api/clients?sort=activity&q=${run}`)).status).toBe(400);
    const byName = (await api.get('/api/clients?sort=name&limit=2')).body.nextCursor;
    const wrong = await api.get(`/api/clients?sort=activity&cursor=${encodeURIComponent(byName)}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('validation_failed');
  });
});

describe('a data folder from before the Review queue', () => {
  it('the backfill gives old clients their summaries and activity, and old unreviewed policies their place in the queue', async () => {
    Object.assign(process.env, stack().handlerEnvironment);
    const { clientIndexKeys, keys } = await import('../../functions/data/keys.ts');
    const { backfillReviewState } = await import('../../functions/data/review-backfill.ts');
    const clientId = unique('LEGACY')
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '');
    const lastName = unique('zzlegacy')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    const client = {
      clientId,
      firstName: 'Old',
      lastName,
      email: `${clientId.toLowerCase()}@example.test`,
      dateOfBirth: null,
      insuranceCollection: 'inherit',
      portal: { status: 'active', invitedAt: '2025-01-01T00:00:00.000Z' },
      intakeInsurance: 'added',
      policyRevision: 1,
      version: 2,
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-02T00:00:00.000Z',
    };
    const policy = {
      policyId: `${clientId}P`,
      clientId,
      priority: 'primary',
      status: 'active',
      source: 'client',
      payer: { payerId: null, name: null, enteredName: 'Old Mutual' },
      payerMatch: { state: 'matched', matchedBy: 'selected', suggestions: [] },
      insuranceType: null,
      memberId: null,
      groupNumber: null,
      planName: null,
      planId: null,
      relationship: 'self',
      subscriber: null,
      effectiveDate: '2025-01-01',
      endDate: null,
      copayCents: null,
      deductibleCents: null,
      employerOrSchool: null,
      attachments: [],
      clientEntered: {},
      reviewed: false,
      reviewedAt: null,
      createdAt: '2098-01-01T00:00:00.000Z',
      createdBy: { kind: 'client', id: clientId },
      updatedAt: '2025-01-03T00:00:00.000Z',
      version: 1,
    };
    // Stored as an older version wrote them: no summaries, no activity, no queue keys, no endedBy.
    await table().send(
      new BatchWriteCommand({
        RequestItems: {
          [tableName()]: [
            { PutRequest: { Item: { ...keys.client(clientId), ...clientIndexKeys(client), itemType: 'client', ...client } } },
            { PutRequest: { Item: { ...keys.policy(clientId, policy.policyId), itemType: 'policy', ...policy } } },
          ],
        },
      }),
    );
    expect(await queued(policy.policyId)).toBeUndefined();

    const counts = await backfillReviewState();
    expect(counts.clients).toBeGreaterThanOrEqual(1);
    expect((await queued(policy.policyId))?.reasons).toEqual(['unreviewed']);
    const row = (await (await practice()).get(`/api/clients?q=${lastName}`)).body.items[0];
    expect(row).toMatchObject({ lastActivityAt: '2025-01-03T00:00:00.000Z', review: { reasons: ['unreviewed'], policies: 1 } });
    const chart = (await (await practice()).get(`/api/clients/${clientId}/policies`)).body.items;
    expect(chart[0]).toMatchObject({ endedBy: null, coverageState: 'active', overlap: false });
    // Run again: nothing left to do for this client.
    await backfillReviewState();
    expect((await (await practice()).get(`/api/clients?q=${lastName}`)).body.items[0].lastActivityAt).toBe('2025-01-03T00:00:00.000Z');
  });

  it('the claims backfill puts old claims in the cross-client claims list (index keys and claim pointer), once', async () => {
    Object.assign(process.env, stack().handlerEnvironment);
    const { clientIndexKeys, keys } = await import('../../functions/data/keys.ts');
    const { backfillClaimIndex } = await import('../../functions/data/review-backfill.ts');
    const clientId = unique('OLDCLAIMS')
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '');
    const client = {
      clientId,
      firstName: 'Old',
      lastName: 'Claims',
      email: `${clientId.toLowerCase()}@example.test`,
      dateOfBirth: null,
      insuranceCollection: 'inherit',
      portal: { status: 'not_invited', invitedAt: null },
      intakeInsurance: 'pending',
      policyRevision: 0,
      version: 1,
      createdAt: '2024-01-01T00:00:00.000Z',
      updatedAt: '2024-01-01T00:00:00.000Z',
    };
    // A date of service no other test uses, so the list's date filter finds this claim alone.
    const claim = {
      claimId: `${clientId}C`,
      clientId,
      dateOfService: '2019-02-03',
      policyId: `${clientId}P`,
      status: 'draft',
      serviceLines: [{ procedureCode: '90837', units: 1, chargeCents: 18_000 }],
      diagnosisCodes: ['F41.1'],
      warnings: [],
      submittedAt: null,
      submittedBy: null,
      version: 1,
      createdAt: '2019-02-03T00:00:00.000Z',
      createdBy: { kind: 'practitioner', id: 'someone' },
      updatedAt: '2019-02-03T00:00:00.000Z',
    };
    // Stored as a version from before the Claims page wrote it: no gsi1 keys, no claim_ref.
    await table().send(
      new BatchWriteCommand({
        RequestItems: {
          [tableName()]: [
            { PutRequest: { Item: { ...keys.client(clientId), ...clientIndexKeys(client), itemType: 'client', ...client } } },
            { PutRequest: { Item: { ...keys.claim(clientId, claim.claimId), itemType: 'claim', ...claim } } },
          ],
        },
      }),
    );
    const listed = async () =>
      (await (await practice()).get('/api/claims?status=draft&from=2019-02-03&to=2019-02-03')).body.items.map((item: any) => item.claimId);
    expect(await listed()).toEqual([]);

    expect((await backfillClaimIndex()).claims).toBeGreaterThanOrEqual(1);
    expect(await listed()).toEqual([claim.claimId]);
    // The pointer that exports use to find a claim's client from its id alone.
    const ref = keys.claimRef(claim.claimId);
    expect(await getRaw(ref.pk, ref.sk)).toMatchObject({ itemType: 'claim_ref', clientId, claimId: claim.claimId });
    // Run again: nothing left to do, the claim is listed once.
    expect((await backfillClaimIndex()).claims).toBe(0);
    expect(await listed()).toEqual([claim.claimId]);
  });
});

describe('a duplicate alias', () => {
  it('is refused on the alias, naming the payer that owns it', async () => {
    const api = await practice();
    const owner = unique('Owner Health');
    const alias = unique('Shared Alias');
    expect((await api.post('/api/payers', { name: owner, aliases: [alias] })).status).toBe(201);
    const refused = await api.post('/api/payers', { name: unique('Second Health'), aliases: ['Other Name', alias] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('conflict');
    expect(refused.body.error.details).toEqual([{ path: 'aliases.1', message: `“${alias}” is already used by ${owner} (as an alias)` }]);
    const byName = await api.post('/api/payers', { name: owner });
    expect(byName.body.error.details).toEqual([{ path: 'name', message: `“${owner}” is already used by ${owner}` }]);
  });
});

describe('typos find their payer in the portal typeahead', () => {
  let client: PortalClient;
  beforeAll(async () => {
    client = await onboardPortalClient();
  });

  it.each([
    ['Cigan', 'Cigna'],
    ['Humanna', 'Humana'],
    ['Unted Health Care', 'UnitedHealthcare'],
    ['Unitd Health', 'UnitedHealthcare'],
    ['uhc', 'UnitedHealthcare'],
    ['BCBS Texas', 'Blue Cross Blue Shield of Texas'],
    ['Aet', 'Aetna'],
  ])('“%s” offers %s first, with a score', async (typed, expected) => {
    const response = await as(client.token).get(`/api/portal/payers?q=${encodeURIComponent(typed)}`);
    expect(response.status).toBe(200);
    const [first] = response.body.items;
    expect(first).toMatchObject({ name: expected, payerId: expect.any(String), score: expect.any(Number) });
    expect(first.score).toBeGreaterThan(0);
    expect(first.score).toBeLessThanOrEqual(1);
    expect(response.body.items.length).toBeLessThanOrEqual(20);
    // Clients see ids, names and scores only.
    for (const item of response.body.items) expect(Object.keys(item).sort()).toEqual(['name', 'payerId', 'score']);
  });
});
