import type { IsoDate } from '../../shared/dates.ts';
import { notFound, versionConflict } from '../../shared/errors.ts';
import { computeCardCheck } from '../../shared/card-check.ts';
import { coverageState, primaryOverlaps, reviewReasons, type ReviewReason } from '../../shared/policy-state.ts';
import type { Actor, Attachment, Payer, PayerMatch, Policy } from '../../shared/schemas.ts';
import { auditPut } from './audit.ts';
import type { ClientItem, ClientRecord } from './client-repository.ts';
import {
  clientActivityIndexKeys,
  clientPk,
  ENTITY,
  fromItem,
  keys,
  PAYER_WAITING_INDEX_PK,
  payerWaitingIndexKeys,
  REVIEW_QUEUE_INDEX_PK,
  reviewQueueIndexKeys,
  SK_PREFIX,
  toItem,
  type Stored,
} from './keys.ts';
import { learnAliasItems, payerStillNamed } from './payer-repository.ts';
import { whilePracticeCollectsInsurance } from './settings-repository.ts';
import {
  batchGetItems,
  getItem,
  queryAll,
  queryPrefix,
  setAttributes,
  TransactionConflict,
  transactWrite,
  versionedUpdate,
  type TransactItem,
} from './table-io.ts';

/** Fields of the resource computed on every read (from the practice's today and the client's other policies). */
type DerivedPolicyFields = 'needsPayer' | 'cardCheck' | 'coverageState' | 'overlap' | 'review';

/** The stored policy: the resource without its derived fields. */
export type PolicyRecord = Omit<Policy, DerivedPolicyFields>;
export type PolicyItem = Stored<PolicyRecord, typeof ENTITY.policy>;

/**
 * What a read needs besides the record: the practice's today (coverage state) and which active Primaries of
 * the client overlap (from all its policies, or from the client's policy summaries).
 */
export interface PolicyReadContext {
  today: IsoDate;
  overlaps: ReadonlyMap<string, readonly string[]>;
}

/**
 * The record with every attachment's reading as the resource shows it. Attachments stored before card reading
 * existed carry no reading: they were never read. A stored reading without `fields` had none (see
 * storedAttachments).
 */
function withReadings(record: PolicyRecord): PolicyRecord & { attachments: Attachment[] } {
  const attachments = record.attachments.map((attachment) => ({
    ...attachment,
    reading: attachment.reading
      ? { ...attachment.reading, fields: attachment.reading.fields ?? {} }
      : {
          state: attachment.contentType === 'application/pdf' ? ('not_an_image' as const) : ('unreadable' as const),
          fields: {},
          readAt: null,
        },
  }));
  return { ...record, attachments };
}

/** Why the stored policy is in the Review queue: the one rule (policy-state.ts) fed with its derived card check. */
export function policyReviewReasons(record: PolicyRecord): ReviewReason[] {
  return reviewReasons({ ...record, cardCheck: computeCardCheck(withReadings(record)) });
}

export function toPolicy(record: PolicyRecord, context: PolicyReadContext): Policy {
  // Items written before endedBy existed have no such attribute: they were not ended by the rule's bookkeeping.
  const stored = { ...withReadings(record), endedBy: record.endedBy ?? null };
  const cardCheck = computeCardCheck(stored);
  return {
    ...stored,
    needsPayer: stored.payerMatch.state === 'needs_payer',
    cardCheck,
    coverageState: coverageState(stored, context.today),
    overlap: context.overlaps.has(stored.policyId),
    review: { reasons: reviewReasons({ ...stored, cardCheck }) },
  };
}

/** One client's policies as resources: the overlaps are computed among them. */
export function toPolicies(records: readonly PolicyRecord[], today: IsoDate): Policy[] {
  const context = { today, overlaps: primaryOverlaps(records) };
  return records.map((record) => toPolicy(record, context));
}

/** What a client sees of its own policy: no ranked guesses about which practice payer it might be. */
export function toPortalPolicy(policy: Policy): Policy {
  return { ...policy, payerMatch: { ...policy.payerMatch, suggestions: [] } };
}

/** Whether a policy belongs in the sparse "waiting for a payer" index. */
const isWaitingForPayer = (record: Pick<PolicyRecord, 'payerMatch'>) => record.payerMatch.state !== 'matched';

/**
 * The policy's index attributes as they must be after a write: present while it waits for a payer (gsi1) or
 * for review (gsi2), `undefined` (= REMOVE) otherwise. Every policy write sets all four, so an index entry can
 * never outlive its reason.
 */
