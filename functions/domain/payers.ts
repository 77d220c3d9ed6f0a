/**
 * The practice's payers. Each payer's name and aliases, once normalised, belong to it alone across the practice
 * (the repository reserves each with a guard item), so an exact match in the stream processor names one payer.
 */
import { ApiError, notFound, versionConflict } from '../../shared/errors.ts';
import { normalisePayerName } from '../../shared/payer-name.ts';
import { rankPayersForQuery, type RankedPayer } from '../../shared/payer-matching.ts';
import type { PortalUserGuard } from '../../shared/portal-user.ts';
import type { Actor, CreatePayerRequest, Payer, UpdatePayerRequest } from '../../shared/schemas.ts';
import { requireClientRecord } from '../data/client-repository.ts';
import { newId } from '../data/ids.ts';
import { getPayer, insertPayer, listPayerRecords, savePayerChange } from '../data/payer-repository.ts';

export async function listPayers(options: { includeInactive: boolean }): Promise<Payer[]> {
  return (await listPayerRecords()).filter((payer) => options.includeInactive || payer.active).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * What a portal client may see of the practice's active payers: ids, names and scores, best first — ranked by the
 * same matcher as the stream (typos, abbreviations, joined or split words, a name typed in part), at most 20.
 */
export async function searchPayersForClient(portalUser: PortalUserGuard, typed: string | undefined): Promise<RankedPayer[]> {
  // The payers live in the practice's partition, the client elsewhere: two reads at once, so the portal-user check
  // adds no round trip to the answer's latency.
  const [client, payers] = await Promise.all([requireClientRecord(portalUser.clientId), listPayers({ includeInactive: false })]);
  portalUser.assert(client);
  return rankPayersForQuery(typed ?? '', payers);
}

export async function createPayer(request: CreatePayerRequest, actor: Actor, now: Date): Promise<Payer> {
  const at = now.toISOString();
  const name = usableName(request.name);
  const payer: Payer = {
    payerId: newId(),
    name,
    ediPayerId: request.ediPayerId ?? null,
    aliases: cleanAliases(name, request.aliases ?? []),
    active: true,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await insertPayer(payer, payerNameKeys(payer), actor);
  return payer;
}

export async function updatePayer(payerId: string, request: UpdatePayerRequest, actor: Actor, now: Date): Promise<Payer> {
  const before = await getPayer(payerId);
  if (!before) throw notFound('Payer');
  if (before.version !== request.version) throw versionConflict('This payer');
  const name = usableName(request.name ?? before.name);
  const after: Payer = {
    ...before,
    name,
    ediPayerId: request.ediPayerId === undefined ? before.ediPayerId : request.ediPayerId,
    aliases: cleanAliases(name, request.aliases ?? before.aliases),
    active: request.active ?? before.active,
    version: before.version + 1,
    updatedAt: now.toISOString(),
  };
  const oldKeys = new Set(payerNameKeys(before));
  const newKeys = new Set(payerNameKeys(after));
  await savePayerChange(
    before,
    after,
    { claimed: [...newKeys].filter((key) => !oldKeys.has(key)), released: [...oldKeys].filter((key) => !newKeys.has(key)) },
    actor,
  );
  return after;
}

/** A payer's name, trimmed; one that normalises to nothing could never be matched or kept unique. */
function usableName(requested: string): string {
  const name = requested.trim();
  if (!normalisePayerName(name)) {
    throw new ApiError('validation_failed', 'name: Must contain letters or digits', [
      { path: 'name', message: 'Must contain letters or digits' },
    ]);
  }
  return name;
}

/**
 * The aliases to store: trimmed, without repeats or the payer's own name once normalised — "Aetna Inc." is
 * not a separate alias of "Aetna".
 */
function cleanAliases(name: string, aliases: readonly string[]): string[] {
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

/** The normalised names a payer claims: its own and its aliases'. */
function payerNameKeys(payer: Pick<Payer, 'name' | 'aliases'>): string[] {
  return [...new Set([payer.name, ...payer.aliases].map(normalisePayerName).filter(Boolean))];
}
