/**
 * `httpRoute`: every route that reads the table builds its handler here. The HTTP layer's own reads (a
 * practitioner's standing, a client's language for error messages) are imported statically: a lazy `import()`
 * keeps nothing out of an esbuild bundle, it only made esbuild keep the whole DynamoDB client and, locally under
 * tsx, asked the module loader again on every request. Routes without a table use `publicRoute` instead.
 */
import type { ZodMiniType } from 'zod/mini';
import { getClientRecord } from '../data/client-repository.ts';
import { withStanding } from '../domain/team-standing.ts';
import type { RouteId } from '../routes.ts';
import { buildRoute, type CallerRecords, type RouteRun, type RouteSpec } from './route-builder.ts';

export type { RouteInput } from './route-builder.ts';

const tableRecords: CallerRecords = {
  withStanding,
  clientLanguage: async (clientId) => (await getClientRecord(clientId))?.language,
};

export function httpRoute<Id extends RouteId, B extends ZodMiniType | undefined = undefined, Q extends ZodMiniType | undefined = undefined>(
  id: Id,
  spec: RouteSpec<B, Q>,
  run: RouteRun<Id, B, Q>,
) {
  return buildRoute(id, spec, run, tableRecords);
}
