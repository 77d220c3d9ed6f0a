import { describe, expect, it } from 'vitest';
import { claimDetailsField, claimDetailsFields, claimDetailsRequest } from './claim-details';

describe('the client’s details for claims', () => {
  const client = {
    dateOfBirth: '1985-07-14',
    sexForClaims: 'female' as const,
    phone: null,
    address: { line1: '12 Elm St', city: 'Portland', state: 'OR', postalCode: '97202' },
  };

  it('a saved client fills the form and comes back unchanged', () => {
    const fields = claimDetailsFields(client);
    expect(fields).toMatchObject({ line1: '12 Elm St', line2: '', phone: '', sexForClaims: 'female' });
    expect(claimDetailsRequest(fields, 3)).toEqual({ ...client, version: 3 });
  });

  it('empty fields clear their values; an address with no part at all is none', () => {
    const fields = { ...claimDetailsFields(client), dateOfBirth: '', sexForClaims: '', line1: '', city: '', state: '', postalCode: ' ' };
    expect(claimDetailsRequest(fields, 1)).toEqual({ dateOfBirth: null, sexForClaims: null, phone: null, address: null, version: 1 });
  });

  it('a partial address is sent for the server to name what is missing, and its problems land on their fields', () => {
    const fields = { ...claimDetailsFields({ dateOfBirth: null, sexForClaims: null, phone: null, address: null }), city: 'Portland' };
    expect(claimDetailsRequest(fields, 1).address).toEqual({ line1: '', city: 'Portland', state: '', postalCode: '' });
    expect(claimDetailsField('address.postalCode')).toBe('postalCode');
    expect(claimDetailsField('sexForClaims')).toBe('sexForClaims');
  });
});
