/**
 * What the server says to a portal client in their language: the error messages of portal routes (by error
 * code; the code itself never changes), the field validation messages (shared with the web, which shows the
 * same words for its own checks) and the emails. The English wording of errors stays where it is thrown (the
 * dashboard and tests read it); Spanish replaces it for a client whose language is `es`.
 */
import { PASSWORD_MIN_LENGTH } from '../constants.ts';
import type { ErrorCode } from '../errors.ts';
import { fill, type Language } from './languages.ts';

/** Spanish for each error code: the message a client sees when the specific English one has no translation. */
const ERROR_ES: Record<ErrorCode, string> = {
  invalid_json: 'No pudimos leer lo que se envió. Vuelva a intentarlo.',
  validation_failed: 'Revise los datos marcados.',
  unauthenticated: 'Inicie sesión para continuar.',
  forbidden: 'No tiene acceso a esta página.',
  insurance_collection_disabled: 'Su consultorio no recibe datos del seguro por el portal.',
  not_found: 'No lo encontramos.',
  version_conflict: 'Alguien cambió estos datos mientras tanto. Vuelva a cargar la página e inténtelo de nuevo.',
  conflict: 'Estos datos chocan con otros ya guardados.',
  invitation_expired: 'Este enlace de invitación venció o ya se usó. Pida a su consultorio que le envíe uno nuevo.',
  payload_too_large: 'Lo que se envió es demasiado grande.',
  upload_rejected: 'No pudimos aceptar el archivo.',
  claim_not_ready: 'El reclamo no está listo.',
  internal: 'Algo salió mal de nuestro lado. Inténtelo de nuevo más tarde.',
  unavailable: 'El servicio no está disponible en este momento. Inténtelo de nuevo en unos minutos.',
};

/** English messages with their own Spanish (exact text), for the errors portal clients can meet. */
const EXACT_ES: Record<string, string> = {
  Required: 'Obligatorio',
  'Must be a calendar date as YYYY-MM-DD': 'Escriba una fecha válida',
  'Must be an email address': 'Escriba un correo electrónico válido',
  'Not a valid id': 'No es válido',
  'Not a valid value': 'No es un valor válido',
  'Not a postal code': 'No es un código postal válido',
  'Not a phone number': 'No es un número de teléfono válido',
  'Files may be at most 10 MiB': 'El archivo puede pesar como máximo 10 MB',
  'At most 10 attachments': 'Como máximo 10 archivos',
  'End Date must be on or after the Effective Date': 'La fecha de terminación debe ser igual o posterior a la fecha de vigencia',
  'Choose your insurance company or type its name': 'Elija su compañía de seguro o escriba su nombre',
  'Include a lower-case letter': 'Incluya una letra minúscula',
  'Include an upper-case letter': 'Incluya una letra mayúscula',
  'Include a number': 'Incluya un número',
  'Include a symbol': 'Incluya un símbolo',
  'Expected a whole number': 'Debe ser un número entero',
  'Expected a string': 'Debe ser texto',
  'Expected a number': 'Debe ser un número',
  'Expected a boolean': 'Debe ser sí o no',
  'Expected a object': 'Falta información',
  'Already has a portal account': 'Ya tiene una cuenta del portal',
  'A JSON body is required': ERROR_ES.invalid_json,
};

/** English messages with a number or a list in them. */
const PATTERNS_ES: [RegExp, string][] = [
  [/^At least (\d+) characters$/, 'Al menos {1} caracteres'],
  [/^At most (\d+) characters$/, 'Como máximo {1} caracteres'],
  [/^At least (\d+) items$/, 'Al menos {1}'],
  [/^At most (\d+) items$/, 'Como máximo {1}'],
  [/^At least (\d+)$/, 'Al menos {1}'],
  [/^At most (\d+)$/, 'Como máximo {1}'],
  [/^Must be one of: (.*)$/, 'Elija una de las opciones: {1}'],
  [/^Not a field of this request: (.*)$/, 'Dato no esperado: {1}'],
  [
    /^Choose a stronger password.*$/,
    `Elija una contraseña más segura: al menos ${PASSWORD_MIN_LENGTH} caracteres, con mayúsculas, minúsculas, un número y un símbolo`,
  ],
];

/**
 * A field validation message (ours or zod's, see shared/schemas/base.ts) in the given language; `undefined`
 * for Spanish when we have no translation, so the caller can fall back to a general one.
 */
export function validationMessage(english: string, language: Language): string | undefined {
  if (language === 'en') return english;
  const exact = EXACT_ES[english];
  if (exact) return exact;
  for (const [pattern, template] of PATTERNS_ES) {
    const match = pattern.exec(english);
    if (match) return template.replace(/\{(\d)\}/g, (_, index: string) => match[Number(index)] ?? '');
  }
  return undefined;
}

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
