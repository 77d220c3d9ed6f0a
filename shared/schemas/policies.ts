/** Card uploads and policies: what clients submit in the portal and practitioners add or review. */
import * as z from 'zod/mini';
import { MAX_UPLOAD_BYTES, MIN_UPLOAD_BYTES } from '../constants.ts';
import {
  address,
  attachmentSide,
  phoneNumber,
  cents,
  entityId,
  insuranceType,
  intBetween,
  isoDate,
  optionalText,
  personName,
  policyStatus,
  priority,
  relationship,
  sex,
  text,
  trimmedMatching,
  uploadContentType,
  version,
} from './base.ts';

export { address };

/** One phone rule for the whole product (base.ts); the name claims' schemas use. */
export const phone = phoneNumber;

export const subscriber = z.strictObject({
  firstName: personName,
  lastName: personName,
  dateOfBirth: isoDate,
  sex,
  address,
  phone: z.optional(phoneNumber),
});

export const createUploadRequest = z.strictObject({
  fileName: text(255),
  contentType: uploadContentType,
  size: intBetween(MIN_UPLOAD_BYTES, MAX_UPLOAD_BYTES, 'Files may be at most 10 MiB'),
  side: attachmentSide,
});

export const attachmentIds = z.array(entityId).check(z.maxLength(10, 'At most 10 attachments'));

const policyTextFields = {
  insuranceType: z.optional(z.nullable(insuranceType)),
  memberId: optionalText(50),
  groupNumber: optionalText(50),
  planName: optionalText(120),
  relationship: z.optional(relationship),
  subscriber: z.optional(z.nullable(subscriber)),
  effectiveDate: isoDate,
  endDate: z.optional(z.nullable(isoDate)),
  attachmentIds: z.optional(attachmentIds),
};

const endNotBeforeEffective = z.superRefine((value: { effectiveDate?: string; endDate?: string | null }, ctx) => {
  if (value.effectiveDate && value.endDate && value.endDate < value.effectiveDate) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'End Date must be on or after the Effective Date', input: value.endDate });
  }
});

export const createPortalPolicyRequest = z
  .strictObject({
    priority: z.enum(['primary', 'secondary']),
    payerId: z.optional(entityId),
    payerName: optionalText(120),
    ...policyTextFields,
  })
  .check(
    z.superRefine((value, ctx) => {
      if (!value.payerId && !value.payerName) {
        ctx.addIssue({
          code: 'custom',
          path: ['payerName'],
          message: 'Choose your insurance company or type its name',
          input: value.payerName,
        });
      }
    }),
    endNotBeforeEffective,
  );

const practiceOnlyFields = {
  planId: optionalText(50),
  copayCents: z.optional(z.nullable(cents)),
  deductibleCents: z.optional(z.nullable(cents)),
  employerOrSchool: optionalText(120),
};

export const createPracticePolicyRequest = z
  .strictObject({
    priority,
    status: z.optional(policyStatus),
    payerId: z.optional(z.nullable(entityId)),
    payerName: optionalText(120),
    ...policyTextFields,
    ...practiceOnlyFields,
  })
  .check(endNotBeforeEffective);

export const updatePolicyRequest = z
  .strictObject({
    priority: z.optional(priority),
    status: z.optional(policyStatus),
    payerId: z.optional(z.nullable(entityId)),
    ...policyTextFields,
    effectiveDate: z.optional(isoDate),
    ...practiceOnlyFields,
    /** Marks the policy reviewed; the dashboard sends it with the review dialog's Save. */
    reviewed: z.optional(z.boolean()),
    version,
  })
  .check(endNotBeforeEffective);

export type Subscriber = z.infer<typeof subscriber>;
export type CreateUploadRequest = z.infer<typeof createUploadRequest>;
export type CreatePortalPolicyRequest = z.infer<typeof createPortalPolicyRequest>;
export type CreatePracticePolicyRequest = z.infer<typeof createPracticePolicyRequest>;
export type UpdatePolicyRequest = z.infer<typeof updatePolicyRequest>;
