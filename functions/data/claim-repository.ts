import { ApiError, notFound } from '../../shared/errors.ts';
import type { Actor, Claim, ClaimStatus } from '../../shared/schemas.ts';
import type { PrimaryAdjudication, PrimaryAdjudicationInput, ServiceLineInput } from '../../shared/schemas/claims.ts';
import { auditPut } from './audit.ts';
import { claimIndexKeys, clientPk, ENTITY, fromItem, keys, SK_PREFIX, toItem, type Stored } from './keys.ts';
import type { ClientItem } from './client-repository.ts';
import type { PolicyItem, PolicyRecord } from './policy-repository.ts';
import { batchGetItems, getItem, queryAll, queryPage, transactWrite, versionedUpdate, type TransactItem } from './table-io.ts';

/**
 * The stored claim: the resource's fields plus who created and submitted it. Claims live in the client's
 * partition (CLIENT#<clientId> / CLAIM#<claimId>), beside the policies they use, so that a claim and its
 * policy are read together and a submission can be made conditional on the policy it was checked against.
 */
export interface ClaimRecord {
  claimId: string;
  clientId: string;
  dateOfService: string;
  policyId: string;
  status: ClaimStatus;
  /** Lines written before modifiers and pointers existed lack both; toClaim fills them in. */
  serviceLines: ServiceLineInput[];
  diagnosisCodes: string[];
  /** Absent on claims written before export existed. */
  placeOfService?: string | null;
  renderingPractitionerId?: string | null;
  /** The Primary's adjudication (secondary claims); absent on claims written before it existed. */
  primaryAdjudication?: PrimaryAdjudicationInput | null;
  exportId?: string | null;
  exportedAt?: string | null;
  /** The warnings as of the last write; a draft's are recomputed from the current policy when it is read. */
  warnings: string[];
  submittedAt: string | null;
  submittedBy: Actor | null;
  version: number;
  createdAt: string;
  createdBy: Actor;
  updatedAt: string;
}

/** The contract's Claim; `warnings` are passed in because a draft's depend on the policy as it is now. */
export function toClaim(record: ClaimRecord, warnings: string[] = record.warnings): Claim {
  return {
    claimId: record.claimId,
    clientId: record.clientId,
    dateOfService: record.dateOfService,
    policyId: record.policyId,
    status: record.status,
    serviceLines: record.serviceLines.map((line) => ({
      procedureCode: line.procedureCode,
      modifiers: line.modifiers ?? [],
      units: line.units,
      chargeCents: line.chargeCents,
      diagnosisPointers: line.diagnosisPointers ?? [],
    })),
    diagnosisCodes: record.diagnosisCodes,
    placeOfService: record.placeOfService ?? null,
    renderingPractitionerId: record.renderingPractitionerId ?? null,
    primaryAdjudication: adjudicationOf(record.primaryAdjudication),
    warnings,
    submittedAt: record.submittedAt,
    exportId: record.exportId ?? null,
    exportedAt: record.exportedAt ?? null,
    version: record.version,
    createdAt: record.createdAt,
  };
}

/** A stored adjudication with its lists filled in (they default to empty). */
export function adjudicationOf(stored: PrimaryAdjudicationInput | null | undefined): PrimaryAdjudication | null {
  if (!stored) return null;
  return {
    paidCents: stored.paidCents,
    paidDate: stored.paidDate,
    adjustments: stored.adjustments ?? [],
    lines: (stored.lines ?? []).map((line) => ({ paidCents: line.paidCents, adjustments: line.adjustments ?? [] })),
  };
}

/** The stored claim without its key attributes: a record spread into an update must not try to SET pk/sk. */
export async function getClaimRecord(clientId: string, claimId: string): Promise<ClaimRecord | undefined> {
  const item = await getItem<Stored<ClaimRecord>>(keys.claim(clientId, claimId));
  return item ? fromItem(item) : undefined;
}

export async function requireClaimRecord(clientId: string, claimId: string): Promise<ClaimRecord> {
  const record = await getClaimRecord(clientId, claimId);
  if (!record) throw notFound('Claim');
  return record;
}

type ClaimItem = Stored<ClaimRecord, typeof ENTITY.claim>;