export function policyIndexKeys(record: PolicyRecord): Record<'gsi1pk' | 'gsi1sk' | 'gsi2pk' | 'gsi2sk', string | undefined> {
  const waiting = isWaitingForPayer(record) ? payerWaitingIndexKeys(record) : { gsi1pk: undefined, gsi1sk: undefined };
  const queued = policyReviewReasons(record).length > 0 ? reviewQueueIndexKeys(record) : { gsi2pk: undefined, gsi2sk: undefined };
  return { ...waiting, ...queued };
}

/**
 * A reading as stored: without an empty `fields` map (DynamoDB Local's stream hands empty maps to the SDK in a
 * shape it cannot read back; toPolicy puts `{}` back).
 */
export function storedAttachments(attachments: readonly Attachment[]): Record<string, unknown>[] {
  return attachments.map((attachment) => {
    if (!attachment.reading || Object.keys(attachment.reading.fields ?? {}).length > 0)
      return attachment as unknown as Record<string, unknown>;
    const { fields: _empty, ...reading } = attachment.reading;
    return { ...attachment, reading };
  });
}

/** The item to store: the record, its keys, and the index keys it qualifies for. */
export function policyItem(record: PolicyRecord): PolicyItem {
  const indexKeys = Object.fromEntries(Object.entries(policyIndexKeys(record)).filter(([, value]) => value !== undefined));
  return toItem(
    ENTITY.policy,
    keys.policy(record.clientId, record.policyId),
    { ...record, attachments: storedAttachments(record.attachments) as unknown as PolicyRecord['attachments'] },
    indexKeys,
  );
}

/**
 * What the client item keeps of each of its policies (`policySummaries`, by policy id), so that the client
 * list shows the active Primary's payer and the review state of a page of clients, and the Review queue
 * computes overlaps, from client items alone. Written in the same transaction as the policy itself.
 */
export interface PolicySummary {
  priority: Policy['priority'];
  status: Policy['status'];
  effectiveDate: string;
  endDate: string | null;
  payerName: string | null;
  needsPayer: boolean;
  reasons: ReviewReason[];
}

export function policySummary(record: PolicyRecord): PolicySummary {
  return {
    priority: record.priority,
    status: record.status,
    effectiveDate: record.effectiveDate,
    endDate: record.endDate,
    payerName: record.payer.name ?? record.payer.enteredName,
    needsPayer: record.payerMatch.state === 'needs_payer',
    reasons: policyReviewReasons(record),
  };
}

export type PolicySummaries = Record<string, PolicySummary>;

export const policySummaries = (records: readonly PolicyRecord[]): PolicySummaries =>
  Object.fromEntries(records.map((record) => [record.policyId, policySummary(record)]));

/** The summaries as overlap facts (the same rule as over full policies). */
export function overlapsFromSummaries(summaries: PolicySummaries | undefined): Map<string, string[]> {
  return primaryOverlaps(Object.entries(summaries ?? {}).map(([policyId, summary]) => ({ policyId, ...summary })));
}

/**
 * The client-item update that records these policies' summaries. Each summary is its own map element, so
 * writes to different policies of one client never overwrite each other; the condition keeps the element
 * write from failing on a client item that predates the map (ValidationException) — callers that read the
 * client pass `wholeMap` to create it instead.
 */
export function policySummariesUpdate(
  clientId: string,
  records: readonly PolicyRecord[],
  options: { wholeMap?: PolicySummaries; extraSets?: Record<string, unknown>; extraRemoves?: string[]; bumpRevision?: boolean } = {},
): TransactItem {
  const names: Record<string, string> = { '#summaries': 'policySummaries' };
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  if (options.wholeMap) {
    values[':whole'] = options.wholeMap;
    sets.push('#summaries = :whole');
  } else {
    records.forEach((record, index) => {
      names[`#p${index}`] = record.policyId;
      values[`:s${index}`] = policySummary(record);
      sets.push(`#summaries.#p${index} = :s${index}`);
    });
  }
  Object.entries(options.extraSets ?? {}).forEach(([attribute, value], index) => {
    names[`#x${index}`] = attribute;
    values[`:x${index}`] = value;
    sets.push(`#x${index} = :x${index}`);
  });
  const removes = (options.extraRemoves ?? []).map((attribute, index) => {
    names[`#r${index}`] = attribute;
    return `#r${index}`;
  });
  const adds = options.bumpRevision ? ['#revision :one'] : [];
  if (options.bumpRevision) {
    names['#revision'] = 'policyRevision';
    values[':one'] = 1;
  }
  const expression = [
    sets.length && `SET ${sets.join(', ')}`,
    removes.length && `REMOVE ${removes.join(', ')}`,
    adds.length && `ADD ${adds.join(', ')}`,
  ]
    .filter(Boolean)
    .join(' ');
  return {
    Update: {
      Key: keys.client(clientId),
      UpdateExpression: expression,
      ConditionExpression: options.wholeMap ? 'attribute_exists(pk) AND attribute_not_exists(#summaries)' : 'attribute_exists(#summaries)',
      ExpressionAttributeNames: names,
      ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
    },
  };
}

