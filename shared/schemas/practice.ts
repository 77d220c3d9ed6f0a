/** Practice settings and payers. */
import * as z from 'zod/mini';
import { isValidNpi, isValidTaxId, isValidTaxonomyCode } from '../billing-identifiers.ts';
import { address, cardImages, email, intBetween, optionalText, phoneNumber, text, timeZone, trimmedMatching, version } from './base.ts';

/** The practice's profile: who the client portal, its emails and every "contact your practice" note name. */
export const practiceProfile = z.strictObject({
  name: text(120),
  phone: z.nullable(phoneNumber),
  email: z.nullable(email),
  address: z.nullable(address),
  timeZone,
});

export const npi = z.string().check(z.trim(), z.refine(isValidNpi, 'Not a valid NPI (10 digits with a valid check digit)'));
export const taxId = z
  .string()
  .check(z.trim(), z.refine(isValidTaxId, 'Not a valid tax ID (EIN as NN-NNNNNNN or 9 digits, SSN as NNN-NN-NNNN)'));
export const taxonomyCode = z
  .string()
  .check(
    z.trim(),
    z.toUpperCase(),
    z.refine(isValidTaxonomyCode, 'Not a taxonomy code (10 characters from the NUCC code set, e.g. 101YM0800X)'),
  );
/** ISA06/ISA08 are 15 characters; letters and digits are what every clearinghouse accepts. */
const interchangeId = z.optional(
  z.nullable(
    z.pipe(
      z.string().check(z.trim(), z.regex(/^[A-Za-z0-9]{0,15}$/, 'Letters and digits, at most 15')),
      z.transform((value: string) => (value === '' ? null : value.toUpperCase())),
    ),
  ),
);

/**
 * The practice's billing profile (`Settings.billing`): the billing provider of every claim it
 * exports. The clearinghouse fields are additions: the submitter ID the clearinghouse assigned (ISA06, 1000A;
 * the NPI when empty) and the clearinghouse's own receiver ID and name (ISA08, 1000B).
 */
export const billingProfile = z.strictObject({
  organizationName: text(60),
  npi,
  taxId,
  taxonomyCode,
  address,
  phone: phoneNumber,
  submitterId: interchangeId,
  receiverId: interchangeId,
  receiverName: optionalText(60),
});

export const updateSettingsRequest = z.strictObject({
  collectInsurance: z.boolean(),
  cardImages,
  billing: z.optional(z.nullable(billingProfile)),
  /** An omitted `practice` is left as it is. */
  practice: z.optional(practiceProfile),
  version: intBetween(0, 1_000_000_000),
});

export const payerName = text(120);
export const ediPayerId = z.nullable(trimmedMatching(/^[A-Za-z0-9]{2,15}$/, 'Not an EDI payer ID'));
export const aliasList = z.array(text(120)).check(z.maxLength(40, 'At most 40 aliases'));

export const createPayerRequest = z.strictObject({
  name: payerName,
  ediPayerId: z.optional(ediPayerId),
  aliases: z.optional(aliasList),
});

export const updatePayerRequest = z.strictObject({
  name: z.optional(payerName),
  ediPayerId: z.optional(ediPayerId),
  aliases: z.optional(aliasList),
  active: z.optional(z.boolean()),
  version,
});

export const listPayersQuery = z.object({ includeInactive: z.optional(z.enum(['true', 'false'])) });

export type PracticeProfile = z.infer<typeof practiceProfile>;
export type UpdateSettingsRequest = z.infer<typeof updateSettingsRequest>;
export type BillingProfile = z.infer<typeof billingProfile>;
export type CreatePayerRequest = z.infer<typeof createPayerRequest>;
export type UpdatePayerRequest = z.infer<typeof updatePayerRequest>;
