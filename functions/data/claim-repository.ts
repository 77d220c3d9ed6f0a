import { ApiError, notFound } from '../../shared/errors.ts';
import type { Actor, Claim } from '../../shared/schemas.ts';
import { auditPut } from './audit.ts';
import { clientPk, ENTITY, fromItem, keys, SK_PREFIX, toItem, type Stored } from './keys.ts';
import type { ClientItem } from './client-repository.ts';
import type { PolicyItem, PolicyRecord } from './policy-repository.ts';
import { getItem, queryAll, transactWrite, versionedUpdate, type TransactItem } from './table-io.ts';

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
  status: 'draft' | 'submitted';
  serviceLines: Claim['serviceLines'];
  diagnosisCodes: string[];
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
    serviceLines: record.serviceLines,
    diagnosisCodes: record.diagnosisCodes,
    warnings,
    submittedAt: record.submittedAt,
    version: record.version,
    createdAt: record.createdAt,
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
    submittedAt: record.submittedAt,
  };
}

const claimAudit = (record: ClaimRecord, before: ClaimRecord | null, action: string, actor: Actor, at: string): TransactItem =>
  auditPut({
    scopePk: clientPk(record.clientId),
    actor,
    action,
    entity: { type: 'claim', id: record.claimId },
    before: before ? claimAuditView(before) : null,
    after: claimAuditView(record),
    at,
  });

/** Stores a new draft with its audit event; the Put may never overwrite (a repeated id fails, not replaces). */
export async function insertClaim(record: ClaimRecord, actor: Actor): Promise<void> {
  await transactWrite(
    [
      {
        Put: {
          Item: toItem(ENTITY.claim, keys.claim(record.clientId, record.claimId), record),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      claimAudit(record, null, 'claim.created', actor, record.createdAt),
    ],
    // Only a colliding id (or a transient clash with another transaction) can fail a brand-new item's condition.
    { otherwise: () => new ApiError('conflict', 'The claim could not be saved; try again') },
  );
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
  const { claimId: _id, clientId: _client, version: _version, createdAt: _createdAt, createdBy: _createdBy, ...changed } = after;
  const items: TransactItem[] = [];
  items[SUBMISSION_ITEMS.claim] = versionedUpdate(keys.claim(before.clientId, before.claimId), changed, before.version);
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
