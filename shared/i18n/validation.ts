/**
 * Field validation and error-code messages in Spanish: one source for the server (portal error bodies) and the
 * web (the portal's own checks with the shared schemas show the same words).
 */
import { PASSWORD_MIN_LENGTH } from '../constants.ts';
import type { ErrorCode } from '../errors.ts';
import type { Language } from './languages.ts';

/** Spanish for each error code: the message a client sees when the specific English one has no translation. */
export const ERROR_ES: Record<ErrorCode, string> = {
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
