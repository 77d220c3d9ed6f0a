import { ApiError, versionConflict } from '../../shared/errors.ts';
import { normalisePayerName } from '../../shared/payer-name.ts';
import type { Actor, Payer } from '../../shared/schemas.ts';
import { auditPut } from './audit.ts';
import { ENTITY, fromItem, keys, PRACTICE_PK, SK_PREFIX, toItem, type Stored } from './keys.ts';
import { getItem, queryPrefix, transactWrite, versionedUpdate, type TransactItem } from './table-io.ts';

/**
 * The practice's payers (PRACTICE / PAYER#<payerId>) and the guard items that keep their normalised names and
 * aliases unique (PAYERKEY#<normalised>, holding the owner's payerId). Which names a payer claims is the
 * domain's decision (domain/payers.ts); this module turns it into conditional writes.
 */

export const duplicatePayer = () =>
  new ApiError('conflict', 'Another payer already has this name or alias', [{ path: 'name', message: 'Already used by another payer' }]);

/** A name reservation's condition failed: another payer owns this normalised name (answered by duplicateOwnedBy). */
class NameTaken extends Error {
  constructor(readonly normalised: string) {
    super('A payer name is already reserved');
  }
}

/**
 * The 409 for a name or alias another payer already owns, saying which payer owns it and on which field (the
 * name, or `aliases.<n>`), so the practitioner sees where the clash is without guessing.
 */
async function duplicateOwnedBy(payer: Payer, normalised: string): Promise<ApiError> {
  const ownerId = await payerOwningName(normalised);
  const owner = ownerId && ownerId !== payer.payerId ? await getPayer(ownerId) : undefined;
  if (!owner) return duplicatePayer();
  const aliasIndex = payer.aliases.findIndex((alias) => normalisePayerName(alias) === normalised);
  const onName = normalisePayerName(payer.name) === normalised || aliasIndex < 0;
  const typed = onName ? payer.name : payer.aliases[aliasIndex]!;
  const message = `“${typed}” is already used by ${owner.name}${normalisePayerName(owner.name) === normalised ? '' : ' (as an alias)'}`;
  return new ApiError('conflict', message, [{ path: onName ? 'name' : `aliases.${aliasIndex}`, message }]);
}

/** Runs a payer write; a name another payer holds becomes the 409 that names that payer. */
async function explainingNameClash(payer: Payer, write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (error instanceof NameTaken) throw await duplicateOwnedBy(payer, error.normalised);
    throw error;
  }
}

type PayerItem = Stored<Payer, typeof ENTITY.payer>;

/** Every payer of the practice, active or not, in no particular order. */
export async function listPayerRecords(): Promise<Payer[]> {
  return (await queryPrefix<PayerItem>(PRACTICE_PK, SK_PREFIX.payer)).map(fromItem);
}

export async function getPayer(payerId: string): Promise<Payer | undefined> {
  const item = await getItem<PayerItem>(keys.payer(payerId));
  return item ? fromItem(item) : undefined;
}

/** The payer that holds a normalised name or alias, if any. */
export async function payerOwningName(normalised: string): Promise<string | undefined> {
  return (await getItem<{ payerId: string }>(keys.payerKey(normalised)))?.payerId;
}

/**
 * A condition for linking a policy to a payer without reading the payer in the same request: it still exists
 * under the name the caller holds (and is active, when that is required). It has no error of its own: when it
 * fails, the caller re-reads the payer and decides again.
 */
export function payerStillNamed(payer: { payerId: string; name: string; mustBeActive: boolean }): TransactItem {
  return {
    ConditionCheck: {
      Key: keys.payer(payer.payerId),
      ConditionExpression: `attribute_exists(pk) AND #name = :name${payer.mustBeActive ? ' AND active = :active' : ''}`,
      ExpressionAttributeNames: { '#name': 'name' },
      ExpressionAttributeValues: { ':name': payer.name, ...(payer.mustBeActive ? { ':active': true } : {}) },
    },
  };
}

