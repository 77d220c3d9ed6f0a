/**
 * A practitioner's open review (or new policy) kept across a session that ends mid-edit — issue 14 "No lost
 * work". Stored with the tab's drafts ($lib/drafts: sessionStorage, bound to the signed-in user, wiped at
 * sign-out); this module only decides what is kept and how it comes back:
 *
 * - kept while the form has unsaved edits, dropped as soon as it has none, on save and on a confirmed discard;
 * - kept with the version the edits were made on, so that a policy changed on the server meanwhile goes through
 *   the same rebase as a 409 (the other person's changes are listed, the practitioner's edits stay on top) —
 *   never a blind overwrite of what someone else saved;
 * - a kept review of a policy that no longer exists is dropped.
 *
 * Files: only uploads that finished are kept (by id, with the name and side to show); an upload still running
 * when the session ended has to be picked again.
 */
import { clearDraft, readDraft, saveDraft } from '$lib/drafts';
import type { Payer, Policy } from '$shared/schemas';
import {
  DRAFT_KEYS,
  draftDifferences,
  draftFromPolicy,
  emptyDraft,
  rebaseDraft,
  type DraftKey,
  type FieldDifference,
  type PolicyDraft,
} from '../policy-draft';
import { itemsFrom, rebasedItems, type AttachmentItem } from './attachment-items';

export interface KeptAttachment {
  attachmentId: string;
  fileName: string;
  contentType: string;
  side: AttachmentItem['side'];
  size: number;
  existing: boolean;
}

export interface KeptReview {
  /** The saved version the edits were made on; null for a policy being added. */
  version: number | null;
  base: { draft: PolicyDraft; attachmentIds: string[] };
  draft: PolicyDraft;
  attachments: KeptAttachment[];
  reviewed: boolean;
}

export interface RestoredReview {
  draft: PolicyDraft;
  attachments: AttachmentItem[];
  reviewed: boolean;
  /** Set when the policy changed on the server since: what changed, and which of the kept edits override it. */
  conflict: { changes: FieldDifference[]; kept: DraftKey[] } | null;
}

/** The name a review is kept under: one per policy (and one per client for "Add policy"). */
export const reviewDraftName = (clientId: string, policyId: string | null) =>
  policyId ? `policy-review:${clientId}:${policyId}` : `policy-add:${clientId}`;

/** What to keep of the form now. */
export function keptReview(
  original: Policy | null,
  base: KeptReview['base'],
  draft: PolicyDraft,
  items: readonly AttachmentItem[],
  reviewed: boolean,
): KeptReview {
  return {
    version: original?.version ?? null,
    base,
    draft: { ...draft },
    attachments: items.flatMap((item) =>
      item.status === 'done' && item.attachmentId
        ? [
            {
              attachmentId: item.attachmentId,
              fileName: item.fileName,
              contentType: item.contentType,
              side: item.side,
              size: item.size,
              existing: item.existing,
            },
          ]
        : [],
    ),
    reviewed,
  };
}

/** Keeps the form for after a re-sign-in while it has unsaved edits; forgets it when it has none. */
export function keepReview(name: string, owner: string, dirty: boolean, kept: () => KeptReview): void {
  if (!owner) return;
  if (dirty) saveDraft(name, owner, kept());
  else clearDraft(name);
}

export const readKeptReview = (name: string, owner: string) => (owner ? readDraft<KeptReview>(name, owner) : null);
export const forgetReview = (name: string) => clearDraft(name);

/** A kept draft from an older build may lack a field added since: those take the empty form's value. */
function completeDraft(value: unknown): PolicyDraft | null {
  if (!value || typeof value !== 'object') return null;
  const draft = emptyDraft();
  for (const key of DRAFT_KEYS) {
    const field = (value as Record<string, unknown>)[key];
    if (typeof field === 'string') draft[key] = field;
  }
  return draft;
}

const keptItem = (a: KeptAttachment): AttachmentItem => ({ ...a, status: 'done', progress: 100, error: '' });

/**
 * The form to show when a review kept earlier is reopened on `latest` (the policy as the server has it now, or
 * null when it no longer exists or is being added). Null: nothing to restore.
 */
export function restoreReview(
  kept: KeptReview | null,
  latest: Policy | null,
  payers: readonly Pick<Payer, 'payerId' | 'name'>[],
): RestoredReview | null {
  if (!kept || typeof kept !== 'object') return null;
  const draft = completeDraft(kept.draft);
  const base = completeDraft(kept.base?.draft);
  if (!draft || !base || !Array.isArray(kept.attachments)) return null;
  const reviewed = kept.reviewed !== false;

  if (kept.version === null) {
    if (latest) return null; // kept for "Add policy", reopened on a saved policy: not this form's draft
    return { draft, attachments: kept.attachments.map(keptItem), reviewed, conflict: null };
  }
  if (!latest) return null; // the policy is gone: nothing to put the edits on
  const keptIds = kept.attachments.map((a) => a.attachmentId);
  if (latest.version === kept.version) {
    // Files kept as "on the policy" take the policy's own description; uploads made in the form are put back.
    const saved = itemsFrom(latest);
    const attachments = kept.attachments.flatMap((a) =>
      a.existing ? saved.filter((s) => s.attachmentId === a.attachmentId) : [keptItem(a)],
    );
    return { draft, attachments, reviewed, conflict: null };
  }
  const baseIds = Array.isArray(kept.base.attachmentIds) ? kept.base.attachmentIds : [];
  const next = rebaseDraft(draft, { draft: base, attachmentIds: baseIds }, latest, keptIds);
  const latestBase = { draft: draftFromPolicy(latest), attachmentIds: latest.attachments.map((a) => a.attachmentId) };
  const known =
    latest.payer.payerId && latest.payer.name ? [...payers, { payerId: latest.payer.payerId, name: latest.payer.name }] : payers;
  return {
    draft: next.draft,
    attachments: rebasedItems(latest, next.attachmentIds, kept.attachments.map(keptItem)),
    reviewed,
    conflict: { changes: draftDifferences({ draft: base, attachmentIds: baseIds }, latestBase, known), kept: next.kept },
  };
}
