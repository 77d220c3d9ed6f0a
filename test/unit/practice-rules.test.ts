import { describe, expect, it } from 'vitest';
import { practiceToday } from '../../shared/dates.ts';
import { isValidNpi } from '../../shared/billing-identifiers.ts';
import { practiceProfile } from '../../shared/schemas.ts';

describe('NPI check digit (Luhn over 80840 + the first nine digits)', () => {
  it.each(['1234567893', '1245319599', '1003000126'])('accepts %s', (npi) => expect(isValidNpi(npi)).toBe(true));
  it.each([
    ['a wrong check digit', '1234567890'],
    ['nine digits', '123456789'],
    ['eleven digits', '12345678931'],
    ['letters', '12345678AB'],
    ['spaces', '123456789 3'],
  ])('refuses %s', (_label, npi) => expect(isValidNpi(npi)).toBe(false));
});

describe("the practice's today", () => {
  const lateEvening = new Date('2026-12-31T23:30:00-05:00'); // 04:30 UTC on Jan 1st
  it('is the calendar date in the practice’s time zone, not the server’s', () => {
    expect(practiceToday('America/New_York', lateEvening)).toBe('2026-12-31');
    expect(practiceToday('Europe/Berlin', lateEvening)).toBe('2027-01-01');
    expect(practiceToday('Pacific/Honolulu', new Date('2026-03-01T09:00:00Z'))).toBe('2026-02-28');
    expect(practiceToday('UTC', lateEvening)).toBe('2027-01-01');
  });
});

describe('the practice profile', () => {
  const profile = {
    name: 'Maple Street Counseling',
    phone: '(555) 010-0142',
    email: 'front@maple.example',
    address: null,
    timeZone: 'America/New_York',
  };
  it('accepts an IANA time zone and refuses anything else', () => {
    expect(practiceProfile.safeParse(profile).success).toBe(true);
    expect(practiceProfile.safeParse({ ...profile, timeZone: 'America/Chicago' }).success).toBe(true);
    for (const timeZone of ['EST5EDT ', 'Mars/Olympus', 'GMT+5', '', 'America/New_York\u0000']) {
      expect(practiceProfile.safeParse({ ...profile, timeZone }).success, timeZone).toBe(false);
    }
  });
  it('refuses hidden characters in the name', () => {
    expect(practiceProfile.safeParse({ ...profile, name: 'Maple\u202e' }).success).toBe(false);
  });
});
