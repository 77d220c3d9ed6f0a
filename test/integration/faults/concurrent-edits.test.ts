/**
 * Conflicting edits at the same moment: several practitioners save the same policy, payer or practice
 * settings from the same version. Optimistic locking must let exactly one of them win, answer the others
 * 409 version_conflict, and leave exactly the winner's values — no lost update, no blend of two edits, one
 * audit event. (Runs on the shared stack: it changes only data it creates, and puts the settings back.)
 */
import { describe, expect, it } from 'vitest';
import { as, onboardPortalClient, practitioner, unique, type ApiResponse } from '../../support/api.ts';
import { contractViolation } from '../../support/contract.ts';
import { partition } from '../../support/table.ts';
import { mintAdminToken, mintPractitionerToken } from '../../support/tokens.ts';

const EDITORS = 8;

/** N distinct practitioners (their own user ids), each with an edit to send; admins where the route asks for one. */
async function editors<T>(edit: (index: number) => T, options: { admins?: boolean } = {}) {
  return Promise.all(
    Array.from({ length: EDITORS }, async (_unused, index) => {
      const userId = `racing-practitioner-${index}-${unique('u')}`;
      const token = options.admins ? await mintAdminToken(userId) : await mintPractitionerToken(userId);
      return { userId, api: as(token), edit: edit(index) };
    }),
  );
}

/** Exactly one 200; every other answer a contract 409 version_conflict. Returns the winner's index. */
function oneWinner(responses: ApiResponse[]): number {
  for (const response of responses) expect(contractViolation(response)).toBeUndefined();
  const statuses = responses.map((response) => response.status);
  expect(
    statuses.filter((status) => status === 200),
    `statuses ${statuses.join(', ')}`,
  ).toHaveLength(1);
  for (const response of responses.filter((candidate) => candidate.status !== 200)) {
    expect(response.status, JSON.stringify(response.body)).toBe(409);
    expect(response.body.error.code).toBe('version_conflict');
  }
  return statuses.indexOf(200);
}

describe('concurrent conflicting edits', () => {
  it(`${EDITORS} practitioners save the same policy version at once: one wins, the rest get 409, the winner's values stay`, async () => {
    const client = await onboardPortalClient({ insuranceCollection: 'on' });
    const practice = as(await practitioner());
    const payer = (await practice.post('/api/payers', { name: unique('Race Health') })).body;
    const created = (
      await as(client.token).post('/api/portal/policies', { priority: 'secondary', payerId: payer.payerId, effectiveDate: '2026-01-01' })
    ).body;
    const path = `/api/clients/${client.clientId}/policies/${created.policyId}`;
    const current = (await practice.get(path)).body;

    const racers = await editors((index) => ({
      memberId: `RACE-${index}`,
      groupNumber: `GROUP-${index}`,
      planName: `Plan ${index}`,
      copayCents: 1000 + index,
      version: current.version,
    }));
    const responses = await Promise.all(racers.map(({ api, edit }) => api.patch(path, edit)));
    const winner = oneWinner(responses);

    const { version: _version, ...winningValues } = racers[winner]!.edit;
    const stored = (await practice.get(path)).body;
    expect(stored).toMatchObject({ ...winningValues, version: current.version + 1 });
    expect(responses[winner]!.body).toMatchObject(winningValues);

    const updates = (await partition(`CLIENT#${client.clientId}`, 'AUDIT#')).filter(
      (event) => event.action === 'policy.updated' && (event.entity as { id: string }).id === created.policyId,
    );
    expect(updates).toHaveLength(1);
    // A token without a name claim: the display name falls back to the user id.
    expect(updates[0]!.actor).toEqual({ kind: 'practitioner', id: racers[winner]!.userId, name: racers[winner]!.userId });
  });

  it(`${EDITORS} practitioners save the same payer version at once: one wins, the rest get 409, the winner's values stay`, async () => {
    const practice = as(await practitioner());
    const payer = (await practice.post('/api/payers', { name: unique('Race Payer') })).body;
    const racers = await editors((index) => ({
      ediPayerId: `RACE${index}`,
      aliases: [`${payer.name} alias ${index}`],
      version: payer.version,
    }));
    const responses = await Promise.all(racers.map(({ api, edit }) => api.patch(`/api/payers/${payer.payerId}`, edit)));
    const winner = oneWinner(responses);

    const stored = (await practice.get('/api/payers')).body.items.find((candidate: any) => candidate.payerId === payer.payerId);
    expect(stored).toMatchObject({ ediPayerId: `RACE${winner}`, aliases: [`${payer.name} alias ${winner}`], version: payer.version + 1 });
    // Only the winner's alias is reserved: a loser's alias is still free for another payer.
    const loser = (winner + 1) % EDITORS;
    expect((await practice.post('/api/payers', { name: unique('Race Other'), aliases: [`${payer.name} alias ${loser}`] })).status).toBe(
      201,
    );
    expect((await practice.post('/api/payers', { name: unique('Race Other'), aliases: [`${payer.name} alias ${winner}`] })).status).toBe(
      409,
    );
  });

  it(`${EDITORS} admins save the practice settings from the same version at once: one wins, the rest get 409`, async () => {
    const practice = as(await practitioner());
    const original = (await practice.get('/api/practice/settings')).body;
    const choices = ['off', 'optional', 'front', 'front_and_back'] as const;
    const racers = await editors(
      (index) => ({
        collectInsurance: index % 2 === 0 ? original.collectInsurance : !original.collectInsurance,
        cardImages: choices[index % choices.length],
        version: original.version,
      }),
      { admins: true },
    );
    try {
      const responses = await Promise.all(racers.map(({ api, edit }) => api.put('/api/practice/settings', edit)));
      const winner = oneWinner(responses);
      const { version: _version, ...winningValues } = racers[winner]!.edit;
      // The racers send neither a practice profile nor a billing profile, so both stay as they were (other tests save them).
      expect((await practice.get('/api/practice/settings')).body).toEqual({
        ...winningValues,
        practice: original.practice,
        billing: original.billing,
        version: original.version + 1,
      });
      const events = (await partition('PRACTICE', 'AUDIT#')).filter(
        (event) => event.action === 'settings.updated' && racers.some((racer) => racer.userId === (event.actor as { id: string }).id),
      );
      expect(events).toHaveLength(1);
    } finally {
      const now = (await practice.get('/api/practice/settings')).body;
      await practice.put('/api/practice/settings', {
        collectInsurance: original.collectInsurance,
        cardImages: original.cardImages,
        version: now.version,
      });
    }
  });
});
