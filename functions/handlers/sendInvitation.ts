import { sendInvitationRequest } from '../../shared/schemas/clients.ts';
import { sendInvitation } from '../domain/invitations.ts';
import { actorOf } from '../http/caller.ts';
import { httpRoute } from '../http/route-handler.ts';
import { accepted } from '../http/responses.ts';

export const handler = httpRoute('sendInvitation', { body: sendInvitationRequest }, async ({ body, caller, params }) =>
  accepted(await sendInvitation(params.clientId!, body, actorOf(caller), new Date())),
);
