/**
 * Plain values of the contract (enumerations, limits, lifetimes), free of zod so that a page or a function
 * that needs only a constant does not load the validation library. `schemas.ts` re-exports all of them.
 */

export const cardImagesValues = ['off', 'optional', 'front', 'front_and_back'] as const;
export const insuranceCollectionValues = ['inherit', 'on', 'off'] as const;
export const priorityValues = ['primary', 'secondary', 'other'] as const;
export const policyStatusValues = ['active', 'inactive'] as const;
export const insuranceTypeValues = ['medicare', 'medicaid', 'tricare', 'champva', 'group_health_plan', 'feca_black_lung', 'other'] as const;
export const relationshipValues = ['self', 'spouse', 'child', 'other'] as const;
export const sexValues = ['female', 'male', 'unknown'] as const;
export const attachmentSideValues = ['front', 'back', 'other'] as const;
export const payerMatchStateValues = ['pending', 'matched', 'needs_payer'] as const;
export const matchedByValues = ['selected', 'name', 'alias', 'practitioner'] as const;
export const readingStateValues = ['pending', 'read', 'unreadable', 'not_an_image'] as const;
/** The fields a card reading may carry, in the contract's names (Attachment.reading.fields). */
export const cardFieldValues = [
  'payerName',
  'memberId',
  'groupNumber',
  'subscriberName',
  'planName',
  'rxBin',
  'rxPcn',
  'rxGroup',
  'payerPhone',
  'effectiveDate',
] as const;
export type CardField = (typeof cardFieldValues)[number];
export const cardCheckVerdictValues = ['match', 'mismatch', 'missing_on_policy'] as const;
export const actorKindValues = ['client', 'practitioner', 'system'] as const;
/** A policy's standing at the practice's today, in the order the portal and the chart group them. */
export const coverageStateValues = ['active', 'upcoming', 'ended', 'inactive'] as const;
/** Why a policy is in the Review queue, in the order they are listed. */
export const reviewReasonValues = ['needs_payer', 'card_mismatch', 'unreviewed'] as const;

/** Card images and PDFs the portal accepts. HEIC/HEIF is what iPhones shoot by default. */
export const uploadContentTypes = ['image/jpeg', 'image/png', 'image/heic', 'image/heif', 'image/webp', 'application/pdf'] as const;
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** JSON request bodies are a few KB; anything near this is a mistake or an attack (413 payload_too_large). */
export const MAX_BODY_BYTES = 256 * 1024;
export const MIN_UPLOAD_BYTES = 1;
/** Pre-signed upload forms and download links live at most this long: 5 minutes, enough to post one card photo. */
export const PRESIGN_SECONDS = 300;
/** An upload never attached to a policy is forgotten (item TTL) and its object expires (bucket lifecycle). */
export const ABANDONED_UPLOAD_SECONDS = 86_400;

/** The user pool's minimum password length, also checked by the portal's password schema. */
export const PASSWORD_MIN_LENGTH = 12;

/** The Cognito group whose members are practice staff: the user pool creates it, the API and the web read it. */
export const PRACTITIONERS_GROUP = 'practitioners';
/** The custom attribute (without Cognito's `custom:` prefix) that links a portal login to its client record. */
export const CLIENT_ID_ATTRIBUTE_NAME = 'clientId';
/** The same attribute as it appears in ID tokens and in Cognito's user attributes. */
export const CLIENT_ID_CLAIM = `custom:${CLIENT_ID_ATTRIBUTE_NAME}` as const;
/** Practice admins (settings and the team); every member is also in PRACTITIONERS_GROUP. */
export const PRACTICE_ADMINS_GROUP = 'practice-admins';
/** A member of the practice's team: `admin` also manages settings and the team (Cognito group `practice-admins`). */
export const practitionerRoleValues = ['admin', 'practitioner'] as const;
