import { ApiError, versionConflict } from '../../shared/errors.ts';
import { normalisePayerName } from '../../shared/payer-name.ts';
import { planPrimaryInsertion } from '../../shared/primary-timeline.ts';
import type {
  Actor,
  Attachment,
  CreatePortalPolicyRequest,
  CreatePracticePolicyRequest,
  Payer,
  PayerMatch,
  UpdatePolicyRequest,
} from '../../shared/schemas.ts';
import { auditPut } from '../data/audit.ts';
import { newId } from '../data/ids.ts';
import { clientPk, ENTITY, keys, PRACTICE_PK, payerWaitingIndexKeys } from '../data/keys.ts';
import { getPayer } from '../data/payer-repository.ts';
import {
  isWaitingForPayer,
  loadClientWithPolicies,
  policyItem,
  requirePolicyRecord,
  type PolicyRecord,
} from '../data/policy-repository.ts';
import { getSettings } from '../data/settings-repository.ts';
import { assertCollectingInsurance } from './portal.ts';
import { getItem, setAttributes, TransactionConflict, transactWrite, withOptimisticRetry, type TransactItem } from '../data/table-io.ts';
import { verifyUploads } from './uploads.ts';

const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'primary-auto-end' };
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

export interface CreatePolicyInput {
  clientId: string;
  source: 'client' | 'practice';
  actor: Actor;
  fields: NewPolicyFields;
  /** Exactly what the client submitted, kept for the practitioner's side-by-side review. */
  clientEntered: Record<string, unknown> | null;
  now: Date;
}

export function portalRequestToFields(request: CreatePortalPolicyRequest): NewPolicyFields {
  return { ...request, status: 'active' };
}

/**
 * Adds a policy. A new active Primary ends the client's earlier open Primaries in the same transaction
 * (planPrimaryInsertion); the transaction also bumps the client's policy revision under a condition, so two
 * inserts for one client can never both commit on stale reads — the loser re-reads and re-plans.
 */
export async function createPolicy(input: CreatePolicyInput): Promise<PolicyRecord> {
  const { clientId, source, actor, fields, now } = input;
  const at = now.toISOString();
  // Everything the decision needs, read at once: the client with its policies (one Query), the chosen payer,
  // and — for a client's own submission — the practice settings that say whether insurance is collected.
  const [snapshot, payer, settings] = await Promise.all([
    loadClientWithPolicies(clientId),
    fields.payerId ? getPayer(fields.payerId) : undefined,
    source === 'client' ? getSettings() : undefined,
  ]);
  if (settings) assertCollectingInsurance(snapshot.client, settings);
  if (fields.payerId && (!payer || (!payer.active && source === 'client'))) throw unknownPayer();

  const policyId = newId(now.getTime());
  const verified = fields.attachmentIds?.length ? await verifyUploads(clientId, fields.attachmentIds, policyId) : [];
  const status = fields.status ?? 'active';
  const payerMatch: PayerMatch = payer
    ? { state: 'matched', matchedBy: source === 'client' ? 'selected' : 'practitioner', suggestions: [] }
    : { state: 'pending', matchedBy: null, suggestions: [] };

  return withOptimisticRetry(
    INSERT_ATTEMPTS,
    async (round) => {
      // The first round decides on the snapshot above; a round that lost a race re-reads.
      const { client, policies: existing } = round === 0 ? snapshot : await loadClientWithPolicies(clientId);
      const requestedEnd = fields.endDate ?? null;
      const plan =
        fields.priority === 'primary' && status === 'active'
          ? planPrimaryInsertion(existing, { effectiveDate: fields.effectiveDate, endDate: requestedEnd })
          : ({ kind: 'insert', endDate: requestedEnd, endedPolicies: [] } as const);
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
        payer: { payerId: payer?.payerId ?? null, name: payer?.name ?? null, enteredName: fields.payerName ?? null },
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
        clientEntered: input.clientEntered,
        reviewed: source === 'practice',
        reviewedAt: source === 'practice' ? at : null,
        createdAt: at,
        createdBy: actor,
        updatedAt: at,
        version: 1,
      };

      const revision = client.policyRevision ?? 0;
      const revisionUpdate = setAttributes({ policyRevision: revision + 1, ...(source === 'client' ? { intakeInsurance: 'added' } : {}) });
      const items: TransactItem[] = [
        { Put: { Item: policyItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Update: {
            Key: keys.client(clientId),
            ...revisionUpdate,
            ConditionExpression:
              revision === 0 ? 'attribute_not_exists(policyRevision) OR policyRevision = :revision' : 'policyRevision = :revision',
            ExpressionAttributeValues: { ...revisionUpdate.ExpressionAttributeValues, ':revision': revision },
          },
        },
        auditPut({
          scopePk: clientPk(clientId),
          actor,
          action: 'policy.created',
          entity: { type: 'policy', id: policyId },
          before: null,
          after: policyAuditView(record),
          at,
        }),
      ];
      for (const ended of plan.endedPolicies) {
        const before = existing.find((policy) => policy.policyId === ended.policyId)!;
        items.push(
          versionedPolicyUpdate(before, { endDate: ended.endDate, updatedAt: at }),
          auditPut({
            scopePk: clientPk(clientId),
            actor: SYSTEM_ACTOR,
            action: 'policy.auto_ended',
            entity: { type: 'policy', id: before.policyId },
            before: { endDate: before.endDate },
            after: { endDate: ended.endDate, endedBy: policyId },
            at,
          }),
        );
      }
      items.push(...verified.map((entry) => entry.claim));
      await transactWrite(items);
      return record;
    },
    () => new ApiError('conflict', 'Too many simultaneous changes to this client’s policies; try again'),
  );
}