export async function getPolicyRecord(clientId: string, policyId: string): Promise<PolicyRecord | undefined> {
  const item = await getItem<PolicyItem>(keys.policy(clientId, policyId));
  return item ? fromItem(item) : undefined;
}

export async function requirePolicyRecord(clientId: string, policyId: string): Promise<PolicyRecord> {
  const record = await getPolicyRecord(clientId, policyId);
  if (!record) throw notFound('Policy');
  return record;
}

/**
 * The client and its policies in one Query: in the client's partition the sort keys `CLIENT` and `POLICY#…`
 * are adjacent (`CLAIM#` sorts before, `UPLOAD#` after), so `BETWEEN 'CLIENT' AND 'POLICY$'` ('$' follows '#')
 * reads exactly those — one round trip instead of a GetItem beside a Query, on the chart read and every insert.
 */
export async function loadClientWithPolicies(clientId: string): Promise<{ client: ClientRecord; policies: PolicyRecord[] }> {
  const items = await queryAll<ClientItem | PolicyItem>({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': clientPk(clientId), ':from': 'CLIENT', ':to': `${SK_PREFIX.policy.slice(0, -1)}$` },
    ConsistentRead: true,
  });
  const clientItem = items.find((item): item is ClientItem => item.itemType === ENTITY.client);
  if (!clientItem) throw notFound('Client');
  return {
    client: fromItem(clientItem),
    policies: items.filter((item): item is PolicyItem => item.itemType === ENTITY.policy).map(fromItem),
  };
}

/**
 * The client and one of its policies in one BatchGetItem (one round trip): the portal's attachment links check the
 * client. Strongly consistent, like every other read of a client item a portal-user check is made on: a revocation
 * takes effect on the next request.
 */
export async function loadClientAndPolicy(
  clientId: string,
  policyId: string,
): Promise<{ client: ClientRecord; policy: PolicyRecord | undefined }> {
  const items = await batchGetItems<ClientItem | PolicyItem>([keys.client(clientId), keys.policy(clientId, policyId)], {
    consistent: true,
  });
  const clientItem = items.find((item): item is ClientItem => item.itemType === ENTITY.client);
  const policyItem = items.find((item): item is PolicyItem => item.itemType === ENTITY.policy);
  if (!clientItem) throw notFound('Client');
  return { client: fromItem(clientItem), policy: policyItem ? fromItem(policyItem) : undefined };
}

/** A client's policies, oldest first (policy ids are time-ordered). */
export async function listPolicyRecords(clientId: string): Promise<PolicyRecord[]> {
  return (await queryPrefix<PolicyItem>(clientPk(clientId), SK_PREFIX.policy)).map(fromItem);
}

/** Every policy with a review reason, oldest first, through the sparse Review-queue index — never a Scan. */
export async function listQueuedPolicyRecords(): Promise<PolicyRecord[]> {
  const items = await queryAll<PolicyItem>({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': REVIEW_QUEUE_INDEX_PK },
    ScanIndexForward: true,
  });
  return items.map(fromItem);
}

/** Every policy whose payer is unresolved, oldest first, through the sparse index — never a Scan. */
export async function listWaitingPolicyRecords(): Promise<PolicyRecord[]> {
  const items = await queryAll<PolicyItem>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': PAYER_WAITING_INDEX_PK },
    ScanIndexForward: true,
  });
  return items.map(fromItem);
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

/** Who ends a Primary when a newer one is added. */
const PRIMARY_AUTO_END: Actor = { kind: 'system', id: 'primary-auto-end' };

/** The client as a policy write needs it: whether it has summaries yet, and the revision the decision read. */
type ClientForPolicyWrite = Pick<ClientRecord, 'clientId' | 'policyRevision'> & { policySummaries?: unknown };

