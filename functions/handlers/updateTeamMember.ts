import { updateTeamMemberRequest } from '../../shared/schemas/team.ts';
import { toPractitioner, updateTeamMember } from '../domain/team.ts';
import { actorOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('updateTeamMember', { body: updateTeamMemberRequest }, async ({ body, caller, params }) =>
  ok(toPractitioner(await updateTeamMember(params.userId!, body, actorOf(caller), new Date()))),
);
