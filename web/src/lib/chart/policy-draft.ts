/**
 * The policy edit/review form as plain strings, and the pure steps around it: a draft from a policy, the PATCH
 * (or POST) body from a draft, what changed between two saved versions, and the rebase after a version
 * conflict. Kept out of the component so the rules read in one place.
 *
 * Draft keys are the request's field paths (`subscriber.address.city`, `copayCents`), so an error from zod or
 * from the API's `details` lands on the field with the same name.
 */
import type { Payer, Policy } from '$shared/schemas';
import { isGenericMessage } from '../forms';
import {
  centsToDollars,
  dollarsToCents,
  formatCents,
  formatDate,
  insuranceTypeLabels,
  policyStatusLabels,
  policyTitle,
  priorityLabels,
  relationshipLabels,
  sexLabels,
} from '../labels';

export const SUBSCRIBER_KEYS = [
  'subscriber.firstName',
  'subscriber.lastName',
  'subscriber.dateOfBirth',
  'subscriber.sex',
  'subscriber.address.line1',
  'subscriber.address.line2',
  'subscriber.address.city',
  'subscriber.address.state',
  'subscriber.address.postalCode',
  'subscriber.phone',
] as const;

export const DRAFT_KEYS = [
  'payerId',
  'priority',
  'status',
  'insuranceType',
  'memberId',
  'groupNumber',
  'planName',
  'planId',
  'relationship',
  ...SUBSCRIBER_KEYS,
  'effectiveDate',
  'endDate',
  'copayCents',
  'deductibleCents',
  'employerOrSchool',
] as const;

export type DraftKey = (typeof DRAFT_KEYS)[number];
export type PolicyDraft = Record<DraftKey, string>;

/** Field labels, in form order (the error summary lists problems in this order). */
export const fieldLabels: Record<DraftKey | 'attachmentIds', string> = {
  payerId: 'Payer',
  priority: 'Priority',
  status: 'Status',
  insuranceType: 'Insurance type',
  memberId: 'Member ID',
  groupNumber: 'Group number',
  planName: 'Plan name',
  planId: 'Plan ID',
  employerOrSchool: 'Employer or school',
  copayCents: 'Copay',
  deductibleCents: 'Deductible',
  effectiveDate: 'Effective Date',
  endDate: 'End Date',
  relationship: 'Client’s relationship to the subscriber',
  'subscriber.firstName': 'Subscriber first name',
  'subscriber.lastName': 'Subscriber last name',
  'subscriber.dateOfBirth': 'Subscriber date of birth',
  'subscriber.sex': 'Subscriber sex',
  'subscriber.address.line1': 'Subscriber address line 1',
  'subscriber.address.line2': 'Subscriber address line 2',
  'subscriber.address.city': 'Subscriber city',
  'subscriber.address.state': 'Subscriber state',
  'subscriber.address.postalCode': 'Subscriber ZIP / postal code',
  'subscriber.phone': 'Subscriber phone',
  attachmentIds: 'Attachments',
};

/** zod's generic words for an empty date or choice, said for this form. */
const friendlyMessages: Partial<Record<string, string>> = {
  effectiveDate: 'Enter the Effective Date',
  endDate: 'Enter a valid End Date, or leave it empty',
  'subscriber.dateOfBirth': 'Enter the subscriber’s date of birth',
  'subscriber.sex': 'Choose the subscriber’s sex',
  insuranceType: 'Choose an insurance type',
};

/** The form field an error path belongs to (`attachmentIds.1` → the file list), or null for the form's message. */
export function policyErrorKey(path: string): string | null {
  const key = path.startsWith('attachmentIds') ? 'attachmentIds' : path;
  return key in fieldLabels ? key : null;
}

/** A schema's generic message ("Required", "Invalid …") in this form's words, where it has some. */
export function rewordPolicyError(key: string, message: string): string {
  return isGenericMessage(message) ? (friendlyMessages[key] ?? message) : message;
}

