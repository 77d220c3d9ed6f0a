import { describe, expect, it } from 'vitest';
import { rankPayersForQuery, TYPEAHEAD_LIMIT, type MatchablePayer } from '../../shared/payer-matching.ts';
import { DEMO_PAYERS } from '../../infra/local/demo-practice.ts';
import { syntheticPayers } from '../../bench/payer-matching.bench-part.ts';

const demoPayers: MatchablePayer[] = DEMO_PAYERS.map((payer, i) => ({
  payerId: `demo-${i}`,
  name: payer.name,
  aliases: payer.aliases ?? [],
  active: true,
}));
/** A practice with 300 payers: the demo's among invented ones in real payer-name shapes. */
const largePractice: MatchablePayer[] = [...demoPayers, ...syntheticPayers(300 - demoPayers.length)];

const firstName = (query: string, payers: readonly MatchablePayer[] = demoPayers) => rankPayersForQuery(query, payers)[0]?.name;

describe('the portal payer typeahead', () => {
  it.each(['A', 'Ae', 'Aet', 'Aetn', 'aetna'])('"%s" (typing Aetna letter by letter) puts Aetna first', (query) => {
    expect(firstName(query)).toBe('Aetna');
    expect(firstName(query, largePractice)).toBe('Aetna');
  });

  it.each([
    ['Cigan', 'Cigna'],
    ['Humanna', 'Humana'],
    ['BCBS Texas', 'Blue Cross Blue Shield of Texas'],
    ['Blue Cross of TX', 'Blue Cross Blue Shield of Texas'],
    ['Unted Health Care', 'UnitedHealthcare'],
    ['Unitd Health', 'UnitedHealthcare'],
    ['Unitd Helthcare', 'UnitedHealthcare'],
    ['Magelan Helthcare', 'Magellan Healthcare'],
    ['united he', 'UnitedHealthcare'],
    ['Kaiser Perm', 'Kaiser Permanente'],
    ['Harvrd Pilgrim', 'Harvard Pilgrim Health Care'],
    ['tricare', 'TRICARE West'],
    ['Blue Shield Cal', 'Blue Shield of California'],
    ['Blue Cross Blue Shield Tex', 'Blue Cross Blue Shield of Texas'],
    ['blue cross ne', 'Horizon Blue Cross Blue Shield of New Jersey'],
  ])('"%s" (a typo, an abbreviation or a name in part) puts %s first', (query, expected) => {
    expect(firstName(query)).toBe(expected);
    expect(firstName(query, largePractice)).toBe(expected);
  });

  it('a name or alias equal to the text after normalisation scores 1, anything else less', () => {
    expect(rankPayersForQuery('uhc', demoPayers)[0]).toEqual({ payerId: 'demo-2', name: 'UnitedHealthcare', score: 1 });
    expect(rankPayersForQuery('AETNA, Inc.', demoPayers)[0]).toMatchObject({ name: 'Aetna', score: 1 });
    expect(rankPayersForQuery('Aetn', demoPayers)[0]!.score).toBeLessThan(1);
  });

  it('answers at most 20 active payers, best first, with scores in [0, 1]', () => {
    for (const query of ['Blue', 'Health', 'Care', 'BCBS', 'Me', 'a']) {
      const ranked = rankPayersForQuery(query, largePractice);
      expect(ranked.length, query).toBeGreaterThan(0);
      expect(ranked.length).toBeLessThanOrEqual(TYPEAHEAD_LIMIT);
      const scores = ranked.map((payer) => payer.score!);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      for (const score of scores) (expect(score).toBeGreaterThan(0), expect(score).toBeLessThanOrEqual(1));
      const active = new Set(largePractice.filter((payer) => payer.active).map((payer) => payer.payerId));
      for (const payer of ranked) expect(active.has(payer.payerId), payer.name).toBe(true);
    }
    expect(rankPayersForQuery('Blue', largePractice, 5)).toHaveLength(5);
  });

  it('never offers an inactive payer, whatever is typed', () => {
    const payers = [...demoPayers, { payerId: 'old', name: 'Aetna Legacy', aliases: ['AL'], active: false }];
    for (const query of ['Aetna Legacy', 'aetna leg', 'AL', 'Aetna']) {
      expect(rankPayersForQuery(query, payers).map((payer) => payer.payerId)).not.toContain('old');
    }
  });

  it('with nothing typed, lists active payers by name without scores', () => {
    const listed = rankPayersForQuery('  ', largePractice);
    expect(listed).toHaveLength(TYPEAHEAD_LIMIT);
    expect(listed.every((payer) => payer.score === undefined)).toBe(true);
    const names = listed.map((payer) => payer.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('a name that resembles no payer gets nothing, so the client can type a free name', () => {
    for (const query of ['Zephyr Mutual', 'xyz', 'Self pay']) expect(rankPayersForQuery(query, demoPayers)).toEqual([]);
  });

  it('follows a changed payer list at once (the kept index is rebuilt when a payer changes)', () => {
    expect(firstName('Frobozz')).toBeUndefined();
    const renamed = demoPayers.map((payer) => (payer.name === 'Aetna' ? { ...payer, name: 'Frobozz Health' } : payer));
    expect(firstName('Frobozz', renamed)).toBe('Frobozz Health');
    const withAlias = demoPayers.map((payer) => (payer.name === 'Cigna' ? { ...payer, aliases: ['Zenith Plan'] } : payer));
    expect(rankPayersForQuery('zenith plan', withAlias)[0]).toMatchObject({ name: 'Cigna', score: 1 });
    const deactivated = demoPayers.map((payer) => (payer.name === 'Humana' ? { ...payer, active: false } : payer));
    expect(firstName('Humana', deactivated)).not.toBe('Humana');
    expect(firstName('Humana')).toBe('Humana');
  });
});
