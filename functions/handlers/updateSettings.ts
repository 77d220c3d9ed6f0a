import { updateSettingsRequest } from '../../shared/schemas/practice.ts';
import { updateSettings } from '../data/settings-repository.ts';
import { actorOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('updateSettings', { body: updateSettingsRequest }, async ({ body, caller }) =>
  ok(await updateSettings(body, actorOf(caller), new Date().toISOString())),
);
