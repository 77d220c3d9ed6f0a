/** Clients, portal invitations and the portal password. */
import * as z from 'zod/mini';
import { insuranceCollectionValues, PASSWORD_MIN_LENGTH } from '../constants.ts';
import type { Language } from '../i18n/languages.ts';
import { address, email, insuranceCollection, isoDate, language, personName, phoneNumber, searchText, sex, version } from './base.ts';

/** What a claim needs to know about the patient beyond name and date of birth; the details page edits the same fields. */
const claimDemographics = {
  address: z.optional(z.nullable(address)),
  sexForClaims: z.optional(z.nullable(sex)),
  phone: z.optional(z.nullable(phoneNumber)),
};

export const createClientRequest = z.strictObject({
  firstName: personName,
  lastName: personName,
  email,
  dateOfBirth: z.optional(z.nullable(isoDate)),
  ...claimDemographics,
});

export const updateClientRequest = z.strictObject({
  firstName: z.optional(personName),
  lastName: z.optional(personName),
  email: z.optional(email),
  dateOfBirth: z.optional(z.nullable(isoDate)),
  insuranceCollection: z.optional(insuranceCollection),
  language: z.optional(language),
  ...claimDemographics,
  version,
});

/** The body is optional: no body means "keep the client's current setting". */
export const sendInvitationRequest = z.pipe(
  z.optional(z.strictObject({ insuranceCollection: z.optional(insuranceCollection), language: z.optional(language) })),
  z.transform((body: { insuranceCollection?: InsuranceCollectionValue; language?: Language } | undefined) => body ?? {}),
);
type InsuranceCollectionValue = (typeof insuranceCollectionValues)[number];

/**
 * The user pool's password policy, checked here too so that the portal can say exactly what is missing
 * before Cognito is asked (and so the rule holds the same way against cognito-local, which does not enforce it).
 */
export const portalPassword = z.string().check(
  z.minLength(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters`),
  z.maxLength(256, 'At most 256 characters'),
  z.regex(/[a-z]/, 'Include a lower-case letter'),
  z.regex(/[A-Z]/, 'Include an upper-case letter'),
  z.regex(/[0-9]/, 'Include a number'),
  // A symbol is visible ASCII punctuation (what Cognito counts); a space or a control character is not one.
  z.regex(/[!-\/:-@[-`{-~]/, 'Include a symbol such as ! ? # or -'),
  z.refine((value: string) => !/[\u0000-\u001F\u007F-\u009F]/.test(value), 'Control characters are not allowed'),
);

/** The invitation token from the link's fragment. */
const invitationToken = z.string().check(z.minLength(16), z.maxLength(200));

export const checkInvitationRequest = z.strictObject({ token: invitationToken });

export const acceptInvitationRequest = z.strictObject({
  token: invitationToken,
  password: portalPassword,
});

export const listClientsQuery = z.object({
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  /** Last-name prefix, case-insensitive (with `sort=name`). */
  q: z.optional(searchText(100)),
  /** `name` (last, first; the default) or `activity` (the most recent change by a person first). */
  sort: z.optional(z.enum(['name', 'activity'])),
  /** `needs_review`: only clients with at least one policy in the Review queue. */
  filter: z.optional(z.enum(['needs_review'])),
});

export type CreateClientRequest = z.infer<typeof createClientRequest>;
export type UpdateClientRequest = z.infer<typeof updateClientRequest>;
