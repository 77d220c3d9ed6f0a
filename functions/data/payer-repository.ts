import { ApiError, notFound, versionConflict } from '../../shared/errors.ts';
import { normalisePayerName } from '../../shared/payer-name.ts';
import type { Actor, CreatePayerRequest, Payer, UpdatePayerRequest } from '../../shared/schemas.ts';
import { auditPut } from './audit.ts';
import { newId } from './ids.ts';
import { ENTITY, keys, PRACTICE_PK, SK_PREFIX, withoutStorageAttributes } from './keys.ts';
import { getItem, queryPrefix, TransactionConflict, transactWrite, versionedUpdate, type TransactItem } from './table-io.ts';

export const duplicatePayer = () =>
  new ApiError('conflict', 'Another payer already has this name or alias', [{ path: 'name', message: 'Already used by another payer' }]);

export function toPayer(item: Record<string, unknown>): Payer {
  return withoutStorageAttributes(item) as unknown as Payer;
}

export async function listPayers(options: { includeInactive: boolean }): Promise<Payer[]> {
  const items = await queryPrefix(PRACTICE_PK, SK_PREFIX.payer);
  return items
    .map(toPayer)
    .filter((payer) => options.includeInactive || payer.active)
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function getPayer(payerId: string): Promise<Payer | undefined> {
  const item = await getItem(keys.payer(payerId));
  return item ? toPayer(item) : undefined;
}

/**
 * The aliases to store: trimmed, without repeats or the payer's own name once normalised — "Aetna Inc." is
 * not a separate alias of "Aetna".
 */
export function cleanAliases(name: string, aliases: readonly string[]): string[] {
  const seen = new Set([normalisePayerName(name)]);
  const kept: string[] = [];
  for (const alias of aliases) {
    const key = normalisePayerName(alias);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    kept.push(alias.trim());
  }
  return kept;
}

/** The normalised names a payer claims: its own and its aliases'. Each is unique across the practice. */
export function payerNameKeys(payer: { name: string; aliases: readonly string[] }): string[] {
  return [...new Set([payer.name, ...payer.aliases].map(normalisePayerName).filter(Boolean))];
}

const claimNameKey = (normalised: string, payerId: string): TransactItem => ({
  Put: {
    Item: { ...keys.payerKey(normalised), itemType: ENTITY.payerKey, payerId },
    // A name may be re-claimed by its own payer (idempotent), never taken from another.
    ConditionExpression: 'attribute_not_exists(pk) OR payerId = :payerId',
    ExpressionAttributeValues: { ':payerId': payerId },
  },
});

const releaseNameKey = (normalised: string, payerId: string): TransactItem => ({
  Delete: {
    Key: keys.payerKey(normalised),
    ConditionExpression: 'attribute_not_exists(pk) OR payerId = :payerId',
    ExpressionAttributeValues: { ':payerId': payerId },
  },
});

export async function createPayer(request: CreatePayerRequest, actor: Actor, now: string): Promise<Payer> {
  const name = request.name.trim();
  if (!normalisePayerName(name))
    throw new ApiError('validation_failed', 'name: Must contain letters or digits', [
      { path: 'name', message: 'Must contain letters or digits' },
    ]);
  const payer: Payer = {
    payerId: newId(),
    name,
    ediPayerId: request.ediPayerId ?? null,
    aliases: cleanAliases(name, request.aliases ?? []),
    active: true,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const nameKeys = payerNameKeys(payer);
  try {
    await transactWrite([
      {
        Put: { Item: { ...keys.payer(payer.payerId), itemType: ENTITY.payer, ...payer }, ConditionExpression: 'attribute_not_exists(pk)' },
      },
      ...nameKeys.map((key) => ({
        Put: {
          Item: { ...keys.payerKey(key), itemType: ENTITY.payerKey, payerId: payer.payerId },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
      auditPut({
        scopePk: PRACTICE_PK,
        actor,
        action: 'payer.created',
        entity: { type: 'payer', id: payer.payerId },
        before: null,
        after: auditView(payer),
        at: now,
      }),
    ]);
  } catch (error) {
    if (error instanceof TransactionConflict) throw duplicatePayer();
    throw error;
  }
  return payer;
}

export async function updatePayer(payerId: string, request: UpdatePayerRequest, actor: Actor, now: string): Promise<Payer> {
  const before = await getPayer(payerId);
  if (!before) throw notFound('Payer');
  if (before.version !== request.version) throw versionConflict('This payer');
  const name = request.name?.trim() ?? before.name;
  if (!normalisePayerName(name))
    throw new ApiError('validation_failed', 'name: Must contain letters or digits', [
      { path: 'name', message: 'Must contain letters or digits' },
    ]);
  const after: Payer = {
    ...before,
    name,
    ediPayerId: request.ediPayerId === undefined ? before.ediPayerId : request.ediPayerId,
    aliases: cleanAliases(name, request.aliases ?? before.aliases),
    active: request.active ?? before.active,
    version: before.version + 1,
    updatedAt: now,
  };
  return writePayerChange(before, after, actor, now, 'payer.updated');
}

/**
 * Writes a payer change together with its name-key claims and its audit event. Keys the payer no longer uses
 * are released; new ones are claimed, failing with 409 if another payer holds them.
 */
export async function writePayerChange(before: Payer, after: Payer, actor: Actor, now: string, action: string): Promise<Payer> {
  const oldKeys = new Set(payerNameKeys(before));
  const newKeys = new Set(payerNameKeys(after));
  const released = [...oldKeys].filter((key) => !newKeys.has(key));
  const claimed = [...newKeys].filter((key) => !oldKeys.has(key));
  const { payerId: _id, version: _version, createdAt: _created, ...changed } = after;
  const items: TransactItem[] = [
    versionedUpdate(keys.payer(before.payerId), changed, before.version),
    ...claimed.map((key) => claimNameKey(key, before.payerId)),
    ...released.map((key) => releaseNameKey(key, before.payerId)),
    auditPut({
      scopePk: PRACTICE_PK,
      actor,
      action,
      entity: { type: 'payer', id: before.payerId },
      before: auditView(before),
      after: auditView(after),
      at: now,
    }),
  ];
  try {
    await transactWrite(items);
  } catch (error) {
    if (error instanceof TransactionConflict) {
      if (error.failedIndexes.includes(0) || error.failedIndexes.length === 0) throw versionConflict('This payer');
      throw duplicatePayer();
    }
    throw error;
  }
  return after;
}

function auditView(payer: Payer): Record<string, unknown> {
  return { name: payer.name, ediPayerId: payer.ediPayerId, aliases: payer.aliases, active: payer.active };
}
