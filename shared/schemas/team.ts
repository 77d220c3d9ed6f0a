/** The practice's team: inviting colleagues, their role, access and rendering identifiers. */
import * as z from 'zod/mini';
import { practitionerRoleValues } from '../constants.ts';
import { email, intBetween, personName } from './base.ts';
import { npi, taxonomyCode } from './practice.ts';

export const practitionerRole = z.enum(practitionerRoleValues);

export const inviteTeamMemberRequest = z.strictObject({
  email,
  givenName: personName,
  familyName: personName,
  role: practitionerRole,
  npi: z.optional(z.nullable(npi)),
  taxonomyCode: z.optional(z.nullable(taxonomyCode)),
});

export const updateTeamMemberRequest = z.strictObject({
  role: z.optional(practitionerRole),
  enabled: z.optional(z.boolean()),
  npi: z.optional(z.nullable(npi)),
  taxonomyCode: z.optional(z.nullable(taxonomyCode)),
  /** 0 for a colleague created outside the dashboard (the deployed first practitioner) and never edited here yet. */
  version: intBetween(0, 1_000_000_000),
});

export const practitioner = z.object({
  userId: z.string(),
  email: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  role: practitionerRole,
  enabled: z.boolean(),
  npi: z.nullable(z.string()),
  taxonomyCode: z.nullable(z.string()),
  createdAt: z.string(),
  version: z.int(),
});

export type PractitionerRole = z.infer<typeof practitionerRole>;
export type Practitioner = z.infer<typeof practitioner>;
export type InviteTeamMemberRequest = z.infer<typeof inviteTeamMemberRequest>;
export type UpdateTeamMemberRequest = z.infer<typeof updateTeamMemberRequest>;
