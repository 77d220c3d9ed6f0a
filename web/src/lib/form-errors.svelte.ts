/**
 * A form's problems, shown one way in every form: a message on each field, one above them for the form as a
 * whole, and the error summary (bind it to `summary`) taking focus so keyboard and screen-reader users land on
 * the list. The placing rule is `placeErrors` (forms.ts); this adds the state and the focus.
 */
import { tick } from 'svelte';
import { ApiFailure, messageOf } from './api';
import { errorsFromFailure, placeErrors, withoutErrorFor, type FieldErrors } from './forms';

export interface FormErrorOptions {
  /** The field a path belongs to, or null for the form-level message. Default: the path itself (`_` → form). */
  keyOf?: (path: string) => string | null;
  /** The form's words for a schema's generic message. */
  reword?: (key: string, message: string) => string;
}

export class FormErrors {
  fields = $state<FieldErrors>({});
  message = $state('');
  summary = $state<{ focus(): void }>();
  readonly #prefix: string;
  readonly #options: FormErrorOptions;

  constructor(prefix: string, options: FormErrorOptions = {}) {
    this.#prefix = prefix;
    this.#options = options;
  }

  /** Shows `found` (zod issues or API details, by path) and an optional form-level message; focuses the summary. */
  async show(found: FieldErrors, message = ''): Promise<void> {
    const placed = placeErrors(found, this.#options.keyOf ?? ((path) => (path === '_' ? null : path)), message, this.#options.reword);
    this.fields = placed.errors;
    this.message = placed.message;
    await tick();
    this.summary?.focus();
  }

  /** Shows a failed request: its validation details on the fields, or its message above the form. */
  showFailure(error: unknown): Promise<void> {
    return this.show(errorsFromFailure(error), error instanceof ApiFailure && error.details.length ? '' : messageOf(error));
  }

  clear(): void {
    this.fields = {};
    this.message = '';
  }

  /** For the form's `oninput`/`onchange`: the field being edited loses its stale message. */
  edited = (event: Event): void => {
    this.fields = withoutErrorFor(this.fields, this.#prefix, event);
  };

  /** Drops one field's message (after a choice made with a button rather than the field itself). */
  forget(key: string): void {
    if (!(key in this.fields)) return;
    const { [key]: _dropped, ...rest } = this.fields;
    this.fields = rest;
  }
}
