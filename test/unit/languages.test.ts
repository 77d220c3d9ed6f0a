import { describe, expect, it } from 'vitest';
import { languageFromAcceptLanguage } from '../../shared/i18n/languages.ts';
import { localizeError } from '../../shared/i18n/server-messages.ts';
import { passwordResetEmail, portalInvitationEmail } from '../../functions/domain/emails.ts';
import { validationMessage } from '../../shared/i18n/validation.ts';

describe('the language of a request without a client (Accept-Language)', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['es', 'es'],
    ['es-MX,es;q=0.9,en;q=0.5', 'es'],
    ['en-US,en;q=0.9,es;q=0.8', 'en'],
    ['fr-FR,es;q=0.7,en;q=0.6', 'es'],
    ['de,fr', 'en'],
    ['es;q=0, en', 'en'],
    ['es;q=abc', 'en'],
  ] as const)('%s → %s', (header, language) => expect(languageFromAcceptLanguage(header)).toBe(language));
});

describe('portal errors in Spanish', () => {
  it('keeps the code and the paths; translates known messages and falls back to the code’s Spanish', () => {
    const body = {
      code: 'validation_failed' as const,
      message: 'effectiveDate: Must be a calendar date as YYYY-MM-DD',
      details: [
        { path: 'effectiveDate', message: 'Must be a calendar date as YYYY-MM-DD' },
        { path: 'memberId', message: 'At most 50 characters' },
        { path: 'planName', message: 'Something we never wrote down' },
      ],
    };
    expect(localizeError(body, 'es')).toEqual({
      code: 'validation_failed',
      message: 'effectiveDate: Escriba una fecha válida',
      details: [
        { path: 'effectiveDate', message: 'Escriba una fecha válida' },
        { path: 'memberId', message: 'Como máximo 50 caracteres' },
        { path: 'planName', message: 'Revise los datos marcados.' },
      ],
    });
    expect(localizeError(body, 'en')).toBe(body);
    expect(localizeError({ code: 'not_found', message: 'Policy not found' }, 'es')).toEqual({
      code: 'not_found',
      message: 'No lo encontramos.',
    });
  });

  it('validation messages with numbers keep them', () => {
    expect(validationMessage('At least 12 characters', 'es')).toBe('Al menos 12 caracteres');
    expect(validationMessage('Not in our list at all', 'es')).toBeUndefined();
  });

  it('the invitation and password-reset emails are in the client’s language, naming the practice, with the link or code in them', () => {
    const practice = { name: 'Maple Street Counseling', phone: '(555) 010-0142', email: null };
    const link = 'https://portal.example/portal/accept#token=abc';
    const es = portalInvitationEmail(practice, 'lucia@example.test', 'Lucía', link, 7, 'es');
    expect(es.subject).toBe('Maple Street Counseling: su invitación al portal de clientes');
    expect(es.text).toContain('Hola, Lucía:');
    expect(es.text).toContain('vence en 7 días');
    expect(es.text).toContain(link);
    expect(es.text).toContain('¿Preguntas? Comuníquese con Maple Street Counseling: llame al (555) 010-0142.');
    expect(es.html).toContain('lang="es"');
    expect(portalInvitationEmail(practice, 'ann@example.test', 'Ann', link, 7, 'en').text).toContain('expires in 7 days');
    const reset = passwordResetEmail(practice, 'lucia@example.test', '{####}', 'es');
    expect(reset.subject).toBe('Maple Street Counseling: su código para cambiar la contraseña');
    expect(reset.html).toContain('{####}');
    expect(reset.text).not.toMatch(/password|Hello/);
  });
});
