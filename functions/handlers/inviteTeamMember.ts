import { inviteTeamMemberRequest } from '../../shared/schemas/team.ts';
import { inviteTeamMember, toPractitioner } from '../domain/team.ts';
import { actorOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { created } from '../http/responses.ts';

export const handler = httpRoute('inviteTeamMember', { body: inviteTeamMemberRequest }, async ({ body, caller }) =>
  created(toPractitioner(await inviteTeamMember(body, actorOf(caller), new Date()))),
);