const TEXT_KEYS = ['memberId', 'groupNumber', 'planName', 'planId', 'employerOrSchool'] as const;
const MONEY_KEYS = ['copayCents', 'deductibleCents'] as const;

export function emptyDraft(): PolicyDraft {
  const draft = Object.fromEntries(DRAFT_KEYS.map((key) => [key, ''])) as PolicyDraft;
  draft.priority = 'primary';
  draft.status = 'active';
  draft.relationship = 'self';
  return draft;
}

export function draftFromPolicy(policy: Policy): PolicyDraft {
  const s = policy.subscriber;
  return {
    payerId: policy.payer.payerId ?? '',
    priority: policy.priority,
    status: policy.status,
    insuranceType: policy.insuranceType ?? '',
    memberId: policy.memberId ?? '',
    groupNumber: policy.groupNumber ?? '',
    planName: policy.planName ?? '',
    planId: policy.planId ?? '',
    relationship: policy.relationship,
    'subscriber.firstName': s?.firstName ?? '',
    'subscriber.lastName': s?.lastName ?? '',
    'subscriber.dateOfBirth': s?.dateOfBirth ?? '',
    'subscriber.sex': s?.sex ?? '',
    'subscriber.address.line1': s?.address.line1 ?? '',
    'subscriber.address.line2': s?.address.line2 ?? '',
    'subscriber.address.city': s?.address.city ?? '',
    'subscriber.address.state': s?.address.state ?? '',
    'subscriber.address.postalCode': s?.address.postalCode ?? '',
    'subscriber.phone': s?.phone ?? '',
    effectiveDate: policy.effectiveDate,
    endDate: policy.endDate ?? '',
    copayCents: centsToDollars(policy.copayCents),
    deductibleCents: centsToDollars(policy.deductibleCents),
    employerOrSchool: policy.employerOrSchool ?? '',
  };
}

/** The subscriber object the API takes, or null when every subscriber field is empty. */
function subscriberOf(draft: PolicyDraft): Record<string, unknown> | null {
  if (SUBSCRIBER_KEYS.every((key) => !draft[key].trim())) return null;
  const optional = (value: string) => value.trim() || undefined;
  return {
    firstName: draft['subscriber.firstName'],
    lastName: draft['subscriber.lastName'],
    dateOfBirth: draft['subscriber.dateOfBirth'],
    sex: draft['subscriber.sex'] || undefined,
    address: {
      line1: draft['subscriber.address.line1'],
      line2: optional(draft['subscriber.address.line2']) ?? null,
      city: draft['subscriber.address.city'],
      state: draft['subscriber.address.state'],
      postalCode: draft['subscriber.address.postalCode'],
    },
    phone: optional(draft['subscriber.phone']),
  };
}

export interface BuiltRequest {
  body: Record<string, unknown>;
  /** Problems found before any schema runs (money that is not an amount). */
  errors: Record<string, string>;
}

const MONEY_MESSAGE = 'Enter an amount in dollars, like 25 or 25.00';

/**
 * The PATCH body: only what differs from `base` (the version the form was opened or rebased on), plus the
 * version. The subscriber is sent whole whenever any of its fields (or the relationship) changed; choosing
 * "Self" clears it.
 */
