/**
 * Clients as the practice manages them. A client's answer carries its effective insurance collection, which
 * depends on the practice default: the settings are read beside the client (one parallel round trip).
 */
import { versionConflict } from '../../shared/errors.ts';
import type { Actor, Client, CreateClientRequest, UpdateClientRequest } from '../../shared/schemas.ts';
import {
  insertClient,
  listClientRecords,
  requireClientRecord,
  toClient,
  writeClientChange,
  type ClientRecord,
} from '../data/client-repository.ts';
import { newId } from '../data/ids.ts';
import { getSettings } from '../data/settings-repository.ts';

/** A new client: not invited yet, insurance collection as the practice decides, intake not started. */
export async function createClient(request: CreateClientRequest, actor: Actor, now: Date): Promise<Client> {
  const at = now.toISOString();
  const record: ClientRecord = {
    clientId: newId(),
    firstName: request.firstName,
    lastName: request.lastName,
    email: request.email,
    dateOfBirth: request.dateOfBirth ?? null,
    insuranceCollection: 'inherit',
    portal: { status: 'not_invited', invitedAt: null, revokedAt: null },
    intakeInsurance: 'pending',
    policyRevision: 0,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const [, settings] = await Promise.all([insertClient(record, actor), getSettings()]);
  return toClient(record, settings);
}

export async function getClient(clientId: string): Promise<Client> {
  const [record, settings] = await Promise.all([requireClientRecord(clientId), getSettings()]);
  return toClient(record, settings);
}

export async function listClients(options: {
  cursor?: string;
  limit?: number;
  nameStartsWith?: string;
}): Promise<{ items: Client[]; nextCursor: string | null }> {
  const [page, settings] = await Promise.all([listClientRecords({ ...options, limit: options.limit ?? 50 }), getSettings()]);
  return { items: page.records.map((record) => toClient(record, settings)), nextCursor: page.nextCursor };
}

/** A practitioner's edit: only the fields sent change, on the version the practitioner saw. */
export async function updateClient(clientId: string, request: UpdateClientRequest, actor: Actor, now: Date): Promise<Client> {
  const at = now.toISOString();
  const [before, settings] = await Promise.all([requireClientRecord(clientId), getSettings()]);
  if (before.version !== request.version) throw versionConflict('This client');
  const after: ClientRecord = {
    ...before,
    firstName: request.firstName ?? before.firstName,
    lastName: request.lastName ?? before.lastName,
    email: request.email ?? before.email,
    dateOfBirth: request.dateOfBirth === undefined ? before.dateOfBirth : request.dateOfBirth,
    insuranceCollection: request.insuranceCollection ?? before.insuranceCollection,
    version: before.version + 1,
    updatedAt: at,
  };
  return toClient(await writeClientChange(before, after, actor, at, 'client.updated'), settings);
}