/**
 * A client's claims (newest first — claim ids are time-ordered, so the one being worked on is at the top) and
 * policies in one Query: in the client's partition `CLAIM#…`, `CLIENT` and `POLICY#…` are adjacent, so
 * `BETWEEN 'CLAIM#' AND 'POLICY$'` reads exactly those — one request instead of three (404 without the client).
 */
export async function loadClaimsWithPolicies(clientId: string): Promise<{ claims: ClaimRecord[]; policies: PolicyRecord[] }> {
  const items = await queryAll<ClaimItem | ClientItem | PolicyItem>({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': clientPk(clientId), ':from': SK_PREFIX.claim, ':to': `${SK_PREFIX.policy.slice(0, -1)}$` },
    ConsistentRead: true,
  });
  if (!items.some((item) => item.itemType === ENTITY.client)) throw notFound('Client');
  return {
    claims: items
      .filter((item): item is ClaimItem => item.itemType === ENTITY.claim)
      .map(fromItem)
      .reverse(),
    policies: items.filter((item): item is PolicyItem => item.itemType === ENTITY.policy).map(fromItem),
  };
}

/** The facts an audit event records for a claim (bookkeeping and derived warnings left out). */
function claimAuditView(record: ClaimRecord): Record<string, unknown> {
  return {
    dateOfService: record.dateOfService,
    policyId: record.policyId,
    status: record.status,
    serviceLines: record.serviceLines,
    diagnosisCodes: record.diagnosisCodes,
    placeOfService: record.placeOfService ?? null,
    renderingPractitionerId: record.renderingPractitionerId ?? null,
    primaryAdjudication: record.primaryAdjudication ?? null,
    submittedAt: record.submittedAt,
    exportId: record.exportId ?? null,
  };
}

export const claimAudit = (record: ClaimRecord, before: ClaimRecord | null, action: string, actor: Actor, at: string): TransactItem =>
  auditPut({
    scopePk: clientPk(record.clientId),
    actor,
    action,
    entity: { type: 'claim', id: record.claimId },
    before: before ? claimAuditView(before) : null,
    after: claimAuditView(record),
    at,
  });

