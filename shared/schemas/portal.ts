/**
 * The portal's own small requests (the intake step, the payer typeahead), apart from the policy schemas so that
 * their routes do not load those.
 */
import * as z from 'zod/mini';

export const updateIntakeRequest = z.strictObject({ insurance: z.literal('skipped') });

export const portalPayersQuery = z.object({ q: z.optional(z.string().check(z.maxLength(120))) });