export function buildUpdate(draft: PolicyDraft, base: PolicyDraft, attachmentIds: string[], baseAttachmentIds: string[]): BuiltRequest {
  const body: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  const changed = (key: DraftKey) => draft[key].trim() !== base[key].trim();

  if (changed('payerId')) body.payerId = draft.payerId || null;
  for (const key of ['priority', 'status', 'relationship'] as const) if (changed(key)) body[key] = draft[key];
  if (changed('insuranceType')) body.insuranceType = draft.insuranceType || null;
  for (const key of TEXT_KEYS) if (changed(key)) body[key] = draft[key].trim() || null;
  if (changed('effectiveDate')) body.effectiveDate = draft.effectiveDate;
  if (changed('endDate')) body.endDate = draft.endDate || null;
  for (const key of MONEY_KEYS) {
    if (!changed(key)) continue;
    const cents = dollarsToCents(draft[key]);
    if (cents === undefined) errors[key] = MONEY_MESSAGE;
    else body[key] = cents;
  }
  if (changed('relationship') || SUBSCRIBER_KEYS.some(changed)) {
    body.subscriber = draft.relationship === 'self' ? null : subscriberOf(draft);
    if (draft.relationship === 'self' && base.relationship === 'self' && !SUBSCRIBER_KEYS.some((key) => base[key])) delete body.subscriber;
  }
  if (attachmentIds.length !== baseAttachmentIds.length || attachmentIds.some((id, i) => id !== baseAttachmentIds[i]))
    body.attachmentIds = attachmentIds;
  return { body, errors };
}

/** The POST body for a policy the practice adds: everything given. */
export function buildCreate(draft: PolicyDraft, attachmentIds: string[]): BuiltRequest {
  const errors: Record<string, string> = {};
  const body: Record<string, unknown> = {
    priority: draft.priority,
    status: draft.status,
    relationship: draft.relationship,
    effectiveDate: draft.effectiveDate,
  };
  if (draft.payerId) body.payerId = draft.payerId;
  if (draft.insuranceType) body.insuranceType = draft.insuranceType;
  for (const key of TEXT_KEYS) if (draft[key].trim()) body[key] = draft[key].trim();
  if (draft.endDate) body.endDate = draft.endDate;
  for (const key of MONEY_KEYS) {
    const cents = dollarsToCents(draft[key]);
    if (cents === undefined) errors[key] = MONEY_MESSAGE;
    else if (cents !== null) body[key] = cents;
  }
  if (draft.relationship !== 'self') {
    const subscriber = subscriberOf(draft);
    if (subscriber) body.subscriber = subscriber;
  }
  if (attachmentIds.length) body.attachmentIds = attachmentIds;
  return { body, errors };
}

/**
 * Whether saving `saved` resolved a policy that waited for a payer by linking the name the client typed — the
 * save after which the server may have learned that name as an alias of the chosen payer.
 */
export function resolvesTypedName(original: Policy, saved: Policy): boolean {
  return (
    original.payerMatch.state !== 'matched' &&
    !!original.payer.enteredName &&
    !!saved.payer.payerId &&
    saved.payer.payerId !== original.payer.payerId
  );
}

/** The words after a save; `learnedAlias` when the chosen payer now has the client's typed name as an alias. */
export function savedMessage(original: Policy | null, saved: Policy, learnedAlias = false): string {
  const title = policyTitle(saved);
  if (!original) return `Policy added: ${title}.`;
  if (learnedAlias && resolvesTypedName(original, saved)) {
    return `Policy saved: ${title}. Future clients who type “${original.payer.enteredName}” will be matched to ${saved.payer.name}.`;
  }
  return `Policy saved: ${title}.`;
}

/** A draft value as a person reads it (payer names, labels, formatted dates and money). */
export function displayValue(key: DraftKey, value: string, payers: readonly Pick<Payer, 'payerId' | 'name'>[]): string {
  if (!value.trim()) return '—';
  switch (key) {
    case 'payerId':
      return payers.find((payer) => payer.payerId === value)?.name ?? 'A payer no longer in your list';
    case 'priority':
      return priorityLabels[value as keyof typeof priorityLabels] ?? value;
    case 'status':
      return policyStatusLabels[value as keyof typeof policyStatusLabels] ?? value;
    case 'insuranceType':
      return insuranceTypeLabels[value as keyof typeof insuranceTypeLabels] ?? value;
    case 'relationship':
      return relationshipLabels[value as keyof typeof relationshipLabels] ?? value;
    case 'subscriber.sex':
      return sexLabels[value as keyof typeof sexLabels] ?? value;
    case 'effectiveDate':
    case 'endDate':
    case 'subscriber.dateOfBirth':
      return formatDate(value);
    case 'copayCents':
    case 'deductibleCents': {
      const cents = dollarsToCents(value);
      return cents === undefined || cents === null ? value : formatCents(cents);
    }
    default:
      return value;
  }
}

