import { computeCardCheck, reviewReasons } from '../../shared/card-check.ts';
import { notFound, versionConflict } from '../../shared/errors.ts';
import type { Actor, Attachment, Payer, PayerMatch, Policy } from '../../shared/schemas.ts';
import { auditPut } from './audit.ts';
import type { ClientItem, ClientRecord } from './client-repository.ts';
import { clientPk, ENTITY, fromItem, keys, PAYER_WAITING_INDEX_PK, payerWaitingIndexKeys, SK_PREFIX, toItem, type Stored } from './keys.ts';
import { learnAliasItems, payerStillNamed } from './payer-repository.ts';
import { whilePracticeCollectsInsurance } from './settings-repository.ts';
import {
  batchGetItems,
  getItem,
  queryAll,
  queryPrefix,
  setAttributes,
  transactWrite,
  transactWriteIfUnchanged,
  versionedUpdate,
  type TransactItem,
} from './table-io.ts';

/** The stored policy: the resource (needsPayer, cardCheck and review are derived, not stored) plus its keys. */
export type PolicyRecord = Omit<Policy, 'needsPayer' | 'cardCheck' | 'review'>;
export type PolicyItem = Stored<PolicyRecord, typeof ENTITY.policy>;

export function toPolicy(record: PolicyRecord): Policy {
  // Attachments stored before card reading existed carry no reading: they were never read. A stored reading
  // without `fields` had none (see storedAttachments).
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
  const withReadings = { ...record, attachments };
  const cardCheck = computeCardCheck(withReadings);
  return {
    ...withReadings,
    needsPayer: record.payerMatch.state === 'needs_payer',
    cardCheck,
    review: { reasons: reviewReasons(record, cardCheck) },
  };
}

/** What a client sees of its own policy: no ranked guesses about which practice payer it might be. */
export function toPortalPolicy(record: PolicyRecord): Policy {
  const policy = toPolicy(record);
  return { ...policy, payerMatch: { ...policy.payerMatch, suggestions: [] } };
}

/** Whether a policy belongs in the sparse "waiting for a payer" index. */
const isWaitingForPayer = (record: Pick<PolicyRecord, 'payerMatch'>) => record.payerMatch.state !== 'matched';

/** The waiting-index keys a policy should have: set while its payer is unresolved, removed once it is linked. */
const waitingIndexKeys = (record: PolicyRecord) =>
  isWaitingForPayer(record) ? payerWaitingIndexKeys(record) : { gsi1pk: undefined, gsi1sk: undefined };

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

/** The item to store: the record, its keys, and the waiting-index keys while its payer is unresolved. */
export const policyItem = (record: PolicyRecord): PolicyItem =>
  toItem(
    ENTITY.policy,
    keys.policy(record.clientId, record.policyId),
    { ...record, attachments: storedAttachments(record.attachments) as unknown as PolicyRecord['attachments'] },
    isWaitingForPayer(record) ? payerWaitingIndexKeys(record) : {},
  );

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

/** The client and one of its policies in one BatchGetItem (one round trip): the portal's attachment links check the client. */
export async function loadClientAndPolicy(
  clientId: string,
  policyId: string,
): Promise<{ client: ClientRecord; policy: PolicyRecord | undefined }> {
  const items = await batchGetItems<ClientItem | PolicyItem>([keys.client(clientId), keys.policy(clientId, policyId)]);
  const clientItem = items.find((item): item is ClientItem => item.itemType === ENTITY.client);
  const policyItem = items.find((item): item is PolicyItem => item.itemType === ENTITY.policy);
  if (!clientItem) throw notFound('Client');
  return { client: fromItem(clientItem), policy: policyItem ? fromItem(policyItem) : undefined };
}

