import { acceptInvitationRequest } from '../../shared/schemas/clients.ts';
import { acceptInvitation } from '../domain/invitations.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('acceptInvitation', { body: acceptInvitationRequest }, async ({ body }) =>
  ok(await acceptInvitation(body.token, body.password, new Date())),
);
