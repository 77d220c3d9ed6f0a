/**
 * Clients as the practice manages them. A client's answer carries its effective insurance collection, which
 * depends on the practice default: the settings are read beside the client (one parallel round trip).
 */
import { reviewReasonValues } from '../../shared/constants.ts';
import { DEFAULT_LANGUAGE } from '../../shared/i18n/languages.ts';
import type { IsoDate } from '../../shared/dates.ts';
import { ApiError, versionConflict } from '../../shared/errors.ts';
import { activePrimary } from '../../shared/policy-state.ts';
import type { Actor, Client, ClientListItem, CreateClientRequest, Settings, UpdateClientRequest } from '../../shared/schemas.ts';
import {
  insertClient,
  listClientRecords,
  listClientRecordsByActivity,
  listClientRecordsNeedingReview,
  requireClientRecord,
  toClient,
  writeClientChange,
  type ClientRecord,
} from '../data/client-repository.ts';
import { newId } from '../data/ids.ts';
import { overlapsFromSummaries, type PolicySummaries } from '../data/policy-repository.ts';
import { getPracticeAtAGlance, getSettings } from '../data/settings-repository.ts';
import { practiceTodayAt } from './practice-clock.ts';

/** A new client: not invited yet, insurance collection as the practice decides, intake not started. */
export async function createClient(request: CreateClientRequest, actor: Actor, now: Date): Promise<Client> {
  const at = now.toISOString();
  const record: ClientRecord = {
    clientId: newId(),
    firstName: request.firstName,
    lastName: request.lastName,
    email: request.email,
    dateOfBirth: request.dateOfBirth ?? null,
    address: request.address ?? null,
    sexForClaims: request.sexForClaims ?? null,
    phone: request.phone ?? null,
    insuranceCollection: 'inherit',
    portal: { status: 'not_invited', invitedAt: null, revokedAt: null },
    intakeInsurance: 'pending',
    language: DEFAULT_LANGUAGE,
    policyRevision: 0,
    policySummaries: {},
    lastActivityAt: at,
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

/**
 * The client list: by name (gsi1) or by last activity (gsi2), one Query per page; `filter=needs_review` reads
 * the Review queue's index instead. Each entry's columns come from the client item alone (its policy summaries).
 */
export async function listClients(
  options: {
    cursor?: string;
    limit?: number;
    nameStartsWith?: string;
    sort?: 'name' | 'activity';
    filter?: 'needs_review';
  },
  now: Date,
): Promise<{ items: ClientListItem[]; nextCursor: string | null }> {
  const sort = options.sort ?? 'name';
  const limit = options.limit ?? 50;
  if (options.nameStartsWith && sort === 'activity' && !options.filter) {
    throw new ApiError('validation_failed', 'q: A name search lists clients by name (sort=name)', [
      { path: 'q', message: 'A name search lists clients by name (sort=name)' },
    ]);
  }
  const pageRequest =
    options.filter === 'needs_review'
      ? listClientRecordsNeedingReview({ cursor: options.cursor, limit, sort, nameStartsWith: options.nameStartsWith })
      : sort === 'activity'
        ? listClientRecordsByActivity({ cursor: options.cursor, limit })
        : listClientRecords({ cursor: options.cursor, limit, nameStartsWith: options.nameStartsWith });
  // The practice's default and today come from the per-container glance (settings-repository): a warm page is one Query.
  const [page, practice, today] = await Promise.all([pageRequest, getPracticeAtAGlance(now.getTime()), practiceTodayAt(now)]);
  return { items: page.records.map((record) => toClientListItem(record, practice, today)), nextCursor: page.nextCursor };
}

/** A client as the list shows it: the resource plus its columns, from the client item alone. */
function toClientListItem(record: ClientRecord, settings: Pick<Settings, 'collectInsurance'>, today: IsoDate): ClientListItem {
  const stored = (record.policySummaries ?? {}) as PolicySummaries;
  const summaries = Object.entries(stored).map(([policyId, summary]) => ({ policyId, ...summary }));
  const overlaps = overlapsFromSummaries(stored);
  const primary = activePrimary(summaries, today);
  const queued = summaries.filter((summary) => summary.reasons.length > 0);
  return {
    ...toClient(record, settings),
    lastActivityAt: record.lastActivityAt ?? null,
    insurance: {
      activePrimary: primary
        ? {
            policyId: primary.policyId,
            payerName: primary.payerName,
            needsPayer: primary.needsPayer,
            overlap: overlaps.has(primary.policyId),
          }
        : null,
    },
    review: {
      reasons: reviewReasonValues.filter((reason) => queued.some((summary) => summary.reasons.includes(reason))),
      policies: queued.length,
    },
  };
}

/**
 * The client with its portal access withdrawn: no live invitation (the token hash goes, so every unused link
 * dies), no portal user, status back to `not_invited`; `revokedAt` says when (the chart shows it).
 */
export function withPortalRevoked(record: ClientRecord, now: string): ClientRecord {
  return {
    ...record,
    portal: { status: 'not_invited', invitedAt: null, revokedAt: now },
    invitationTokenHash: undefined,
    portalUserSub: undefined,
    portalUsername: undefined,
  };
}

/** The Cognito user name of the client's login or pending invitation, if any (older records kept only the email). */
export function portalLoginOf(record: ClientRecord): string | undefined {
  if (record.portalUsername) return record.portalUsername;
  return record.portal.status === 'not_invited' ? undefined : record.email;
}

/**
 * A practitioner's edit: only the fields sent change, on the version the practitioner saw. A new email takes the
 * portal access with it — the login belongs to the client record, not to an address: unused invitations die with
 * the token hash, the portal user is forgotten (every client route refuses the old login from this write on), and
 * then the old login is disabled and signed out.
 */
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
    address: request.address === undefined ? (before.address ?? null) : request.address,
    sexForClaims: request.sexForClaims === undefined ? (before.sexForClaims ?? null) : request.sexForClaims,
    phone: request.phone === undefined ? (before.phone ?? null) : request.phone,
    insuranceCollection: request.insuranceCollection ?? before.insuranceCollection,
    language: request.language ?? before.language,
    version: before.version + 1,
    updatedAt: at,
  };
  const revokedLogin = after.email !== before.email ? portalLoginOf(before) : undefined;
  const written = await writeClientChange(before, revokedLogin ? withPortalRevoked(after, at) : after, actor, at, 'client.updated');
  if (revokedLogin) {
    // Loaded only when a login is cut off: the other client routes do not carry the Cognito client.
    const { cutOffLogin } = await import('./portal-access.ts');
    await cutOffLogin(revokedLogin);
  }
  return toClient(written, settings);
}