export interface PolicyInsert {
  record: PolicyRecord;
  actor: Actor;
  /** The client as read for the decision; the insert commits only while its policy revision is unchanged. */
  client: ClientForPolicyWrite;
  /** The client's policies as they are after this insert (its summaries are created from them if missing). */
  clientPolicies: readonly PolicyRecord[];
  /** A client's own submission also completes the insurance step of its intake. */
  completesIntake: boolean;
  /** Earlier Primaries this one ends: each on the version it was planned on, and as it will be after. */
  endings: readonly { before: PolicyRecord; after: PolicyRecord }[];
  /** Marks the verified uploads attached (domain/uploads.ts), so that each is attached once. */
  uploadClaims: readonly TransactItem[];
  /** Only while the practice collects insurance (a client whose override is `inherit`); else this error. */
  practiceMustCollect?: () => Error;
  /** Only while the linked payer still has this name (and, for a client, is active). */
  linkedPayer?: { payerId: string; name: string; mustBeActive: boolean };
}

/**
 * Adds a policy in one transaction: the policy, the client item's update (the written policies' summaries, its
 * last activity, and the revision bump under the condition that serialises concurrent inserts for one client),
 * the guards that replace reads (practice collects insurance, payer still as read), the audit events, the
 * auto-ended Primaries (each marked `endedBy` the new one) and the attached uploads. When a guard without its
 * own error fails — the revision moved, the payer changed — it throws TransactionConflict: re-read and decide again.
 */
