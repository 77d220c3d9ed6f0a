import { beforeAll, describe, expect, it } from 'vitest';
import { useLanguage } from '../i18n/i18n';
import { newPasswordErrors } from './password-rules';

beforeAll(() => useLanguage('en'));

describe('a chosen password and its confirmation', () => {
  it('names the unmet rules first, and only then whether the two match', async () => {
    const weak = await newPasswordErrors('short', 'other');
    expect(weak.password).toMatch(/12 characters/);
    expect(weak.confirm).toBeUndefined();
  });

  it('a password that meets the rules but differs from its confirmation is a confirmation error', async () => {
    expect(await newPasswordErrors('Strong-pass-123!', 'Strong-pass-124!')).toEqual({ confirm: 'The two passwords do not match' });
  });

  it('a trailing space is not the symbol, and a good matching pair has no errors', async () => {
    expect((await newPasswordErrors('Strongpass123 ', 'Strongpass123 ')).password).toMatch(/symbol/);
    expect(await newPasswordErrors('Strong-pass-123!', 'Strong-pass-123!')).toEqual({});
  });
});
