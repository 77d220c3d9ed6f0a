/** Practice settings and payers. */
import * as z from 'zod/mini';
import { cardImages, intBetween, text, trimmedMatching, version } from './base.ts';

export const updateSettingsRequest = z.strictObject({ collectInsurance: z.boolean(), cardImages, version: intBetween(0, 1_000_000_000) });

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

export type UpdateSettingsRequest = z.infer<typeof updateSettingsRequest>;
export type CreatePayerRequest = z.infer<typeof createPayerRequest>;
export type UpdatePayerRequest = z.infer<typeof updatePayerRequest>;
