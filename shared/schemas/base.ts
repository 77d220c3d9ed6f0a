/**
 * The building blocks of every schema: zod/mini configured once (English messages only; "Required" for a
 * missing field, as in the contract's example), the primitive field rules and the enumerations.
 *
 * The schemas are split by area (practice, clients, policies, claims, resources) so that a function bundles
 * only its own: a route validating settings does not carry the policy schemas (see `npm run bench`, cold start).
 * `shared/schemas.ts` re-exports everything for the web and the tests.
 */
// zod/mini: the same validation as classic zod in a fraction of the code.
import * as z from 'zod/mini';
import {
  attachmentSideValues,
  cardImagesValues,
  insuranceCollectionValues,
  insuranceTypeValues,
  policyStatusValues,
  priorityValues,
  relationshipValues,
  sexValues,
  uploadContentTypes,
} from '../constants.ts';
import { isValidIsoDate } from '../dates.ts';
import { LANGUAGES } from '../i18n/languages.ts';

/**
 * The messages a person sees next to a field, for every rule without its own message. Our own short wording
 * ("Required", as in the contract's example) instead of zod's English locale, which every function would bundle.
 */
function messageFor(issue: z.core.$ZodRawIssue): string {
  if (issue.input === undefined && issue.code !== 'unrecognized_keys') return 'Required';
  const size = (bound: unknown) =>
    issue.origin === 'string' ? `${bound} characters` : issue.origin === 'array' ? `${bound} items` : `${bound}`;
  switch (issue.code) {
    case 'invalid_type':
      return `Expected ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`;
    case 'too_small':
      return `At least ${size(issue.minimum)}`;
    case 'too_big':
      return `At most ${size(issue.maximum)}`;
    case 'invalid_value':
      return `Must be one of: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `Not a field of this request: ${issue.keys.join(', ')}`;
    case 'invalid_format':
      return `Not a valid ${issue.format}`;
    default:
      return 'Not a valid value';
  }
}
z.config({ customError: messageFor });

export const isoDate = z.string().check(z.refine(isValidIsoDate, 'Must be a calendar date as YYYY-MM-DD'));

/**
 * Text is text: control characters (C0 U+0000–U+001F, DEL and C1 U+007F–U+009F) and the
 * bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) are refused, not stripped — "\u202eanteA"
 * displays as "Aetna", and silently cleaning it would store something the sender did not see. Checked on the raw
 * input, before trimming, so a trailing newline is refused too.
 */
export const HIDDEN_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
export const HIDDEN_CHARACTERS_MESSAGE = 'Control and text-direction characters are not allowed';
export const isVisibleText = (value: string) => !HIDDEN_CHARACTERS.test(value);
const visible = () => z.refine<string>(isVisibleText, { message: HIDDEN_CHARACTERS_MESSAGE, abort: true });

/**
 * Every free-text field of the contract is built from these: refused hidden characters, trimmed, and stored in
 * Unicode NFC (so "José" typed on a Mac and on Windows is one name, one payer alias, one member ID).
 */
export const cleanString = () => z.string().check(visible(), z.trim(), z.normalize('NFC'));

export const text = (max: number) => cleanString().check(z.minLength(1, 'Required'), z.maxLength(max, `At most ${max} characters`));
/** Optional free text: an empty string is treated as "not given". */
export const optionalText = (max: number) =>
  z.optional(
    z.nullable(
      z.pipe(
        cleanString().check(z.maxLength(max, `At most ${max} characters`)),
        z.transform((value: string) => (value === '' ? null : value)),
      ),
    ),
  );
export const trimmedMatching = (pattern: RegExp, message: string) => cleanString().check(z.regex(pattern, message));
export const codeMatching = (pattern: RegExp, message: string) => cleanString().check(z.toUpperCase(), z.regex(pattern, message));
/** A search box's text: the same hygiene, empty allowed. */
export const searchText = (max: number) => cleanString().check(z.maxLength(max, `At most ${max} characters`));
export const intBetween = (min: number, max: number, maxMessage?: string) => z.int().check(z.minimum(min), z.maximum(max, maxMessage));

export const personName = text(100);
export const email = z.pipe(cleanString().check(z.toLowerCase(), z.maxLength(254)), z.email('Must be an email address'));
export const entityId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a valid id'));
export const version = intBetween(1, 1_000_000_000);
export const cents = intBetween(0, 100_000_000);

// Enumerations (their values live in constants.ts)

export const cardImages = z.enum(cardImagesValues);
export const insuranceCollection = z.enum(insuranceCollectionValues);
export const priority = z.enum(priorityValues);
export const policyStatus = z.enum(policyStatusValues);
export const insuranceType = z.enum(insuranceTypeValues);
export const relationship = z.enum(relationshipValues);
export const sex = z.enum(sexValues);
export const attachmentSide = z.enum(attachmentSideValues);
export const uploadContentType = z.enum(uploadContentTypes);
/** The language of a client's portal, emails and portal error messages. */
export const language = z.enum(LANGUAGES);

export type InsuranceCollection = z.infer<typeof insuranceCollection>;
export type CardImages = z.infer<typeof cardImages>;
export type Priority = z.infer<typeof priority>;
export type InsuranceType = z.infer<typeof insuranceType>;
export type UploadContentType = (typeof uploadContentTypes)[number];

/** A postal address (policy subscribers, the practice, clients). */
export const address = z.strictObject({
  line1: text(200),
  line2: optionalText(200),
  city: text(100),
  state: text(50),
  postalCode: trimmedMatching(/^[A-Za-z0-9 -]{3,10}$/, 'Not a postal code'),
});
export const phoneNumber = trimmedMatching(/^[0-9+()\-. ]{7,25}$/, 'Not a phone number');

/** An IANA time zone the runtime knows (Intl refuses anything else), e.g. America/New_York. */
export const timeZone = cleanString().check(
  z.refine<string>((value) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(value);
    } catch {
      return false;
    }
  }, 'Not an IANA time zone such as America/New_York'),
);
