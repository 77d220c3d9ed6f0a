/**
 * Coverage for a date of service and claims. The rules themselves are pure and live
 * in shared/ (coverage.ts, claim-readiness.ts); this module reads the items they need and turns their answers
 * into conditional writes and contract errors.
 *
 * Decisions where the contract is silent:
 * - Creating a draft with a policy that is not one of this client's answers 400 `validation_failed` on
 *   `policyId` (not 404: the URL names an existing client; it is a field of the body that is wrong). So does a
 *   policy that does not cover the date of service (inactive, not started yet, ended), because the draft may
 *   use "any covering policy" — the message says which.
 * - Everything else a draft may lack (no lines, no diagnosis, an incomplete policy) is a warning, never an
 *   error: drafts are where incomplete work is kept.
 * - Submitting re-reads the client's policies and applies claimProblems (an overlapping Primary included); the
 *   write is conditional on the claim's version, the policy's version and the client's policy revision, so a
 *   concurrent policy insert or edit makes the submission re-check instead of submitting on stale facts. Submitting a submitted claim is 409 `conflict`.
 * - A draft's warnings are recomputed from the current policy whenever it is read; a submitted claim keeps
 *   the warnings it had when it was submitted.
 */
import { claimProblems, claimWarnings, type ClaimProblem } from '../../shared/claim-readiness.ts';
import { coverageGap, coveringPolicies } from '../../shared/coverage.ts';
import { ApiError, versionConflict } from '../../shared/errors.ts';
import type { Actor, Claim, CreateClaimRequest, Policy } from '../../shared/schemas.ts';
import type { UpdateClaimRequest } from '../../shared/schemas/claims.ts';
import {
  deleteDraft,
  insertClaim,
  loadClaimsWithPolicies,
  requireClaimRecord,
  saveDraftEdit,
  saveSubmission,
  toClaim,
  type ClaimRecord,
} from '../data/claim-repository.ts';
import { newId } from '../data/ids.ts';
import { loadClientWithPolicies, toPolicies } from '../data/policy-repository.ts';
import { withOptimisticRetry } from '../data/table-io.ts';
import { practiceTodayAt } from './practice-clock.ts';

/** A submission that loses a race with a policy edit re-reads and re-checks this often before answering 409. */
const SUBMIT_ATTEMPTS = 3;

const invalidPolicy = (message: string) => new ApiError('validation_failed', `policyId: ${message}`, [{ path: 'policyId', message }]);

export const alreadySubmitted = () => new ApiError('conflict', 'This claim has already been submitted');
/** Submitted and exported claims are what the payer was (or will be) told: only drafts change. */
export const notADraft = (status: string) => new ApiError('conflict', `This claim is ${status}; only drafts can be changed or deleted`);

export function notReady(problems: ClaimProblem[]): ApiError {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new ApiError('claim_not_ready', `This claim cannot be submitted yet: ${first?.message ?? 'it is not ready'}${more}`, problems);
}

/** The client's policies that cover the date, Primary first (the options of the claim form). */
export async function coverageOn(clientId: string, dateOfService: string): Promise<Policy[]> {
  const [{ policies }, today] = await Promise.all([loadClientWithPolicies(clientId), practiceTodayAt(new Date())]);
  return coveringPolicies(toPolicies(policies, today), dateOfService);
}

export async function listClaims(clientId: string): Promise<Claim[]> {
  const [{ claims, policies }, today] = await Promise.all([loadClaimsWithPolicies(clientId), practiceTodayAt(new Date())]);
  const policyById = new Map(toPolicies(policies, today).map((policy) => [policy.policyId, policy]));
  return claims.map((claim) =>
    toClaim(claim, claim.status === 'draft' ? claimWarnings(claim, policyById.get(claim.policyId)) : claim.warnings),
  );
}

/** Saves a draft for a policy of this client that covers the date of service. */
export async function createClaim(clientId: string, request: CreateClaimRequest, actor: Actor, now: Date): Promise<Claim> {
  const [{ policies }, today] = await Promise.all([loadClientWithPolicies(clientId), practiceTodayAt(now)]);
  const policy = toPolicies(policies, today).find((entry) => entry.policyId === request.policyId);
  if (!policy) throw invalidPolicy("Not one of this client's policies");
  const gap = coverageGap(policy, request.dateOfService);
  if (gap) throw invalidPolicy(gap.message);

  const at = now.toISOString();
  const record: ClaimRecord = {
    claimId: newId(now.getTime()),
    clientId,
    dateOfService: request.dateOfService,
    policyId: policy.policyId,
    status: 'draft',
    serviceLines: request.serviceLines,
    diagnosisCodes: request.diagnosisCodes,
    placeOfService: request.placeOfService ?? null,
    renderingPractitionerId: request.renderingPractitionerId ?? null,
    primaryAdjudication: request.primaryAdjudication ?? null,
    warnings: claimWarnings(request, policy),
    submittedAt: null,
    exportId: null,
    exportedAt: null,
    submittedBy: null,
    version: 1,
    createdAt: at,
    createdBy: actor,
    updatedAt: at,
  };
  await insertClaim(record, actor);
  return toClaim(record);
}

