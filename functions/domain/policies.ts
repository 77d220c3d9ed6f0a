import { ApiError, notFound, versionConflict } from '../../shared/errors.ts';
import { insuranceCollectionDisabled, type InsuranceWriteGuard } from '../../shared/insurance-collection.ts';
import type { PortalUserGuard } from '../../shared/portal-user.ts';
import { normalisePayerName } from '../../shared/payer-name.ts';
import { endedByAfterEdit } from '../../shared/policy-state.ts';
import { planPolicyInsertion } from '../../shared/primary-timeline.ts';
import type {
  Actor,
  Attachment,
  CreatePortalPolicyRequest,
  CreatePracticePolicyRequest,
  Payer,
  PayerMatch,
  Policy,
  Settings,
  UpdatePolicyRequest,
} from '../../shared/schemas.ts';
import { newId } from '../data/ids.ts';
import { getPayer, payerOwningName } from '../data/payer-repository.ts';
import {
  insertPolicy,
  loadClientWithPolicies,
  savePolicyEdit,
  toPolicies,
  toPortalPolicy,
  type PolicyRecord,
} from '../data/policy-repository.ts';
import { withOptimisticRetry } from '../data/table-io.ts';
import { missingCardSides } from '../../shared/card-images.ts';
import { getSettings } from '../data/settings-repository.ts';
import type { UploadRecord } from '../data/upload-repository.ts';
import { practiceTodayAt } from './practice-clock.ts';
import { loadUploadRecords, verifyUploads, type VerifiedAttachment } from './uploads.ts';

/** Concurrent inserts for one client retry this often before answering 409 (each round re-reads). */
const INSERT_ATTEMPTS = 8;

const unknownPayer = () =>
  new ApiError('validation_failed', "payerId: Not one of the practice's payers", [
    { path: 'payerId', message: "Not one of the practice's payers" },
  ]);

/** The policy fields shared by portal and practice creation, normalised to the stored shape. */
type NewPolicyFields = Omit<CreatePracticePolicyRequest, 'attachmentIds' | 'payerId' | 'payerName'> & {
  payerId?: string | null;
  payerName?: string | null;
  attachmentIds?: string[];
};

/** A client adds a policy in the portal (only while its practice collects insurance from it). */
export async function createPortalPolicy(
  portalUser: PortalUserGuard,
  insurance: InsuranceWriteGuard,
  request: CreatePortalPolicyRequest,
  now: Date,
): Promise<Policy> {
  const [written, today] = await Promise.all([
    createPolicy({
      clientId: insurance.clientId,
      actor: { kind: 'client', id: insurance.clientId },
      fields: { ...request, status: 'active' },
      submittedByClient: { portalUser, insurance, entered: request },
      now,
    }),
    practiceTodayAt(now),
  ]);
  return toPortalPolicy(asResource(written, today));
}

/** A practitioner adds a policy to a client's chart; it is reviewed from the start. */
export async function createPracticePolicy(
  clientId: string,
  request: CreatePracticePolicyRequest,
  actor: Actor,
  now: Date,
): Promise<Policy> {
  const [written, today] = await Promise.all([createPolicy({ clientId, actor, fields: request, now }), practiceTodayAt(now)]);
  return asResource(written, today);
}

/** A written policy and the client's policies as they are after the write (for overlaps in the answer). */
interface PolicyWrite {
  record: PolicyRecord;
  clientPolicies: PolicyRecord[];
}

/** The written policy as a resource: its coverage state at the practice's today, its overlap among its siblings. */
const asResource = (written: PolicyWrite, today: string): Policy =>
  toPolicies(written.clientPolicies, today).find((policy) => policy.policyId === written.record.policyId)!;

interface CreatePolicyInput {
  clientId: string;
  actor: Actor;
  fields: NewPolicyFields;
  /**
   * A client's own submission: its portal-user and insurance-write guards and exactly what it entered (kept for
   * the review).
   */
  submittedByClient?: { portalUser: PortalUserGuard; insurance: InsuranceWriteGuard; entered: Record<string, unknown> };
  now: Date;
}

