/** How a client's chart is read (`?format=fhir` for a FHIR R4 Bundle), apart from the policy schemas it does not need. */
import * as z from 'zod/mini';

export const listPoliciesQuery = z.object({ format: z.optional(z.enum(['json', 'fhir'])) });
