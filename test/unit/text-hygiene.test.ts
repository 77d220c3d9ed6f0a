import { describe, expect, it } from 'vitest';
import {
  acceptInvitationRequest,
  createClientRequest,
  createPayerRequest,
  createPortalPolicyRequest,
  createUploadRequest,
  listClientsQuery,
  portalPayersQuery,
  portalPassword,
  updatePolicyRequest,
} from '../../shared/schemas.ts';

const address = { line1: '1 Main St', city: 'Austin', state: 'TX', postalCode: '78701' };
const subscriber = { firstName: 'Ann', lastName: 'Lee', dateOfBirth: '1980-01-01', sex: 'female', address };

/** One free-text field of each kind of request: [name, build a body with the field set to `value`, schema]. */
const freeTextFields: [string, (value: string) => unknown, { safeParse: (input: unknown) => { success: boolean; data?: any } }][] = [
  ['client first name', (value) => ({ firstName: value, lastName: 'Lee', email: 'a@example.test' }), createClientRequest],
  ['payer name', (value) => ({ name: value }), createPayerRequest],
  ['payer alias', (value) => ({ name: 'Aetna', aliases: [value] }), createPayerRequest],
  ['portal payer name', (value) => ({ priority: 'primary', payerName: value, effectiveDate: '2026-01-01' }), createPortalPolicyRequest],
  [
    'member ID',
    (value) => ({ priority: 'primary', payerName: 'Aetna', memberId: value, effectiveDate: '2026-01-01' }),
    createPortalPolicyRequest,
  ],
  [
    'subscriber address',
    (value) => ({ subscriber: { ...subscriber, address: { ...address, line1: value } }, version: 1 }),
    updatePolicyRequest,
  ],
  ['upload file name', (value) => ({ fileName: value, contentType: 'image/jpeg', size: 10, side: 'front' }), createUploadRequest],
  ['client search', (value) => ({ q: value }), listClientsQuery],
  ['payer typeahead', (value) => ({ q: value }), portalPayersQuery],
];

const hidden = [
  ['NUL', '\u0000'],
  ['a line feed', '\n'],
  ['a tab', '\t'],
  ['DEL', '\u007f'],
  ['a C1 control', '\u0085'],
  ['a right-to-left override', '\u202e'],
  ['a left-to-right embedding', '\u202a'],
  ['a first-strong isolate', '\u2068'],
  ['a pop-directional isolate', '\u2069'],
] as const;

describe('text is text: every free-text field', () => {
  describe.each(freeTextFields)('%s', (_name, build, schema) => {
    it.each(hidden)('refuses %s anywhere in it', (_label, character) => {
      for (const value of [`${character}Aetna`, `Aet${character}na`, `Aetna${character}`]) {
        expect(schema.safeParse(build(value)).success, JSON.stringify(value)).toBe(false);
      }
    });

    it('accepts ordinary text with accents and punctuation', () => {
      expect(schema.safeParse(build("José O'Brien-Núñez, Jr.")).success).toBe(true);
    });
  });

  it('refuses the right-to-left trick that makes "\\u202eanteA" display as "Aetna"', () => {
    const parsed = createPayerRequest.safeParse({ name: '\u202eanteA' });
    expect(parsed.success).toBe(false);
  });

  it('trims and stores names in NFC', () => {
    const decomposed = 'Jose\u0301'; // e + combining acute accent
    const parsed = createClientRequest.safeParse({ firstName: `  ${decomposed}  `, lastName: 'Lee', email: ' A@Example.test ' });
    expect(parsed.success).toBe(true);
    expect(parsed.data!.firstName).toBe('Jos\u00e9');
    expect(parsed.data!.email).toBe('a@example.test');
  });

  it('stores identifiers in NFC', () => {
    const parsed = createPortalPolicyRequest.safeParse({
      priority: 'primary',
      payerName: 'Aetna',
      memberId: 'A\u030a123',
      effectiveDate: '2026-01-01',
    });
    expect(parsed.data!.memberId).toBe('\u00c5123');
  });
});

describe('the password rule', () => {
  it.each([
    ['a visible ASCII symbol', 'Portal-pass-1'],
    ['an underscore', 'Portal_pass_12'],
    ['a tilde', 'Portalpass12~'],
  ])('accepts %s as the symbol', (_label, password) => {
    expect(portalPassword.safeParse(password).success).toBe(true);
  });

  it.each([
    ['a trailing space', 'Portalpass12 '],
    ['a space in the middle', 'Portal pass12'],
    ['a control character', 'Portalpass12\u0007'],
    ['a non-ASCII letter', 'Portalpass12é'],
  ])('does not count %s as the symbol', (_label, password) => {
    expect(portalPassword.safeParse(password).success).toBe(false);
  });

  it('refuses control characters even when a real symbol is present', () => {
    expect(portalPassword.safeParse('Portal-pass-1\u0000').success).toBe(false);
    expect(acceptInvitationRequest.safeParse({ token: 'x'.repeat(43), password: 'Portal-pass-1\n' }).success).toBe(false);
  });
});