/**
 * Payer names by id as this instance last read them. A link is written on the condition that the payer still
 * has that name (and, for a client, is active), so a name served from here can never be stale in a policy:
 * when the condition fails, the insert re-reads the payer and tries again.
 */
const payerNames = new Map<string, string>();

/** The payer to link, freshly read (and remembered); 400 when the practice has no such payer (active, for a client). */
async function readPayerToLink(payerId: string, mustBeActive: boolean): Promise<Payer> {
  const payer = await getPayer(payerId);
  if (!payer || (mustBeActive && !payer.active)) {
    payerNames.delete(payerId);
    throw unknownPayer();
  }
  payerNames.set(payerId, payer.name);
  return payer;
}

/**
 * Adds a policy. A new active Primary ends the client's earlier open Primaries in the same transaction
 * (planPolicyInsertion), each marked `endedBy` the new one; the transaction also bumps the client's policy
 * revision under a condition, so two inserts for one client (or an insert and a practitioner's edit) can never
 * both commit on stale reads — the loser re-reads and re-plans. What only
 * guards the write is not read first but checked by the write: that the practice collects insurance (for a
 * client whose override is `inherit`) and that the chosen payer is still as remembered.
 */
async function createPolicy(input: CreatePolicyInput): Promise<PolicyWrite> {
  const { clientId, actor, fields, now } = input;
  const source = input.submittedByClient ? 'client' : 'practice';
  const at = now.toISOString();
  const linkActiveOnly = source === 'client';
  const rememberedName = fields.payerId ? payerNames.get(fields.payerId) : undefined;
  // One round trip: the client with its policies (one Query), and the payer only if this instance has not
  // read it before.
  // A client's submission also reads the settings and its uploads' records (in the same round trip): the
  // practice's card-image requirement is checked by the server before anything is claimed.
  const [snapshot, payerRead, settings, uploadRecords] = await Promise.all([
    loadClientWithPolicies(clientId),
    fields.payerId && rememberedName === undefined ? readPayerToLink(fields.payerId, linkActiveOnly) : undefined,
    input.submittedByClient ? getSettings() : undefined,
    fields.attachmentIds?.length ? loadUploadRecords(clientId, fields.attachmentIds) : new Map<string, UploadRecord | undefined>(),
  ]);
  // A caller who is no longer the client's portal user, or whose collection is off, is refused before its uploads
  // are touched.
  input.submittedByClient?.portalUser.assert(snapshot.client);
  input.submittedByClient?.insurance.practiceDefaultMustHold(snapshot.client.insuranceCollection);
  if (settings) assertCardImages(settings.cardImages, [...uploadRecords.values()]);

  const policyId = newId(now.getTime());
  const verified = fields.attachmentIds?.length ? await verifyUploads(clientId, fields.attachmentIds, policyId, now, uploadRecords) : [];
  const status = fields.status ?? 'active';
  let payerName = payerRead?.name ?? rememberedName;
  const payerMatch: PayerMatch = fields.payerId
    ? { state: 'matched', matchedBy: source === 'client' ? 'selected' : 'practitioner', suggestions: [] }
    : { state: 'pending', matchedBy: null, suggestions: [] };

  return keepingVerifiedUploads(verified, () =>
    withOptimisticRetry(
      INSERT_ATTEMPTS,
      async (round) => {
        // The first round decides on the reads above; a round that lost a race (or found the payer changed)
        // re-reads.
        const [{ client, policies: existing }, payerReread] = await Promise.all([
          round === 0 ? snapshot : loadClientWithPolicies(clientId),
          round > 0 && fields.payerId ? readPayerToLink(fields.payerId, linkActiveOnly) : undefined,
        ]);
        payerName = payerReread?.name ?? payerName;
        if (round > 0) input.submittedByClient?.portalUser.assert(client);
        const practiceMustCollect = input.submittedByClient?.insurance.practiceDefaultMustHold(client.insuranceCollection) ?? false;
        const plan = planPolicyInsertion(existing, {
          priority: fields.priority,
          status,
          effectiveDate: fields.effectiveDate,
          endDate: fields.endDate ?? null,
        });
        if (plan.kind === 'conflict') {
          throw new ApiError('conflict', 'Another active Primary policy already starts on this Effective Date', [
            { path: 'effectiveDate', message: 'Another active Primary policy starts on this day' },
          ]);
        }

        const record: PolicyRecord = {
          policyId,
          clientId,
          priority: fields.priority,
          status,
          source,
          payer: { payerId: fields.payerId ?? null, name: payerName ?? null, enteredName: fields.payerName ?? null },
          payerMatch,
          insuranceType: fields.insuranceType ?? null,
          memberId: fields.memberId ?? null,
          groupNumber: fields.groupNumber ?? null,
          planName: fields.planName ?? null,
          planId: fields.planId ?? null,
          relationship: fields.relationship ?? 'self',
          subscriber: fields.subscriber ?? null,
          effectiveDate: fields.effectiveDate,
          endDate: plan.endDate,
          copayCents: fields.copayCents ?? null,
          deductibleCents: fields.deductibleCents ?? null,
          employerOrSchool: fields.employerOrSchool ?? null,
          attachments: verified.map((entry) => entry.attachment),
          clientEntered: input.submittedByClient?.entered ?? null,
          reviewed: source === 'practice',
          reviewedAt: source === 'practice' ? at : null,
          createdAt: at,
          createdBy: actor,
          updatedAt: at,
          version: 1,
          endedBy: null,
        };
        const endings = plan.endedPolicies.map((ended) => {
          const before = existing.find((policy) => policy.policyId === ended.policyId)!;
          const after: PolicyRecord = {
            ...before,
            endDate: ended.endDate,
            endedBy: { policyId, at },
            updatedAt: at,
            version: before.version + 1,
          };
          return { before, after };
        });
        const clientPolicies = [
          ...existing.map((policy) => endings.find((ending) => ending.before.policyId === policy.policyId)?.after ?? policy),
          record,
        ];

        await insertPolicy({
          record,
          actor,
          client,
          clientPolicies,
          completesIntake: source === 'client',
          endings,
          uploadClaims: verified.map((entry) => entry.claim),
          practiceMustCollect: practiceMustCollect ? insuranceCollectionDisabled : undefined,
          linkedPayer: fields.payerId && payerName ? { payerId: fields.payerId, name: payerName, mustBeActive: linkActiveOnly } : undefined,
        });
        return { record, clientPolicies };
      },
      () => new ApiError('conflict', 'Too many simultaneous changes to this client’s policies; try again'),
    ),
  );
}

