import { describe, expect, it } from 'vitest';
import { practiceProfile } from '../../shared/schemas.ts';

// The NPI check digit is tested in billing-identifiers.test.ts, the practice's today in policy-state.test.ts.

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