/** A versioned update of a policy item (the waiting-index keys follow the payer state). */
function versionedPolicyUpdate(before: PolicyRecord, values: Record<string, unknown>): TransactItem {
  const update = setAttributes({ ...values, version: before.version + 1 });
  return {
    Update: {
      Key: keys.policy(before.clientId, before.policyId),
      ...update,
      ConditionExpression: '#expectedVersion = :expectedVersion',
      ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#expectedVersion': 'version' },
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':expectedVersion': before.version },
    },
  };
}

/** The fields an audit event records for a policy (bookkeeping and the immutable snapshot left out). */
function policyAuditView(record: PolicyRecord): Record<string, unknown> {
  const {
    clientEntered: _entered,
    createdAt: _createdAt,
    createdBy: _createdBy,
    updatedAt: _updatedAt,
    version: _version,
    policyId: _id,
    clientId: _client,
    ...view
  } = record;
  return { ...view, attachments: record.attachments.map((attachment) => attachment.attachmentId) };
}

/**
 * A practitioner's edit (review). Choosing a payer for a policy whose typed name was not matched teaches the
 * practice: the normalised typed name becomes an alias of the chosen payer, so the next client who types it
 * is linked automatically.
 */
export async function updatePolicy(
  clientId: string,
  policyId: string,
  request: UpdatePolicyRequest,
  actor: Actor,
  now: Date,
): Promise<PolicyRecord> {
  const at = now.toISOString();
  const before = await requirePolicyRecord(clientId, policyId);
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
  const verified = newIds.length ? await verifyUploads(clientId, newIds, policyId) : [];
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
    effectiveDate: request.effectiveDate ?? before.effectiveDate,
    endDate: pick(request.endDate, before.endDate),
    copayCents: pick(request.copayCents, before.copayCents),
    deductibleCents: pick(request.deductibleCents, before.deductibleCents),
    employerOrSchool: pick(request.employerOrSchool, before.employerOrSchool),
    attachments,
    // Saving the review dialog is the review; `reviewed: false` lets a practitioner flag it for another look.
    reviewed: request.reviewed ?? true,
    reviewedAt: (request.reviewed ?? true) ? at : null,
    updatedAt: at,
    version: before.version + 1,
  };
  if (after.endDate !== null && after.endDate < after.effectiveDate) {
    throw new ApiError('validation_failed', 'endDate: End Date must be on or after the Effective Date', [
      { path: 'endDate', message: 'End Date must be on or after the Effective Date' },
    ]);
  }

  const {
    policyId: _id,
    clientId: _client,
    createdAt: _created,
    createdBy: _by,
    clientEntered: _entered,
    version: _version,
    ...changed
  } = after;
  const waitingKeys = isWaitingForPayer(after) ? payerWaitingIndexKeys(after) : { gsi1pk: undefined, gsi1sk: undefined };
  const baseItems: TransactItem[] = [
    versionedPolicyUpdate(before, { ...changed, ...waitingKeys }),
    auditPut({
      scopePk: clientPk(clientId),
      actor,
      action: 'policy.updated',
      entity: { type: 'policy', id: policyId },
      before: policyAuditView(before),
      after: policyAuditView(after),
      at,
    }),
    ...verified.map((entry) => entry.claim),
  ];
  const aliasItems =
    chosenPayer && before.payerMatch.state !== 'matched' ? await learnAliasItems(chosenPayer, before.payer.enteredName, actor, at) : [];

  try {
    await transactWrite([...baseItems, ...aliasItems]);
  } catch (error) {
    if (!(error instanceof TransactionConflict)) throw error;
    const policyConflict = error.failedIndexes.length === 0 || error.failedIndexes.some((index) => index < baseItems.length);
    if (policyConflict || aliasItems.length === 0) throw versionConflict('This policy');
    // Learning the alias lost a race (another payer claimed the name meanwhile): the review still saves.
    await transactWrite(baseItems).catch((retryError: unknown) => {
      if (retryError instanceof TransactionConflict) throw versionConflict('This policy');
      throw retryError;
    });
  }
  return after;
}

const pick = <T>(requested: T | undefined, current: T): T => (requested === undefined ? current : requested);

/**
 * The items that add a client's typed name as an alias of the payer the practitioner chose — unless the
 * name is empty, already one of that payer's names, or claimed by another payer (then nothing is learned).
 */
async function learnAliasItems(payer: Payer, enteredName: string | null, actor: Actor, at: string): Promise<TransactItem[]> {
  const normalised = enteredName ? normalisePayerName(enteredName) : '';
  if (!normalised) return [];
  const owner = await getItem<{ payerId: string }>(keys.payerKey(normalised));
  if (owner) return [];
  return [
    {
      Put: {
        Item: { ...keys.payerKey(normalised), itemType: ENTITY.payerKey, payerId: payer.payerId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        Key: keys.payer(payer.payerId),
        UpdateExpression: 'SET aliases = list_append(if_not_exists(aliases, :empty), :alias), version = version + :one, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':alias': [normalised], ':empty': [], ':one': 1, ':at': at },
      },
    },
    auditPut({
      scopePk: PRACTICE_PK,
      actor,
      action: 'payer.alias_learned',
      entity: { type: 'payer', id: payer.payerId },
      before: { aliases: payer.aliases },
      after: { aliases: [...payer.aliases, normalised] },
      at,
    }),
  ];
}