/**
 * Runs the write that attaches verified uploads: when it fails the uploads are given back (so the client can
 * attach them again); when it succeeds the browser's copies in `uploads/` are removed.
 */
async function keepingVerifiedUploads<T>(verified: VerifiedAttachment[], write: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await write();
  } catch (error) {
    await Promise.all(verified.map((entry) => entry.release()));
    throw error;
  }
  await Promise.all(verified.map((entry) => entry.discardUpload().catch(() => undefined)));
  return result;
}

/** 400 naming each card side the practice requires and the new policy lacks (checked on the server). */
function assertCardImages(requirement: Settings['cardImages'], uploads: (UploadRecord | undefined)[]): void {
  const missing = missingCardSides(
    requirement,
    uploads.flatMap((upload) => (upload ? [upload.side] : [])),
  );
  if (missing.length === 0) return;
  const message = (side: string) => `An image of the ${side} of the insurance card is required`;
  throw new ApiError(
    'validation_failed',
    `attachmentIds: ${missing.map(message).join('; ')}`,
    missing.map((side) => ({ path: `attachmentIds.${side}`, message: message(side) })),
  );
}

/**
 * A practitioner's edit (review). Choosing a payer for a policy whose typed name was not matched teaches the
 * practice: the normalised typed name becomes an alias of the chosen payer, so the next client who types it
 * is linked automatically (unless another payer already owns that name: then nothing is learned).
 */
