/**
 * The practice's team members (practitioner items, keys.ts). An item is the API's word on a colleague's role,
 * access and rendering identifiers; a colleague created outside the dashboard (the deployed first practitioner)
 * has none until an admin first edits them (version 0 → the item is created then).
 */
import { ApiError, versionConflict } from '../../shared/errors.ts';
import type { Actor, Practitioner } from '../../shared/schemas.ts';
import { auditPut } from './audit.ts';
import { ENTITY, fromItem, keys, PRACTICE_PK, PRACTITIONERS_INDEX_PK, practitionerIndexKeys, toItem, type Stored } from './keys.ts';
import { getItem, queryAll, transactWrite, versionedUpdate, type TransactItem } from './table-io.ts';

export type PractitionerRecord = Practitioner & { updatedAt?: string };
type PractitionerItem = Stored<PractitionerRecord, typeof ENTITY.practitioner>;

export async function getPractitionerRecord(userId: string, consistent = true): Promise<PractitionerRecord | undefined> {
  const item = await getItem<PractitionerItem>(keys.practitioner(userId), consistent);
  return item ? fromItem(item) : undefined;
}

/** Every team member with an item, by family name (the sparse PRACTITIONERS index): a Query, never a Scan. */
export async function listPractitionerRecords(): Promise<PractitionerRecord[]> {
  const items = await queryAll<PractitionerItem>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': PRACTITIONERS_INDEX_PK },
  });
  return items.map(fromItem);
}

/** What the audit trail records of a colleague (no NPI history is lost: every field is there). */
function auditView(record: PractitionerRecord | null): Record<string, unknown> | null {
  if (!record) return null;
  const { version: _version, createdAt: _createdAt, updatedAt: _updatedAt, userId: _userId, ...fields } = record;
  return fields;
}

const item = (record: PractitionerRecord): PractitionerItem =>
  toItem(ENTITY.practitioner, keys.practitioner(record.userId), record, practitionerIndexKeys(record));

export async function putNewPractitioner(record: PractitionerRecord, actor: Actor, now: string): Promise<void> {
  await transactWrite(
    [
      { Put: { Item: item(record), ConditionExpression: 'attribute_not_exists(pk)' } },
      practitionerAudit(actor, 'team.member_invited', record.userId, null, record, now),
    ],
    { otherwise: () => new ApiError('conflict', 'This colleague is already on the team') },
  );
}

/**
 * A versioned change to a colleague. `keepAdmin` names another admin who must still be an enabled admin when this
 * commits (a condition check on their item, or — for an admin without an item yet — their item created in the
 * same transaction): of two admins demoting each other at once, one transaction fails, so the team never ends
 * up without an admin.
 */
export async function writePractitionerChange(
  before: PractitionerRecord,
  after: PractitionerRecord,
  actor: Actor,
  now: string,
  keepAdmin?: { record: PractitionerRecord; exists: boolean },
): Promise<PractitionerRecord> {
  const { userId: _userId, version: _version, ...values } = after;
  const guard: TransactItem[] = [];
  if (keepAdmin?.exists) {
    guard.push({
      ConditionCheck: {
        Key: keys.practitioner(keepAdmin.record.userId),
        ConditionExpression: '#role = :admin AND enabled = :true',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':admin': 'admin', ':true': true },
      },
      onConditionFailed: lastAdmin,
    });
  } else if (keepAdmin) {
    guard.push({
      Put: { Item: item({ ...keepAdmin.record, version: 1 }), ConditionExpression: 'attribute_not_exists(pk)' },
      onConditionFailed: lastAdmin,
    });
  }
  // The guard first: when both fail, the missing admin is the answer that explains it.
  await transactWrite(
    [
      ...guard,
      {
        ...versionedUpdate(
          keys.practitioner(before.userId),
          { ...values, ...practitionerIndexKeys(after), itemType: ENTITY.practitioner },
          before.version,
        ),
        onConditionFailed: () => versionConflict('This colleague'),
      },
      practitionerAudit(actor, 'team.member_updated', before.userId, before.version === 0 ? null : before, after, now),
    ],
    { otherwise: () => versionConflict('This colleague') },
  );
  return { ...after, version: before.version + 1 };
}

export const lastAdmin = () =>
  new ApiError('conflict', 'The practice needs at least one enabled admin: make someone else an admin first', [
    { path: 'role', message: 'The last admin cannot be demoted or disabled' },
  ]);

function practitionerAudit(
  actor: Actor,
  action: string,
  userId: string,
  before: PractitionerRecord | null,
  after: PractitionerRecord,
  at: string,
): TransactItem {
  return auditPut({
    scopePk: PRACTICE_PK,
    actor,
    action,
    entity: { type: 'practitioner', id: userId },
    before: auditView(before),
    after: auditView(after),
    at,
  });
}