export interface FieldDifference {
  key: DraftKey | 'attachmentIds';
  label: string;
  from: string;
  to: string;
}

/** What changed between two saved versions of a policy, field by field, in words. */
export function differences(before: Policy, after: Policy, payers: readonly Pick<Payer, 'payerId' | 'name'>[]): FieldDifference[] {
  const known = [
    ...payers,
    ...[before, after].flatMap((p) => (p.payer.payerId && p.payer.name ? [{ payerId: p.payer.payerId, name: p.payer.name }] : [])),
  ];
  const ids = (p: Policy) => p.attachments.map((x) => x.attachmentId);
  return draftDifferences(
    { draft: draftFromPolicy(before), attachmentIds: ids(before) },
    { draft: draftFromPolicy(after), attachmentIds: ids(after) },
    known,
  );
}

/** A saved version as the form sees it: its fields as a draft and its files' ids (what a kept draft remembers). */
export interface DraftBase {
  draft: PolicyDraft;
  attachmentIds: string[];
}

/** `differences` between two versions known only as drafts (a review kept across a session is stored that way). */
export function draftDifferences(
  before: DraftBase,
  after: DraftBase,
  payers: readonly Pick<Payer, 'payerId' | 'name'>[],
): FieldDifference[] {
  const a = before.draft;
  const b = after.draft;
  const found: FieldDifference[] = DRAFT_KEYS.filter((key) => a[key] !== b[key]).map((key) => ({
    key,
    label: fieldLabels[key],
    from: displayValue(key, a[key], payers),
    to: displayValue(key, b[key], payers),
  }));
  if (before.attachmentIds.join(',') !== after.attachmentIds.join(',')) {
    found.push({
      key: 'attachmentIds',
      label: fieldLabels.attachmentIds,
      from: `${before.attachmentIds.length} file(s)`,
      to: `${after.attachmentIds.length} file(s)`,
    });
  }
  return found;
}

/**
 * After a version conflict: the form moves onto `latest`. A field the user did not touch takes the latest
 * value; a field the user edited keeps the user's value (returned in `kept` when the other person changed it
 * too, so the notice can say so). Attachments: the user's removals and additions are replayed on the latest
 * list.
 */
export function rebase(
  draft: PolicyDraft,
  original: Policy,
  latest: Policy,
  attachmentIds: string[],
): { draft: PolicyDraft; attachmentIds: string[]; kept: DraftKey[] } {
  return rebaseDraft(
    draft,
    { draft: draftFromPolicy(original), attachmentIds: original.attachments.map((a) => a.attachmentId) },
    latest,
    attachmentIds,
  );
}

/** `rebase` from a base known only as a draft and its file ids. */
export function rebaseDraft(
  draft: PolicyDraft,
  base: DraftBase,
  latest: Policy,
  attachmentIds: string[],
): { draft: PolicyDraft; attachmentIds: string[]; kept: DraftKey[] } {
  const before = base.draft;
  const after = draftFromPolicy(latest);
  const next = { ...draft };
  const kept: DraftKey[] = [];
  for (const key of DRAFT_KEYS) {
    if (draft[key].trim() === before[key].trim()) next[key] = after[key];
    else if (after[key] !== before[key] && after[key] !== draft[key]) kept.push(key);
  }
  const originalIds = base.attachmentIds;
  const removed = new Set(originalIds.filter((id) => !attachmentIds.includes(id)));
  const added = attachmentIds.filter((id) => !originalIds.includes(id));
  const latestIds = latest.attachments.map((a) => a.attachmentId);
  return {
    draft: next,
    attachmentIds: [...latestIds.filter((id) => !removed.has(id)), ...added.filter((id) => !latestIds.includes(id))],
    kept,
  };
}