/** Reserves a normalised name for a payer: never taken from another payer; re-claiming its own is idempotent. */
const claimName = (normalised: string, payerId: string): TransactItem => ({
  Put: {
    Item: toItem(ENTITY.payerKey, keys.payerKey(normalised), { payerId }),
    ConditionExpression: 'attribute_not_exists(pk) OR payerId = :payerId',
    ExpressionAttributeValues: { ':payerId': payerId },
  },
  onConditionFailed: () => new NameTaken(normalised),
});

const releaseName = (normalised: string, payerId: string): TransactItem => ({
  Delete: {
    Key: keys.payerKey(normalised),
    ConditionExpression: 'attribute_not_exists(pk) OR payerId = :payerId',
    ExpressionAttributeValues: { ':payerId': payerId },
  },
});

const payerAudit = (payer: Payer, before: Payer | null, action: string, actor: Actor, at: string): TransactItem =>
  auditPut({
    scopePk: PRACTICE_PK,
    actor,
    action,
    entity: { type: 'payer', id: payer.payerId },
    before: before ? auditView(before) : null,
    after: auditView(payer),
    at,
  });

/** Stores a new payer with the reservations of its names; 409 `conflict` when another payer holds one. */
export async function insertPayer(payer: Payer, nameKeys: readonly string[], actor: Actor): Promise<void> {
  await explainingNameClash(
    payer,
    transactWrite(
      [
        { Put: { Item: toItem(ENTITY.payer, keys.payer(payer.payerId), payer), ConditionExpression: 'attribute_not_exists(pk)' } },
        ...nameKeys.map((key) => claimName(key, payer.payerId)),
        payerAudit(payer, null, 'payer.created', actor, payer.createdAt),
      ],
      { otherwise: duplicatePayer },
    ),
  );
}

/**
 * Writes a payer change on the version it was based on, with its audit event: names it no longer uses are
 * released, new ones claimed (409 `conflict` if another payer holds them; 409 `version_conflict` if the payer
 * changed meanwhile).
 */
export async function savePayerChange(
  before: Payer,
  after: Payer,
  names: { claimed: readonly string[]; released: readonly string[] },
  actor: Actor,
): Promise<void> {
  const { payerId: _id, version: _version, createdAt: _created, ...changed } = after;
  await explainingNameClash(
    after,
    transactWrite(
      [
        versionedUpdate(keys.payer(before.payerId), changed, before.version),
        ...names.claimed.map((key) => claimName(key, before.payerId)),
        ...names.released.map((key) => releaseName(key, before.payerId)),
        payerAudit(after, before, 'payer.updated', actor, after.updatedAt),
      ],
      { otherwise: () => versionConflict('This payer') },
    ),
  );
}

/**
 * The items that make a normalised name an alias of a payer (the name's reservation, the payer's alias list,
 * the audit event), to commit with the review that taught it. They fail when another payer took the name
 * meanwhile: that failure is `aliasTaken`.
 */
export function learnAliasItems(payer: Payer, alias: string, actor: Actor, at: string, aliasTaken: () => Error): TransactItem[] {
  return [
    {
      Put: {
        Item: toItem(ENTITY.payerKey, keys.payerKey(alias), { payerId: payer.payerId }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
      onConditionFailed: aliasTaken,
    },
    {
      Update: {
        Key: keys.payer(payer.payerId),
        UpdateExpression: 'SET aliases = list_append(if_not_exists(aliases, :empty), :alias), version = version + :one, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':alias': [alias], ':empty': [], ':one': 1, ':at': at },
      },
      onConditionFailed: aliasTaken,
    },
    auditPut({
      scopePk: PRACTICE_PK,
      actor,
      action: 'payer.alias_learned',
      entity: { type: 'payer', id: payer.payerId },
      before: { aliases: payer.aliases },
      after: { aliases: [...payer.aliases, alias] },
      at,
    }),
  ];
}

function auditView(payer: Payer): Record<string, unknown> {
  return { name: payer.name, ediPayerId: payer.ediPayerId, aliases: payer.aliases, active: payer.active };
}
