/**
 * Form errors keyed by the contract's field path (`subscriber.address.city`), from either source: the shared
 * zod schema in the browser, or an API error's `details`. One map, so a field shows its message the same way
 * whichever side found the problem.
 */
import type { ErrorDetail } from '$shared/errors';
import type { ZodMiniType } from 'zod/mini';
import { ApiFailure } from './api-failure';

export type FieldErrors = Record<string, string>;

/** A DOM id for a field path, unique per form through the prefix. */
export function fieldId(prefix: string, path: string): string {
  return `${prefix}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

export function errorsFromDetails(details: readonly ErrorDetail[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const detail of details) errors[detail.path || '_'] ??= detail.message;
  return errors;
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Validates with a shared schema; the first message per path wins (the most basic problem comes first). */
export function parseWith<T>(schema: ZodMiniType<T>, value: unknown): Parsed<T> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    errors: errorsFromDetails(result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))),
  };
}

/**
 * Errors placed on one form: `keyOf` names the field a path belongs to (`aliases.3` → `aliases`), or null when
 * the form has no such field — that message becomes the form-level one, unless the caller gives `message`. The
 * first message per field wins; `reword` may say a schema's generic words ("Required") in the form's terms.
 */
export function placeErrors(
  found: FieldErrors,
  keyOf: (path: string) => string | null,
  message = '',
  reword: (key: string, message: string) => string = (_key, text) => text,
): { errors: FieldErrors; message: string } {
  const errors: FieldErrors = {};
  let formMessage = message;
  for (const [path, text] of Object.entries(found)) {
    const key = keyOf(path);
    if (key === null) formMessage ||= text;
    else errors[key] ??= reword(key, text);
  }
  return { errors, message: formMessage };
}

/** zod's generic words for an empty or malformed value, which a form may say in its own terms. */
export function isGenericMessage(message: string): boolean {
  return message === 'Required' || message.startsWith('Invalid') || message.startsWith('Must be a calendar date');
}

/** Field errors from an API failure (validation details), or an empty map. */
export function errorsFromFailure(error: unknown): FieldErrors {
  return error instanceof ApiFailure ? errorsFromDetails(error.details) : {};
}

/**
 * The error map without the entry of the field an `input`/`change` event came from: once the user edits a
 * field its old message is stale. (The summary above the form keeps its list until the next submit.)
 */
export function withoutErrorFor(errors: FieldErrors, prefix: string, event: Event): FieldErrors {
  const id = (event.target as HTMLElement | null)?.id;
  const path = id ? Object.keys(errors).find((p) => fieldId(prefix, p) === id) : undefined;
  if (!path) return errors;
  const { [path]: _removed, ...rest } = errors;
  return rest;
}

/** The five inputs of a postal address as typed. */
export interface AddressDraft {
  line1: string;
  line2: string;
  city: string;
  state: string;
  postalCode: string;
}

/**
 * The address the inputs describe, as the API takes it: null when street, city, state and postal code are all
 * blank (an optional address left empty); a blank second line is left out. Partly filled is sent as it is, so the
 * server names what is missing.
 */
export function addressFromDraft(
  draft: AddressDraft,
): { line1: string; line2?: string; city: string; state: string; postalCode: string } | null {
  if (![draft.line1, draft.city, draft.state, draft.postalCode].some((part) => part.trim())) return null;
  return {
    line1: draft.line1,
    ...(draft.line2.trim() ? { line2: draft.line2 } : {}),
    city: draft.city,
    state: draft.state,
    postalCode: draft.postalCode,
  };
}