/**
 * Submits a draft: 422 `claim_not_ready` with every problem as a detail, or the claim as `submitted` with an
 * audit event. The whole check runs again on fresh reads when the conditional write loses a race.
 */
export async function submitClaim(clientId: string, claimId: string, actor: Actor, now: Date): Promise<Claim> {
  return withOptimisticRetry(
    SUBMIT_ATTEMPTS,
    async () => {
      const before = await requireClaimRecord(clientId, claimId);
      if (before.status === 'submitted') throw alreadySubmitted();
      if (before.status !== 'draft') throw notADraft(before.status);
      // All the client's policies: an overlap with another active Primary blocks the submission too. The write
      // is conditional on the client's policy revision, so an edit creating an overlap meanwhile is seen.
      const [{ client, policies }, today] = await Promise.all([loadClientWithPolicies(clientId), practiceTodayAt(now)]);
      const policyRecord = policies.find((record) => record.policyId === before.policyId);
      const policy = toPolicies(policies, today).find((entry) => entry.policyId === before.policyId);
      const problems = claimProblems(before, policy);
      if (problems.length > 0 || !policyRecord) throw notReady(problems);

      const at = now.toISOString();
      const after: ClaimRecord = {
        ...before,
        status: 'submitted',
        submittedAt: at,
        submittedBy: actor,
        warnings: claimWarnings(before, policy),
        version: before.version + 1,
        updatedAt: at,
      };
      await saveSubmission(before, after, policyRecord, actor, { clientId, policyRevision: client.policyRevision ?? 0 });
      return toClaim(after);
    },
    () => versionConflict('This claim'),
  );
}

/** A draft edit or delete that loses a race re-reads this often; the re-read then says what happened. */
const DRAFT_ATTEMPTS = 2;

/**
 * Edits a draft (PATCH): any claim field under the version the author saw. A changed policy or date of service
 * is checked as on creation (the policy must be this client's and cover the date). Submitted and exported
 * claims answer 409 `conflict`; a stale version 409 `version_conflict`. When the conditional write loses a
 * race, the re-read tells which: the claim left draft (409 conflict), was deleted (404) or was edited (version).
 */
export async function updateClaim(clientId: string, claimId: string, request: UpdateClaimRequest, actor: Actor, now: Date): Promise<Claim> {
  return withOptimisticRetry(
    DRAFT_ATTEMPTS,
    async () => {
      const before = await requireClaimRecord(clientId, claimId);
      if (before.status !== 'draft') throw notADraft(before.status);
      if (before.version !== request.version) throw versionConflict('This claim');
      const policyId = request.policyId ?? before.policyId;
      const dateOfService = request.dateOfService ?? before.dateOfService;
      const [{ policies }, today] = await Promise.all([loadClientWithPolicies(clientId), practiceTodayAt(now)]);
      const policy = toPolicies(policies, today).find((entry) => entry.policyId === policyId);
      if (request.policyId !== undefined || request.dateOfService !== undefined) {
        if (!policy) throw invalidPolicy("Not one of this client's policies");
        const gap = coverageGap(policy, dateOfService);
        if (gap) throw invalidPolicy(gap.message);
      }
      const at = now.toISOString();
      const content = {
        dateOfService,
        policyId,
        serviceLines: request.serviceLines ?? before.serviceLines,
        diagnosisCodes: request.diagnosisCodes ?? before.diagnosisCodes,
        placeOfService: request.placeOfService === undefined ? (before.placeOfService ?? null) : request.placeOfService,
        renderingPractitionerId:
          request.renderingPractitionerId === undefined ? (before.renderingPractitionerId ?? null) : request.renderingPractitionerId,
        primaryAdjudication: request.primaryAdjudication === undefined ? (before.primaryAdjudication ?? null) : request.primaryAdjudication,
      };
      const after: ClaimRecord = {
        ...before,
        ...content,
        warnings: claimWarnings(content, policy),
        version: before.version + 1,
        updatedAt: at,
      };
      await saveDraftEdit(before, after, actor);
      return toClaim(after);
    },
    () => versionConflict('This claim'),
  );
}

/** DELETE on a draft: gone with an audit event; anything else 409 (a lost race re-reads and decides again). */
export async function deleteClaim(clientId: string, claimId: string, actor: Actor, now: Date): Promise<void> {
  await withOptimisticRetry(
    DRAFT_ATTEMPTS,
    async () => {
      const before = await requireClaimRecord(clientId, claimId);
      if (before.status !== 'draft') throw notADraft(before.status);
      await deleteDraft(before, actor, now.toISOString());
    },
    () => versionConflict('This claim'),
  );
}
