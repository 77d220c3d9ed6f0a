/**
 * Accepting an invitation is atomic: the password's shape is checked first and leaves the link
 * usable; of concurrent accepts exactly one succeeds, and its password is the one that works.
 */
import { describe, expect, it } from 'vitest';
import { as, outboxFor, practitioner, request, tokenFromLink, unique } from '../support/api.ts';
import { signInResult } from '../support/access.ts';

async function invitedClient(): Promise<{ clientId: string; email: string; token: string }> {
  const api = as(await practitioner());
  const email = `${unique('race')}@example.test`.toLowerCase();
  const created = await api.post('/api/clients', { firstName: 'Rae', lastName: unique('Race'), email });
  expect(created.status).toBe(201);
  expect((await api.post(`/api/clients/${created.body.clientId}/invitations`, {})).status).toBe(202);
  const [message] = await outboxFor(email);
  return { clientId: created.body.clientId, email, token: tokenFromLink(message!.links[0]!) };
}

describe('accepting an invitation', () => {
  it.each([1, 2, 3])('of 8 concurrent accepts exactly one succeeds and its password is the one that works (round %i)', async () => {
    const { email, token } = await invitedClient();
    const passwords = Array.from({ length: 8 }, (_, index) => `Racer-pass-${index}!x`);
    const answers = await Promise.all(
      passwords.map((password) => request('POST', '/api/portal/invitations/accept', { body: { token, password } })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status !== 200).every((status) => status === 410)).toBe(true);
    const winner = passwords[statuses.indexOf(200)]!;
    for (const password of passwords) {
      const result = await signInResult(email, password);
      expect(result.ok, `password ${password} (winner ${winner})`).toBe(password === winner);
    }
  });

  it('a password of the wrong shape is a 400 that leaves the link usable', async () => {
    const { email, token } = await invitedClient();
    for (const password of ['short-1!A', 'Portalpass12 ', 'Portalpass12\u0007', 'portal-pass-1!']) {
      const weak = await request('POST', '/api/portal/invitations/accept', { body: { token, password } });
      expect(weak.status, password).toBe(400);
      expect(weak.body.error.code).toBe('validation_failed');
      expect(weak.body.error.details[0].path).toBe('password');
    }
    const accepted = await request('POST', '/api/portal/invitations/accept', { body: { token, password: 'Finally-good-1!' } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ email });
    expect((await signInResult(email, 'Finally-good-1!')).ok).toBe(true);
  });
});
