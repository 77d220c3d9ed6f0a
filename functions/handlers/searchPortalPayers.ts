import { portalPayersQuery as query } from '../../shared/schemas/policies.ts';
import { normalisePayerName } from '../../shared/payer-name.ts';
import { listPayers } from '../data/payer-repository.ts';
import { clientIdOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

const MAX_RESULTS = 20;

/**
 * Typeahead over the practice's active payers: names (and aliases) that start with, or contain a word
 * starting with, what the client typed. Only ids and names are exposed to clients.
 */
export const handler = httpRoute('searchPortalPayers', { query }, async ({ caller, query }) => {
  clientIdOf(caller);
  const typed = normalisePayerName(query.q ?? '');
  const payers = await listPayers({ includeInactive: false });
  const matches = payers
    .map((payer) => ({ payer, rank: rankFor(typed, [payer.name, ...payer.aliases]) }))
    .filter((entry) => entry.rank < Infinity)
    .sort((a, b) => a.rank - b.rank || a.payer.name.localeCompare(b.payer.name))
    .slice(0, MAX_RESULTS);
  return ok({ items: matches.map(({ payer }) => ({ payerId: payer.payerId, name: payer.name })) });
});

/** 0: a name starts with the text; 1: a word of a name does; 2: it appears anywhere; Infinity: no match. */
function rankFor(typed: string, names: string[]): number {
  if (!typed) return 0;
  let best = Infinity;
  for (const name of names.map(normalisePayerName)) {
    if (name.startsWith(typed)) return 0;
    if (name.split(' ').some((word) => word.startsWith(typed))) best = Math.min(best, 1);
    else if (name.replace(/ /g, '').includes(typed.replace(/ /g, ''))) best = Math.min(best, 2);
  }
  return best;
}
