import { describe, expect, it } from 'vitest';
import {
  isValidModifier,
  isValidNpi,
  isValidPlaceOfService,
  isValidTaxonomyCode,
  npiCheckDigit,
  parseTaxId,
  PLACE_OF_SERVICE,
} from '../../shared/billing-identifiers.ts';

describe('NPI check digit (Luhn over 80840 + the first nine digits)', () => {
  it.each(['1234567893', '1245319599', '1679576722', '1003000126', '1871557264'])('accepts the valid NPI %s', (npi) => {
    expect(isValidNpi(npi)).toBe(true);
  });

  it.each([
    ['1234567890', 'wrong check digit'],
    ['1234567894', 'check digit off by one'],
    ['1245319598', 'a real NPI with its last digit changed'],
    ['2134567893', 'two digits swapped'],
    ['123456789', 'nine digits'],
    ['12345678931', 'eleven digits'],
    ['123456789X', 'a letter'],
    ['12345678AB', 'letters'],
    ['123456789 3', 'a space inside'],
    [' 1234567893', 'a leading space'],
    ['', 'empty'],
  ])('refuses %s (%s)', (npi) => {
    expect(isValidNpi(npi)).toBe(false);
  });

  it('computes the documented example: 123456789 → 3', () => {
    expect(npiCheckDigit('123456789')).toBe(3);
  });
});

describe('tax ID shape', () => {
  it.each([
    ['12-3456789', 'ein', '123456789'],
    ['123456789', 'ein', '123456789'],
    ['  98-7654321 ', 'ein', '987654321'],
    ['123-45-6789', 'ssn', '123456789'],
  ])('reads %s as %s', (value, kind, digits) => {
    expect(parseTaxId(value)).toEqual({ kind, digits });
  });

  it.each([
    ['12-345678', 'too short'],
    ['123-456789', 'dash in the wrong place'],
    ['12 3456789', 'a space instead of the dash'],
    ['00-0000000', 'all zeros'],
    ['00-1234567', 'an EIN prefix that is never issued'],
    ['000-12-3456', 'SSN area 000'],
    ['666-12-3456', 'SSN area 666'],
    ['912-12-3456', 'SSN area 9xx (ITIN range)'],
    ['123-00-4567', 'SSN group 00'],
    ['123-45-0000', 'SSN serial 0000'],
    ['AB-1234567', 'letters'],
  ])('refuses %s (%s)', (value) => {
    expect(parseTaxId(value)).toBeNull();
  });
});

describe('taxonomy code shape (NUCC)', () => {
  it.each(['101YM0800X', '103T00000X', '1041C0700X', '2084P0800X', '106H00000X', '363LP0808X'])('accepts %s', (code) => {
    expect(isValidTaxonomyCode(code)).toBe(true);
  });
  it.each([
    ['101YM0800', 'nine characters'],
    ['101YM0800Y', 'not ending in X'],
    ['101ym0800x', 'lower case'],
    ['A01YM0800X', 'type is not three digits'],
    ['101YM-800X', 'punctuation'],
    ['101YM0800XX', 'eleven characters'],
  ])('refuses %s (%s)', (code) => {
    expect(isValidTaxonomyCode(code)).toBe(false);
  });
});

describe('place of service', () => {
  it.each(['02', '10', '11', '12', '03', '53', '99'])('accepts the CMS code %s', (code) => {
    expect(isValidPlaceOfService(code)).toBe(true);
  });
  it.each(['00', '28', '30', '40', '59', '98', '1', '011', 'A1', 'toString', '__proto__'])('refuses %s', (code) => {
    expect(isValidPlaceOfService(code)).toBe(false);
  });
  it('names the telehealth codes as telehealth', () => {
    expect(PLACE_OF_SERVICE['02']).toMatch(/telehealth/i);
    expect(PLACE_OF_SERVICE['10']).toMatch(/telehealth.*home/i);
  });
});

describe('modifier shape', () => {
  it.each(['95', 'GT', 'HO', '59', 'XU', 'U1'])('accepts %s', (modifier) => {
    expect(isValidModifier(modifier)).toBe(true);
  });
  it.each(['9', '955', 'gt', 'G-', '', ' 95'])('refuses %j', (modifier) => {
    expect(isValidModifier(modifier)).toBe(false);
  });
});