export async function insertPolicy(insert: PolicyInsert): Promise<void> {
  const { record, client } = insert;
  const at = record.createdAt;
  await transactWrite([
    { Put: { Item: policyItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
    clientAfterPolicyWrite(client, insert.clientPolicies, [record, ...insert.endings.map((ending) => ending.after)], at, {
      policyRevision: (client.policyRevision ?? 0) + 1,
      ...(insert.completesIntake ? { intakeInsurance: 'added' } : {}),
    }),
    ...(insert.practiceMustCollect ? [whilePracticeCollectsInsurance(insert.practiceMustCollect)] : []),
    ...(insert.linkedPayer ? [payerStillNamed(insert.linkedPayer)] : []),
    auditPut({
      scopePk: clientPk(record.clientId),
      actor: insert.actor,
      action: 'policy.created',
      entity: { type: 'policy', id: record.policyId },
      before: null,
      after: policyAuditView(record),
      at,
    }),
    ...insert.endings.flatMap(({ before, after }) => [
      versionedUpdate(
        keys.policy(before.clientId, before.policyId),
        { endDate: after.endDate, endedBy: after.endedBy, updatedAt: at },
        before.version,
      ),
      auditPut({
        scopePk: clientPk(record.clientId),
        actor: PRIMARY_AUTO_END,
        action: 'policy.auto_ended',
        entity: { type: 'policy', id: before.policyId },
        before: { endDate: before.endDate },
        after: { endDate: after.endDate, endedBy: record.policyId },
        at,
      }),
    ]),
    ...insert.uploadClaims,
  ]);
}

/**
 * The client-item update that goes with every policy write by a person (exported for the bench's floor, which
 * writes exactly what an insert writes): the written policies' summaries,
 * the client's last activity (and its place in the by-activity index), and — for inserts — the revision
 * under the condition that serialises them. A client item from before the summaries gets the whole map.
 */
export function clientAfterPolicyWrite(
  client: ClientForPolicyWrite,
  clientPolicies: readonly PolicyRecord[],
  written: readonly PolicyRecord[],
  at: string,
  insert?: Record<string, unknown>,
): TransactItem {
  const activity = { lastActivityAt: at, ...clientActivityIndexKeys({ clientId: client.clientId, lastActivityAt: at }) };
  const update = policySummariesUpdate(client.clientId, written, {
    wholeMap: client.policySummaries ? undefined : policySummaries(clientPolicies),
    extraSets: { ...activity, ...insert },
    // An edit bumps the revision without a condition: an insert or a claim submission that read the client's
    // policies before it then fails its own condition and re-reads.
    bumpRevision: !insert,
  });
  if (!insert) return update;
  const revision = client.policyRevision ?? 0;
  const revisionCondition =
    revision === 0 ? '(attribute_not_exists(policyRevision) OR policyRevision = :revision)' : 'policyRevision = :revision';
  return {
    Update: {
      ...update.Update!,
      ConditionExpression: `${update.Update!.ConditionExpression} AND ${revisionCondition}`,
      ExpressionAttributeValues: { ...update.Update!.ExpressionAttributeValues, ':revision': revision },
    },
  };
}

export interface PolicyEdit {
  before: PolicyRecord;
  after: PolicyRecord;
  actor: Actor;
  /** The client as read with its policies; the edit updates this policy's summary and bumps the revision. */
  client: ClientForPolicyWrite;
  /** The client's policies as they are after the edit (its summaries are created from them if missing). */
  clientPolicies: readonly PolicyRecord[];
  uploadClaims: readonly TransactItem[];
  /** A client's typed name the practitioner's choice of payer teaches as that payer's alias, if still free. */
  learnAlias?: { payer: Payer; alias: string };
}

class AliasTaken extends Error {}

/**
 * Saves a practitioner's edit on the version it was based on (409 `version_conflict` otherwise), with its
 * audit event — and the learned alias when there is one. If another payer took that name meanwhile, the edit
 * is saved without it. Returns whether the alias was learned.
 */
export async function savePolicyEdit(edit: PolicyEdit): Promise<{ aliasLearned: boolean }> {
  const { before, after, actor } = edit;
  const at = after.updatedAt;
  const {
    policyId: _id,
    clientId: _client,
    createdAt: _created,
    createdBy: _by,
    clientEntered: _entered,
    version: _version,
    ...changed
  } = after;
  const items: TransactItem[] = [
    versionedUpdate(
      keys.policy(before.clientId, before.policyId),
      { ...changed, attachments: storedAttachments(changed.attachments), ...policyIndexKeys(after) },
      before.version,
    ),
    clientAfterPolicyWrite(edit.client, edit.clientPolicies, [after], at),
    auditPut({
      scopePk: clientPk(before.clientId),
      actor,
      action: 'policy.updated',
      entity: { type: 'policy', id: before.policyId },
      before: policyAuditView(before),
      after: policyAuditView(after),
      at,
    }),
    ...edit.uploadClaims,
  ];
  const otherwise = () => versionConflict('This policy');
  if (!edit.learnAlias) {
    await transactWrite(items, { otherwise });
    return { aliasLearned: false };
  }
  const aliasItems = learnAliasItems(edit.learnAlias.payer, edit.learnAlias.alias, actor, at, () => new AliasTaken());
  try {
    await transactWrite([...items, ...aliasItems], { otherwise });
    return { aliasLearned: true };
  } catch (error) {
    if (!(error instanceof AliasTaken)) throw error;
    await transactWrite(items, { otherwise });
    return { aliasLearned: false };
  }
}

/**
 * Records the stream processor's decision about a policy's payer, on the version and match state it was based
 * on. A new link or Needs Payer state is versioned and audited (its audit id derives from the version, so a
 * replayed record cannot record twice), moves the policy in or out of the waiting and Review-queue indexes and
 * updates the client item's summary of it — only when that summary changes: a write to the client item would
 * make concurrent inserts for that client retry. Refreshed suggestions alone are derived data, written without
 * a version bump or audit event so that they never make an open review dialog stale. False when the policy
 * moved on since (edited, or already resolved by an earlier delivery).
 */
export function saveMatchDecision(
  policy: PolicyRecord,
  next: { payer: PolicyRecord['payer']; payerMatch: PayerMatch },
  actor: Actor,
  at: string,
): Promise<boolean> {
  if (next.payerMatch.state === policy.payerMatch.state) {
    return writeDecision([updateIfUnchanged(policy, { payerMatch: next.payerMatch })], false);
  }
  const linked = next.payerMatch.state === 'matched';
  const version = policy.version + 1;
  const after: PolicyRecord = { ...policy, payer: next.payer, payerMatch: next.payerMatch, version, updatedAt: at };
  const summaryChanges = JSON.stringify(policySummary(after)) !== JSON.stringify(policySummary(policy));
  return writeDecision(
    [
      updateIfUnchanged(policy, {
        payer: next.payer,
        payerMatch: next.payerMatch,
        version,
        updatedAt: at,
        // Leaving the waiting index; entering or leaving the Review queue (a Needs Payer policy is queued).
        ...policyIndexKeys(after),
      }),
      ...(summaryChanges ? [policySummariesUpdate(policy.clientId, [after])] : []),
      auditPut({
        scopePk: clientPk(policy.clientId),
        actor,
        action: linked ? 'policy.payer_linked' : 'policy.needs_payer',
        entity: { type: 'policy', id: policy.policyId },
        // The same field names as every other policy event, so the trail reads alike whoever changed it.
        before: { payer: policy.payer, payerMatch: policy.payerMatch },
        after: { payer: next.payer, payerMatch: next.payerMatch },
        at,
        eventId: `payer-match-${policy.policyId}-v${version}`,
      }),
    ],
    summaryChanges,
  );
}

/**
 * True when written, false when the policy moved on. With `withSummary`, item 1 is the client's policy summary:
 * a client item from before summaries existed fails only that condition, and the policy is still resolved
 * without it (its next write by a person creates the map). A collision with another transaction throws
 * TransactionConflict (the stream's retry runs the decision again).
 */
async function writeDecision(items: TransactItem[], withSummary: boolean): Promise<boolean> {
  try {
    await transactWrite(items);
    return true;
  } catch (error) {
    if (!(error instanceof TransactionConflict) || error.failedIndexes.length === 0) throw error;
    if (withSummary && error.failedIndexes.length === 1 && error.failedIndexes[0] === 1) {
      return writeDecision(
        items.filter((_, index) => index !== 1),
        false,
      );
    }
    return false;
  }
}

function updateIfUnchanged(policy: PolicyRecord, values: Record<string, unknown>): TransactItem {
  const update = setAttributes(values);
  return {
    Update: {
      Key: keys.policy(policy.clientId, policy.policyId),
      ...update,
      ConditionExpression: '#expectedVersion = :expectedVersion AND payerMatch.#matchState = :expectedState',
      ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#expectedVersion': 'version', '#matchState': 'state' },
      ExpressionAttributeValues: {
        ...update.ExpressionAttributeValues,
        ':expectedVersion': policy.version,
        ':expectedState': policy.payerMatch.state,
      },
    },
  };
}

/**
 * Stores an attachment's reading, only while it is still `pending` and still at `index` (the condition names its
 * id, in case the list changed meanwhile) and the policy is still at the version it was read at. Like refreshed
 * payer suggestions, a reading is derived data: written without a version bump, so it never makes a
 * practitioner's open review dialog stale. When the reading changes the policy's review reasons (a card that
 * disagrees with the policy: `card_mismatch`), the same transaction moves the policy into (or out of) the Review
 * queue index and updates the client item's summary of it — only then, since a write to the client item makes
 * concurrent inserts for that client retry. The version condition keeps those derived facts true: an edit saved
 * meanwhile (which may also write the attachment back as `pending`; its stream record then brings the card to
 * the reader again) makes this write fail, and the caller re-reads. False when the condition found the policy
 * moved on. Replays change nothing: the attachment is no longer `pending`.
 */
export function storeAttachmentReading(
  current: PolicyRecord,
  index: number,
  attachmentId: string,
  reading: { state: Attachment['reading']['state']; fields?: Attachment['reading']['fields']; readAt: string },
): Promise<boolean> {
  const after: PolicyRecord = {
    ...current,
    attachments: current.attachments.map((attachment, position) =>
      position === index ? { ...attachment, reading: { ...reading, fields: reading.fields ?? {} } } : attachment,
    ),
  };
  const reasonsChange = JSON.stringify(policyReviewReasons(after)) !== JSON.stringify(policyReviewReasons(current));
  // The index keys as policyIndexKeys says (SET while queued, REMOVE otherwise), only when the reasons change.
  const indexKeys = reasonsChange ? policyIndexKeys(after) : {};
  const sets = [`attachments[${index}].reading = :reading`];
  const removes: string[] = [];
  const names: Record<string, string> = { '#state': 'state', '#expectedVersion': 'version' };
  const values: Record<string, unknown> = {
    ':reading': reading,
    ':attachmentId': attachmentId,
    ':pending': 'pending',
    ':expectedVersion': current.version,
  };
  Object.entries(indexKeys).forEach(([attribute, value]) => {
    names[`#${attribute}`] = attribute;
    if (value === undefined) removes.push(`#${attribute}`);
    else {
      values[`:${attribute}`] = value;
      sets.push(`#${attribute} = :${attribute}`);
    }
  });
  const items: TransactItem[] = [
    {
      Update: {
        Key: keys.policy(current.clientId, current.policyId),
        UpdateExpression: [`SET ${sets.join(', ')}`, removes.length ? `REMOVE ${removes.join(', ')}` : ''].filter(Boolean).join(' '),
        ConditionExpression: `attachments[${index}].attachmentId = :attachmentId AND attachments[${index}].reading.#state = :pending AND #expectedVersion = :expectedVersion`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    ...(reasonsChange ? [policySummariesUpdate(current.clientId, [after])] : []),
  ];
  return writeDecision(items, reasonsChange);
}