export async function updatePolicy(
  clientId: string,
  policyId: string,
  request: UpdatePolicyRequest,
  actor: Actor,
  now: Date,
): Promise<Policy> {
  const at = now.toISOString();
  // The client and all its policies in one Query: the answer's overlap flag needs the siblings, and the client
  // item's summary of this policy is written with the edit.
  const [{ client, policies }, today] = await Promise.all([loadClientWithPolicies(clientId), practiceTodayAt(now)]);
  const before = policies.find((policy) => policy.policyId === policyId);
  if (!before) throw notFound('Policy');
  if (before.version !== request.version) throw versionConflict('This policy');

  let payer = before.payer;
  let payerMatch = before.payerMatch;
  let chosenPayer: Payer | undefined;
  if (request.payerId !== undefined && request.payerId !== before.payer.payerId) {
    if (request.payerId === null) {
      payer = { payerId: null, name: null, enteredName: before.payer.enteredName };
      payerMatch = { state: 'pending', matchedBy: null, suggestions: [] };
    } else {
      chosenPayer = await getPayer(request.payerId);
      if (!chosenPayer) throw unknownPayer();
      payer = { payerId: chosenPayer.payerId, name: chosenPayer.name, enteredName: before.payer.enteredName };
      payerMatch = { state: 'matched', matchedBy: 'practitioner', suggestions: [] };
    }
  }

  const keptAttachments = request.attachmentIds
    ? before.attachments.filter((attachment) => request.attachmentIds!.includes(attachment.attachmentId))
    : before.attachments;
  const newIds = request.attachmentIds?.filter((id) => !before.attachments.some((attachment) => attachment.attachmentId === id)) ?? [];
  // Plain checks first: nothing is claimed or written for an edit that is refused anyway.
  const effectiveDate = request.effectiveDate ?? before.effectiveDate;
  const endDate = pick(request.endDate, before.endDate);
  if (endDate !== null && endDate < effectiveDate) {
    throw new ApiError('validation_failed', 'endDate: End Date must be on or after the Effective Date', [
      { path: 'endDate', message: 'End Date must be on or after the Effective Date' },
    ]);
  }
  const verified = newIds.length ? await verifyUploads(clientId, newIds, policyId, now) : [];
  const attachments: Attachment[] = [...keptAttachments, ...verified.map((entry) => entry.attachment)];

  const after: PolicyRecord = {
    ...before,
    priority: request.priority ?? before.priority,
    status: request.status ?? before.status,
    payer,
    payerMatch,
    insuranceType: pick(request.insuranceType, before.insuranceType),
    memberId: pick(request.memberId, before.memberId),
    groupNumber: pick(request.groupNumber, before.groupNumber),
    planName: pick(request.planName, before.planName),
    planId: pick(request.planId, before.planId),
    relationship: request.relationship ?? before.relationship,
    subscriber: pick(request.subscriber, before.subscriber),
    effectiveDate,
    endDate,
    copayCents: pick(request.copayCents, before.copayCents),
    deductibleCents: pick(request.deductibleCents, before.deductibleCents),
    employerOrSchool: pick(request.employerOrSchool, before.employerOrSchool),
    attachments,
    // Saving the review dialog is the review; `reviewed: false` lets a practitioner flag it for another look.
    reviewed: request.reviewed ?? true,
    reviewedAt: (request.reviewed ?? true) ? at : null,
    updatedAt: at,
    version: before.version + 1,
    endedBy: null,
  };
  // A practitioner's edit never ends another policy: it only decides whether this one's auto-end note stays.
  after.endedBy = endedByAfterEdit(before, after);

  const clientPolicies = policies.map((policy) => (policy.policyId === policyId ? after : policy));
  await keepingVerifiedUploads(verified, async () => {
    const alias = chosenPayer && before.payerMatch.state !== 'matched' ? await aliasToLearn(before.payer.enteredName) : undefined;
    await savePolicyEdit({
      before,
      after,
      actor,
      client,
      clientPolicies,
      uploadClaims: verified.map((entry) => entry.claim),
      learnAlias: alias && chosenPayer ? { payer: chosenPayer, alias } : undefined,
    });
  });
  return asResource({ record: after, clientPolicies }, today);
}

const pick = <T>(requested: T | undefined, current: T): T => (requested === undefined ? current : requested);

/** The normalised typed name, unless it is empty or already some payer's name or alias. */
async function aliasToLearn(enteredName: string | null): Promise<string | undefined> {
  const normalised = enteredName ? normalisePayerName(enteredName) : '';
  if (!normalised || (await payerOwningName(normalised))) return undefined;
  return normalised;
}
