/** Practice settings and payers. */
import * as z from 'zod/mini';
import { address, cardImages, email, intBetween, phoneNumber, text, timeZone, trimmedMatching, version } from './base.ts';

/** The practice's profile: who the client portal, its emails and every "contact your practice" note name. */
export const practiceProfile = z.strictObject({
  name: text(120),
  phone: z.nullable(phoneNumber),
  email: z.nullable(email),
  address: z.nullable(address),
  timeZone,
});

/** An omitted `practice` is left as it is. */
export const updateSettingsRequest = z.strictObject({
  collectInsurance: z.boolean(),
  cardImages,
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
export type CreatePayerRequest = z.infer<typeof createPayerRequest>;
export type UpdatePayerRequest = z.infer<typeof updatePayerRequest>;
