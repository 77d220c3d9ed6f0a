/**
 * The portal's own small requests (the intake step, the payer typeahead), apart from the policy schemas so that
 * their routes do not load those.
 */
import * as z from 'zod/mini';
import { language, searchText } from './base.ts';

export const updateIntakeRequest = z.strictObject({ insurance: z.literal('skipped') });

/** The client changes the language of their portal, emails and portal messages. */
export const updatePortalMeRequest = z.strictObject({ language });

export const portalPayersQuery = z.object({ q: z.optional(searchText(120)) });
