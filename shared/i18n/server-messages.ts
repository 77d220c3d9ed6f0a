/**
 * What the server says to a portal client in their language: the error messages of portal routes (by error
 * code; the code itself never changes), the field validation messages (shared with the web, which shows the
 * same words for its own checks) and the emails. The English wording of errors stays where it is thrown (the
 * dashboard and tests read it); Spanish replaces it for a client whose language is `es`.
 */
import type { ErrorCode } from '../errors.ts';
import { fill, type Language } from './languages.ts';
import { ERROR_ES, validationMessage } from './validation.ts';

export interface LocalizedError {
  code: ErrorCode;
  message: string;
  details?: { path: string; message: string }[];
}

/**
 * An error body in the client's language. The code and the detail paths never change; messages we cannot
 * translate word for word become the general Spanish message of their code.
 */
export function localizeError<E extends LocalizedError>(error: E, language: Language): E {
  if (language === 'en') return error;
  const general = ERROR_ES[error.code];
  const details = error.details?.map((detail) => ({ path: detail.path, message: validationMessage(detail.message, language) ?? general }));
  const firstDetail = details?.[0];
  const message =
    validationMessage(error.message, language) ??
    (error.code === 'validation_failed' && firstDetail
      ? `${firstDetail.path ? `${firstDetail.path}: ` : ''}${firstDetail.message}`
      : general);
  return { ...error, message, ...(details ? { details } : {}) };
}

export interface InvitationEmailInput {
  firstName: string;
  link: string;
  lifetimeDays: number;
}

const INVITATION = {
  en: {
    subject: 'Your client portal invitation',
    lines: [
      'Hello {firstName},',
      '',
      'Your practice has invited you to its secure client portal, where you can share your insurance details.',
      'Set your password here (the link works once and expires in {days} days):',
      '{link}',
      '',
      'If you were not expecting this email, you can ignore it.',
    ],
  },
  es: {
    subject: 'Su invitación al portal de clientes',
    lines: [
      'Hola, {firstName}:',
      '',
      'Su consultorio le invita a su portal seguro de clientes, donde puede compartir los datos de su seguro médico.',
      'Cree su contraseña aquí (el enlace sirve una sola vez y vence en {days} días):',
      '{link}',
      '',
      'Si no esperaba este correo, puede ignorarlo.',
    ],
  },
} satisfies Record<Language, { subject: string; lines: string[] }>;

export function invitationEmail(language: Language, input: InvitationEmailInput): { subject: string; text: string } {
  const template = INVITATION[language];
  const values = { firstName: input.firstName, link: input.link, days: input.lifetimeDays };
  return { subject: template.subject, text: template.lines.map((line) => fill(line, values)).join('\n') };
}
