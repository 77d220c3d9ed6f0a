/**
 * What the server says to a portal client in their language: the error messages of portal routes (by error
 * code; the code itself never changes), and the field validation messages (shared with the web, which shows
 * the same words for its own checks). The emails are functions/domain/emails.ts. The English wording of errors stays where it is thrown (the
 * dashboard and tests read it); Spanish replaces it for a client whose language is `es`.
 */
import type { ErrorCode } from '../errors.ts';
import type { Language } from './languages.ts';
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
