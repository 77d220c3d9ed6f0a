/** "Text is text" over HTTP: hidden characters are a 400 with nothing written; names are stored trimmed and NFC. */
import { describe, expect, it } from 'vitest';
import { as, practitioner, unique } from '../support/api.ts';
import { contractViolation } from '../support/contract.ts';

describe('free text over HTTP', () => {
  it('refuses a payer name with a right-to-left override (it would display as "Aetna") and creates nothing', async () => {
    const api = as(await practitioner());
    const response = await api.post('/api/payers', { name: '\u202eanteA' });
    expect(contractViolation(response)).toBeUndefined();
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details[0].path).toBe('name');
    const payers = (await api.get('/api/payers?includeInactive=true')).body.items;
    expect(payers.some((payer: any) => payer.name.includes('anteA'))).toBe(false);
  });

  it('refuses control characters in a client name and in a search', async () => {
    const api = as(await practitioner());
    const created = await api.post('/api/clients', { firstName: 'Ann\u0000', lastName: 'Lee', email: `${unique('nul')}@example.test` });
    expect(created.status).toBe(400);
    expect(created.body.error.code).toBe('validation_failed');
    const search = await api.get(`/api/clients?q=${encodeURIComponent('Lee\u2066')}`);
    expect(search.status).toBe(400);
  });

  it('stores names trimmed and in NFC', async () => {
    const api = as(await practitioner());
    const lastName = unique('Nun\u0303ez');
    const created = await api.post('/api/clients', { firstName: '  Jose\u0301 ', lastName, email: `${unique('nfc')}@example.test` });
    expect(created.status).toBe(201);
    expect(created.body.firstName).toBe('Jos\u00e9');
    expect(created.body.lastName).toBe(lastName.normalize('NFC'));
  });

  it('keeps a client’s phone and postal address, editable like the other details', async () => {
    const api = as(await practitioner());
    const created = await api.post('/api/clients', {
      firstName: 'Ana',
      lastName: unique('Detail'),
      email: `${unique('detail')}@example.test`,
    });
    expect(created.body).toMatchObject({ phone: null, address: null });
    const address = { line1: '12 Elm St', city: 'Albany', state: 'NY', postalCode: '12207' };
    const saved = await api.patch(`/api/clients/${created.body.clientId}`, {
      phone: ' (518) 555-0100 ',
      address,
      dateOfBirth: '1990-01-02',
      version: created.body.version,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ phone: '(518) 555-0100', address, dateOfBirth: '1990-01-02' });
    const hidden = await api.patch(`/api/clients/${created.body.clientId}`, {
      address: { ...address, line1: '12 Elm St\u202e' },
      version: saved.body.version,
    });
    expect(hidden.status).toBe(400);
    expect(hidden.body.error.details[0].path).toBe('address.line1');
  });
});
