/** Claims: service lines, diagnoses, the claim request and the coverage query. */
import * as z from 'zod/mini';
import { cents, codeMatching, entityId, intBetween, isoDate } from './base.ts';

export const serviceLine = z.strictObject({
  /** CPT (5 digits, or 4 digits + F/T/U for category II/III and PLA codes) or HCPCS Level II (letter + 4 digits). */
  procedureCode: codeMatching(/^(\d{5}|\d{4}[FTU]|[A-V]\d{4})$/, 'Not a CPT or HCPCS code'),
  units: intBetween(1, 999),
  chargeCents: cents,
});

/** ICD-10-CM: letter, digit, alphanumeric, then optionally a dot and 1–4 more characters (e.g. F41.1, Z00.00). */
export const diagnosisCode = codeMatching(/^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/, 'Not an ICD-10-CM code');

export const createClaimRequest = z.strictObject({
  dateOfService: isoDate,
  policyId: entityId,
  serviceLines: z.array(serviceLine).check(z.maxLength(50, 'At most 50 service lines')),
  diagnosisCodes: z.array(diagnosisCode).check(z.maxLength(12, 'At most 12 diagnosis codes')),
});

export const coverageQuery = z.strictObject({ dateOfService: isoDate });

export type ServiceLine = z.infer<typeof serviceLine>;
export type CreateClaimRequest = z.infer<typeof createClaimRequest>;
