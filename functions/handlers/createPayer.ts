import { createPayerRequest } from '../../shared/schemas/practice.ts';
import { createPayer } from '../domain/payers.ts';
import { actorOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { created } from '../http/responses.ts';

export const handler = httpRoute('createPayer', { body: createPayerRequest }, async ({ body, caller }) =>
  created(await createPayer(body, actorOf(caller), new Date())),
);
