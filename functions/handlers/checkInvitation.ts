import { checkInvitationRequest } from '../../shared/schemas/clients.ts';
import { checkInvitation } from '../domain/invitations.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('checkInvitation', { body: checkInvitationRequest }, async ({ body }) =>
  ok(await checkInvitation(body.token, new Date())),
);
