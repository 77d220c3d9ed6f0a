import { updatePayerRequest } from '../../shared/schemas/practice.ts';
import { updatePayer } from '../domain/payers.ts';
import { actorOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('updatePayer', { body: updatePayerRequest }, async ({ body, caller, params }) =>
  ok(await updatePayer(params.payerId!, body, actorOf(caller), new Date())),
);
