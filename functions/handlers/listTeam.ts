import { listTeam, toPractitioner } from '../domain/team.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

export const handler = httpRoute('listTeam', {}, async () => ok({ items: (await listTeam()).map(toPractitioner) }));
