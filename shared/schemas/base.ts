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

export const text = (max: number) => z.string().check(z.trim(), z.minLength(1, 'Required'), z.maxLength(max, `At most ${max} characters`));
/** Optional free text: an empty string is treated as "not given". */
export const optionalText = (max: number) =>
  z.optional(
    z.nullable(
      z.pipe(
        z.string().check(z.trim(), z.maxLength(max, `At most ${max} characters`)),
        z.transform((value: string) => (value === '' ? null : value)),
      ),
    ),
  );
export const trimmedMatching = (pattern: RegExp, message: string) => z.string().check(z.trim(), z.regex(pattern, message));
export const codeMatching = (pattern: RegExp, message: string) => z.string().check(z.trim(), z.toUpperCase(), z.regex(pattern, message));
export const intBetween = (min: number, max: number, maxMessage?: string) => z.int().check(z.minimum(min), z.maximum(max, maxMessage));

export const personName = text(100);
export const email = z.pipe(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)), z.email('Must be an email address'));
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
