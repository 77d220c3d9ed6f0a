/**
 * The portal's catalogs: every key in both languages, none empty, the same placeholders in each (a Spanish
 * message that drops `{name}` would show a blank), and no Spanish message left in English by mistake.
 */
import { describe, expect, it } from 'vitest';
import en from './messages/en';
import es from './messages/es';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** Words that are the same in both languages on purpose: names of programs, file types, a lone arrow or mark. */
const SAME_ON_PURPOSE = new Set(['common.error', 'nav.label', 'insuranceType.medicare', 'insuranceType.medicaid']);

describe('the portal message catalogs', () => {
  const catalogs = { en, es } as Record<string, Record<string, string>>;

  it.each(Object.keys(catalogs))('%s has every key of the other language, each a non-empty message', (language) => {
    const mine = catalogs[language]!;
    const keys = new Set([...Object.keys(en), ...Object.keys(es)]);
    const missing = [...keys].filter((key) => !(key in mine));
    const empty = Object.entries(mine).filter(([, value]) => typeof value !== 'string' || !value.trim());
    expect(missing, `missing in ${language}`).toEqual([]);
    expect(
      empty.map(([key]) => key),
      `empty in ${language}`,
    ).toEqual([]);
  });

  it.each(Object.keys(catalogs))('%s names insurance types in plain words, not the claim form codes', (language) => {
    const words = Object.entries(catalogs[language]!).filter(([key]) => key.startsWith('insuranceType.'));
    expect(words.length).toBe(7);
    for (const [key, label] of words) expect(label, key).not.toMatch(/CHAMPVA|FECA|group health plan/i);
  });

  it('every message has the same placeholders in English and Spanish', () => {
    const differing = Object.keys(en).filter(
      (key) => placeholders(en[key as keyof typeof en]).join() !== placeholders(es[key as keyof typeof es]).join(),
    );
    expect(differing).toEqual([]);
  });

  it('no Spanish message is the English one copied over (except words that are the same on purpose)', () => {
    const copied = Object.keys(en).filter((key) => !SAME_ON_PURPOSE.has(key) && en[key as keyof typeof en] === es[key as keyof typeof es]);
    expect(copied).toEqual([]);
  });
});
