import { createPayerRequest } from '$shared/schemas';
import { describe, expect, it } from 'vitest';
import { ApiFailure } from './api-failure';
import {
  addressFromDraft,
  errorsFromDetails,
  errorsFromFailure,
  fieldId,
  isGenericMessage,
  parseWith,
  placeErrors,
  withoutErrorFor,
} from './forms';

/** An input/change event as the form sees it: only its target's id matters. */
const eventFrom = (id: string) => ({ target: { id } }) as unknown as Event;

describe('field ids', () => {
  it.each([
    ['policy-edit', 'memberId', 'policy-edit-memberId'],
    ['policy-edit', 'subscriber.address.city', 'policy-edit-subscriber-address-city'],
    ['claim', 'serviceLines.0.units', 'claim-serviceLines-0-units'],
  ])('%s + %s → %s', (prefix, path, id) => expect(fieldId(prefix, path)).toBe(id));
});

describe('errors from API details', () => {
  it('keys each message by its path; the first message of a path wins; no path is the form’s', () => {
    expect(
      errorsFromDetails([
        { path: 'memberId', message: 'Too long' },
        { path: 'memberId', message: 'Second message' },
        { path: '', message: 'Something about the whole request' },
      ]),
    ).toEqual({ memberId: 'Too long', _: 'Something about the whole request' });
  });

  it('an ApiFailure gives its details; any other error gives none', () => {
    const failure = new ApiFailure(400, 'validation_failed', 'name: Required', [{ path: 'name', message: 'Required' }]);
    expect(errorsFromFailure(failure)).toEqual({ name: 'Required' });
    expect(errorsFromFailure(new Error('boom'))).toEqual({});
  });
});

describe('validation with a shared schema', () => {
  it('returns the parsed value when valid', () => {
    expect(parseWith(createPayerRequest, { name: 'Aetna' })).toEqual({ ok: true, data: { name: 'Aetna' } });
  });

  it('returns field errors keyed by path when not', () => {
    const parsed = parseWith(createPayerRequest, { name: '', aliases: ['ok', 7] });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors).sort()).toEqual(['aliases.1', 'name']);
  });
});

describe('placing errors on a form', () => {
  const keyOf = (path: string) => (path.startsWith('aliases') ? 'aliases' : path === 'name' ? path : null);

  it('maps paths onto fields, the first message per field winning', () => {
    expect(placeErrors({ name: 'Required', 'aliases.2': 'Too long', 'aliases.0': 'Empty' }, keyOf)).toEqual({
      errors: { name: 'Required', aliases: 'Too long' },
      message: '',
    });
  });

  it('a path that is no field of the form becomes the form’s message', () => {
    expect(placeErrors({ version: 'Required', _: 'Other' }, keyOf)).toEqual({ errors: {}, message: 'Required' });
  });

  it('a message given by the caller wins over an unplaced one', () => {
    expect(placeErrors({ version: 'Required' }, keyOf, 'The server had a problem.')).toEqual({
      errors: {},
      message: 'The server had a problem.',
    });
  });

  it('rewords generic messages per field', () => {
    const reword = (key: string, message: string) => (message === 'Required' && key === 'name' ? 'Enter the payer’s name' : message);
    expect(placeErrors({ name: 'Required', aliases: 'Required' }, keyOf, '', reword).errors).toEqual({
      name: 'Enter the payer’s name',
      aliases: 'Required',
    });
  });
});

describe('editing a field drops its stale message', () => {
  const errors = { memberId: 'Too long', 'subscriber.address.city': 'Required' };

  it('the field the event came from loses its error; the others keep theirs', () => {
    expect(withoutErrorFor(errors, 'policy-edit', eventFrom('policy-edit-subscriber-address-city'))).toEqual({ memberId: 'Too long' });
  });

  it('an event from an element of another form changes nothing', () => {
    expect(withoutErrorFor(errors, 'policy-edit', eventFrom('payer-memberId'))).toBe(errors);
  });
});

describe('zod’s generic words', () => {
  it.each([
    ['Required', true],
    ['Invalid option: expected one of "female"|"male"|"unknown"', true],
    ['Must be a calendar date (YYYY-MM-DD)', true],
    ['Member ID is too long', false],
    ['A Primary policy already starts on 2024-01-01', false],
  ])('“%s” → %s', (message, generic) => expect(isGenericMessage(message)).toBe(generic));
});

describe('addressFromDraft', () => {
  const blank = { line1: '', line2: '', city: '', state: '', postalCode: '' };
  it('is null when the address is left blank (a second line alone does not make one)', () => {
    expect(addressFromDraft(blank)).toBeNull();
    expect(addressFromDraft({ ...blank, line2: 'Suite 4', city: '  ' })).toBeNull();
  });
  it('leaves out a blank second line and sends a partial address as typed, for the server to name what is missing', () => {
    expect(addressFromDraft({ line1: '1 Main St', line2: ' ', city: 'Austin', state: 'TX', postalCode: '78701' })).toEqual({
      line1: '1 Main St',
      city: 'Austin',
      state: 'TX',
      postalCode: '78701',
    });
    expect(addressFromDraft({ ...blank, city: 'Austin' })).toEqual({ line1: '', city: 'Austin', state: '', postalCode: '' });
  });
});
