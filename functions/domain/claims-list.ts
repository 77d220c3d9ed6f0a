/**
 * Claims across clients (GET /api/claims): status and date-of-service filters, newest date of service first,
 * cursor paging — on gsi1, one partition per status (keys.ts claimIndexKeys), never a Scan.
 *
 * Without a status filter the three status partitions are queried side by side and merged; the cursor keeps,
 * per status, the index key of the last claim returned (or that the status is exhausted), so the next page
 * continues each partition exactly where the merge stopped. Each Query asks for one more than a page, since
 * its bounds are inclusive and the last returned key is dropped.
 *
 * A draft in this list carries the warnings saved with its last write (the per-client list recomputes them
 * from the current policy; across clients that would read every client's policies).
 */
import { ApiError } from '../../shared/errors.ts';
import { claimStatusValues, type Claim, type ClaimStatus } from '../../shared/schemas.ts';
import type { ListAllClaimsQuery } from '../../shared/schemas/claims.ts';
import { queryClaimIndex, toClaim } from '../data/claim-repository.ts';
import { getClientRecords } from '../data/client-repository.ts';

export const DEFAULT_CLAIMS_PAGE = 50;

type Positions = Partial<Record<ClaimStatus, string | null>>;

export interface ClaimListItem extends Claim {
  client: { clientId: string; firstName: string; lastName: string };
}

export async function listAllClaims(query: ListAllClaimsQuery): Promise<{ items: ClaimListItem[]; nextCursor: string | null }> {
  if (query.from && query.to && query.from > query.to) {
    throw new ApiError('validation_failed', 'from: Must be on or before to', [{ path: 'from', message: 'Must be on or before to' }]);
  }
  const limit = query.limit ?? DEFAULT_CLAIMS_PAGE;
  const statuses: readonly ClaimStatus[] = query.status ? [query.status] : claimStatusValues;
  const positions = query.cursor ? decodeCursor(query.cursor, statuses) : {};
  // gsi1sk = <YYYY-MM-DD>#<claimId>: '#' sorts below every id character and '~' above, so these bound whole days.
  const lower = query.from ? `${query.from}#` : '0';
  const top = query.to ? `${query.to}#~` : '9~';

  const active = statuses.filter((status) => positions[status] !== null);
  const fetched = await Promise.all(
    active.map(async (status) => {
      const position = positions[status];
      const upper = position ?? top;
      const items = await queryClaimIndex(status, lower, upper, limit + 1);
      const fresh = items.filter((item) => item.indexKey !== position);
      return { status, items: fresh.slice(0, limit), exhausted: fresh.length <= limit && items.length < limit + 1 };
    }),
  );

  const merged = fetched.flatMap(({ items }) => items).sort((a, b) => (a.indexKey < b.indexKey ? 1 : -1));
  const page = merged.slice(0, limit);
  const next: Positions = { ...positions };
  for (const { status, items, exhausted } of fetched) {
    const taken = page.filter((item) => item.status === status);
    const allTaken = taken.length === items.length;
    if (exhausted && allTaken) next[status] = null;
    else if (taken.length > 0) next[status] = taken[taken.length - 1]!.indexKey;
  }
  const more = statuses.some((status) => next[status] !== null);

  const clientIds = [...new Set(page.map((item) => item.clientId))];
  const clients = await getClientRecords(clientIds);
  const clientById = new Map(clients.map((client) => [client.clientId, client]));
  return {
    items: page.map((record) => {
      const client = clientById.get(record.clientId);
      return {
        ...toClaim(record),
        client: { clientId: record.clientId, firstName: client?.firstName ?? '', lastName: client?.lastName ?? '' },
      };
    }),
    nextCursor: more ? encodeCursor(next, statuses) : null,
  };
}

function encodeCursor(positions: Positions, statuses: readonly ClaimStatus[]): string {
  const state = Object.fromEntries(statuses.map((status) => [status, positions[status] ?? (positions[status] === null ? null : '')]));
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

const invalidCursor = () =>
  new ApiError('validation_failed', 'cursor: Not a cursor of this list', [{ path: 'cursor', message: 'Not a cursor of this list' }]);

/** A cursor is only trusted as far as its shape: index keys of this layout, for the statuses asked. */
function decodeCursor(cursor: string, statuses: readonly ClaimStatus[]): Positions {
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof state !== 'object' || state === null || Array.isArray(state)) throw invalidCursor();
  const positions: Positions = {};
  for (const status of statuses) {
    const value = (state as Record<string, unknown>)[status];
    if (value === null) positions[status] = null;
    else if (value === '' || value === undefined) continue;
    else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}#[A-Za-z0-9_-]{1,64}$/.test(value)) positions[status] = value;
    else throw invalidCursor();
  }
  if (Object.keys(state).some((key) => !(statuses as readonly string[]).includes(key))) throw invalidCursor();
  return positions;
}
