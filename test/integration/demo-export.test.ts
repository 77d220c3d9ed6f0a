/**
 * A fresh `npm start` can produce an 837P at once: the demo seed gives the practice a billing profile, the demo
 * practitioner a rendering NPI and taxonomy, Avery an address and sex for claims, and Avery a ready draft claim.
 * Nothing here arranges data: it exports what the seed made (another suite exporting it first would fail this).
 */
import { describe, expect, it } from 'vitest';
import { as, practitioner } from '../support/api.ts';
import { segmentsOf, verifyWithThirdPartyParser } from '../support/x12.ts';

describe('the demo practice', () => {
  it('has a ready claim that exports to an 837P a third-party parser accepts', async () => {
    const api = as(await practitioner());
    const drafts = (await api.get('/api/claims?status=draft&from=2026-03-03&to=2026-03-03&limit=100')).body.items;
    const seeded = drafts.find((claim: any) => claim.client.lastName === 'Lindqvist');
    expect(seeded, 'the seeded claim of Avery Lindqvist').toBeDefined();
    const exported = await api.post('/api/claims/exports', { claimIds: [seeded.claimId] });
    expect(exported.status, JSON.stringify(exported.body)).toBe(201);
    verifyWithThirdPartyParser(exported.body.content);
    const segments = segmentsOf(exported.body.content);
    // Another suite may have replaced the seeded billing profile (with the same NPI); the seed's is what a fresh start has.
    expect(segments.some((segment) => /^NM1\*85\*2\*[A-Z ]+\*\*\*\*\*XX\*1245319599$/.test(segment))).toBe(true);
    expect(segments).toContain('NM1*IL*1*LINDQVIST*AVERY****MI*W123456789');
    expect(segments.some((segment) => segment.startsWith('NM1*82*1*'))).toBe(true);
  });
});
