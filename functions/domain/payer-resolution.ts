import {
  buildPayerMatchIndex,
  matchPayerName,
  MAX_SUGGESTIONS,
  type PayerMatchIndex,
  type PayerSuggestion,
} from '../../shared/payer-matching.ts';
import type { Actor, Payer, PayerMatch } from '../../shared/schemas.ts';
import { listWaitingPolicyRecords, saveMatchDecision, type PolicyRecord } from '../data/policy-repository.ts';
import { listPayers } from './payers.ts';

const PAYER_MATCHER: Actor = { kind: 'system', id: 'payer-matcher' };

/**
 * The practice's payers and their match index, loaded at most once per batch: building the index is the
 * expensive part, matching against it is cheap. A payer change in the batch invalidates it.
 */
export class PayerDirectory {
  private loaded: Promise<{ payers: Map<string, Payer>; index: PayerMatchIndex }> | undefined;

  invalidate(): void {
    this.loaded = undefined;
  }

  get(): Promise<{ payers: Map<string, Payer>; index: PayerMatchIndex }> {
    this.loaded ??= listPayers({ includeInactive: true }).then((payers) => ({
      payers: new Map(payers.map((payer) => [payer.payerId, payer])),
      index: buildPayerMatchIndex(payers),
    }));
    return this.loaded;
  }
}

export type ResolutionOutcome = 'linked' | 'needs_payer' | 'suggestions_refreshed' | 'unchanged' | 'stale';

/**
 * Resolves one policy's payer from the name the client typed: an exact match (name or alias, after
 * normalisation) links it; anything else leaves it Needs Payer with up to three suggestions — a fuzzy match is
 * never linked, because a wrong payer means a denied claim.
 *
 * Every write is conditional on the version the decision was based on, so a practitioner's edit that landed
 * meanwhile wins, and replaying the same stream record changes nothing (its version is already stale).
 * Audit ids derive from the policy version, so a replay cannot record an event twice either.
 */
export async function resolvePolicyPayer(policy: PolicyRecord, directory: PayerDirectory, now: Date): Promise<ResolutionOutcome> {
  if (policy.payerMatch.state === 'matched') return 'unchanged';
  const { payers, index } = await directory.get();
  const at = now.toISOString();

  let next: { payer: PolicyRecord['payer']; payerMatch: PayerMatch };
  if (policy.payer.payerId && payers.get(policy.payer.payerId)?.active) {
    const chosen = payers.get(policy.payer.payerId)!;
    next = { payer: { ...policy.payer, name: chosen.name }, payerMatch: { state: 'matched', matchedBy: 'selected', suggestions: [] } };
  } else {
    const result = matchPayerName(index, policy.payer.enteredName ?? '');
    if (result.kind === 'linked') {
      const payer = payers.get(result.payerId)!;
      next = {
        payer: { payerId: payer.payerId, name: payer.name, enteredName: policy.payer.enteredName },
        payerMatch: { state: 'matched', matchedBy: result.matchedBy, suggestions: [] },
      };
    } else {
      // The payer name read from the card is a further source of suggestions, never of a link.
      const fromCard = cardPayerNames(policy).flatMap((name): PayerSuggestion[] => {
        const cardResult = matchPayerName(index, name);
        if (cardResult.kind === 'linked') return [{ payerId: cardResult.payerId, name: payers.get(cardResult.payerId)!.name, score: 1 }];
        return cardResult.suggestions;
      });
      next = {
        payer: { payerId: null, name: null, enteredName: policy.payer.enteredName },
        payerMatch: { state: 'needs_payer', matchedBy: null, suggestions: mergeSuggestions(result.suggestions, fromCard) },
      };
    }
  }

  const stateChanges = next.payerMatch.state !== policy.payerMatch.state;
  if (!stateChanges && JSON.stringify(next.payerMatch.suggestions) === JSON.stringify(policy.payerMatch.suggestions)) return 'unchanged';
  if (!(await saveMatchDecision(policy, next, PAYER_MATCHER, at))) return 'stale';
  if (!stateChanges) return 'suggestions_refreshed';
  return next.payerMatch.state === 'matched' ? 'linked' : 'needs_payer';
}

/** The payer names read from the policy's card images (as printed, or in the practice's spelling). */
export function cardPayerNames(policy: Pick<PolicyRecord, 'attachments'>): string[] {
  const names = (policy.attachments ?? []).flatMap((attachment) =>
    attachment.reading?.state === 'read' && attachment.reading.fields?.payerName ? [attachment.reading.fields.payerName] : [],
  );
  return [...new Set(names)];
}

/** Suggestions from several sources: each payer once, at its best score, best first, at most three. */
function mergeSuggestions(...lists: PayerSuggestion[][]): PayerSuggestion[] {
  const best = new Map<string, PayerSuggestion>();
  for (const suggestion of lists.flat()) {
    const known = best.get(suggestion.payerId);
    if (!known || suggestion.score > known.score) best.set(suggestion.payerId, suggestion);
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name)).slice(0, MAX_SUGGESTIONS);
}

/**
 * After a payer is added or its names change, every policy still waiting for a payer is matched again:
 * exact matches are linked and the rest get fresh suggestions. Found through the sparse waiting index.
 */
export async function rematchWaitingPolicies(directory: PayerDirectory, now: Date): Promise<Record<ResolutionOutcome, number>> {
  const counts: Record<ResolutionOutcome, number> = { linked: 0, needs_payer: 0, suggestions_refreshed: 0, unchanged: 0, stale: 0 };
  for (const policy of await listWaitingPolicyRecords()) {
    // Pending policies are resolved by their own stream record, with the payers as they are then.
    if (policy.payerMatch.state !== 'needs_payer') continue;
    counts[await resolvePolicyPayer(policy, directory, now)]++;
  }
  return counts;
}

/** Whether a payer change can change the outcome of matching: its names, aliases or active flag. */
export function payerChangeAffectsMatching(before: Partial<Payer> | undefined, after: Partial<Payer> | undefined): boolean {
  if (!before || !after) return true;
  return (
    before.name !== after.name ||
    before.active !== after.active ||
    JSON.stringify(before.aliases ?? []) !== JSON.stringify(after.aliases ?? [])
  );
}