/** A client's policies, oldest first (policy ids are time-ordered). */
export async function listPolicyRecords(clientId: string): Promise<PolicyRecord[]> {
  return (await queryPrefix<PolicyItem>(clientPk(clientId), SK_PREFIX.policy)).map(fromItem);
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

export interface PolicyInsert {
  record: PolicyRecord;
  actor: Actor;
  /** The client's policy revision the decision was made on; the insert commits only while it is unchanged. */
  revision: number;
  /** A client's own submission also completes the insurance step of its intake. */
  completesIntake: boolean;
  /** Earlier Primaries this one ends, each on the version it was planned on. */
  endings: readonly { before: PolicyRecord; endDate: string }[];
  /** Marks the verified uploads attached (domain/uploads.ts), so that each is attached once. */
  uploadClaims: readonly TransactItem[];
  /** Only while the practice collects insurance (a client whose override is `inherit`); else this error. */
  practiceMustCollect?: () => Error;
  /** Only while the linked payer still has this name (and, for a client, is active). */
  linkedPayer?: { payerId: string; name: string; mustBeActive: boolean };
}

/**
 * Adds a policy in one transaction: the policy, the client's revision bump (the condition that serialises
 * concurrent inserts for one client), the guards that replace reads (practice collects insurance, payer still
 * as read), the audit events, the auto-ended Primaries and the attached uploads. When a guard without its own
 * error fails — the revision moved, the payer changed — it throws TransactionConflict: re-read and decide again.
 */
export async function insertPolicy(insert: PolicyInsert): Promise<void> {
  const { record, revision } = insert;
  const at = record.createdAt;
  const revisionUpdate = setAttributes({ policyRevision: revision + 1, ...(insert.completesIntake ? { intakeInsurance: 'added' } : {}) });
  await transactWrite([
    { Put: { Item: policyItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      Update: {
        Key: keys.client(record.clientId),
        ...revisionUpdate,
        ConditionExpression:
          revision === 0 ? 'attribute_not_exists(policyRevision) OR policyRevision = :revision' : 'policyRevision = :revision',
        ExpressionAttributeValues: { ...revisionUpdate.ExpressionAttributeValues, ':revision': revision },
      },
    },
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
    ...insert.endings.flatMap(({ before, endDate }) => [
      versionedUpdate(keys.policy(before.clientId, before.policyId), { endDate, updatedAt: at }, before.version),
      auditPut({
        scopePk: clientPk(record.clientId),
        actor: PRIMARY_AUTO_END,
        action: 'policy.auto_ended',
        entity: { type: 'policy', id: before.policyId },
        before: { endDate: before.endDate },
        after: { endDate, endedBy: record.policyId },
        at,
      }),
    ]),
    ...insert.uploadClaims,
  ]);
}

export interface PolicyEdit {
  before: PolicyRecord;
  after: PolicyRecord;
  actor: Actor;
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
      { ...changed, attachments: storedAttachments(changed.attachments), ...waitingIndexKeys(after) },
      before.version,
    ),
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
 * replayed record cannot record twice); refreshed suggestions alone are derived data, written without a
 * version bump or audit event so that they never make an open review dialog stale. False when the policy moved
 * on since (edited, or already resolved by an earlier delivery).
 */
export function saveMatchDecision(
  policy: PolicyRecord,
  next: { payer: PolicyRecord['payer']; payerMatch: PayerMatch },
  actor: Actor,
  at: string,
): Promise<boolean> {
  if (next.payerMatch.state === policy.payerMatch.state) {
    return transactWriteIfUnchanged([updateIfUnchanged(policy, { payerMatch: next.payerMatch })]);
  }
  const linked = next.payerMatch.state === 'matched';
  const version = policy.version + 1;
  return transactWriteIfUnchanged([
    updateIfUnchanged(policy, {
      payer: next.payer,
      payerMatch: next.payerMatch,
      version,
      updatedAt: at,
      ...waitingIndexKeys({ ...policy, payerMatch: next.payerMatch }),
    }),
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
  ]);
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
 * id, in case the list changed meanwhile). Like refreshed payer suggestions, a reading is derived data: written
 * without a version bump, so it never makes a practitioner's open review dialog stale. An edit saved in the same
 * instant from a read taken just before may write the attachment back as `pending`; its stream record then
 * brings the card to the reader again. False when the condition found the policy moved on.
 */
export function storeAttachmentReading(
  clientId: string,
  policyId: string,
  index: number,
  attachmentId: string,
  reading: Record<string, unknown>,
): Promise<boolean> {
  return transactWriteIfUnchanged([
    {
      Update: {
        Key: keys.policy(clientId, policyId),
        UpdateExpression: `SET attachments[${index}].reading = :reading`,
        ConditionExpression: `attachments[${index}].attachmentId = :attachmentId AND attachments[${index}].reading.#state = :pending`,
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':reading': reading, ':attachmentId': attachmentId, ':pending': 'pending' },
      },
    },
  ]);
}
