import { createClaimExportRequest } from '../../shared/schemas/claims.ts';
import { exportClaims } from '../domain/claim-exports.ts';
import { actorOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { created } from '../http/responses.ts';

export const handler = httpRoute('createClaimExport', { body: createClaimExportRequest }, async ({ body, caller }) =>
  created(await exportClaims(body.claimIds, actorOf(caller), new Date())),
);
