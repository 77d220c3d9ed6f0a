/**
 * `publicRoute`: a route that answers without the table (health, the OpenAPI document). Its bundle carries no
 * database client; a route the table marks anything but `public` is refused here, since it would need the
 * caller's standing.
 */
import type { ZodMiniType } from 'zod/mini';
import { routeById, type RouteId } from '../routes.ts';
import { buildRoute, type RouteRun, type RouteSpec } from './route-builder.ts';

export function publicRoute<
  Id extends RouteId,
  B extends ZodMiniType | undefined = undefined,
  Q extends ZodMiniType | undefined = undefined,
>(id: Id, spec: RouteSpec<B, Q>, run: RouteRun<Id, B, Q>) {
  if (routeById(id).access !== 'public') throw new Error(`${id} is not a public route: build it with httpRoute`);
  return buildRoute(id, spec, run, undefined);
}