/** The pointer from a claim id to its client's partition (keys.claimRef), written once: never over an existing one. */
export const claimRefPut = (claim: Pick<ClaimRecord, 'clientId' | 'claimId'>): TransactItem => ({
  Put: {
    Item: toItem(ENTITY.claimRef, keys.claimRef(claim.claimId), { clientId: claim.clientId, claimId: claim.claimId }),
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** Stores a new draft with its audit event; the Put may never overwrite (a repeated id fails, not replaces). */
export async function insertClaim(record: ClaimRecord, actor: Actor): Promise<void> {
  await transactWrite(
    [
      {
        Put: {
          Item: toItem(ENTITY.claim, keys.claim(record.clientId, record.claimId), record, claimIndexKeys(record)),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      claimRefPut(record),
      claimAudit(record, null, 'claim.created', actor, record.createdAt),
    ],
    // Only a colliding id (or a transient clash with another transaction) can fail a brand-new item's condition.
    { otherwise: () => new ApiError('conflict', 'The claim could not be saved; try again') },
  );
}

/**
 * The Update that moves a stored claim from `before` to `after` under `before`'s version (the version goes up by
 * one), its index keys following its status and date: the one way a claim changes (edit, submission, export).
 */
export function claimUpdate(before: ClaimRecord, after: ClaimRecord): TransactItem {
  const { claimId: _id, clientId: _client, version: _version, createdAt: _createdAt, createdBy: _createdBy, ...changed } = after;
  return versionedUpdate(keys.claim(before.clientId, before.claimId), { ...changed, ...claimIndexKeys(after) }, before.version);
}

/** Which item of saveSubmission's transaction failed its condition, for the caller to explain. */
export const SUBMISSION_ITEMS = { claim: 0, policy: 1 } as const;

/**
 * Records a submission: the claim's new state under its expected version, plus a check that the policy is
 * still at the version readiness was decided on — a practitioner editing the policy at the same moment cannot
 * slip an unready policy under a submitted claim. Throws TransactionConflict when either condition fails (the
 * caller re-reads and decides again).
 */
export async function saveSubmission(
  before: ClaimRecord,
  after: ClaimRecord,
  policy: { clientId: string; policyId: string; version: number },
  actor: Actor,
  /** The client's policy revision the check read: any policy insert or edit since (an overlap) fails it. */
  revision?: { clientId: string; policyRevision: number },
): Promise<void> {
  const items: TransactItem[] = [];
  items[SUBMISSION_ITEMS.claim] = claimUpdate(before, after);
  items[SUBMISSION_ITEMS.policy] = {
    ConditionCheck: {
      Key: keys.policy(policy.clientId, policy.policyId),
      ConditionExpression: '#version = :version',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':version': policy.version },
    },
  };
  items.push(claimAudit(after, before, 'claim.submitted', actor, after.updatedAt));
  if (revision) {
    items.push({
      ConditionCheck: {
        Key: keys.client(revision.clientId),
        ConditionExpression:
          revision.policyRevision === 0
            ? 'attribute_not_exists(policyRevision) OR policyRevision = :revision'
            : 'policyRevision = :revision',
        ExpressionAttributeValues: { ':revision': revision.policyRevision },
      },
    });
  }
  await transactWrite(items);
}

/**
 * A draft's edit: the new content under the version the author saw, with its audit event. The version alone
 * guards the status too (every status change bumps it), so an exported or submitted claim cannot be edited.
 */
export async function saveDraftEdit(before: ClaimRecord, after: ClaimRecord, actor: Actor): Promise<void> {
  await transactWrite([claimUpdate(before, after), claimAudit(after, before, 'claim.updated', actor, after.updatedAt)]);
}

/** Deletes a draft still at `before.version` and still a draft; the audit event keeps what it said. */
export async function deleteDraft(before: ClaimRecord, actor: Actor, at: string): Promise<void> {
  await transactWrite([
    {
      Delete: {
        Key: keys.claim(before.clientId, before.claimId),
        ConditionExpression: '#version = :version AND #status = :draft',
        ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
        ExpressionAttributeValues: { ':version': before.version, ':draft': 'draft' },
      },
    },
    { Delete: { Key: keys.claimRef(before.claimId) } },
    auditPut({
      scopePk: clientPk(before.clientId),
      actor,
      action: 'claim.deleted',
      entity: { type: 'claim', id: before.claimId },
      before: claimAuditView(before),
      after: null,
      at,
    }),
  ]);
}

/**
 * The client a claim id belongs to, or undefined for an id that names no claim (or one written before pointers).
 * Strongly consistent, like getItem: a claim saved a moment ago and exported at once is found.
 */
export async function clientIdsOfClaims(claimIds: readonly string[]): Promise<Map<string, string>> {
  const refs = await batchGetItems<Stored<{ claimId: string; clientId: string }>>(
    claimIds.map((claimId) => keys.claimRef(claimId)),
    { consistent: true },
  );
  return new Map(refs.map((ref) => [ref.claimId, ref.clientId]));
}

/** Strongly consistent: an export decides on these (a stale read would only lose its race and retry into a 409). */
export async function getClaimRecords(refs: readonly { clientId: string; claimId: string }[]): Promise<ClaimRecord[]> {
  const items = await batchGetItems<ClaimItem>(
    refs.map((ref) => keys.claim(ref.clientId, ref.claimId)),
    { consistent: true },
  );
  return items.map(fromItem);
}

/**
 * One status partition of the claims index, newest date of service first, between two gsi1sk bounds (both
 * inclusive: the caller drops the item it already returned). A Query on gsi1, never a Scan.
 */
export async function queryClaimIndex(
  status: ClaimStatus,
  lower: string,
  upper: string,
  limit: number,
): Promise<(ClaimRecord & { indexKey: string })[]> {
  const { items } = await queryPage<ClaimItem>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :lower AND :upper',
    ExpressionAttributeValues: {
      ':pk': claimIndexKeys({ status, dateOfService: '', claimId: '' }).gsi1pk,
      ':lower': lower,
      ':upper': upper,
    },
    ScanIndexForward: false,
    Limit: limit,
  });
  return items.map((item) => ({ ...fromItem(item), indexKey: item.gsi1sk as string }));
}
